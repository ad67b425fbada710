// CSystemShims: the Linux system interfaces that Glibc's Swift overlay does not export
// cleanly (epoll, eventfd, accept4, TCP_NODELAY). Only declarations and tiny inline
// wrappers live here; all policy (retries, errors) is in Sidecar/Net/Syscall.swift.
#ifndef CSYSTEMSHIMS_H
#define CSYSTEMSHIMS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

/// Registers, modifies or removes `fd` in the epoll set, storing `fd` as the event data.
static inline int cshim_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = (uint64_t)(uint32_t)fd;
    return epoll_ctl(epfd, op, fd, &event);
}

/// Waits for events; fills parallel arrays of file descriptors and event masks so Swift
/// never has to read the packed `struct epoll_event`.
static inline int cshim_epoll_wait(int epfd, int *fds, uint32_t *masks, int capacity, int timeoutMs) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epfd, events, capacity, timeoutMs);
    for (int i = 0; i < count; i++) {
        fds[i] = (int)(uint32_t)events[i].data.u64;
        masks[i] = events[i].events;
    }
    return count;
}

static inline int cshim_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }
static inline int cshim_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
static inline int cshim_accept(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
static inline int cshim_socket_tcp(int family) {
    return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}
static inline int cshim_errno(void) { return errno; }

static const uint32_t CSHIM_EPOLLIN = EPOLLIN;
static const uint32_t CSHIM_EPOLLOUT = EPOLLOUT;
static const uint32_t CSHIM_EPOLLERR = EPOLLERR;
static const uint32_t CSHIM_EPOLLHUP = EPOLLHUP;
static const uint32_t CSHIM_EPOLLRDHUP = EPOLLRDHUP;
static const int CSHIM_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
static const int CSHIM_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
static const int CSHIM_EPOLL_CTL_DEL = EPOLL_CTL_DEL;
static const int CSHIM_TCP_NODELAY = TCP_NODELAY;
static const int CSHIM_SO_REUSEPORT = SO_REUSEPORT;

#endif
