// CSystemShims: the Linux system interfaces that Glibc's Swift overlay does not export
// cleanly (epoll, eventfd, accept4 and a few constants), gzip through the system zlib,
// and the system libcurl, found with dlopen on first use (curl.c). Only primitive types
// cross this header, so it never conflicts with the Glibc module's own declarations; all
// policy (retries, errors, limits) is in Swift (SystemCalls/Syscall.swift,
// SystemCalls/SystemCurl.swift, AgentSpec/PolicyFiles/Gzip.swift).
#ifndef CSYSTEMSHIMS_H
#define CSYSTEMSHIMS_H

#include <stddef.h>
#include <stdint.h>

/// epoll_ctl with `fd` stored as the event's data.
int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events);
/// epoll_wait into parallel arrays (fd, mask), hiding the packed struct epoll_event.
int cshim_epoll_wait(int epfd, int *fds, uint32_t *masks, int capacity, int timeoutMs);
/// epoll_create1(EPOLL_CLOEXEC).
int cshim_epoll_create(void);
/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int cshim_eventfd(void);
/// accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC); `addr` is a sockaddr_storage.
int cshim_accept(int fd, void *addr, uint32_t *len);
/// read(2) as a direct system call (no cancellation-point bookkeeping); -1 and errno on failure.
int64_t cshim_read(int fd, void *buffer, uint64_t count);
/// send(2) with MSG_NOSIGNAL, as a direct system call; -1 and errno on failure.
int64_t cshim_send(int fd, const void *buffer, uint64_t count);
/// socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0).
int cshim_socket_tcp(int family);

/// gzip (RFC 1952) of `in` at zlib `level` (0-9) into a malloc'd buffer (*out, *outLen;
/// release it with cshim_free). 0 on success, else a zlib error code.
int cshim_gzip(const uint8_t *in, uint64_t inLen, int level, uint8_t **out, uint64_t *outLen);
/// Inflates the gzip members in `in` into a malloc'd buffer (*out, *outLen; release it
/// with cshim_free), never growing it past `maxOut` bytes. 0 on success;
/// CSHIM_GUNZIP_TOO_LARGE when the data would exceed maxOut; CSHIM_GUNZIP_TRUNCATED when
/// the input ends inside a member; else a zlib error code, with zlib's message copied
/// into `message` (capacity `messageCap`, always NUL-terminated).
int cshim_gunzip(const uint8_t *in, uint64_t inLen, uint64_t maxOut, uint8_t **out, uint64_t *outLen,
                 char *message, uint64_t messageCap);
/// free(3) for buffers the shims allocated.
void cshim_free(void *p);
extern const int CSHIM_GUNZIP_TOO_LARGE;
extern const int CSHIM_GUNZIP_TRUNCATED;

/// The system libcurl, loaded on first use (curl.c). cshim_curl_load dlopens `soname` and
/// finds every function below; 0 on success, else -1 with the reason in `message`
/// (capacity `messageCap`, NUL-terminated). Call it once, before any other cshim_curl_.
int cshim_curl_load(const char *soname, char *message, uint64_t messageCap);
/// A libcurl data callback: (bytes, 1, count, context) -> count taken (anything else aborts).
typedef size_t (*cshim_curl_data_fn)(char *data, size_t size, size_t count, void *context);
void *cshim_curl_easy_new(void);
void cshim_curl_easy_free(void *easy);
/// Forgets every option; keeps the handle's open connections for the next transfer.
void cshim_curl_easy_reset(void *easy);
int cshim_curl_set_long(void *easy, int option, long value);
int cshim_curl_set_pointer(void *easy, int option, const void *value);
int cshim_curl_set_offset(void *easy, int option, int64_t value);
/// Header lines and body bytes both go to `context`, through their own callback.
int cshim_curl_set_callbacks(void *easy, cshim_curl_data_fn onHeader, cshim_curl_data_fn onBody, void *context);
/// curl_easy_perform: blocks until the transfer ends; a CURLcode (0 = done).
int cshim_curl_perform(void *easy);
/// The last response's status code (0 when none).
long cshim_curl_response_code(void *easy);
const char *cshim_curl_error_text(int code);
/// curl_slist_append (NULL when out of memory) and curl_slist_free_all.
void *cshim_curl_list_append(void *list, const char *line);
void cshim_curl_list_free(void *list);
/// libcurl's option numbers (CURLOPTTYPE_LONG 0, OBJECTPOINT 10000, FUNCTIONPOINT 20000,
/// OFF_T 30000, plus the option's index) and the CURLcodes the callers tell apart.
enum {
    CSHIM_CURLOPT_LOW_SPEED_LIMIT = 19,
    CSHIM_CURLOPT_LOW_SPEED_TIME = 20,
    CSHIM_CURLOPT_NOBODY = 44,
    CSHIM_CURLOPT_FOLLOWLOCATION = 52,
    CSHIM_CURLOPT_HTTP_VERSION = 84,
    CSHIM_CURLOPT_NOSIGNAL = 99,
    CSHIM_CURLOPT_TIMEOUT_MS = 155,
    CSHIM_CURLOPT_CONNECTTIMEOUT_MS = 156,
    CSHIM_CURLOPT_WRITEDATA = 10001,
    CSHIM_CURLOPT_URL = 10002,
    CSHIM_CURLOPT_ERRORBUFFER = 10010,
    CSHIM_CURLOPT_POSTFIELDS = 10015,
    CSHIM_CURLOPT_HTTPHEADER = 10023,
    CSHIM_CURLOPT_HEADERDATA = 10029,
    CSHIM_CURLOPT_CUSTOMREQUEST = 10036,
    CSHIM_CURLOPT_CAINFO = 10065,
    CSHIM_CURLOPT_PROTOCOLS_STR = 10318,
    CSHIM_CURLOPT_WRITEFUNCTION = 20011,
    CSHIM_CURLOPT_HEADERFUNCTION = 20079,
    CSHIM_CURLOPT_POSTFIELDSIZE_LARGE = 30120,
    CSHIM_CURL_HTTP_VERSION_1_1 = 2,
    CSHIM_CURLE_COULDNT_RESOLVE_HOST = 6,
    CSHIM_CURLE_COULDNT_CONNECT = 7,
    CSHIM_CURLE_WRITE_ERROR = 23,
    CSHIM_CURLE_OPERATION_TIMEDOUT = 28,
    CSHIM_CURLE_GOT_NOTHING = 52,
    CSHIM_CURLE_SEND_ERROR = 55,
    CSHIM_CURLE_RECV_ERROR = 56,
    CSHIM_CURL_ERROR_SIZE = 256,
};

extern const uint32_t CSHIM_EPOLLIN;
extern const uint32_t CSHIM_EPOLLOUT;
extern const uint32_t CSHIM_EPOLLERR;
extern const uint32_t CSHIM_EPOLLHUP;
extern const uint32_t CSHIM_EPOLLRDHUP;
extern const uint32_t CSHIM_EPOLLEXCLUSIVE;
extern const int CSHIM_EPOLL_CTL_ADD;
extern const int CSHIM_EPOLL_CTL_MOD;
extern const int CSHIM_EPOLL_CTL_DEL;
extern const int CSHIM_TCP_NODELAY;
extern const int CSHIM_IPPROTO_TCP;
extern const int CSHIM_IPPROTO_IPV6;
extern const int CSHIM_IPV6_V6ONLY;
extern const int CSHIM_MSG_NOSIGNAL;
extern const int CSHIM_SHUT_WR;

#endif
