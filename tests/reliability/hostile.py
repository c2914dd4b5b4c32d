#!/usr/bin/env python3
"""Hostile HTTP requests against `podium serve`, over raw sockets.

  hostile.py PORT [--rounds N | --seconds S] [--slowloris CONNS] [--max-seconds S]

Sends every attack below N times (default 1), or over and over for S
seconds; each must get a 4xx status
(or, for the few that are valid but pathological, a non-5xx; 505 for an
unknown HTTP version) within
--max-seconds (default 1.0), and a static-file traversal must never return
a file from outside. With --slowloris, CONNS connections trickle a header
byte a second the whole time. Prints one line per attack kind, then
"payloads N" — exits 1 on the first violation.
"""
import socket, sys, threading, time

HOST = "127.0.0.1"

def q(n, fmt):
    return "+".join(fmt % i for i in range(n))

def attacks():
    long_url = "/search?q=" + "a" * 100000
    yield "request line 100 KB", ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % long_url).encode(), "4xx"
    yield "headers 200 KB", (b"GET / HTTP/1.1\r\nHost: x\r\n" +
                             b"".join(b"X-Junk-%d: %s\r\n" % (i, b"y" * 90) for i in range(2000)) + b"\r\n"), "4xx"
    yield "one header 100 KB", b"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + b"c" * 100000 + b"\r\n\r\n", "4xx"
    yield "GET with 10 MB body", (b"GET /search?q=a HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"
                                  + b"z" * 65536), "4xx"
    yield "POST body", b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "4xx"
    yield "chunked POST", (b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                           b"ffffffff\r\n" + b"a" * 1000), "4xx"
    yield "unknown method", b"BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n", "4xx"
    yield "garbage request", b"\x01\x02 \xff\xfe\r\n\r\n", "4xx"
    yield "garbage method", b"\x01\x02 \xff\xfe HTTP/1.1\r\n\r\n", "4xx"
    yield "NUL in a header", b"GET / HTTP/1.1\r\nHost: x\r\nBad\x00Header: y\r\n\r\n", "4xx"
    yield "no version", b"GET /\r\n\r\n", "4xx"
    yield "HTTP/9.9", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", "505"
    # (A request line that begins with NUL is taken by libmicrohttpd for an
    # empty line: it waits, and the connection timeout closes it — the same
    # path as slowloris below.)
    yield "invalid UTF-8 path", b"GET /records/\xff\xfe\xc0\xaf HTTP/1.1\r\nHost: x\r\n\r\n", "4xx"
    yield "invalid UTF-8 query", b"GET /search?q=%ff%fe%c0%af HTTP/1.1\r\nHost: x\r\n\r\n", "4xx"
    yield "bad percent-encoding", b"GET /search?q=%zz%4 HTTP/1.1\r\nHost: x\r\n\r\n", "4xx"
    yield "NUL in query", b"GET /search?q=a%00b HTTP/1.1\r\nHost: x\r\n\r\n", "4xx"
    yield "NUL in id", b"GET /records/pm-90001%00.json HTTP/1.1\r\nHost: x\r\n\r\n", "4xx"
    for t in ("/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
              "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
              "/static/%252e%252e%252fetc%252fpasswd", "/static//etc/passwd",
              "/static/app.css/../../../etc/passwd", "/../../etc/passwd"):
        yield "traversal " + t, ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % t).encode(), "4xx-nofile"
    for t in ("/search?q=x&page=99999999999999999999", "/search?q=x&page=1000000",
              "/search?q=x&per_page=1000000000", "/api/v1/search?q=x&per_page=-1",
              "/api/v1/records?page=0", "/api/v1/records?per_page=99999999999999999999999",
              "/api/v1/records/pm-90001/turns/99999999999999999999"):
        yield "huge paging " + t.split("?")[-1][:30], ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % t).encode(), "4xx"
    yield "1000 parameters", ("GET /search?%s HTTP/1.1\r\nHost: x\r\n\r\n" % "&".join("a%d=1" % i for i in range(1000))).encode(), "4xx"
    yield "3000 terms", ("GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % q(3000, "w%d")).encode(), "4xx"
    yield "500 terms", ("GET /api/v1/search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % q(500, "t%d")).encode(), "4xx"
    yield "nesting 500", ("GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % ("(" * 500 + "a" + ")" * 500)).encode(), "4xx"
    yield "unbalanced 2000", ("GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % ("(" * 2000)).encode(), "4xx"
    yield "query 4 KB", ("GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % ("x" * 4000)).encode(), "4xx"
    # valid but pathological: must stay quick and not fail
    yield "phrase of 60 common words", ("GET /search?q=%%22%s%%22 HTTP/1.1\r\nHost: x\r\n\r\n" % "+".join(["the"] * 60)).encode(), "ok"
    yield "60 ORs", ("GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % "+OR+".join("w%d" % i for i in range(60))).encode(), "ok"
    yield "60 exclusions", ("GET /api/v1/search?q=minister+%s HTTP/1.1\r\nHost: x\r\n\r\n" % "+".join("-w%d" % i for i in range(60))).encode(), "ok"
    yield "FTS5 syntax", b"GET /search?q=NEAR(a+b)+col:x+*+%5E+AND+%22un HTTP/1.1\r\nHost: x\r\n\r\n", "any"
    yield "CJK run 300", ("GET /search?q=%s HTTP/1.1\r\nHost: x\r\n\r\n" % ("%E7%9A%84" * 300)).encode(), "any"

def send(payload, timeout):
    """Returns (status or None when the server closed without one, seconds, body)."""
    t0 = time.monotonic()
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    try:
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused early: read what it said
        data = b""
        while b"\r\n\r\n" not in data or len(data) < 65536:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and len(data) > 12:
                break
    finally:
        s.close()
    dt = time.monotonic() - t0
    if not data.startswith(b"HTTP/1."):
        return None, dt, data
    return int(data.split(b" ", 2)[1]), dt, data

def slowloris(n, stop):
    socks = []
    for i in range(n):
        try:
            s = socket.create_connection((HOST, PORT), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        except OSError:
            break
    while not stop.is_set():
        for s in list(socks):
            try:
                s.sendall(b"X")
            except OSError:
                socks.remove(s)
        stop.wait(1.0)
    for s in socks:
        s.close()

def main():
    global PORT
    PORT = int(sys.argv[1])
    rounds, loris, limit, seconds = 1, 0, 1.0, 0.0
    a = sys.argv[2:]
    while a:
        if a[0] == "--rounds": rounds = int(a[1])
        elif a[0] == "--slowloris": loris = int(a[1])
        elif a[0] == "--max-seconds": limit = float(a[1])
        elif a[0] == "--seconds": seconds, rounds = float(a[1]), 1 << 30
        a = a[2:]
    stop = threading.Event()
    th = None
    if loris:
        th = threading.Thread(target=slowloris, args=(loris, stop))
        th.start()
        time.sleep(0.5)
    n, worst, bad = 0, 0.0, None
    t_end = time.monotonic() + seconds
    try:
        for r in range(rounds):
            if seconds and r and time.monotonic() > t_end:
                break
            for name, payload, want in attacks():
                st, dt, body = send(payload, 10)
                n += 1
                worst = max(worst, dt)
                if r == 0 and not seconds:
                    print("%-40s %s %.1f ms" % (name[:40], st, dt * 1000))
                ok = {
                    "4xx": st is not None and 400 <= st < 500,
                    "4xx-nofile": st is not None and 400 <= st < 500 and b"root:" not in body,
                    "ok": st == 200,
                    "any": st is not None and st < 500,
                    "505": st == 505,
                }[want]
                if not ok or dt > limit:
                    bad = "%s: status %s in %.3f s (want %s within %.1f s)" % (name, st, dt, want, limit)
                    return 1
    finally:
        stop.set()
        if th:
            th.join()
        print("payloads %d, slowest %.1f ms%s" % (n, worst * 1000, ", FAIL " + bad if bad else ""))
    return 0

if __name__ == "__main__":
    sys.exit(main())
