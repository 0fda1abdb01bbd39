"""What the dashboard needs of the server beyond the JSON views: the pages
for browsers without JavaScript (GET /report.html, POST /login), the
members at risk (GET /api/v1/members?at_risk=true) and the org's time
zone in the session.

- /report.html is byte for byte the page `kith report --html` writes, for
  the same arguments; cached (ETag, 304); not logged in, a 401 whose page
  is the login form and comes back to the same address.
- POST /login: a form from the server's own page logs in (303 to `next`,
  the session cookie, audited); a wrong password, a form from another
  site (Origin, Sec-Fetch-Site), a `next` that leaves the server, a JSON
  body, an oversized form: each its answer, as a page.
- at_risk=true lists exactly the members `kith members at-risk` lists.
- the dashboard's files and the JSON share one kept-alive connection.
"""

import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import PASSWORDS, Client, Server, World, check, kith, sql  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form(**fields):
    return urllib.parse.urlencode(fields).encode()


w = World()
db = w.db
srv = Server(db)
try:
    owner = Client(srv, w.tokens["owner@a.example"])
    viewer = Client(srv, w.tokens["viewer@a.example"])
    anyone = Client(srv)

    # ------------------------------------------------------------ /report.html
    html_file = os.path.join(w.dir, "r.html")
    for args, query in [([], ""), (["--by", "quarter"], "?by=quarter")]:
        kith("--org", "Millbrook Bakery", "report", *args, "--html", html_file, db=db)
        want = open(html_file, "rb").read()
        st, h, got = owner.get("/report.html" + query)
        check(st == 200, "/report.html%s: %d" % (query, st))
        check(h["content-type"] == "text/html; charset=utf-8", "content type %r" % h)
        check(got == want, "/report.html%s differs from kith report --html" % query)
        check("script-src" not in h["content-security-policy"]
              and "default-src 'none'" in h["content-security-policy"],
              "the page may run scripts: %r" % h["content-security-policy"])
    st, h, _ = owner.get("/report.html")
    check(h.get("x-kith-cache") == "hit", "a repeated page is not served from the cache")
    st, _, _ = owner.get("/report.html", headers={"If-None-Match": h["etag"]})
    check(st == 304, "If-None-Match: %d" % st)
    # The viewer's page is the same here (the demo's report names no
    # address or phone); tests/unit/server/test_redact_html.c checks the
    # redaction of a page's text.
    st, _, vpage = viewer.get("/report.html")
    check(st == 200 and b"[email hidden]" not in vpage, "viewer's page: %d" % st)
    st, h, data = anyone.get("/report.html?by=month&basic=true")
    check(st == 401 and h["content-type"].startswith("text/html"), "not logged in: %d" % st)
    check(b'<form class="login" method="post" action="/login">' in data, "no login form")
    check(b'name="next" value="/report.html?by=month&amp;basic=true"' in data,
          "the form does not come back here: %r" % data)
    st, _, data = anyone.get("/report.html?by=week")
    check(st == 400 and b"<!doctype html>" in data and b"by" in data,
          "a bad argument is not a page: %d %r" % (st, data[:300]))

    # ------------------------------------------------------------ /login
    before = int(sql(db, "SELECT count(*) FROM audit_log WHERE action = 'login'"))
    c = Client(srv)
    st, h, _ = c.request("POST", "/login", headers=FORM, body=form(
        email="viewer@a.example", password=PASSWORDS["viewer@a.example"],
        next="/report.html?by=quarter"))
    check(st == 303 and h["location"] == "/report.html?by=quarter", "login: %d %r" % (st, h))
    m = re.match(r"kith_session=([^;]+); Path=/; HttpOnly; SameSite=Strict", h["set-cookie"])
    check(m, "session cookie: %r" % h["set-cookie"])
    c.cookie = m.group(1)
    st, _, page = c.get("/report.html?by=quarter")
    check(st == 200 and page.startswith(b"<!DOCTYPE html>"), "after login: %d" % st)
    st, _, me = c.get("/api/v1/session")
    check(st == 200 and b'"role": "viewer"' in me, "the form's session: %r" % me)
    after = int(sql(db, "SELECT count(*) FROM audit_log WHERE action = 'login'"))
    check(after == before + 1, "the form login was not audited")

    st, h, data = anyone.request("POST", "/login", headers=FORM,
                                 body=form(email="viewer@a.example", password="wrong-pass",
                                           next="/report.html?by=year"))
    check(st == 401 and b"wrong email or password" in data and b'role="alert"' in data,
          "wrong password: %d %r" % (st, data[:300]))
    check(b'value="/report.html?by=year"' in data, "the form forgot where to go")
    check("set-cookie" not in h, "a failed login set a cookie")

    for hdrs in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                 {"Origin": "null"}, {"Sec-Fetch-Site": "same-site"},
                 {"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1:%d" % srv.port}):
        st, h, data = anyone.request("POST", "/login", headers={**FORM, **hdrs},
                                     body=form(email="owner@a.example",
                                               password=PASSWORDS["owner@a.example"]))
        check(st == 403 and "set-cookie" not in h and b"another site" in data,
              "cross-site form %r: %d" % (hdrs, st))
    own = "http://127.0.0.1:%d" % srv.port
    # What chromium sends for the server's own form: Origin null (the pages'
    # Referrer-Policy is no-referrer) and Sec-Fetch-Site same-origin.
    for hdrs in ({"Origin": own, "Sec-Fetch-Site": "same-origin"},
                 {"Origin": "null", "Sec-Fetch-Site": "same-origin"}, {"Origin": own}):
        st, h, _ = anyone.request("POST", "/login", headers={**FORM, **hdrs},
                                  body=form(email="owner@a.example",
                                            password=PASSWORDS["owner@a.example"]))
        check(st == 303, "a form from the server's own page %r: %d" % (hdrs, st))

    for nxt in ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                "/report.html\r\nSet-Cookie: x=1", "report.html"]:
        st, h, _ = anyone.request("POST", "/login", headers=FORM, body=form(
            email="owner@a.example", password=PASSWORDS["owner@a.example"], next=nxt))
        check(st == 303 and h["location"] == "/report.html",
              "next=%r went to %r" % (nxt, h.get("location")))
    st, _, data = anyone.request("POST", "/login", body={"email": "owner@a.example"})
    check(st == 415 and b"x-www-form-urlencoded" in data, "a JSON body: %d" % st)
    st, _, _ = anyone.request("POST", "/login", headers=FORM,
                              body=b"email=" + b"a" * (70 * 1024))
    check(st == 413, "an oversized form: %d" % st)
    st, _, data = anyone.request("POST", "/login", headers=FORM,
                                 body=form(email="x@a.example", password="p" * 2000))
    check(st == 400 and b"too long" in data, "a field over 1 KiB: %d %r" % (st, data[:300]))
    st, _, data = anyone.request("POST", "/login", headers=FORM, body=b"email=&password=")
    check(st == 401 and b"give your email and password" in data, "empty form: %d" % st)

    # ------------------------------------------------------------ at risk
    _, out, _ = kith("--org", "Millbrook Bakery", "members", "at-risk", db=db)
    want = sorted(int(line.split()[0]) for line in out.splitlines()[1:] if line.strip())
    check(len(want) > 5, "the demo has members at risk: %r" % out[:300])
    got = [m["id"] for m in owner.json("GET", "/api/v1/members?at_risk=true&limit=500")["members"]]
    check(got == want, "at_risk=true: %s, kith members at-risk: %s" % (got, want))
    champ = [m["id"] for m in owner.json(
        "GET", "/api/v1/members?at_risk=true&level=4&limit=500")["members"]]
    check(set(champ) <= set(want), "at_risk and level together")
    page = owner.json("GET", "/api/v1/members?at_risk=true&limit=3")
    check(len(page["members"]) == 3 and page["next_cursor"] == str(page["members"][-1]["id"]),
          "a page of members at risk: %r" % page)

    # ------------------------------------------------------------ keep-alive
    # A browser loads the dashboard's files and its JSON over one connection:
    # the server answers each without closing it (a static file queued
    # before the request was read would close it).
    c = anyone.conn()
    c.connect()
    sock = c.sock
    for path in ["/", "/app.js", "/", "/healthz"]:
        c.request("GET", path, headers={"Accept-Encoding": "gzip"})
        r = c.getresponse()
        r.read()
        check(r.status == 200, "keep-alive GET %s: %d" % (path, r.status))
        check((r.getheader("Connection") or "").lower() != "close" and c.sock is sock,
              "GET %s closed the connection" % path)
    c.close()

    # ------------------------------------------------------------ session
    me = owner.json("GET", "/api/v1/session")
    check(me["user"]["timezone"] == "Europe/London", "session time zone: %r" % me)
finally:
    srv.stop()
    w.cleanup()
print("ok: report page, form login, members at risk, keep-alive, session time zone")
