// The system libcurl, loaded with dlopen on first use instead of linked: outbound HTTPS
// (an https:// upstream, OPA, bundle or collector URL, an https health probe) is the only
// user, and linking libcurl maps it and its chain (libssl, libcrypto, nghttp2, krb5,
// ldap…, about 7.6 MB resident) into every process, most of which never speak HTTPS.
// Invariant: the function table is filled once, wholly or not at all (cshim_curl_load
// reports what is missing); every other function here is called only after a load
// succeeded. Option numbers are libcurl's (curl.h, stable ABI since 7.x), named in the
// header; only long, pointer and curl_off_t options exist, each passed as its own type.
#include "CSystemShims.h"
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef void *(*easy_init_fn)(void);
typedef void (*easy_cleanup_fn)(void *);
typedef void (*easy_reset_fn)(void *);
typedef int (*easy_setopt_fn)(void *, int, ...);
typedef int (*easy_perform_fn)(void *);
typedef int (*easy_getinfo_fn)(void *, int, ...);
typedef const char *(*easy_strerror_fn)(int);
typedef void *(*slist_append_fn)(void *, const char *);
typedef void (*slist_free_all_fn)(void *);
typedef int (*global_init_fn)(long);

static struct {
    easy_init_fn easy_init;
    easy_cleanup_fn easy_cleanup;
    easy_reset_fn easy_reset;
    easy_setopt_fn easy_setopt;
    easy_perform_fn easy_perform;
    easy_getinfo_fn easy_getinfo;
    easy_strerror_fn easy_strerror;
    slist_append_fn slist_append;
    slist_free_all_fn slist_free_all;
} curl;

enum { CURL_GLOBAL_DEFAULT = 3, CURLINFO_RESPONSE_CODE = 0x200000 + 2 };

int cshim_curl_load(const char *soname, char *message, uint64_t messageCap) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(message, messageCap, "%s", why ? why : soname);
        return -1;
    }
    void *found[10];
    static const char *const names[10] = {
        "curl_easy_init", "curl_easy_cleanup", "curl_easy_reset", "curl_easy_setopt", "curl_easy_perform",
        "curl_easy_getinfo", "curl_easy_strerror", "curl_slist_append", "curl_slist_free_all", "curl_global_init",
    };
    for (int i = 0; i < 10; i++) {
        found[i] = dlsym(library, names[i]);
        if (found[i] == NULL) {
            snprintf(message, messageCap, "%s has no %s", soname, names[i]);
            dlclose(library);
            return -1;
        }
    }
    // curl_global_init is not thread-safe: the caller loads once, before any transfer.
    int rc = ((global_init_fn)found[9])(CURL_GLOBAL_DEFAULT);
    if (rc != 0) {
        snprintf(message, messageCap, "curl_global_init failed (%d)", rc);
        return -1;
    }
    curl.easy_init = (easy_init_fn)found[0];
    curl.easy_cleanup = (easy_cleanup_fn)found[1];
    curl.easy_reset = (easy_reset_fn)found[2];
    curl.easy_setopt = (easy_setopt_fn)found[3];
    curl.easy_perform = (easy_perform_fn)found[4];
    curl.easy_getinfo = (easy_getinfo_fn)found[5];
    curl.easy_strerror = (easy_strerror_fn)found[6];
    curl.slist_append = (slist_append_fn)found[7];
    curl.slist_free_all = (slist_free_all_fn)found[8];
    return 0;
}

void *cshim_curl_easy_new(void) { return curl.easy_init(); }
void cshim_curl_easy_free(void *easy) { curl.easy_cleanup(easy); }
void cshim_curl_easy_reset(void *easy) { curl.easy_reset(easy); }
int cshim_curl_set_long(void *easy, int option, long value) { return curl.easy_setopt(easy, option, value); }
int cshim_curl_set_pointer(void *easy, int option, const void *value) { return curl.easy_setopt(easy, option, value); }
int cshim_curl_set_offset(void *easy, int option, int64_t value) { return curl.easy_setopt(easy, option, value); }

int cshim_curl_set_callbacks(void *easy, cshim_curl_data_fn onHeader, cshim_curl_data_fn onBody, void *context) {
    int rc = curl.easy_setopt(easy, CSHIM_CURLOPT_HEADERFUNCTION, onHeader);
    if (rc == 0) rc = curl.easy_setopt(easy, CSHIM_CURLOPT_HEADERDATA, context);
    if (rc == 0) rc = curl.easy_setopt(easy, CSHIM_CURLOPT_WRITEFUNCTION, onBody);
    if (rc == 0) rc = curl.easy_setopt(easy, CSHIM_CURLOPT_WRITEDATA, context);
    return rc;
}

int cshim_curl_perform(void *easy) { return curl.easy_perform(easy); }

long cshim_curl_response_code(void *easy) {
    long code = 0;
    if (curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code) != 0) return 0;
    return code;
}

const char *cshim_curl_error_text(int code) { return curl.easy_strerror(code); }
void *cshim_curl_list_append(void *list, const char *line) { return curl.slist_append(list, line); }
void cshim_curl_list_free(void *list) { curl.slist_free_all(list); }
