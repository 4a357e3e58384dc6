#ifndef CATWALK_CZLIB_SHIM_H
#define CATWALK_CZLIB_SHIM_H
#include <zlib.h>
#endif
