// Makes libcurl's variadic setopt/getinfo callable from Swift through typed wrappers.
#ifndef CATWALK_CCURL_SHIM_H
#define CATWALK_CCURL_SHIM_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

typedef size_t (*cw_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*cw_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode cw_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_data_callback(CURL *handle, CURLoption option, cw_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode cw_setopt_progress_callback(CURL *handle, cw_progress_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}
static inline CURLcode cw_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
