#ifndef CATWALK_CSQLITE_SHIM_H
#define CATWALK_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
