#!/usr/bin/env python3
"""A fake Anthropic Messages API for the gap-analysis end-to-end tests.

Binds 127.0.0.1 on a free port and prints `listening on <port>`. Every
POST /v1/messages is recorded (one JSON line {"path","headers","body"} appended to
--record) and answered according to --mode:
  ok       200, a message whose first text block wraps a JSON array of issues in prose:
           well-formed ones (severity "HIGH" and "info", which the sidecar clamps), one
           with an unknown severity, and malformed ones to be ignored: no description, no
           property, an empty recommendation
  fail     500 with an Anthropic-style error body
  garbage  200, a message whose text holds no JSON array
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OPTS = None

ISSUES = [
    {"severity": "HIGH", "property": "spec.tools[0]", "description": "LLM-ISSUE-1 delete-workout has no rate limit",
     "recommendation": "limit destructive calls"},
    {"severity": "info", "property": "spec.memory", "description": "LLM-ISSUE-2 memory retention is not documented",
     "recommendation": "document it"},
    {"severity": "whatever", "property": "spec.api", "description": "LLM-ISSUE-3 unknown severity becomes medium",
     "recommendation": "say which"},
    {"severity": "critical", "property": "spec.model", "recommendation": "no description"},
    {"severity": "high", "description": "LLM-DROPPED no property", "recommendation": "anything"},
    {"severity": "high", "property": "spec.prompts", "description": "LLM-DROPPED empty recommendation", "recommendation": ""},
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with open(OPTS.record, "a") as f:
            f.write(json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                "body": json.loads(raw or b"null")}) + "\n")
        if OPTS.mode == "fail":
            return self.reply(500, {"type": "error", "error": {"type": "api_error", "message": "injected"}})
        text = ("Here is my review:\n" + json.dumps(ISSUES) + "\nThat is all.") if OPTS.mode == "ok" else "No issues, sorry."
        self.reply(200, {"id": "msg_e2e", "type": "message", "role": "assistant", "model": "claude-test",
                         "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                         "usage": {"input_tokens": 10, "output_tokens": 10}})

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    global OPTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["ok", "fail", "garbage"], default="ok")
    ap.add_argument("--record", required=True)
    OPTS = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
