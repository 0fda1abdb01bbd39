"""Customer value, churn and segments over the API (docs/models.md,
docs/segments.md): GET /api/v1/clv, /api/v1/churn and /api/v1/segments
answer exactly what kith clv / churn / segments --format json print for
the same arguments (the same bytes; the CLI adds a final newline to two of
them); bad parameters are 400 with the error document; a repeat is a
cache hit (the models are not fitted again) and a write makes it a miss;
the member profile is cached per member (the cache key holds the id: a
second member is never answered with the first one's profile) and its
"value" agrees with the clv and churn routes; viewers see names and no
email address; org B sees its own customers only."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import (ORG_A, ORG_B, Client, Server, World, check, error_of, kith,
                     sql)  # noqa: E402

w = World()
db = w.db


def cli(*args, org=ORG_A):
    return kith("--org", org, *args, db=db)[1]


srv = Server(db)
try:
    owner = Client(srv, w.tokens["owner@a.example"])
    viewer = Client(srv, w.tokens["viewer@a.example"])

    def body(path, c=owner):
        st, h, data = c.get(path)
        check(st == 200, "%s: %d %s" % (path, st, data[:300]))
        return data.decode()

    # ------------------------------------------------------------ same as the CLI
    pairs = [
        (["clv"], "/api/v1/clv"),
        (["clv", "--top", "0"], "/api/v1/clv?top=0"),
        (["clv", "--horizon", "26w", "--calibration-end", "2025-09-30", "--top", "5"],
         "/api/v1/clv?horizon=26w&calibration_end=2025-09-30&top=5"),
        (["clv", "--cohort-from", "2024-07-01", "--cohort-to", "2025-03-31",
          "--include-team"],
         "/api/v1/clv?cohort_from=2024-07-01&cohort_to=2025-03-31&include_team=1"),
        (["churn"], "/api/v1/churn"),
        (["churn", "--horizon", "60d", "--top", "10"], "/api/v1/churn?horizon=60d&top=10"),
        (["churn", "--as-of", "2025-10-01", "--top", "0"],
         "/api/v1/churn?as_of=2025-10-01&top=0"),
        (["segments"], "/api/v1/segments"),
        (["segments", "--method", "rfm", "--as-of", "2025-09-01"],
         "/api/v1/segments?method=rfm&as_of=2025-09-01"),
        (["segments", "--method", "kmeans"], "/api/v1/segments?method=kmeans"),
        (["segments", "--method", "kmeans", "--k", "4"], "/api/v1/segments?method=kmeans&k=4"),
    ]
    for args, path in pairs:
        want = cli(*args, "--format", "json")
        got = body(path)
        check(got.rstrip("\n") == want.rstrip("\n"),
              "%s differs from kith %s --format json" % (path, " ".join(args)))
    # Real values, read from the documents (they are the CLI's, above).
    clv = json.loads(body("/api/v1/clv?top=0"))
    check(clv["distribution"]["customers"] == len(clv["customers"]) > 1000,
          "clv: %d customers" % len(clv["customers"]))
    total = sum(c["clv"] for c in clv["customers"] if c["clv"] is not None)
    check(abs(total - clv["distribution"]["clv_total"]) < 1e-6 * total,
          "clv total %r, customers sum to %r" % (clv["distribution"]["clv_total"], total))
    check(clv["customers"] == sorted(clv["customers"], key=lambda c: -(c["clv"] or 0)),
          "clv customers not highest first")
    # The customers are org A's buyers: plain SQL counts them.
    buyers = int(sql(db, "SELECT count(DISTINCT a.member_id) FROM activity a JOIN org o ON "
                         "o.id = a.org_id JOIN member m ON m.id = a.member_id WHERE "
                         "o.name = 'Millbrook Bakery' AND a.type = 'purchase' AND "
                         "m.merged_into IS NULL AND (m.flags IS NULL OR (m.flags NOT "
                         "LIKE '%team%' AND m.flags NOT LIKE '%bot%'))"))
    check(abs(buyers - len(clv["customers"])) <= buyers // 50,
          "clv has %d customers, SQL counts %d buyers" % (len(clv["customers"]), buyers))
    churn = json.loads(body("/api/v1/churn?top=0"))
    check(0.5 < churn["auc"] <= 1 and churn["auc_ci95"][0] < churn["auc"] <
          churn["auc_ci95"][1], "churn auc %r %r" % (churn["auc"], churn["auc_ci95"]))
    check(len(churn["calibration"]) == 10, "churn deciles")
    seg = json.loads(body("/api/v1/segments"))
    check(sum(s["customers"] for s in seg["segments"]) == seg["customers"],
          "segment sizes do not add up to the customers")

    # ------------------------------------------------------------ bad parameters
    for path, word in [
            ("/api/v1/clv?horizon=0d", "horizon"),
            ("/api/v1/clv?horizon=52", "horizon"),
            ("/api/v1/clv?top=-1", "top"),
            ("/api/v1/clv?calibration_end=yesterday", "calibration_end"),
            ("/api/v1/clv?as_of=2025-01-01", "as_of"),
            ("/api/v1/churn?horizon=soon", "horizon"),
            ("/api/v1/churn?as_of=2025-13-01", "as_of"),
            ("/api/v1/segments?method=dbscan", "method"),
            ("/api/v1/segments?method=kmeans&k=1", "k"),
            ("/api/v1/segments?method=kmeans&k=65", "k"),
            ("/api/v1/segments?k=3", "k"),
            ("/api/v1/segments?include_team=maybe", "include_team"),
    ]:
        st, _, data = owner.get(path)
        check(st == 400, "%s: %d (want 400)" % (path, st))
        check(word in error_of(data)["message"], "%s: %r" % (path, data))
    # The library's own refusals, in the CLI's words: a calibration end
    # before the first purchase (400), a cohort whose fit cannot be made
    # (422: too little data, and why).
    for args, path, status in [
            (["--calibration-end", "2000-01-01"], "/api/v1/clv?calibration_end=2000-01-01",
             400),
            (["--cohort-from", "2025-01-01", "--cohort-to", "2025-06-30"],
             "/api/v1/clv?cohort_from=2025-01-01&cohort_to=2025-06-30", 422)]:
        st, _, data = owner.get(path)
        rc, _, err = kith("--org", ORG_A, "clv", *args, db=db, ok=False)
        check(st == status and rc != 0, "%s: %d, CLI exit %d" % (path, st, rc))
        msg = error_of(data)["message"]
        check(msg in err, "%s: %r is not the CLI's %r" % (path, msg, err))

    # ------------------------------------------------------------ cache
    for path in ["/api/v1/clv?top=7", "/api/v1/churn?top=7", "/api/v1/segments?method=kmeans&k=5"]:
        st, h1, d1 = owner.get(path)
        st2, h2, d2 = owner.get(path)
        check(h1.get("x-kith-cache") == "miss" and h2.get("x-kith-cache") == "hit" and
              d1 == d2, "%s: cache %r then %r" % (path, h1.get("x-kith-cache"),
                                                  h2.get("x-kith-cache")))
    top = clv["customers"][0]["id"]
    second = clv["customers"][1]["id"]
    st, h1, p1 = owner.get("/api/v1/members/%d" % top)
    st, h2, p2 = owner.get("/api/v1/members/%d" % top)
    check(h1.get("x-kith-cache") == "miss" and h2.get("x-kith-cache") == "hit" and p1 == p2,
          "profile cache: %r then %r" % (h1.get("x-kith-cache"), h2.get("x-kith-cache")))
    check(p1.decode() == cli("members", "show", str(top), "--format", "json"),
          "the profile differs from kith members show")
    st, h3, p3 = owner.get("/api/v1/members/%d" % second)
    check(h3.get("x-kith-cache") == "miss" and json.loads(p3)["id"] == second,
          "member %d answered from member %d's cache" % (second, top))
    # A write is a new revision: the profile and the models are computed again.
    cli("config", "set", "min_n", "31")
    st, h4, p4 = owner.get("/api/v1/members/%d" % top)
    st, h5, _ = owner.get("/api/v1/clv?top=7")
    check(h4.get("x-kith-cache") == "miss" and h5.get("x-kith-cache") == "miss",
          "the cache outlived a write")
    # The server keeps the models per data version (server/models.c): the
    # profiles of the new version equal the CLI's, which fits them afresh.
    for mid in (top, second):
        st, _, p = owner.get("/api/v1/members/%d" % mid)
        check(p.decode() == cli("members", "show", str(mid), "--format", "json"),
              "after a write, member %d's profile differs from kith members show" % mid)
    cli("config", "unset", "min_n")

    # ------------------------------------------------------------ the profile's value
    v = json.loads(p1)["value"]
    c0 = clv["customers"][0]
    check(v["p_alive"] == c0["p_alive"] and v["predicted_clv"] == c0["clv"] and
          v["expected_purchases"] == c0["expected_purchases"],
          "profile value %r differs from /api/v1/clv %r" % (v, c0))
    risk = {c["id"]: c for c in json.loads(body("/api/v1/churn?top=0"))["customers"]}
    if top in risk:
        check(v["churn_risk"] == risk[top]["risk"] and
              v["churn_reasons"] == risk[top]["reasons"], "profile churn %r" % v)
    else:
        check("churn_error" in v, "no churn risk and no reason: %r" % v)
    # A member who is not a customer: the reasons, no numbers.
    nobuy = int(sql(db, "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE "
                        "o.name = 'Millbrook Bakery' AND m.merged_into IS NULL AND NOT "
                        "EXISTS (SELECT 1 FROM activity a WHERE a.member_id = m.id AND "
                        "a.type = 'purchase') ORDER BY m.id LIMIT 1"))
    v = owner.json("GET", "/api/v1/members/%d" % nobuy)["value"]
    check(v.get("clv_error") and v.get("churn_error") and "p_alive" not in v,
          "a member without purchases: %r" % v)

    # ------------------------------------------------------------ viewers
    email_re = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")
    for path in ["/api/v1/clv?top=0", "/api/v1/churn?top=0", "/api/v1/segments",
                 "/api/v1/members/%d" % top]:
        text = body(path, viewer)
        check(not email_re.search(text), "an email in the viewer's %s" % path)
    vclv = json.loads(body("/api/v1/clv?top=0", viewer))
    check([c["name"] for c in vclv["customers"]] == [c["name"] for c in clv["customers"]],
          "the viewer does not see the customers' names")

    # ------------------------------------------------------------ tenants
    a_ids = {c["id"] for c in clv["customers"]}
    b_ids = {int(x) for x in sql(db, "SELECT m.id FROM member m JOIN org o ON o.id = "
                                     "m.org_id WHERE o.name = 'Other Shop'").split()}
    check(not a_ids & b_ids, "org B's members among org A's customers")
    ob = Client(srv, w.tokens["owner@b.example"])
    for path in ["/api/v1/clv?top=0", "/api/v1/churn?top=0", "/api/v1/segments"]:
        st, _, data = ob.get(path)
        if st == 200:
            d = json.loads(data)
            ids = {c["id"] for c in d.get("customers", [])} if isinstance(
                d.get("customers"), list) else set()
            check(ids <= b_ids, "org B's %s holds other orgs' members" % path)
            want = cli(*{"clv": ["clv", "--top", "0"], "churn": ["churn", "--top", "0"],
                         "segments": ["segments"]}[path.split("/")[3].split("?")[0]],
                       "--format", "json", org=ORG_B)
            check(data.decode().rstrip("\n") == want.rstrip("\n"), "org B's %s" % path)
        else:
            # Too little data in org B: the library's reason, as the CLI says.
            check(st == 422 and error_of(data)["message"], "org B %s: %d" % (path, st))
        st, _, _ = ob.get("/api/v1/members/%d" % top)
        check(st == 404, "org A's member seen by org B: %d" % st)
finally:
    srv.stop()
    w.cleanup()
print("ok: %d model views equal the CLI's, bad parameters, cache, profile value, viewers, "
      "tenants" % len(pairs))
