// CSystemShims: the Linux system interfaces that Glibc's Swift overlay does not export
// cleanly (epoll, eventfd, accept4 and a few constants), and gzip through the system
// zlib. Only primitive types cross this header, so it never conflicts with the Glibc
// module's own declarations; all policy (retries, errors, limits) is in Swift
// (Sidecar/Net/Syscall.swift, AgentSpec/PolicyFiles/Gzip.swift).
#ifndef CSYSTEMSHIMS_H
#define CSYSTEMSHIMS_H

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
extern const int CSHIM_MSG_NOSIGNAL;
extern const int CSHIM_SHUT_WR;

#endif
