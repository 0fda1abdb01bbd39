"""Accounts over the API: each role's allowed and forbidden calls on every
route of the table, tenant isolation on every route (two organisations in
one database: org B's resources are 404 for org A's users, never 403),
viewers see no email address or phone number in any answer, the session
cookie's attributes, CSRF refused, logout, revoked tokens, the audit log
(who, when, from where), and the login rate limits per account and per
address."""

import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import (ORG_A, ORG_B, PASSWORDS, Client, Server, World, check, error_of,
                     kith, sql)  # noqa: E402

w = World()
db = w.db
# Org B: a merge, a config value and a known member, for the isolation checks.
b_members = [int(x) for x in sql(db, "SELECT m.id FROM member m JOIN org o ON o.id = "
                                     "m.org_id WHERE o.name = 'Other Shop' ORDER BY m.id"
                                 ).split()]
a_members = [int(x) for x in sql(db, "SELECT m.id FROM member m JOIN org o ON o.id = "
                                     "m.org_id WHERE o.name = 'Millbrook Bakery' ORDER BY "
                                     "m.id LIMIT 3").split()]
kith("--org", ORG_B, "members", "merge", str(b_members[0]), str(b_members[1]), db=db)
b_merge = int(sql(db, "SELECT max(m.id) FROM merge_log m JOIN org o ON o.id = m.org_id "
                      "WHERE o.name = 'Other Shop'"))
kith("--org", ORG_B, "config", "set", "min_n", "3", db=db)
b_user = int(sql(db, "SELECT id FROM app_user WHERE email = 'viewer@b.example'"))
b_token = int(sql(db, "SELECT t.id FROM api_token t JOIN app_user u ON u.id = t.user_id "
                      "WHERE u.email = 'viewer@b.example'"))

srv = Server(db)
try:
    owner = Client(srv, w.tokens["owner@a.example"])
    manager = Client(srv, w.tokens["manager@a.example"])
    viewer = Client(srv, w.tokens["viewer@a.example"])
    anyone = Client(srv)
    callers = {"public": anyone, "viewer": viewer, "manager": manager, "owner": owner}
    rank = {"public": 0, "viewer": 1, "manager": 2, "owner": 3}

    # ------------------------------------------------------------ roles
    # One harmless request per route: allowed callers get past the role
    # check (their answer is the route's own: 200, 404 for a missing id,
    # 400 for a bad value), forbidden ones get 401 (nobody) or 403.
    harmless = {
        ("GET", "/healthz"): ("/healthz", None),
        ("GET", "/api/v1/session"): ("/api/v1/session", None),
        ("DELETE", "/api/v1/session"): ("/api/v1/session", None),
        ("GET", "/api/v1/report"): ("/api/v1/report?basic=1", None),
        ("GET", "/api/v1/members"): ("/api/v1/members?limit=3", None),
        ("GET", "/api/v1/members/{id}"): ("/api/v1/members/%d" % a_members[0], None),
        ("GET", "/api/v1/initiatives"): ("/api/v1/initiatives", None),
        ("GET", "/api/v1/sentiment"): ("/api/v1/sentiment", None),
        ("GET", "/api/v1/sentiment/alerts"): ("/api/v1/sentiment/alerts", None),
        ("GET", "/api/v1/topics"): ("/api/v1/topics", None),
        ("GET", "/api/v1/imports"): ("/api/v1/imports", None),
        ("GET", "/api/v1/imports/formats"): ("/api/v1/imports/formats", None),
        ("POST", "/api/v1/imports/{format}"): ("/api/v1/imports/no-such-format", b"x"),
        ("GET", "/api/v1/merges"): ("/api/v1/merges", None),
        ("GET", "/api/v1/merges/suggestions"): ("/api/v1/merges/suggestions", None),
        ("POST", "/api/v1/merges"): ("/api/v1/merges", {"keep": 99999998, "drop": 99999999}),
        ("POST", "/api/v1/merges/{id}/undo"): ("/api/v1/merges/99999999/undo", None),
        ("GET", "/api/v1/config"): ("/api/v1/config", None),
        ("PUT", "/api/v1/config/{key}"): ("/api/v1/config/no_such_key", {"value": "1"}),
        ("DELETE", "/api/v1/config/{key}"): ("/api/v1/config/no_such_key", None),
        ("GET", "/api/v1/users"): ("/api/v1/users", None),
        ("POST", "/api/v1/users"): ("/api/v1/users", {"email": "bad", "role": "viewer",
                                                      "password": "long-enough"}),
        ("DELETE", "/api/v1/users/{id}"): ("/api/v1/users/99999999", None),
        ("PUT", "/api/v1/users/{id}/password"): ("/api/v1/users/99999999/password",
                                                 {"password": "long-enough"}),
        ("GET", "/api/v1/tokens"): ("/api/v1/tokens", None),
        ("POST", "/api/v1/tokens"): ("/api/v1/tokens", {"user_id": 99999999}),
        ("DELETE", "/api/v1/tokens/{id}"): ("/api/v1/tokens/99999999", None),
        ("GET", "/api/v1/audit"): ("/api/v1/audit", None),
        ("GET", "/report.html"): ("/report.html?basic=true", None),
        ("POST", "/login"): ("/login", None),
        ("GET", "/api/v1/clv"): ("/api/v1/clv?top=5", None),
        ("GET", "/api/v1/churn"): ("/api/v1/churn?top=5", None),
        ("GET", "/api/v1/segments"): ("/api/v1/segments", None),
        ("GET", "/api/v1/graph"): ("/api/v1/graph?weights=count", None),
        ("GET", "/api/v1/graph.svg"): ("/api/v1/graph.svg?nodes=20", None),
        ("GET", "/api/v1/match/{id}"): ("/api/v1/match/5066?top=2", None),
        ("GET", "/api/v1/match/newcomers"): ("/api/v1/match/newcomers", None),
        ("GET", "/api/v1/srci"): ("/api/v1/srci?sensitivity=20", None),
        ("GET", "/api/v1/stakeholders"): ("/api/v1/stakeholders", None),
        ("GET", "/api/v1/goals"): ("/api/v1/goals", None),
        ("GET", "/api/v1/outcomes"): ("/api/v1/outcomes", None),
        ("GET", "/api/v1/simulate"): ("/api/v1/simulate?months=6", None),
    }
    _, out, _ = kith("serve", "--routes")
    table = [line.split()[:3] for line in out.splitlines()]
    checked = 0
    for method, pattern, role in table:
        if (method, pattern) == ("POST", "/api/v1/session"):
            continue  # logging in: below
        check((method, pattern) in harmless, "no role check for %s %s" % (method, pattern))
        path, body = harmless[(method, pattern)]
        for who, c in callers.items():
            st, _, data = c.request(method, path, body=body)
            if rank[who] >= rank[role]:
                check(st not in (401, 403), "%s %s as %s: %d %s" % (method, path, who, st,
                                                                   data[:200]))
                if method == "GET":
                    check(st == 200, "%s %s as %s: %d" % (method, path, who, st))
            else:
                want = 401 if who == "public" else 403
                check(st == want, "%s %s as %s: %d, want %d" % (method, path, who, st, want))
                if pattern.endswith(".html"):
                    # A page for people is refused with a page: the login form.
                    check(b'action="/login"' in data, "%s %s as %s: no login form: %r" %
                          (method, path, who, data[:200]))
                else:
                    error_of(data)
            checked += 1
    # Real work of each role: a viewer reads, a manager changes the config,
    # an owner lists users.
    viewer.json("GET", "/api/v1/report")
    manager.json("PUT", "/api/v1/config/min_n", body={"value": "30"})
    manager.json("DELETE", "/api/v1/config/min_n")
    owner.json("GET", "/api/v1/users")
    st, _, _ = viewer.request("PUT", "/api/v1/config/min_n", body={"value": "30"})
    check(st == 403, "a viewer changed the config")
    st, _, _ = manager.request("GET", "/api/v1/users")
    check(st == 403, "a manager listed users")

    # ------------------------------------------------------------ tenants
    # Org B's resources, asked for by org A's owner (and by every role of
    # A): 404, whatever the route.
    b_email = "a@x.org"  # a member of org B (the metrics fixture)
    for c in (owner, manager, viewer):
        for method, path, body in [
                ("GET", "/api/v1/members/%d" % b_members[2], None),
                ("GET", "/api/v1/merges?member=%d" % b_members[2], None),
                ("GET", "/api/v1/match/%d" % b_members[2], None),
        ]:
            st, _, data = c.request(method, path, body=body)
            check(st == 404, "%s %s (org B) as org A: %d" % (method, path, st))
    for c, method, path, body in [
            (manager, "POST", "/api/v1/merges", {"keep": b_members[2], "drop": b_members[3]}),
            (manager, "POST", "/api/v1/merges", {"keep": a_members[0], "drop": b_members[3]}),
            (manager, "POST", "/api/v1/merges/%d/undo" % b_merge, None),
            (owner, "DELETE", "/api/v1/users/%d" % b_user, None),
            (owner, "PUT", "/api/v1/users/%d/password" % b_user, {"password": "hijacked-pw"}),
            (owner, "DELETE", "/api/v1/tokens/%d" % b_token, None),
            (owner, "POST", "/api/v1/tokens", {"user_id": b_user}),
    ]:
        st, _, data = c.request(method, path, body=body)
        check(st == 404, "%s %s (org B) as org A: %d %s" % (method, path, st, data[:200]))
    # Lists hold org A's rows only.
    page = owner.json("GET", "/api/v1/members?limit=500&all=1")
    ids = {m["id"] for m in page["members"]}
    while page["next_cursor"]:
        page = owner.json("GET", "/api/v1/members?limit=500&all=1&cursor=" +
                          page["next_cursor"])
        ids |= {m["id"] for m in page["members"]}
    check(not ids & set(b_members), "org B members in org A's list")
    check(owner.json("GET", "/api/v1/members?q=" + b_email)["members"] == [],
          "org B's member found by search")
    check(all(m["kept"] not in b_members for m in owner.json("GET", "/api/v1/merges")["merges"]),
          "org B's merge in org A's log")
    check(all(i["file"] != "members.csv" or i["format"] != "members"
              for i in owner.json("GET", "/api/v1/imports")["imports"]),
          "org B's import in org A's history")
    cfg = {c["key"]: c for c in owner.json("GET", "/api/v1/config")["config"]}
    check(cfg["min_n"]["is_default"], "org B's config seen by org A")
    check(owner.json("GET", "/api/v1/report")["org"] == ORG_A, "report of another org")
    check({u["email"] for u in owner.json("GET", "/api/v1/users")["users"]} <=
          {e for e in PASSWORDS if e.endswith("@a.example")}, "org B's users listed")
    check(all(t["user"].endswith("@a.example")
              for t in owner.json("GET", "/api/v1/tokens")["tokens"]), "org B's tokens")
    inits = owner.json("GET", "/api/v1/initiatives")["initiatives"]
    b_inits = sql(db, "SELECT i.name FROM initiative i JOIN org o ON o.id = i.org_id "
                      "WHERE o.name = 'Other Shop'").split("\n")
    check(not {i["initiative"] for i in inits} & set(filter(None, b_inits)),
          "org B's initiatives in org A's list")
    # And the other way: org B's owner sees B, and A's ids are 404 to it.
    ob = Client(srv, w.tokens["owner@b.example"])
    check(ob.json("GET", "/api/v1/report")["org"] == ORG_B, "org B's report")
    st, _, _ = ob.request("GET", "/api/v1/members/%d" % a_members[0])
    check(st == 404, "org A's member seen by org B")
    check(ob.json("GET", "/api/v1/members?q=" + b_email)["members"], "org B finds its own")
    check(all(e["actor"].endswith("@b.example") or e["actor"].startswith("cli:")
              for e in ob.json("GET", "/api/v1/audit?limit=1000")["events"]),
          "org A's events in org B's audit log")

    # ------------------------------------------------------------ redaction
    email_re = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")
    phone_re = re.compile(rb'"(\+?44|0)7\d{9}"|"447\d{9}"')
    reads = ["/api/v1/members?limit=200", "/api/v1/members/%d" % a_members[0],
             "/api/v1/merges", "/api/v1/merges/suggestions", "/api/v1/report",
             "/api/v1/topics?from=2025-06-09&to=2025-06-16", "/api/v1/session",
             "/api/v1/imports", "/api/v1/members?q=millbrookbakery.example",
             "/api/v1/clv?top=0", "/api/v1/churn?top=0", "/api/v1/segments?method=kmeans"]
    # A member with an email and a phone, for the profile.
    rich = int(sql(db, "SELECT e.member_id FROM identity e JOIN identity p ON "
                       "p.member_id = e.member_id AND p.kind = 'phone' WHERE "
                       "e.kind = 'email' LIMIT 1"))
    reads.append("/api/v1/members/%d" % rich)
    owner_saw = b""
    for path in reads:
        st, _, data = viewer.get(path)
        check(st == 200, "viewer %s: %d" % (path, st))
        check(not email_re.search(data), "an email in the viewer's %s: %r" %
              (path, email_re.search(data) and email_re.search(data).group()))
        st, _, odata = owner.get(path)
        owner_saw += odata
    check(email_re.search(owner_saw), "the owner saw no email at all (the check is blind)")
    prof = viewer.json("GET", "/api/v1/members/%d" % rich)
    kinds = {i["kind"]: i["value"] for i in prof["identities"]}
    check(kinds.get("phone") == "[hidden]" and kinds.get("email") == "[hidden]",
          "viewer's identities: %r" % kinds)
    oprof = owner.json("GET", "/api/v1/members/%d" % rich)
    check(re.fullmatch(r"\d{9,15}", {i["kind"]: i["value"] for i in
                                     oprof["identities"]}["phone"]),
          "the owner sees the phone")
    # Errors too: a search for an address answers without it.
    st, _, data = viewer.get("/api/v1/members/99999999")
    check(st == 404 and not email_re.search(data), "viewer error")

    # ------------------------------------------------------------ sessions, CSRF
    c = Client(srv)
    h = c.login("manager@a.example")
    cookie = h["set-cookie"]
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
        check(attr in cookie, "cookie lacks %s: %s" % (attr, cookie))
    check("Secure" not in cookie, "Secure cookie over plain HTTP")
    me = c.json("GET", "/api/v1/session")
    check(me["user"]["email"] == "manager@a.example" and me["auth"] == "cookie", me)
    check(me["csrf_token"] == c.csrf, "the session's CSRF token")
    # A state-changing request with the cookie needs the token.
    for hdrs in ({}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": ""}):
        st, _, data = c.request("PUT", "/api/v1/config/min_n", body={"value": "40"},
                                headers=hdrs, csrf=False)
        check(st == 403 and error_of(data)["code"] == "csrf", "CSRF %r: %d" % (hdrs, st))
    check(cfg["min_n"]["value"] == owner.json("GET", "/api/v1/config")["config"][
        [k["key"] for k in owner.json("GET", "/api/v1/config")["config"]].index("min_n")][
            "value"], "a refused CSRF request changed the config")
    c.json("PUT", "/api/v1/config/min_n", body={"value": "40"})
    c.json("DELETE", "/api/v1/config/min_n")
    st, _, data = c.request("DELETE", "/api/v1/session", csrf=False)
    check(st == 403, "logout without CSRF: %d" % st)
    c.json("DELETE", "/api/v1/session")
    st, _, _ = c.get("/api/v1/session")
    check(st == 401, "the session outlived logout: %d" % st)
    st, _, _ = anyone.request("GET", "/api/v1/report",
                              headers={"Cookie": "kith_session=forged"})
    check(st == 401, "a forged cookie: %d" % st)
    st, _, _ = anyone.request("GET", "/api/v1/report",
                              headers={"Authorization": "Bearer kith_forged"})
    check(st == 401, "a forged token: %d" % st)
    st, _, _ = anyone.request("GET", "/api/v1/report", headers={"Authorization": "Basic x"})
    check(st == 401, "basic auth: %d" % st)
    # A revoked token and the token of a removed user stop working.
    u = owner.json("POST", "/api/v1/users", body={"email": "temp@a.example", "role": "manager",
                                                  "password": "temp-password"}, expect=201)
    t1 = owner.json("POST", "/api/v1/tokens", body={"user_id": u["id"], "name": "one"},
                    expect=201)
    t2 = owner.json("POST", "/api/v1/tokens", body={"user_id": u["id"], "name": "two"},
                    expect=201)
    Client(srv, t1["token"]).json("GET", "/api/v1/imports")
    owner.json("DELETE", "/api/v1/tokens/%d" % t1["id"])
    st, _, _ = Client(srv, t1["token"]).get("/api/v1/imports")
    check(st == 401, "a revoked token works: %d" % st)
    check(sql(db, "SELECT count(*) FROM api_token WHERE name = 'two' AND hash <> ''").strip()
          == "1" and t2["token"] not in sql(db, "SELECT hash || prefix FROM api_token"),
          "a token is stored as itself")
    owner.json("DELETE", "/api/v1/users/%d" % u["id"])
    st, _, _ = Client(srv, t2["token"]).get("/api/v1/imports")
    check(st == 401, "a removed user's token works: %d" % st)
    st, _, data = owner.request("DELETE", "/api/v1/users/%d" % int(
        sql(db, "SELECT id FROM app_user WHERE email = 'owner@a.example'")))
    check(st == 409, "removing the last owner: %d" % st)
    # A wrong password: 401, audited with the address.
    st, _, data = anyone.request("POST", "/api/v1/session",
                                 body={"email": "owner@a.example", "password": "nope-nope"})
    check(st == 401 and error_of(data)["code"] == "unauthorized", "wrong password: %d" % st)
    events = owner.json("GET", "/api/v1/audit?limit=1000")["events"]
    acts = {e["action"] for e in events}
    for a in ("login", "login_failed", "logout", "config_set", "config_unset", "user_add",
              "user_remove", "token_create", "token_revoke"):
        check(a in acts, "no %s in the audit log: %s" % (a, sorted(acts)))
    failed = [e for e in events if e["action"] == "login_failed"][0]
    check(failed["address"] == "127.0.0.1" and failed["target"] == "owner@a.example"
          and re.match(r"\d{4}-\d\d-\d\dT", failed["at"]), "failed login event: %r" % failed)
    login = [e for e in events if e["action"] == "login"][0]
    check(login["actor"] == "manager@a.example", "login event: %r" % login)
    page = owner.json("GET", "/api/v1/audit?limit=2")
    check(len(page["events"]) == 2 and page["next_before"], "audit paging")
    older = owner.json("GET", "/api/v1/audit?limit=2&before=%d" % page["next_before"])
    check(older["events"][0]["id"] < page["events"][-1]["id"] + 1, "audit next page")
    _, out, _ = kith("--org", ORG_A, "audit", "--limit", "500", "--format", "json", db=db)
    check({e["action"] for e in json.loads(out)["events"]} >= {"login", "login_failed"},
          "kith audit shows the API's events")
finally:
    srv.stop()

# ------------------------------------------------------------ rate limits
# A fresh server: the limits are counted in memory.
srv = Server(db)
try:
    c = Client(srv)
    for i in range(5):
        st, _, _ = c.request("POST", "/api/v1/session",
                             body={"email": "viewer@a.example", "password": "wrong-%d" % i})
        check(st == 401, "failure %d: %d" % (i, st))
    st, h, data = c.request("POST", "/api/v1/session",
                            body={"email": "viewer@a.example",
                                  "password": PASSWORDS["viewer@a.example"]})
    check(st == 429 and int(h.get("retry-after", "0")) > 0,
          "6th try on the account, right password: %d %r" % (st, h.get("retry-after")))
    check(error_of(data)["code"] == "rate_limited", "rate limit code")
    # Another account from the same address still logs in ...
    Client(srv).login("manager@a.example")
    # ... until the address has failed 20 times (any accounts).
    for i in range(15):
        st, _, _ = c.request("POST", "/api/v1/session",
                             body={"email": "nobody%d@a.example" % i, "password": "x" * 9})
        check(st == 401, "address failure %d: %d" % (i, st))
    st, _, _ = c.request("POST", "/api/v1/session",
                         body={"email": "owner@a.example", "password": PASSWORDS[
                             "owner@a.example"]})
    check(st == 429, "the 21st login from the address: %d" % st)
    # Tokens are not logins: they keep working.
    Client(srv, w.tokens["owner@a.example"]).json("GET", "/api/v1/imports")
finally:
    srv.stop()
    w.cleanup()
print("ok: %d role checks, tenants, redaction, CSRF, audit, rate limits" % checked)
