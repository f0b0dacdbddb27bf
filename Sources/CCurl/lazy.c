/* Generated: the functions sous calls in this library, each resolved from the library the
   first time it is called (dlopen), so that a run that never needs it never loads it.
   Signatures as the library's own headers declare them. */
#include <stdarg.h>
#include "shim.h"
#include "csystem.h"

static const char *const library[] = {"libcurl.so.4", "libcurl.so", 0};
static const char *const hint = "libcurl (apt-get install libcurl4)";

static __typeof__(curl_easy_cleanup) *real_curl_easy_cleanup;
void curl_easy_cleanup(CURL *curl) {
    if (!real_curl_easy_cleanup) real_curl_easy_cleanup = sous_lazy_symbol(library, "curl_easy_cleanup", hint);
    real_curl_easy_cleanup(curl);
}

static __typeof__(curl_easy_getinfo) *real_curl_easy_getinfo;
CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...) {
    va_list rest;
    va_start(rest, info);
    void *last = va_arg(rest, void *);
    va_end(rest);
    if (!real_curl_easy_getinfo) real_curl_easy_getinfo = sous_lazy_symbol(library, "curl_easy_getinfo", hint);
    return real_curl_easy_getinfo(curl, info, last);
}

static __typeof__(curl_easy_init) *real_curl_easy_init;
CURL * curl_easy_init(void) {
    if (!real_curl_easy_init) real_curl_easy_init = sous_lazy_symbol(library, "curl_easy_init", hint);
    return real_curl_easy_init();
}

static __typeof__(curl_easy_perform) *real_curl_easy_perform;
CURLcode curl_easy_perform(CURL *curl) {
    if (!real_curl_easy_perform) real_curl_easy_perform = sous_lazy_symbol(library, "curl_easy_perform", hint);
    return real_curl_easy_perform(curl);
}

static __typeof__(curl_easy_reset) *real_curl_easy_reset;
void curl_easy_reset(CURL *curl) {
    if (!real_curl_easy_reset) real_curl_easy_reset = sous_lazy_symbol(library, "curl_easy_reset", hint);
    real_curl_easy_reset(curl);
}

static __typeof__(curl_easy_setopt) *real_curl_easy_setopt;
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...) {
    va_list rest;
    va_start(rest, option);
    void *last = va_arg(rest, void *);
    va_end(rest);
    if (!real_curl_easy_setopt) real_curl_easy_setopt = sous_lazy_symbol(library, "curl_easy_setopt", hint);
    return real_curl_easy_setopt(curl, option, last);
}

static __typeof__(curl_easy_strerror) *real_curl_easy_strerror;
const char * curl_easy_strerror(CURLcode a0) {
    if (!real_curl_easy_strerror) real_curl_easy_strerror = sous_lazy_symbol(library, "curl_easy_strerror", hint);
    return real_curl_easy_strerror(a0);
}

static __typeof__(curl_global_init) *real_curl_global_init;
CURLcode curl_global_init(long flags) {
    if (!real_curl_global_init) real_curl_global_init = sous_lazy_symbol(library, "curl_global_init", hint);
    return real_curl_global_init(flags);
}

static __typeof__(curl_slist_append) *real_curl_slist_append;
struct curl_slist * curl_slist_append(struct curl_slist *list, const char *data) {
    if (!real_curl_slist_append) real_curl_slist_append = sous_lazy_symbol(library, "curl_slist_append", hint);
    return real_curl_slist_append(list, data);
}

static __typeof__(curl_slist_free_all) *real_curl_slist_free_all;
void curl_slist_free_all(struct curl_slist *list) {
    if (!real_curl_slist_free_all) real_curl_slist_free_all = sous_lazy_symbol(library, "curl_slist_free_all", hint);
    real_curl_slist_free_all(list);
}

static __typeof__(curl_version) *real_curl_version;
char * curl_version(void) {
    if (!real_curl_version) real_curl_version = sous_lazy_symbol(library, "curl_version", hint);
    return real_curl_version();
}
