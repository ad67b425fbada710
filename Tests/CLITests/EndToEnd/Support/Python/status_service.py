#!/usr/bin/env python3
"""A status service (OPA's status API) for the end-to-end tests.

Binds 127.0.0.1 on a free port and prints `listening on <port>`. Every POST is answered
204 and recorded: one JSON line {"path", "authorization", "content_type", "body"} on
stdout, the body parsed as JSON (or null when it is not JSON).
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        line = {"path": self.path, "authorization": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type"), "body": body}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
