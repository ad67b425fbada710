#!/usr/bin/env python3
"""The end-to-end tests' decision-log collector (Python's http.server, HTTP/1.1).

Binds 127.0.0.1 (on --port, or a free port) and prints `listening on <port>`.

  POST <any path>   a decision-log batch as OPA's service API sends it: the body must be
                    gzip (Content-Encoding: gzip) holding a JSON array of objects; it is
                    gunzipped, parsed and kept, and answered 204. A body that is not that
                    is answered 400 and kept as a rejected batch with the reason.
  GET /received     {"batches": [{"path", "contentType", "contentEncoding",
                    "authorization", "events", "error"?}...], "events": [every event...]}
"""
import argparse
import gzip
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
BATCHES = []
EVENTS = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        batch = {
            "path": self.path,
            "contentType": self.headers.get("Content-Type"),
            "contentEncoding": self.headers.get("Content-Encoding"),
            "authorization": self.headers.get("Authorization"),
            "events": 0,
        }
        try:
            if batch["contentEncoding"] != "gzip":
                raise ValueError("Content-Encoding is not gzip")
            events = json.loads(gzip.decompress(raw))
            if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
                raise ValueError("the body is not a JSON array of objects")
        except Exception as error:  # a bad batch is an answer, not a crash
            batch["error"] = str(error)
            with LOCK:
                BATCHES.append(batch)
            self.answer(400, json.dumps({"error": str(error)}).encode())
            return
        batch["events"] = len(events)
        with LOCK:
            BATCHES.append(batch)
            EVENTS.extend(events)
        self.answer(204)

    def do_GET(self):
        if self.path != "/received":
            self.answer(404, b'{"error":"not found"}')
            return
        with LOCK:
            body = json.dumps({"batches": BATCHES, "events": EVENTS}).encode()
        self.answer(200, body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
