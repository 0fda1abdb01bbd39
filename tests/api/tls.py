"""kith serve --tls-cert/--tls-key serves HTTPS (libmicrohttpd with GnuTLS)
with a self-signed certificate made here: the first line names https, a
client that trusts the certificate gets /healthz and logs in, the session
cookie is Secure, answers carry Strict-Transport-Security; plain HTTP on
that port gets no answer; one of the two options alone is a usage
error."""

import os
import ssl
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import KITH, Client, Server, World, check, kith  # noqa: E402

w = World(demo=False)
cert = os.path.join(w.dir, "cert.pem")
key = os.path.join(w.dir, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
rc, _, err = kith("serve", "--tls-cert", cert, db=w.db, ok=False)
check(rc == 1 and "--tls-key" in err, "one TLS option alone: %d %s" % (rc, err))

srv = Server(w.db, "--tls-cert", cert, "--tls-key", key)
srv.cafile = cert
try:
    check(srv.scheme == "https", "the first line says " + srv.scheme)
    c = Client(srv)
    st, h, data = c.get("/healthz")
    check(st == 200, "https healthz: %d" % st)
    check("max-age" in h.get("strict-transport-security", ""), "no HSTS")
    h = c.login("owner@a.example")
    check("Secure" in h["set-cookie"] and "HttpOnly" in h["set-cookie"],
          "cookie over TLS: " + h["set-cookie"])
    c.json("GET", "/api/v1/session")
    # An untrusting client refuses the certificate.
    bad = ssl.create_default_context()
    import http.client
    try:
        hc = http.client.HTTPSConnection("127.0.0.1", srv.port, context=bad, timeout=10)
        hc.request("GET", "/healthz")
        hc.getresponse()
        check(False, "a client without the certificate connected")
    except ssl.SSLError:
        pass
    # Plain HTTP to the TLS port is no HTTP answer.
    hc = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        hc.request("GET", "/healthz")
        r = hc.getresponse()
        check(r.status >= 400, "plain HTTP answered %d" % r.status)
    except (http.client.HTTPException, ConnectionError, OSError):
        pass
    hc.close()
    st, _, _ = c.get("/healthz")
    check(st == 200, "TLS after a plain HTTP attempt: %d" % st)
finally:
    srv.stop()
    w.cleanup()
print("ok: TLS")
