#!/usr/bin/env python3
"""Tries to listen on a port beside a running server, the ways another process could.

  bind_attempts.py PORT      one line per attempt: `BOUND <how>` or `refused <how>: <reason>`
  bind_attempts.py --hold    listens on [::]:0 with IPV6_V6ONLY (IPv6 only), prints
                             `listening on <port>` and holds it for 120 s

Each attempt is IPv4 or IPv6, wildcard or loopback, IPv6-only or dual-stack, with and
without SO_REUSEADDR and SO_REUSEPORT; the socket is closed after each one.
"""
import socket
import sys
import time

ATTEMPTS = [
    ("0.0.0.0", socket.AF_INET, "0.0.0.0", None),
    ("127.0.0.1", socket.AF_INET, "127.0.0.1", None),
    ("[::] v6only", socket.AF_INET6, "::", 1),
    ("[::] dual-stack", socket.AF_INET6, "::", 0),
    ("[::1]", socket.AF_INET6, "::1", 1),
]


def attempt(port, how, family, host, v6only, reuseaddr, reuseport):
    s = socket.socket(family, socket.SOCK_STREAM)
    try:
        if reuseaddr:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuseport:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if v6only is not None:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
        s.bind((host, port))
        s.listen(1)
        print(f"BOUND {how} reuseaddr={reuseaddr} reuseport={reuseport}", flush=True)
    except OSError as e:
        print(f"refused {how} reuseaddr={reuseaddr} reuseport={reuseport}: {e.strerror}", flush=True)
    finally:
        s.close()


if sys.argv[1] == "--hold":
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind(("::", 0))
    s.listen(8)
    print(f"listening on {s.getsockname()[1]}", flush=True)
    time.sleep(120)
else:
    port = int(sys.argv[1])
    for how, family, host, v6only in ATTEMPTS:
        for reuseaddr in (False, True):
            for reuseport in (False, True):
                attempt(port, how, family, host, v6only, reuseaddr, reuseport)
