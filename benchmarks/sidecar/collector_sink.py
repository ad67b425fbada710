#!/usr/bin/env python3
"""A decision-log collector for the sidecar benchmark: takes every POSTed batch as it came
and answers 204; GET / gunzips what arrived since the last GET, counts its events (by their
"decision_id" keys) and answers 200 with the totals: {"batches": N, "events": N, "bytes": N}.
In production the collector runs elsewhere: on the benchmark's two shared cores, the
gunzipping is deferred to the counts (read after the rounds), so the timed rounds measure
the sidecar's work, not the collector's. Prints `listening on <port>`."""
import gzip
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
COUNTS = {"batches": 0, "events": 0, "bytes": 0}
RECEIVED = []  # gzip bodies not counted yet


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with LOCK:
            RECEIVED.append(body)
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        with LOCK:
            while RECEIVED:
                body = RECEIVED.pop()
                COUNTS["batches"] += 1
                COUNTS["events"] += gzip.decompress(body).count(b'"decision_id":')
                COUNTS["bytes"] += len(body)
            body = json.dumps(COUNTS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()
