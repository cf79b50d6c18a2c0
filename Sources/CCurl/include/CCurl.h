#ifndef BACKFILL_CCURL_H
#define BACKFILL_CCURL_H

#include <curl/curl.h>

/// Data callback shape shared by CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION.
typedef size_t (*bf_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

/* curl_easy_setopt and friends are variadic, which Swift cannot call: one typed wrapper per argument kind. */
CURLcode bf_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode bf_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode bf_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode bf_curl_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode bf_curl_easy_setopt_callback(CURL *handle, CURLoption option, bf_curl_data_callback value);
CURLcode bf_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode bf_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLMcode bf_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// `curl_easy_pause` arguments (compound macros do not import into Swift).
static const int bf_curlpause_cont = CURLPAUSE_CONT;
static const size_t bf_curl_writefunc_pause = CURL_WRITEFUNC_PAUSE;

#endif
