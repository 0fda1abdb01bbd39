"""Every route the server registers (kith serve --routes, the table the
server dispatches by) is in docs/api/openapi.yaml with the same method,
role and query parameters, and every documented operation is registered;
every route's answer validates against its documented schema (the report
against docs/report-schema.json), each role's own calls included; the
spec check fails on a broken document (the check can fail)."""

import copy
import json
import os
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import (KITH, ORG_A, SRC, Client, Server, World, check, fail, kith)  # noqa: E402

SPEC_PATH = os.path.join(SRC, "docs", "api", "openapi.yaml")
spec = yaml.safe_load(open(SPEC_PATH))
report_schema = json.load(open(os.path.join(SRC, "docs", "report-schema.json")))
graph_schema = json.load(open(os.path.join(SRC, "docs", "graph-schema.json")))

# ------------------------------------------------------------ the table
_, out, _ = kith("serve", "--routes")
table = []
for line in out.splitlines():
    method, pattern, role, params = line.split(None, 3)
    names = set() if params.strip() == "-" else {p.split(":")[0] for p in params.split()}
    table.append((method, pattern, role, names))
check(len(table) >= 25, "too few routes: %d" % len(table))

documented = {}
for path, ops in spec["paths"].items():
    for method, op in ops.items():
        if method in ("get", "post", "put", "delete"):
            documented[(method.upper(), path)] = op


def query_params(op):
    names = set()
    for p in op.get("parameters", []):
        if "$ref" in p:
            continue
        if p["in"] == "query":
            names.add(p["name"])
    return names


for method, pattern, role, names in table:
    op = documented.get((method, pattern))
    check(op is not None, "route %s %s is not in openapi.yaml" % (method, pattern))
    check(op.get("x-kith-role") == role,
          "%s %s: role %s in the table, %s documented" % (method, pattern, role,
                                                           op.get("x-kith-role")))
    check(query_params(op) == names,
          "%s %s: query parameters %s registered, %s documented" %
          (method, pattern, sorted(names), sorted(query_params(op))))
for key in documented:
    check(any((m, p) == key for m, p, _, _ in table), "documented %s %s is not a route" % key)

# ------------------------------------------------------------ schemas
jsonschema.Draft202012Validator.check_schema(
    {"$defs": spec["components"]["schemas"]})
BASE = "file://" + SPEC_PATH
store = {BASE: spec, "file://" + os.path.join(SRC, "docs", "report-schema.json"): report_schema,
         report_schema["$id"]: report_schema,
         "file://" + os.path.join(SRC, "docs", "graph-schema.json"): graph_schema,
         graph_schema["$id"]: graph_schema}


def validator(method, path, status):
    op = documented[(method, path)]
    resp = op["responses"][str(status)]
    if "$ref" in resp:
        resp = spec["components"]["responses"][resp["$ref"].split("/")[-1]]
    schema = resp["content"]["application/json"]["schema"]
    resolver = jsonschema.RefResolver(base_uri=BASE, referrer=spec, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


def valid(method, path, status, doc):
    errs = list(validator(method, path, status).iter_errors(doc))
    check(not errs, "%s %s %d: %s at %s" % (method, path, status, errs and errs[0].message,
                                            errs and list(errs[0].path)))


w = World()
srv = Server(w.db)
try:
    owner = Client(srv, w.tokens["owner@a.example"])
    manager = Client(srv, w.tokens["manager@a.example"])
    viewer = Client(srv)
    viewer.login("viewer@a.example")
    anyone = Client(srv)
    seen = set()

    def call(c, method, pattern, path=None, body=None, expect=200):
        doc = c.json(method, path or pattern, body=body, expect=expect)
        valid(method, pattern, expect, doc)
        seen.add((method, pattern))
        return doc

    call(anyone, "GET", "/healthz")
    call(viewer, "GET", "/api/v1/session")
    call(owner, "GET", "/api/v1/session")
    for c in (owner, viewer):
        call(c, "GET", "/api/v1/report")
        call(c, "GET", "/api/v1/report", "/api/v1/report?by=quarter&segment=kind")
        call(c, "GET", "/api/v1/members", "/api/v1/members?limit=20&kind=customer")
        call(c, "GET", "/api/v1/members/{id}", "/api/v1/members/5068")
        call(c, "GET", "/api/v1/initiatives")
        call(c, "GET", "/api/v1/sentiment", "/api/v1/sentiment?by=month")
        call(c, "GET", "/api/v1/sentiment/alerts", "/api/v1/sentiment/alerts?all=true")
        call(c, "GET", "/api/v1/topics",
             "/api/v1/topics?from=2025-06-09&to=2025-06-16")
        call(c, "GET", "/api/v1/imports")
        call(c, "GET", "/api/v1/imports/formats")
        call(c, "GET", "/api/v1/merges")
        call(c, "GET", "/api/v1/merges/suggestions")
        call(c, "GET", "/api/v1/config")
        call(c, "GET", "/api/v1/clv", "/api/v1/clv?top=5")
        call(c, "GET", "/api/v1/churn", "/api/v1/churn?top=5&horizon=60d")
        call(c, "GET", "/api/v1/segments")
        call(c, "GET", "/api/v1/segments", "/api/v1/segments?method=kmeans&k=3")
    page = call(owner, "GET", "/api/v1/members", "/api/v1/members?level=4&limit=5")
    check(page["members"], "no champion on the first page of level 4")
    sugg = call(owner, "GET", "/api/v1/merges/suggestions")["suggestions"]
    check(sugg, "the demo has merge suggestions")
    a, b = sugg[0]["a"], sugg[0]["b"]
    done = call(manager, "POST", "/api/v1/merges", body={"keep": a, "drop": b,
                                                         "reason": "routes test"})
    call(manager, "POST", "/api/v1/merges/{id}/undo",
         "/api/v1/merges/%d/undo" % done["merge"])
    call(manager, "PUT", "/api/v1/config/{key}", "/api/v1/config/min_n",
         body={"value": "25"})
    call(manager, "DELETE", "/api/v1/config/{key}", "/api/v1/config/min_n")
    with open(os.path.join(w.dir, "m.csv"), "w") as f:
        f.write("email,name,kinds\nnew.person@x.example,New Person,customer\n")
    call(manager, "POST", "/api/v1/imports/{format}",
         "/api/v1/imports/members?filename=m.csv", body=open(
             os.path.join(w.dir, "m.csv"), "rb").read())
    call(owner, "GET", "/api/v1/users")
    u = call(owner, "POST", "/api/v1/users", body={"email": "new@a.example",
                                                   "role": "viewer",
                                                   "password": "new-user-pass"},
             expect=201)
    call(owner, "PUT", "/api/v1/users/{id}/password",
         "/api/v1/users/%d/password" % u["id"], body={"password": "another-pass"})
    t = call(owner, "POST", "/api/v1/tokens", body={"user_id": u["id"], "name": "x"},
             expect=201)
    call(owner, "GET", "/api/v1/tokens")
    call(owner, "DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/%d" % t["id"])
    call(owner, "DELETE", "/api/v1/users/{id}", "/api/v1/users/%d" % u["id"])
    call(owner, "GET", "/api/v1/audit", "/api/v1/audit?limit=10")
    # The community network (docs/graph.md): both roles, and the picture.
    for c in (owner, viewer):
        call(c, "GET", "/api/v1/graph", "/api/v1/graph?weights=count")
        call(c, "GET", "/api/v1/match/{id}", "/api/v1/match/5066?top=3")
        call(c, "GET", "/api/v1/match/newcomers")
    # Impact (docs/impact.md): both roles; the demo has outcomes and
    # stakeholder groups, a goal is added for the goals' schema.
    kith("--org", ORG_A, "goals", "add", "--metric", "crr", "--target", "70%", "--by",
         "2099-12-31", "--owner", "Ada", db=w.db)
    for c in (owner, viewer):
        call(c, "GET", "/api/v1/srci")
        call(c, "GET", "/api/v1/srci", "/api/v1/srci?initiative=Community%20Garden")
        call(c, "GET", "/api/v1/stakeholders")
        call(c, "GET", "/api/v1/goals")
        call(c, "GET", "/api/v1/outcomes", "/api/v1/outcomes?initiative=Kids%20Baking%20Club")
        call(c, "GET", "/api/v1/simulate",
             "/api/v1/simulate?months=6&downturn=months%3D3&initiative=from%3D2%2Ccost%3D500")
    call(owner, "GET", "/api/v1/simulate", "/api/v1/simulate?p=0.01&q=0.3&market=5000")
    call(owner, "GET", "/api/v1/simulate", "/api/v1/simulate?months=0", expect=400)
    call(owner, "GET", "/api/v1/srci", "/api/v1/srci?initiative=Nope", expect=422)
    st, h, data = owner.get("/api/v1/match/99999999")
    check(st == 404, "match for a missing member: %d" % st)
    valid("GET", "/api/v1/match/{id}", 404, json.loads(data))
    st, h, data = viewer.get("/api/v1/graph.svg?nodes=50")
    check(st == 200 and h.get("content-type", "").startswith("image/svg+xml")
          and data.startswith(b"<svg") and data.rstrip().endswith(b"</svg>"),
          "GET /api/v1/graph.svg: %d %r" % (st, h))
    seen.add(("GET", "/api/v1/graph.svg"))

    call(viewer, "DELETE", "/api/v1/session")
    lc = Client(srv)
    st, h, data = lc.request("POST", "/api/v1/session",
                             body={"email": "owner@a.example", "password": "owner-a-pass"})
    check(st == 200, "login")
    valid("POST", "/api/v1/session", 200, json.loads(data))
    seen.add(("POST", "/api/v1/session"))
    # An error answer validates against the Error schema.
    st, h, data = owner.get("/api/v1/members/99999999")
    check(st == 404, "missing member")
    valid("GET", "/api/v1/members/{id}", 404, json.loads(data))

    # The pages for browsers without JavaScript answer HTML, not JSON
    # (tests/api/pages.py checks them in depth).
    for c in (owner, manager):
        st, h, data = c.get("/report.html?by=quarter")
        check(st == 200 and h.get("content-type", "").startswith("text/html")
              and data.startswith(b"<!DOCTYPE html>"), "GET /report.html: %d %r" % (st, h))
    st, h, data = anyone.get("/report.html")
    check(st == 401 and h.get("content-type", "").startswith("text/html")
          and b'action="/login"' in data, "GET /report.html without a login: %d" % st)
    seen.add(("GET", "/report.html"))
    st, h, data = anyone.request(
        "POST", "/login", body=b"email=owner%40a.example&password=owner-a-pass",
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 303 and h.get("location") == "/report.html"
          and h.get("set-cookie", "").startswith("kith_session="), "POST /login: %d %r" % (st, h))
    seen.add(("POST", "/login"))

    missing = [(m, p) for m, p, _, _ in table if (m, p) not in seen]
    check(not missing, "routes whose answer was not checked: %s" % missing)

    # The check can fail: a report without its sections is refused.
    doc = owner.json("GET", "/api/v1/report")
    bad = copy.deepcopy(doc)
    del bad["sections"]
    check(list(validator("GET", "/api/v1/report", 200).iter_errors(bad)),
          "the report schema accepted a report without sections")
    bad = {"members": [{"id": "x"}], "next_cursor": None}
    check(list(validator("GET", "/api/v1/members", 200).iter_errors(bad)),
          "the member page schema accepted a broken page")
finally:
    srv.stop()
    w.cleanup()
print("ok: %d routes registered and documented, every answer valid" % len(table))
