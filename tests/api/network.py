"""The community network routes (docs/graph.md, "In the dashboard"):
GET /api/v1/graph answers exactly what `kith graph --format json` prints
for the same arguments, GET /api/v1/match/{id} and /match/newcomers what
`kith match` prints; bad values are 400s; each member has its own cached
answer; another org's member is a 404 and each org sees its own network;
viewers see names but no email address or phone number (in the JSON and
in the SVG picture)."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import (ORG_A, ORG_B, Client, Server, World, check, error_of, kith,
                     sql)  # noqa: E402

w = World()
db = w.db
BRIDGE, TIED = 5066, 5068  # Ada Lovelace-Baker and Chen Wei (docs/demo.md)
# A name holding an address and a phone number: what viewers must not see.
SECRET_MAIL, SECRET_PHONE = "chen.wei@private.example", "+44 7700 900123"
sql(db, "UPDATE member SET display_name = 'Chen Wei %s %s' WHERE id = %d"
    % (SECRET_MAIL, SECRET_PHONE, TIED))


def cli(*args, org=ORG_A, ok=True):
    return kith("--org", org, *args, db=db, ok=ok)


srv = Server(db)
try:
    owner = Client(srv, w.tokens["owner@a.example"])
    viewer = Client(srv)
    viewer.login("viewer@a.example")
    viewer_b = Client(srv, w.tokens["viewer@b.example"])

    def body(c, path, expect=200):
        st, h, data = c.get(path)
        check(st == expect, "%s: %d (want %d) %s" % (path, st, expect, data[:300]))
        return data.decode()

    # ------------------------------------------------------------ the CLI's bytes
    for args, q in [
            ([], ""),
            (["--weights", "count"], "weights=count"),
            (["--from", "2025-03-01", "--to", "2025-09-01", "--as-of", "2025-10-01"],
             "from=2025-03-01&to=2025-09-01&as_of=2025-10-01"),
            (["--include-team", "--resolution", "0.5", "--strong-quantile", "0.5"],
             "include_team=1&resolution=0.5&strong_quantile=0.5"),
    ]:
        want = cli("graph", "--format", "json", *args)[1]
        got = body(owner, "/api/v1/graph?" + q)
        check(got == want, "GET /api/v1/graph?%s differs from kith graph %s"
              % (q, " ".join(args)))
    g = json.loads(got)
    check(g["nodes"] > 1000 and g["communities"], "the demo's network: %d nodes" % g["nodes"])
    for args, q in [([], ""), (["--top", "3"], "?top=3"),
                    (["--weights", "count", "--top", "5"], "?weights=count&top=5")]:
        want = cli("match", str(BRIDGE), "--format", "json", *args)[1]
        check(body(owner, "/api/v1/match/%d%s" % (BRIDGE, q)) == want,
              "GET /api/v1/match/%d%s differs from kith match" % (BRIDGE, q))
    want = cli("match", "--newcomers", "--format", "json")[1]
    check(body(owner, "/api/v1/match/newcomers") == want,
          "GET /api/v1/match/newcomers differs from kith match --newcomers")
    check(json.loads(want)["introductions"], "the demo has newcomers to introduce")

    # Each member its own answer: the cache keys the {id} (a second member
    # after the first is cached is not the first's answer).
    other = json.loads(body(owner, "/api/v1/match/%d" % TIED))
    check(other["introductions"] and
          all(r["member"] == TIED for r in other["introductions"]),
          "GET /api/v1/match/%d answered another member's introductions" % TIED)
    st, h, _ = owner.get("/api/v1/match/%d" % BRIDGE)
    check(st == 200 and h.get("x-kith-cache") == "hit", "repeated match: not a cache hit")

    # ------------------------------------------------------------ bad values
    for q, words in [("weights=bad", "weights"), ("resolution=0", "resolution"),
                     ("resolution=-1", "resolution"), ("strong_quantile=1", "strong_quantile"),
                     ("from=yesterday", "from"), ("runs=3", "runs")]:
        st, _, data = owner.get("/api/v1/graph?" + q)
        check(st == 400 and words in error_of(data)["message"],
              "GET /api/v1/graph?%s: %d %s" % (q, st, data[:200]))
    for q in ["top=0", "top=x", "weights=bad"]:
        st, _, data = owner.get("/api/v1/match/%d?%s" % (BRIDGE, q))
        check(st == 400, "GET /api/v1/match?%s: %d" % (q, st))
    st, _, data = owner.get("/api/v1/graph.svg?nodes=0")
    check(st == 400, "GET /api/v1/graph.svg?nodes=0: %d" % st)
    # A period without ties: the CLI's message, as a 422.
    rc, _, err = cli("graph", "--format", "json", "--from", "2019-01-01", "--to",
                     "2019-02-01", ok=False)
    st, _, data = owner.get("/api/v1/graph?from=2019-01-01&to=2019-02-01")
    check(rc == 3 and st == 422 and error_of(data)["message"] in err,
          "no ties in the period: exit %d, %d %s" % (rc, st, data[:200]))

    # ------------------------------------------------------------ tenants
    st, _, data = viewer_b.get("/api/v1/match/%d" % BRIDGE)
    check(st == 404 and error_of(data)["code"] == "not_found",
          "org B asked for org A's member %d: %d" % (BRIDGE, st))
    b_member = int(sql(db, "SELECT min(m.id) FROM member m JOIN org o ON o.id = m.org_id "
                           "WHERE o.name = '%s'" % ORG_B).strip())
    st, _, _ = owner.get("/api/v1/match/%d" % b_member)
    check(st == 404, "org A asked for org B's member %d: %d" % (b_member, st))
    # Org B's network is its own (the CLI's for org B, answer or error).
    rc, out, err = cli("graph", "--format", "json", org=ORG_B, ok=False)
    st, _, data = viewer_b.get("/api/v1/graph")
    if rc == 0:
        check(st == 200 and data.decode() == out, "org B's graph differs from its CLI's")
    else:
        check(st == 422 and error_of(data)["message"] in err,
              "org B's graph: exit %d, %d %s" % (rc, st, data[:200]))

    # ------------------------------------------------------------ redaction
    mine = body(owner, "/api/v1/graph")
    check(SECRET_MAIL in mine and SECRET_PHONE in mine, "the owner sees the name as it is")
    for path in ["/api/v1/graph", "/api/v1/members/%d" % BRIDGE, "/api/v1/graph.svg?nodes=300",
                 "/api/v1/match/%d?top=100" % (BRIDGE + 1)]:
        text = body(viewer, path)
        check(SECRET_MAIL not in text and SECRET_PHONE not in text,
              "a viewer saw an address or phone number in %s" % path)
    seen = json.loads(body(viewer, "/api/v1/graph"))
    names = {m["id"]: m["name"] for m in seen["members"]}
    check(names[BRIDGE] == "Ada Lovelace-Baker" and names[TIED].startswith("Chen Wei "),
          "viewers see members' names: %r" % names.get(TIED))
    prof = json.loads(body(viewer, "/api/v1/members/%d" % BRIDGE))
    check(prof["network"]["in_graph"] and
          TIED in [t["id"] for t in prof["network"]["strongest_ties"]],
          "the profile's network lists the strongest ties")
finally:
    srv.stop()
    w.cleanup()
print("ok: graph and match routes are the CLI's JSON, checked, scoped and redacted")
