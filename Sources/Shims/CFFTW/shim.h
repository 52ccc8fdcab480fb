#ifndef SEGUE_CFFTW_SHIM_H
#define SEGUE_CFFTW_SHIM_H
#include <fftw3.h>
#endif
