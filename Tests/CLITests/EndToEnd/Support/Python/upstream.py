#!/usr/bin/env python3
"""The end-to-end tests' scriptable upstream agent (Python's http.server, HTTP/1.1).

Binds 127.0.0.1 on a free port and prints `listening on <port>`; prints
`received <METHOD> <target>` for every request as it arrives (flushed), so a test
can tell when a request reached the agent.

  GET /agentspec/health   the SDK health report: {"status":"ok","checks": --checks JSON}
                          (404 with --no-health)
  /stream?gate=FILE       chunked: `first` now, then waits (≤ 5 s) for FILE to exist and
                          sends `second-after-gate` (`second-timeout` if it never came)
  anything else           echo: {"method","target","headers":[[name,value]…],
                          "bodyLength","bodySHA256","body","peerPort"} (body as text,
                          ≤ 64 KiB; peerPort tells the proxy's upstream connections apart)

Any request may steer the answer with headers:
  X-Test-Status: N                    the status code
  X-Test-Delay-Ms: N                  wait before answering (slow agent: 504, drain)
  X-Test-Respond: [[name, value], …]  extra response headers (JSON, repeats allowed)
  X-Test-Pad: N                       N bytes of padding in the echo (a large body)
"""
import argparse
import hashlib
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OPTS = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self):
        body = self.read_body()
        print(f"received {self.command} {self.path}", flush=True)
        delay = int(self.headers.get("X-Test-Delay-Ms") or 0)
        if delay:
            time.sleep(delay / 1000.0)
        url = urlsplit(self.path)
        if url.path == "/agentspec/health" and self.command == "GET":
            if OPTS.no_health:
                return self.reply(404, {"error": "NotFound"})
            return self.reply(200, {"status": "ok", "checks": json.loads(OPTS.checks)})
        if url.path == "/stream":
            return self.stream(parse_qs(url.query).get("gate", [""])[0])
        text = body[:65536].decode("utf-8", "replace")
        self.reply(int(self.headers.get("X-Test-Status") or 200), {
            "method": self.command, "target": self.path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "bodyLength": len(body), "bodySHA256": hashlib.sha256(body).hexdigest(), "body": text,
            "peerPort": self.client_address[1], "pad": "x" * int(self.headers.get("X-Test-Pad") or 0),
        })

    def extra_headers(self):
        for name, value in json.loads(self.headers.get("X-Test-Respond") or "[]"):
            self.send_header(name, value)

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.extra_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def stream(self, gate):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.extra_headers()
        self.end_headers()
        self.chunk(b"first\n")
        deadline = time.monotonic() + 5
        while gate and not os.path.exists(gate) and time.monotonic() < deadline:
            time.sleep(0.01)
        self.chunk(b"second-after-gate\n" if gate and os.path.exists(gate) else b"second-timeout\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--checks", default="[]", help="JSON list of checks for /agentspec/health")
    ap.add_argument("--no-health", action="store_true")
    OPTS = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
