#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these
   typed wrappers can be. The callbacks are Swift functions exported with @_cdecl. */

size_t sous_curl_write_callback(char *data, size_t size, size_t count, void *user);
size_t sous_curl_header_callback(char *data, size_t size, size_t count, void *user);
size_t sous_curl_read_callback(char *buffer, size_t size, size_t count, void *user);
int sous_curl_seek_callback(void *user, curl_off_t offset, int origin);

static inline CURLcode sous_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sous_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sous_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline void sous_curl_set_write(CURL *handle, void *user) {
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, sous_curl_write_callback);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, user);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, sous_curl_header_callback);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, user);
}

static inline void sous_curl_set_read(CURL *handle, void *user) {
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, sous_curl_read_callback);
    curl_easy_setopt(handle, CURLOPT_READDATA, user);
    /* Without a way back to the start, libcurl cannot send the body again on a new
       connection when the reused one turns out closed ("necessary data rewind wasn't
       possible"). */
    curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, sous_curl_seek_callback);
    curl_easy_setopt(handle, CURLOPT_SEEKDATA, user);
}

static inline CURLcode sous_curl_get_response_code(CURL *handle, long *code) {
    return curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, code);
}

static inline CURLcode sous_curl_set_blob(CURL *handle, CURLoption option, void *data, size_t length) {
    struct curl_blob blob = { data, length, CURL_BLOB_COPY };
    return curl_easy_setopt(handle, option, &blob);
}
