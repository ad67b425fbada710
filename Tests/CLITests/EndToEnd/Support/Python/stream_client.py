#!/usr/bin/env python3
"""Streaming HTTP clients for the end-to-end tests (Python's http.client).

  stream_client.py gate URL GATEFILE
      GETs URL, reads the first line of the body, only then creates GATEFILE (the test
      upstream waits for it before sending the rest) and reads the rest. Prints one JSON
      line {"status","headers","first","rest"}. A proxy that buffered the body would
      deliver nothing before the gate, and the upstream would send `second-timeout`.

  stream_client.py keepalive URL REQUEST_JSON ...
      Sends the requests (each {"path", "headers"}) one after another on one connection
      and prints one JSON line: [[status, local port, body length, agent's peerPort], ...].
      The same local port throughout means the client connection was kept alive; the same
      peerPort (from the test upstream's echo, else 0), that the agent connection was.

  stream_client.py sse URL COUNT TIMEOUT [HEADER ...]
      Opens an SSE stream, prints `connected` once the response head and the first
      comment arrived, then prints every `data:` payload on its own line until COUNT
      were read (exit 0) or TIMEOUT seconds passed (exit 3).
"""
import http.client
import json
import socket
import sys
import time
from urllib.parse import urlsplit


def connect(url, timeout):
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    return conn, (u.path or "/") + ("?" + u.query if u.query else "")


def gate(url, gate_file):
    conn, target = connect(url, 10)
    conn.request("GET", target)
    resp = conn.getresponse()
    first = resp.readline().decode()
    open(gate_file, "w").close()
    rest = resp.read().decode()
    print(json.dumps({"status": resp.status, "headers": resp.getheaders(), "first": first, "rest": rest}), flush=True)


def keepalive(url, requests):
    conn, _ = connect(url, 10)
    out = []
    for raw in requests:
        r = json.loads(raw)
        conn.request("GET", r["path"], headers=r.get("headers", {}))
        resp = conn.getresponse()
        body = resp.read()
        try:
            peer = json.loads(body).get("peerPort", 0)
        except ValueError:
            peer = 0
        out.append([resp.status, conn.sock.getsockname()[1] if conn.sock else 0, len(body), peer])
    print(json.dumps(out), flush=True)


def sse(url, count, timeout, headers):
    deadline = time.monotonic() + timeout
    conn, target = connect(url, timeout)
    conn.request("GET", target, headers=dict(h.split(": ", 1) for h in headers))
    resp = conn.getresponse()
    if resp.status != 200:
        print(f"status {resp.status}", flush=True)
        sys.exit(2)
    seen = 0
    announced = False
    while seen < count:
        if time.monotonic() > deadline:
            sys.exit(3)
        try:
            line = resp.readline().decode()
        except socket.timeout:
            sys.exit(3)
        if not line:
            sys.exit(4)
        if line.startswith(":") and not announced:
            print("connected", flush=True)
            announced = True
        elif line.startswith("data: "):
            print(line[len("data: "):].rstrip("\n"), flush=True)
            seen += 1


def main():
    mode = sys.argv[1]
    if mode == "gate":
        gate(sys.argv[2], sys.argv[3])
    elif mode == "keepalive":
        keepalive(sys.argv[2], sys.argv[3:])
    elif mode == "sse":
        sse(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
