"""The impact routes (docs/impact.md, "In the dashboard"): GET /api/v1/srci,
/stakeholders, /goals, /outcomes and /simulate answer exactly what kith
srci, stakeholders list, goals list, outcomes list and simulate print with
--format json for the same arguments, on the demo (its outcomes and
stakeholder groups) with goals added; bad query values are 400s naming the
parameter, what the library refuses of the data a 422 in the CLI's words;
the cache keys the query; viewers read them, with the goal owner's address
and a phone number in a group's notes hidden; org B sees its own impact
only."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import (ORG_A, ORG_B, Client, Server, World, check, error_of, kith,
                     sql)  # noqa: E402

w = World()
db = w.db
SECRET_MAIL, SECRET_PHONE = "ada.owner@private.example", "+44 7700 900456"


def cli(*args, org=ORG_A, ok=True):
    return kith("--org", org, *args, db=db, ok=ok)


# Goals (the demo has none): one on track or off, one by segment, one whose
# owner is an email address (what a viewer must not see).
cli("goals", "add", "--metric", "crr", "--target", "70%", "--by", "2099-06-30", "--owner",
    SECRET_MAIL)
cli("goals", "add", "--metric", "active_members", "--segment", "kind=customer", "--target",
    "900", "--by", "2099-03-31")
cli("goals", "add", "--metric", "revenue", "--target", "90000", "--by", "2099-12-31",
    "--owner", "Ada")
cli("stakeholders", "set", "Suppliers", "--notes", "ask Sam on %s" % SECRET_PHONE)

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
    pairs = [
        (["srci"], "/api/v1/srci"),
        (["srci", "--initiative", "Community Garden"],
         "/api/v1/srci?initiative=Community%20Garden"),
        (["srci", "--sensitivity", "25", "--as-of", "2025-10-01"],
         "/api/v1/srci?sensitivity=25&as_of=2025-10-01"),
        (["stakeholders", "list"], "/api/v1/stakeholders"),
        (["stakeholders", "list", "--as-of", "2025-07-01"],
         "/api/v1/stakeholders?as_of=2025-07-01"),
        (["goals", "list"], "/api/v1/goals"),
        (["goals", "list", "--as-of", "2025-09-30"], "/api/v1/goals?as_of=2025-09-30"),
        (["outcomes", "list"], "/api/v1/outcomes"),
        (["outcomes", "list", "--initiative", "Kids Baking Club"],
         "/api/v1/outcomes?initiative=Kids%20Baking%20Club"),
        (["simulate"], "/api/v1/simulate"),
        (["simulate", "--months", "24", "--downturn", "months=6,depth=20%"],
         "/api/v1/simulate?months=24&downturn=months%3D6%2Cdepth%3D20%25"),
        (["simulate", "--initiative", "from=3,cost=2000", "--lost-champion", "q=-30%"],
         "/api/v1/simulate?initiative=from%3D3%2Ccost%3D2000&lost_champion=q%3D-30%25"),
        (["simulate", "--p", "0.01", "--q", "0.3", "--market", "5000", "--churn", "0.02",
          "--purchase-rate", "1.5", "--spend", "12", "--from-zero", "--months", "36"],
         "/api/v1/simulate?p=0.01&q=0.3&market=5000&churn=0.02&purchase_rate=1.5&spend=12"
         "&from_zero=1&months=36"),
        (["simulate", "--market", "20000", "--as-of", "2025-09-30"],
         "/api/v1/simulate?market=20000&as_of=2025-09-30"),
    ]
    for args, path in pairs:
        want = cli(*args, "--format", "json")[1]
        got = body(owner, path)
        check(got.rstrip("\n") == want.rstrip("\n"),
              "%s differs from kith %s --format json" % (path, " ".join(args)))

    # Real values (the CLI's, above), against plain SQL and the arithmetic.
    srci = json.loads(body(owner, "/api/v1/srci"))
    n_out = int(sql(db, "SELECT count(*) FROM outcome o JOIN org g ON g.id = o.org_id "
                        "WHERE g.name = '%s'" % ORG_A).strip())
    check(len(srci["outcomes"]) == n_out == 4, "srci: %d outcomes, SQL %d"
          % (len(srci["outcomes"]), n_out))
    pv = sum(o["present_value"] for o in srci["outcomes"])
    check(abs(pv - srci["present_value"]) < 1e-6 * pv, "PV %r, outcomes sum to %r"
          % (srci["present_value"], pv))
    check(abs(srci["ratio"] - srci["present_value"] / srci["inputs"]["total"]) < 1e-9,
          "ratio is PV / inputs")
    check(len(srci["sensitivity"]["rows"]) == 7 * n_out, "7 assumptions per outcome")
    goals = json.loads(body(owner, "/api/v1/goals"))
    check(sorted(g["metric"] for g in goals["goals"]) == ["active_members", "crr", "revenue"],
          "goals: %r" % [g["metric"] for g in goals["goals"]])
    st_groups = json.loads(body(owner, "/api/v1/stakeholders"))["groups"]
    check(len(st_groups) == 6, "the demo's six stakeholder groups: %d" % len(st_groups))
    sim = json.loads(body(owner, "/api/v1/simulate?months=24&downturn=months%3D6"))
    check([s["name"] for s in sim["scenarios"]] == ["baseline", "downturn"] and
          all(len(s["months"]) == 24 for s in sim["scenarios"]),
          "simulate: the baseline and the downturn over 24 months")
    check(sim["scenarios"][1]["revenue"] < sim["scenarios"][0]["revenue"],
          "a downturn earns less than the baseline")

    # ------------------------------------------------------------ bad values
    for path, word in [
            ("/api/v1/srci?sensitivity=0", "sensitivity"),
            ("/api/v1/srci?sensitivity=101", "sensitivity"),
            ("/api/v1/srci?sensitivity=ten", "sensitivity"),
            ("/api/v1/srci?as_of=2025-13-01", "as_of"),
            ("/api/v1/srci?rate=0.05", "rate"),
            ("/api/v1/stakeholders?as_of=soon", "as_of"),
            ("/api/v1/goals?as_of=yesterday", "as_of"),
            ("/api/v1/outcomes?limit=3", "limit"),
            ("/api/v1/simulate?months=0", "months"),
            ("/api/v1/simulate?months=601", "months"),
            ("/api/v1/simulate?months=1.5", "months"),
            ("/api/v1/simulate?p=0.01", "p"),
            ("/api/v1/simulate?p=0&q=0.3&market=100", "p"),
            ("/api/v1/simulate?p=0.01&q=-1&market=100", "q"),
            ("/api/v1/simulate?market=0", "market"),
            ("/api/v1/simulate?churn=1", "churn"),
            ("/api/v1/simulate?churn=-0.1", "churn"),
            ("/api/v1/simulate?purchase_rate=1", "spend"),
            ("/api/v1/simulate?spend=-1&purchase_rate=1", "spend"),
            ("/api/v1/simulate?from_zero=maybe", "from_zero"),
            ("/api/v1/simulate?downturn=depth%3D500%25", "downturn"),
            ("/api/v1/simulate?initiative=when%3Dlater", "initiative"),
            ("/api/v1/simulate?scenarios=/etc/passwd", "scenarios"),
    ]:
        st, _, data = owner.get(path)
        check(st == 400, "%s: %d (want 400) %s" % (path, st, data[:200]))
        check(word in error_of(data)["message"], "%s: %r" % (path, data))
    # The library's refusals of the data, in the CLI's words (exit 2, 422).
    for args, path in [(["srci", "--initiative", "No Such Thing"],
                        "/api/v1/srci?initiative=No%20Such%20Thing"),
                       (["outcomes", "list", "--initiative", "No Such Thing"],
                        "/api/v1/outcomes?initiative=No%20Such%20Thing")]:
        rc, _, err = cli(*args, "--format", "json", ok=False)
        st, _, data = owner.get(path)
        check(rc == 2 and st == 422 and error_of(data)["message"] in err,
              "%s: exit %d, %d %s" % (path, rc, st, data[:200]))

    # ------------------------------------------------------------ cache
    for path in ["/api/v1/srci?sensitivity=15", "/api/v1/simulate?months=9",
                 "/api/v1/goals", "/api/v1/stakeholders", "/api/v1/outcomes"]:
        st, h1, d1 = owner.get(path)
        st, h2, d2 = owner.get(path)
        check(h2.get("x-kith-cache") == "hit" and d1 == d2,
              "%s: cache %r then %r" % (path, h1.get("x-kith-cache"), h2.get("x-kith-cache")))
    # The key holds the query: another initiative is its own answer.
    one = json.loads(body(owner, "/api/v1/srci?initiative=Kids%20Baking%20Club"))
    check(one["scope"] == "initiative" and one["initiative"] == "Kids Baking Club" and
          all(o["initiative"] == "Kids Baking Club" for o in one["outcomes"]),
          "srci for one initiative answered another's")
    nine = json.loads(body(owner, "/api/v1/simulate?months=9&downturn=months%3D2"))
    check(len(nine["scenarios"]) == 2, "simulate: the downturn was answered from the cache")
    # A write is a new revision: goals are computed again.
    cli("goals", "add", "--metric", "nps", "--target", "50", "--by", "2099-01-31")
    st, h, data = owner.get("/api/v1/goals")
    check(h.get("x-kith-cache") == "miss" and len(json.loads(data)["goals"]) == 4,
          "the goals' cache outlived a new goal")

    # ------------------------------------------------------------ viewers
    mine = body(owner, "/api/v1/goals") + body(owner, "/api/v1/stakeholders")
    check(SECRET_MAIL in mine and SECRET_PHONE in mine, "the owner sees the owner and notes")
    for path in ["/api/v1/goals", "/api/v1/stakeholders", "/api/v1/srci", "/api/v1/outcomes",
                 "/api/v1/simulate"]:
        text = body(viewer, path)
        check(SECRET_MAIL not in text and SECRET_PHONE not in text,
              "a viewer saw an address or phone number in %s" % path)
    seen = json.loads(body(viewer, "/api/v1/goals"))
    check(any(g["owner"] == "Ada" for g in seen["goals"]), "viewers see a plain owner name")
    check(json.loads(body(viewer, "/api/v1/srci"))["ratio"] == srci["ratio"],
          "a viewer's SRCI is the owner's")

    # ------------------------------------------------------------ tenants
    # Org B has no outcomes, goals or stakeholder groups of its own: its
    # answers are its CLI's (or the same refusal), never org A's.
    for args, path in [(["srci"], "/api/v1/srci"),
                       (["stakeholders", "list"], "/api/v1/stakeholders"),
                       (["goals", "list"], "/api/v1/goals"),
                       (["outcomes", "list"], "/api/v1/outcomes"),
                       (["simulate"], "/api/v1/simulate")]:
        rc, out, err = cli(*args, "--format", "json", org=ORG_B, ok=False)
        st, _, data = viewer_b.get(path)
        if rc == 0:
            check(st == 200 and data.decode().rstrip("\n") == out.rstrip("\n"),
                  "org B's %s differs from its CLI's" % path)
        else:
            check(st in (400, 404, 422) and error_of(data)["message"] in err,
                  "org B's %s: exit %d, %d %s" % (path, rc, st, data[:200]))
    b_goals = json.loads(body(viewer_b, "/api/v1/goals"))
    check(b_goals["goals"] == [], "org B sees goals: %r" % b_goals["goals"][:1])
    check(json.loads(body(viewer_b, "/api/v1/outcomes"))["outcomes"] == [],
          "org B sees org A's outcomes")
    st, _, data = viewer_b.get("/api/v1/srci?initiative=Community%20Garden")
    check(st == 422 and "Community Garden" in error_of(data)["message"],
          "org B asked for org A's initiative: %d %s" % (st, data[:200]))
finally:
    srv.stop()
    w.cleanup()
print("ok: impact routes are the CLI's JSON, checked, cached by query, scoped and redacted")
