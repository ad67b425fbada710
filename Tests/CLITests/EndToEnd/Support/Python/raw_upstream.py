#!/usr/bin/env python3
"""An upstream agent that answers every request head with fixed bytes, for responses a
well-behaved server never writes (chunk sizes past Int.max, a Connection field naming
Content-Length).

  raw_upstream.py HEX
      Binds 127.0.0.1 on a free port, prints `listening on <port>`, and answers each
      request head (request bodies are not expected) with the bytes HEX encodes.
"""
import socket
import sys
import threading

response = bytes.fromhex(sys.argv[1])


def serve(conn):
    data = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
            while b"\r\n\r\n" in data:
                data = data.split(b"\r\n\r\n", 1)[1]
                conn.sendall(response)
    except OSError:
        pass
    conn.close()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
print(f"listening on {listener.getsockname()[1]}", flush=True)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
