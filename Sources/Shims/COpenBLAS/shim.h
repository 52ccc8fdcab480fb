#ifndef SEGUE_COPENBLAS_SHIM_H
#define SEGUE_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
