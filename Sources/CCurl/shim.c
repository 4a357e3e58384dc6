// Loads libcurl on first use: see include/shim.h.
#include "shim.h"
#include <dlfcn.h>
#include <pthread.h>

struct cw_curl_functions cw_curl;
static int cw_curl_is_loaded;
static pthread_once_t cw_curl_once = PTHREAD_ONCE_INIT;

static void cw_curl_load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
#define CW_FIND(field, name) \
    if ((*(void **)(&cw_curl.field) = dlsym(library, name)) == NULL) return;
    CW_FIND(global_init, "curl_global_init")
    CW_FIND(easy_init, "curl_easy_init")
    CW_FIND(easy_cleanup, "curl_easy_cleanup")
    CW_FIND(easy_perform, "curl_easy_perform")
    CW_FIND(easy_strerror, "curl_easy_strerror")
    CW_FIND(easy_setopt, "curl_easy_setopt")
    CW_FIND(easy_getinfo, "curl_easy_getinfo")
    CW_FIND(slist_append, "curl_slist_append")
    CW_FIND(slist_free_all, "curl_slist_free_all")
#undef CW_FIND
    cw_curl_is_loaded = cw_curl.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

int cw_curl_load_once(void) {
    pthread_once(&cw_curl_once, cw_curl_load);
    return cw_curl_is_loaded;
}
