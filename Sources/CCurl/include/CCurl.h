#ifndef BACKFILL_CCURL_H
#define BACKFILL_CCURL_H

#include <curl/curl.h>

/*
 * libcurl is loaded on first use (dlopen of libcurl.so.4) rather than linked: a process that never makes an
 * HTTPS call — the Lambda runtime loop itself speaks plain HTTP to the Runtime API — then never pays for loading
 * libcurl and its dependency graph at start-up. Every libcurl function Swift uses goes through a bf_ wrapper.
 */

/// Loads libcurl once (thread-safe) and calls curl_global_init. Returns 0 on success; otherwise copies a
/// description into `error` (at most `length` bytes, NUL-terminated).
int bf_curl_load(char *error, size_t length);

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

CURL *bf_curl_easy_init(void);
void bf_curl_easy_cleanup(CURL *handle);
void bf_curl_easy_reset(CURL *handle);
CURLcode bf_curl_easy_pause(CURL *handle, int bitmask);
const char *bf_curl_easy_strerror(CURLcode code);
struct curl_slist *bf_curl_slist_append(struct curl_slist *list, const char *string);
void bf_curl_slist_free_all(struct curl_slist *list);
CURLM *bf_curl_multi_init(void);
CURLMcode bf_curl_multi_cleanup(CURLM *multi);
CURLMcode bf_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode bf_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode bf_curl_multi_perform(CURLM *multi, int *running);
CURLMcode bf_curl_multi_poll(CURLM *multi, struct curl_waitfd extra[], unsigned int count, int timeout, int *ret);
CURLMcode bf_curl_multi_wakeup(CURLM *multi);
CURLMsg *bf_curl_multi_info_read(CURLM *multi, int *remaining);

/// `curl_easy_pause` arguments (compound macros do not import into Swift).
static const int bf_curlpause_cont = CURLPAUSE_CONT;
static const size_t bf_curl_writefunc_pause = CURL_WRITEFUNC_PAUSE;

#endif
