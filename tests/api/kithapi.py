"""Helpers of the API tests: a real `kith serve` on 127.0.0.1 (port 0) over
a temporary database, an HTTP client (http.client: every status comes back
as a value), and the fixtures every test file shares: the demo bakery
(org A) plus a second organisation (org B, the metrics fixture) in the
same database, with users of each role.

Run by CTest as /usr/bin/python3 tests/api/<name>.py with KITH_BIN,
KITH_SOURCE_DIR and KITH_FIXTURES set (tests/CMakeLists.txt)."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

KITH = os.environ["KITH_BIN"]
SRC = os.environ["KITH_SOURCE_DIR"]
FIX = os.environ["KITH_FIXTURES"]

ORG_A = "Millbrook Bakery"
ORG_B = "Other Shop"
PASSWORDS = {
    "owner@a.example": "owner-a-pass",
    "manager@a.example": "manager-a-pass",
    "viewer@a.example": "viewer-a-pass",
    "owner@b.example": "owner-b-pass",
    "viewer@b.example": "viewer-b-pass",
}


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def kith(*args, db=None, stdin=None, env=None, ok=True):
    """Run the CLI; returns (exit code, stdout, stderr)."""
    cmd = [KITH] + (["--db", db] if db else []) + list(args)
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
    if ok and p.returncode != 0:
        fail("%s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p.returncode, p.stdout, p.stderr


class World:
    """The temporary folder, the database with both orgs and the users,
    and a token per user."""

    def __init__(self, demo=True):
        self.dir = tempfile.mkdtemp(prefix="kith-api-")
        self.db = os.path.join(self.dir, "k.db")
        if demo:
            kith("demo", db=self.db)
        else:
            kith("init", "--org", ORG_A, db=self.db)
        kith("--org", ORG_B, "init", db=self.db)
        core = os.path.join(FIX, "metrics", "core")
        for f in ["initiatives", "members", "activities", "ideas"]:
            kith("--org", ORG_B, "import", f, os.path.join(core, f + ".csv"), db=self.db)
        for email, pw in PASSWORDS.items():
            role = email.split("@")[0]
            org = ORG_A if email.endswith("@a.example") else ORG_B
            kith("--org", org, "users", "add", email, "--role", role, "--password-stdin",
                 db=self.db, stdin=pw + "\n")
        self.tokens = {}
        for email in PASSWORDS:
            org = ORG_A if email.endswith("@a.example") else ORG_B
            _, out, _ = kith("--org", org, "tokens", "create", email, db=self.db)
            self.tokens[email] = out.strip()

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """kith serve on 127.0.0.1:0 over db; stop() checks it exits 0 and
    that the sanitizers said nothing."""

    def __init__(self, db, *extra, env=None):
        self.err_path = tempfile.mktemp(prefix="kith-serve-", suffix=".err")
        self.errf = open(self.err_path, "w")
        self.p = subprocess.Popen([KITH, "--db", db, "serve", "--listen", "127.0.0.1:0"]
                                  + list(extra), stdout=subprocess.PIPE,
                                  stderr=self.errf, text=True, env=env)
        line = self.p.stdout.readline()
        m = re.match(r"listening on (https?)://127\.0\.0\.1:(\d+)$", line.strip())
        if not m:
            self.errf.close()
            fail("first line of kith serve: %r; stderr: %s" % (line, open(self.err_path).read()))
        self.scheme, self.port = m.group(1), int(m.group(2))

    def stderr(self):
        self.errf.flush()
        return open(self.err_path).read()

    def stop(self, sig=signal.SIGTERM):
        self.p.send_signal(sig)
        try:
            rc = self.p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            fail("kith serve did not stop on %s" % sig)
        self.errf.close()
        err = open(self.err_path).read()
        os.unlink(self.err_path)
        check(rc == 0, "kith serve exited %d on %s: %s" % (rc, sig, err))
        check("ERROR: AddressSanitizer" not in err and "runtime error" not in err
              and "LeakSanitizer" not in err, "sanitizer report: " + err)
        return err


class Client:
    """One caller: a token, a session cookie, or nobody."""

    def __init__(self, server, token=None):
        self.s = server
        self.token = token
        self.cookie = None
        self.csrf = None

    def conn(self):
        if self.s.scheme == "https":
            import ssl
            ctx = ssl.create_default_context(cafile=self.s.cafile)
            return http.client.HTTPSConnection("127.0.0.1", self.s.port, context=ctx,
                                               timeout=120)
        return http.client.HTTPConnection("127.0.0.1", self.s.port, timeout=120)

    def request(self, method, path, body=None, headers=None, csrf=True):
        """(status, headers dict lowercased, body bytes)."""
        h = {}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = "kith_session=" + self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c = self.conn()
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def json(self, method, path, body=None, expect=200, **kw):
        st, h, data = self.request(method, path, body=body, **kw)
        check(st == expect, "%s %s: %d (want %d): %s" % (method, path, st, expect,
                                                         data[:400]))
        check(h.get("content-type", "").startswith("application/json"),
              "%s %s: content type %r" % (method, path, h.get("content-type")))
        return json.loads(data)

    def login(self, email, password=None):
        st, h, data = self.request("POST", "/api/v1/session",
                                   body={"email": email,
                                         "password": password or PASSWORDS[email]})
        check(st == 200, "login %s: %d %s" % (email, st, data))
        m = re.match(r"kith_session=([^;]+)", h.get("set-cookie", ""))
        check(m, "no session cookie: %r" % h.get("set-cookie"))
        self.cookie = m.group(1)
        self.csrf = json.loads(data)["csrf_token"]
        return h


def error_of(data):
    """The {"error": {code, message}} of an answer (checks the shape)."""
    d = json.loads(data)
    check(set(d) == {"error"} and set(d["error"]) == {"code", "message"},
          "not an error document: %r" % d)
    return d["error"]


def sql(db, query):
    return subprocess.run(["sqlite3", db, query], capture_output=True, text=True,
                          check=True).stdout


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
