#!/usr/bin/env python3
"""Soak traffic for the proxy: keep-alive, streaming, slowloris, malformed and fuzzed
requests in parallel for a bounded time. Checks every status against what each kind of
traffic may legitimately get, samples the proxy's RSS and open descriptors, and exits
non-zero on any unexpected status, a dead proxy or memory growth.
Usage: soak.py <proxy-port> <proxy-pid> <seconds>"""
import http.client, os, random, socket, sys, threading, time

PORT, PID, SECONDS = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
DEADLINE = time.time() + SECONDS
lock = threading.Lock()
counts, unexpected = {}, []

details = []

def record(kind, outcome, allowed, detail=None):
    with lock:
        counts[(kind, outcome)] = counts.get((kind, outcome), 0) + 1
        if outcome not in allowed and len(unexpected) < 20:
            unexpected.append((kind, outcome))
            if detail and len(details) < 5:
                details.append(detail)

def rss_kb():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def fds():
    return len(os.listdir(f"/proc/{PID}/fd"))

def raw_status(payload, timeout=5.0, pause=0.0):
    """Sends payload (pieces if a list), returns the first status code or a word."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        pieces = payload if isinstance(payload, list) else [payload]
        for i, piece in enumerate(pieces):
            if i and pause:
                time.sleep(pause)
            s.sendall(piece)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                return "closed" if not data else "partial"
            data += chunk
        return int(data.split(b" ")[1])
    except socket.timeout:
        return "timeout"
    except (ConnectionResetError, BrokenPipeError):
        return "reset"
    finally:
        s.close()

def keepalive():
    while time.time() < DEADLINE:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        try:
            for i in range(50):
                if i % 3 == 0:
                    c.request("POST", "/echo", body=os.urandom(random.randint(0, 200_000)))
                else:
                    c.request("GET", f"/k/{i}?x={random.random()}")
                r = c.getresponse(); data = r.read()
                record("keepalive", r.status, {200}, data[:300])
        except Exception as e:
            record("keepalive", type(e).__name__, set())
        finally:
            c.close()

def streaming():
    while time.time() < DEADLINE:
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        try:
            c.request("GET", "/stream")
            r = c.getresponse()
            n = 0
            while True:
                d = r.read(4096)
                if not d: break
                n += len(d)
                if random.random() < 0.05: time.sleep(0.01)
            record("streaming", r.status if n == 65536 else f"short:{n}", {200})
        except Exception as e:
            record("streaming", type(e).__name__, set())
        finally:
            c.close()

def slowloris():
    while time.time() < DEADLINE:
        head = b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow: " + b"a" * 5
        pieces = [head[i:i + 4] for i in range(0, len(head), 4)]
        record("slowloris", raw_status(pieces, timeout=15, pause=0.4), {408})

MALFORMED = [
    (b"GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n", {400}),
    (b"GET / HTTP/1.1\r\n\r\n", {400}),
    (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", {400}),
    (b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", {501}),
    (b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", {505}),
    (b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", {414}),
    (b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"b" * 40000 + b"\r\n\r\n", {431}),
    (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n folded\r\n\r\n", {400}),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64) + b"\r\n\r\n", {400}),
    (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n", {413}),
]

def malformed():
    while time.time() < DEADLINE:
        payload, allowed = random.choice(MALFORMED)
        record("malformed", raw_status(payload), allowed)

def fuzz():
    base = b"POST /f?q=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nX-A: b\r\n\r\nbody"
    while time.time() < DEADLINE:
        data = bytearray(base)
        for _ in range(random.randint(1, 4)):
            data[random.randrange(len(data))] = random.randrange(256)
        # A fuzzed request may be valid, invalid, or still waiting for bytes (a larger
        # Content-Length, a head that never ends, so 408): a status or a quiet timeout —
        # never a reset, never a crash.
        record("fuzz", raw_status(bytes(data), timeout=2), {200, 400, 408, 413, 414, 417, 431, 501, 505, "timeout"})

def main():
    workers = [keepalive] * 3 + [streaming] * 2 + [slowloris] * 4 + [malformed] * 2 + [fuzz] * 2
    threads = [threading.Thread(target=w, daemon=True) for w in workers]
    start_fds, samples = fds(), []
    for t in threads: t.start()
    while time.time() < DEADLINE:
        samples.append((time.time(), rss_kb()))
        time.sleep(5)
    for t in threads: t.join(timeout=30)
    time.sleep(1)
    end_fds = fds()
    warm = [kb for t, kb in samples if t > samples[0][0] + 20]
    first, last = (warm[:3] or [0]), (warm[-3:] or [0])
    growth = max(last) - max(first)
    print("outcomes:")
    for (kind, outcome), n in sorted(counts.items(), key=lambda x: (x[0][0], str(x[0][1]))):
        print(f"  {kind:10} {str(outcome):14} {n}")
    print(f"RSS samples (MB): " + " ".join(f"{kb/1024:.1f}" for _, kb in samples))
    print(f"RSS after warm-up {max(first)/1024:.1f} MB, at end {max(last)/1024:.1f} MB, growth {growth/1024:.1f} MB")
    print(f"open descriptors: start {start_fds}, end {end_fds}")
    alive = os.path.exists(f"/proc/{PID}")
    ok = alive and not unexpected and growth < 5 * 1024 and end_fds <= start_fds + 8
    if unexpected: print("UNEXPECTED:", unexpected, details)
    print("SOAK", "PASSED" if ok else "FAILED")
    sys.exit(0 if ok else 1)

main()
