// Makes libcurl callable from Swift: typed wrappers for the variadic setopt/getinfo, and
// libcurl loaded on first use (dlopen) rather than at start-up, where it and the ~30
// libraries it needs cost ~4 ms and ~500 page faults even on paths that never go online
// (--version, --offline, the cache, saved files).
#ifndef CATWALK_CCURL_SHIM_H
#define CATWALK_CCURL_SHIM_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

typedef size_t (*cw_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*cw_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

/* The libcurl functions catwalk-logs calls, found in libcurl.so.4 once. */
struct cw_curl_functions {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
};

/* Filled in by cw_curl_load_once (shim.c). */
extern struct cw_curl_functions cw_curl;

/* Loads libcurl and sets up its global state, once per process; 0 when it cannot be. */
int cw_curl_load_once(void);

static inline CURL *cw_easy_init(void) { return cw_curl.easy_init(); }
static inline void cw_easy_cleanup(CURL *handle) { cw_curl.easy_cleanup(handle); }
static inline CURLcode cw_easy_perform(CURL *handle) { return cw_curl.easy_perform(handle); }
static inline const char *cw_easy_strerror(CURLcode code) { return cw_curl.easy_strerror(code); }
static inline struct curl_slist *cw_slist_append(struct curl_slist *list, const char *text) {
    return cw_curl.slist_append(list, text);
}
static inline void cw_slist_free_all(struct curl_slist *list) { cw_curl.slist_free_all(list); }

static inline CURLcode cw_setopt_long(CURL *handle, CURLoption option, long value) {
    return cw_curl.easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return cw_curl.easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return cw_curl.easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return cw_curl.easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_data_callback(CURL *handle, CURLoption option, cw_data_callback value) {
    return cw_curl.easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_progress_callback(CURL *handle, cw_progress_callback value) {
    return cw_curl.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}
static inline CURLcode cw_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return cw_curl.easy_getinfo(handle, info, value);
}

#endif
