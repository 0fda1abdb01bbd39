"""Bad requests each get their 4xx, in the one error shape, and the server
keeps serving after every one: malformed JSON and query values, unknown
parameters, huge headers and URLs, a body over the limit (with and
without Content-Length), truncated uploads, unknown routes and methods,
path traversal attempts, a garbage request line; idle connections are
closed after the timeout and connections above the cap are refused
without harm. The static files are exactly the manifest's. SIGINT stops
the server with exit 0."""

import json
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import SRC, Client, Server, World, check, error_of, kith, sql  # noqa: E402

w = World(demo=False)
db = w.db
tmp = os.path.join(w.dir, "tmp")
os.mkdir(tmp)
srv = Server(db, "--max-upload", "1", "--timeout", "3", "--max-connections", "16",
             env=dict(os.environ, TMPDIR=tmp))
owner = Client(srv, w.tokens["owner@a.example"])
manager = Client(srv, w.tokens["manager@a.example"])
count = 0


def alive():
    st, _, data = Client(srv).get("/healthz")
    check(st == 200 and json.loads(data)["status"] == "ok", "the server stopped answering")


def expect(c, method, path, status, body=None, headers=None, code=None):
    global count
    st, h, data = c.request(method, path, body=body, headers=headers)
    check(st == status, "%s %s: %d, want %d: %s" % (method, path[:80], st, status, data[:300]))
    err = error_of(data)
    if code:
        check(err["code"] == code, "%s %s: code %s, want %s" % (method, path[:80],
                                                                err["code"], code))
    alive()
    count += 1
    return err, h


def raw(data, read=True, timeout=10):
    """Send bytes on a fresh connection; the answer's bytes (to close)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)
    s.sendall(data)
    out = b""
    if read:
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    s.close()
    return out


def status_of(resp):
    return int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/1.") else 0


try:
    # ------------------------------------------------------------ JSON bodies
    for b, code in [(b"{", "bad_json"), (b"[1,2]", "bad_json"), (b"", "bad_json"),
                    (b'{"keep": 1, "keep": 2, "drop": 3}', "bad_json"),
                    (b"\xff\xfe{}", "bad_json"),
                    (b'{"keep": "one", "drop": 2}', "bad_request"),
                    (b'{"keep": 1}', "bad_request"), (b'{"keep": -4, "drop": 2}', "bad_request"),
                    (b'{"keep": 1, "drop": 2, "reason": 7}', "bad_request")]:
        expect(manager, "POST", "/api/v1/merges", 400, body=b,
               headers={"Content-Type": "application/json"}, code=code)
    expect(manager, "POST", "/api/v1/merges", 415, body=b'{"keep":1,"drop":2}',
           headers={"Content-Type": "text/plain"})
    expect(manager, "PUT", "/api/v1/config/min_n", 400, body={"value": 7})
    expect(manager, "PUT", "/api/v1/config/min_n", 400, body={"value": "many"})
    expect(owner, "POST", "/api/v1/users", 400, body={"email": "x@y.z", "role": "king",
                                                      "password": "long-enough"})
    expect(owner, "POST", "/api/v1/users", 400, body={"email": "x@y.z", "role": "viewer",
                                                      "password": "short"})
    expect(Client(srv), "POST", "/api/v1/session", 400, body=b"email=a&password=b",
           headers={"Content-Type": "application/json"}, code="bad_json")
    expect(manager, "POST", "/api/v1/merges", 413, body=b'{"a":"' + b"x" * 70000 + b'"}',
           headers={"Content-Type": "application/json"})

    # ------------------------------------------------------------ query values
    for q in ["limit=abc", "limit=0", "limit=-1", "limit=501", "limit=1e3", "kind=alien",
              "level=7", "level=x", "cursor=0", "cursor=abc", "cursor=-5", "q=%FF%FE",
              "q=%01", "unknown=1", "limit=5&limit=6", "all=maybe", "q=" + "x" * 300]:
        expect(owner, "GET", "/api/v1/members?" + q, 400)
    for q in ["by=decade", "from=notadate", "to=2025-13-45", "as_of=yesterday",
              "segment=" + "y" * 201, "basic=2"]:
        expect(owner, "GET", "/api/v1/report?" + q, 400)
    expect(owner, "GET", "/api/v1/merges/suggestions?min_score=2", 400)
    expect(owner, "GET", "/api/v1/merges/suggestions?min_score=nan", 400)
    expect(owner, "GET", "/api/v1/topics?limit=0", 400)
    expect(owner, "GET", "/api/v1/audit?limit=5000", 400)
    expect(owner, "GET", "/api/v1/members/0", 404)
    expect(owner, "GET", "/api/v1/members/abc", 404)
    expect(owner, "GET", "/api/v1/members/12345678901234567890", 404)
    expect(owner, "GET", "/api/v1/members/99999999", 404)
    many = "&".join("p%d=1" % i for i in range(40))
    expect(owner, "GET", "/api/v1/members?" + many, 400)

    # ------------------------------------------------------------ sizes
    expect(owner, "GET", "/api/v1/members?q=" + "a" * 9000, 414)
    err, _ = expect(owner, "GET", "/api/v1/members", 431, headers={"X-Big": "b" * 20000})
    # Beyond libmicrohttpd's own buffer it answers (431) or closes, by itself.
    resp = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Huge: " + b"h" * 300000 + b"\r\n\r\n")
    check(status_of(resp) in (0, 400, 413, 414, 431), "huge header: %r" % resp[:80])
    alive()
    many_headers = {"X-H%d" % i: "v" * 100 for i in range(200)}
    expect(owner, "GET", "/api/v1/members", 431, headers=many_headers)
    # Uploads over --max-upload 1 (MiB): with Content-Length at once, chunked at the end.
    big = b"email,name\n" + b"a@b.example,A\n" * 90000
    check(len(big) > 1 << 20, "the big body is big")
    # The answer comes before the body is sent (a client may stop there).
    resp = raw(b"POST /api/v1/imports/members?filename=big.csv HTTP/1.1\r\nHost: x\r\n"
               b"Authorization: Bearer " + manager.token.encode() +
               b"\r\nContent-Length: %d\r\n\r\n" % len(big))
    check(status_of(resp) == 413 and b'"payload_too_large"' in resp,
          "upload over the limit: %r" % resp[:80])
    alive()
    c = manager.conn()
    c.putrequest("POST", "/api/v1/imports/members?filename=big.csv")
    c.putheader("Authorization", "Bearer " + manager.token)
    c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    for i in range(0, len(big), 65536):
        part = big[i:i + 65536]
        c.send(b"%x\r\n" % len(part) + part + b"\r\n")
    c.send(b"0\r\n\r\n")
    r = c.getresponse()
    data = r.read()
    check(r.status == 413 and error_of(data)["code"] == "payload_too_large",
          "chunked upload over the limit: %d" % r.status)
    c.close()
    alive()
    expect(owner, "GET", "/api/v1/imports", 413, body=b"x" * 100)
    expect(owner, "DELETE", "/api/v1/tokens/99999", 413, body=b"x" * 10)

    # ------------------------------------------------------------ truncated uploads
    before = sql(db, "SELECT count(*) FROM member") + sql(db, "SELECT count(*) FROM import_batch")
    boundary = "b0undary"
    part = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n\r\n"
            "email,name\nt@x.example,T\n" % boundary).encode()
    err, _ = expect(manager, "POST", "/api/v1/imports/members", 400, body=part,
                    headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    check("truncated" in err["message"], err["message"])
    expect(manager, "POST", "/api/v1/imports/members", 400,
           body=b"--b0undary\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n"
                b"--b0undary--\r\n",
           headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    expect(manager, "POST", "/api/v1/imports/members", 400, body=b"x",
           headers={"Content-Type": "multipart/form-data"})
    # A client that promises 5000 bytes, sends 100 and hangs up.
    raw(b"POST /api/v1/imports/members?filename=cut.csv HTTP/1.1\r\nHost: x\r\n"
        b"Authorization: Bearer " + manager.token.encode() +
        b"\r\nContent-Length: 5000\r\n\r\n" + b"email,name\n" + b"c@x.example,C\n" * 6,
        read=False)
    alive()
    # libmicrohttpd notices the hang-up by the idle timeout (3 s here) at the
    # latest; then the half upload is gone.
    for _ in range(100):
        if not os.listdir(tmp):
            break
        time.sleep(0.1)
    check(os.listdir(tmp) == [], "a cut upload left %r" % os.listdir(tmp))
    check(sql(db, "SELECT count(*) FROM member") + sql(db, "SELECT count(*) FROM import_batch")
          == before, "a truncated upload was imported")
    # A zip export cut short: the importer's 422, nothing kept.
    zip_bytes = open(os.path.join(SRC, "tests", "fixtures", "slack", "export", "users.json"),
                     "rb").read()
    err, _ = expect(manager, "POST", "/api/v1/imports/slack?filename=export.zip", 422,
                    body=b"PK\x03\x04" + zip_bytes[:200])
    check(err["message"].startswith("export.zip"), "names the upload: " + err["message"])
    check(tmp not in err["message"], "leaks the server's folder: " + err["message"])
    for _ in range(100):  # the worker removes it once the answer is sent
        if not os.listdir(tmp):
            break
        time.sleep(0.1)
    check(os.listdir(tmp) == [], "upload files left: %r" % os.listdir(tmp))

    # ------------------------------------------------------------ routes and methods
    for path in ["/nope", "/api/v1/nope", "/api/v2/report", "/api/v1/members/", "/api/v1",
                 "/API/V1/REPORT", "/healthz/x"]:
        expect(owner, "GET", path, 404)
    err, h = expect(owner, "PATCH", "/api/v1/members", 405, body=b"{}")
    check(h.get("allow") == "GET, HEAD", "Allow: %r" % h.get("allow"))
    err, h = expect(owner, "DELETE", "/api/v1/report", 405)
    expect(owner, "PUT", "/api/v1/merges", 405, body={"a": 1})
    expect(owner, "OPTIONS", "/api/v1/report", 405)
    err, h = expect(owner, "GET", "/api/v1/imports/shopify-orders", 405)
    check(h.get("allow") == "POST", "Allow: %r" % h.get("allow"))
    expect(manager, "POST", "/api/v1/imports/nosuch", 404, body=b"x")
    resp = raw(b"BREW /api/v1/report HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status_of(resp) in (400, 405, 501), "BREW: %r" % resp[:60])
    alive()
    resp = raw(b"GARBAGE\r\n\r\n")
    check(status_of(resp) in (0, 400, 505), "garbage: %r" % resp[:60])
    alive()

    # ------------------------------------------------------------ traversal, statics
    index = open(os.path.join(SRC, "web", "index.html"), "rb").read()
    st, h, data = Client(srv).get("/")
    check(st == 200 and data == index and h["content-type"].startswith("text/html"),
          "/ is not web/index.html")
    check("default-src 'self'" in h.get("content-security-policy", ""), "no CSP on /")
    st, h2, _ = Client(srv).get("/", headers={"If-None-Match": h["etag"]})
    check(st == 304, "static 304: %d" % st)
    for path in [b"/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/web/index.html",
                 b"/manifest.txt", b"/index.html", b"/style.css/../index.html",
                 b"//etc/passwd", b"/vendor/../../../../etc/passwd",
                 b"/vendor/..%2f..%2fCMakeLists.txt", b"/..%2fCMakeLists.txt",
                 b"/api/v1/members/..%2f..%2f", b"/%00", b"/./style.css",
                 b"/style.css%00.html", b"/vendor/chart.umd.min.js/.."]:
        resp = raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(status_of(resp) in (400, 404), "%r: %r" % (path, resp[:60]))
        check(b"root:" not in resp and b"cmake_minimum_required" not in resp,
              "%r served a file" % path)
        count += 1
    alive()
    st, h, data = Client(srv).get("/vendor/chart.umd.min.js", headers={"Accept-Encoding":
                                                                       "gzip"})
    check(st == 200 and h.get("content-encoding") == "gzip", "chart library: %d" % st)

    # ------------------------------------------------------------ connections
    # An idle connection is closed after --timeout (3 s), without a request.
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    t0 = time.time()
    got = s.recv(100)
    check(got == b"" and time.time() - t0 < 15, "an idle connection stayed open")
    s.close()
    # Above --max-connections (16) connections are refused; the server goes on.
    socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(40)]
    for s in socks:
        s.close()
    time.sleep(0.3)
    alive()
finally:
    err = srv.stop(signal.SIGINT)
    w.cleanup()
print("ok: %d bad requests answered, the server kept serving" % count)
