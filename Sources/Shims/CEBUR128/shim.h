#ifndef SEGUE_CEBUR128_SHIM_H
#define SEGUE_CEBUR128_SHIM_H
#include <ebur128.h>
#endif
