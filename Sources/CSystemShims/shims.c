// CSystemShims: definitions behind include/CSystemShims.h. Compiled with _GNU_SOURCE
// so accept4 and the epoll/eventfd flags are visible.
#define _GNU_SOURCE
#include "CSystemShims.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

// glibc's read and send are thread-cancellation points: each call switches async
// cancellation on and off around the system call. Nothing here uses pthread_cancel,
// so the data path makes the system calls directly.
int64_t cshim_read(int fd, void *buffer, uint64_t count) {
    return syscall(SYS_read, fd, buffer, count);
}

int64_t cshim_send(int fd, const void *buffer, uint64_t count) {
    return syscall(SYS_sendto, fd, buffer, count, MSG_NOSIGNAL, (void *)0, 0);
}

int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = (uint64_t)(uint32_t)fd;
    return epoll_ctl(epfd, op, fd, &event);
}

int cshim_epoll_wait(int epfd, int *fds, uint32_t *masks, int capacity, int timeoutMs) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epfd, events, capacity, timeoutMs);
    for (int i = 0; i < count; i++) {
        fds[i] = (int)(uint32_t)events[i].data.u64;
        masks[i] = events[i].events;
    }
    return count;
}

int cshim_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }
int cshim_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int cshim_accept(int fd, void *addr, uint32_t *len) {
    socklen_t length = (socklen_t)*len;
    int result = accept4(fd, (struct sockaddr *)addr, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    *len = (uint32_t)length;
    return result;
}

int cshim_socket_tcp(int family) { return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

const uint32_t CSHIM_EPOLLIN = EPOLLIN;
const uint32_t CSHIM_EPOLLOUT = EPOLLOUT;
const uint32_t CSHIM_EPOLLERR = EPOLLERR;
const uint32_t CSHIM_EPOLLHUP = EPOLLHUP;
const uint32_t CSHIM_EPOLLRDHUP = EPOLLRDHUP;
#ifdef EPOLLEXCLUSIVE
const uint32_t CSHIM_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;
#else
const uint32_t CSHIM_EPOLLEXCLUSIVE = 1u << 28; /* Linux 4.5; older glibc headers lack the name */
#endif
const int CSHIM_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
const int CSHIM_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
const int CSHIM_EPOLL_CTL_DEL = EPOLL_CTL_DEL;
const int CSHIM_TCP_NODELAY = TCP_NODELAY;
const int CSHIM_IPPROTO_TCP = IPPROTO_TCP;
const int CSHIM_IPPROTO_IPV6 = IPPROTO_IPV6;
const int CSHIM_IPV6_V6ONLY = IPV6_V6ONLY;
const int CSHIM_MSG_NOSIGNAL = MSG_NOSIGNAL;
const int CSHIM_SHUT_WR = SHUT_WR;
