#!/usr/bin/env python3
"""A raw-socket client for the end-to-end tests: bytes no well-behaved client sends.

  raw_client.py PORT HEX [QUIET_SECONDS]
      Connects to 127.0.0.1:PORT, sends the bytes HEX encodes, reads until the server
      closes or stays quiet for QUIET_SECONDS (default 3), and prints one JSON line:
      {"closed": true|false, "reply": "<the bytes received, latin-1>"}.
"""
import json
import socket
import sys

port, data = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
quiet = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(quiet)
try:
    s.sendall(data)
except OSError:
    pass
received, closed = b"", False
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            closed = True
            break
        received += chunk
except socket.timeout:
    pass
except ConnectionResetError:
    closed = True
print(json.dumps({"closed": closed, "reply": received.decode("latin-1")}))
