"""Each read route answers exactly what its CLI command prints for the same
arguments (the same library view, the same bytes; the report but for
generated_at); the report cache (a hit is marked X-Kith-Cache: hit, keeps
generated_at and the ETag, If-None-Match gives 304, a write makes it a
miss); keyset paging covers every member once; imports through the API
give the CLI's counts (raw body and multipart form), are idempotent, and a
bad row is a 422 with the CLI's FILE:LINE: column 'X': reason while the
database stays byte-identical; merge and unmerge through the API; SIGTERM
lets a request in flight finish and the server exits 0."""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from kithapi import (FIX, ORG_A, Client, Server, World, check, error_of, kith,
                     sql)  # noqa: E402

w = World()
db = w.db


def cli(*args, ok=True):
    return kith("--org", ORG_A, *args, db=db, ok=ok)[1]


def no_generated(text):
    return re.sub(r'"generated_at": "[^"]*"', '"generated_at": ""', text)


# The server's own TMPDIR: uploads must leave nothing there.
tmp = os.path.join(w.dir, "tmp")
os.mkdir(tmp)
srv = Server(db, env=dict(os.environ, TMPDIR=tmp))
try:
    owner = Client(srv, w.tokens["owner@a.example"])
    manager = Client(srv, w.tokens["manager@a.example"])

    def body(path, c=owner):
        st, h, data = c.get(path)
        check(st == 200, "%s: %d %s" % (path, st, data[:300]))
        return data.decode()

    # ------------------------------------------------------------ same as the CLI
    for args, query in [
            ([], ""),
            (["--by", "month"], "by=month"),
            (["--by", "quarter", "--segment", "level"], "by=quarter&segment=level"),
            (["--from", "2025-01-01", "--to", "2025-07-01", "--as-of", "2025-09-01"],
             "from=2025-01-01&to=2025-07-01&as_of=2025-09-01"),
            (["--basic"], "basic=true"),
            (["--include-team", "--segment", "kind"], "include_team=1&segment=kind"),
    ]:
        want = cli("report", "--format", "json", *args)
        got = body("/api/v1/report?" + query)
        check(no_generated(got) == no_generated(want),
              "report %s differs from kith report %s" % (query, " ".join(args)))
    pairs = [
        (["members", "list", "--limit", "50", "--format", "json"], "/api/v1/members?limit=50"),
        (["members", "list", "--kind", "supplier", "--limit", "500", "--format", "json"],
         "/api/v1/members?kind=supplier&limit=500"),
        (["members", "list", "--search", "baker", "--limit", "10", "--format", "json"],
         "/api/v1/members?q=baker&limit=10"),
        (["members", "list", "--level", "3", "--limit", "20", "--format", "json"],
         "/api/v1/members?level=3&limit=20"),
        # Segments (docs/segments.md): the same filter through the library.
        (["members", "list", "--segment", "rfm:champions", "--limit", "20", "--format",
          "json"], "/api/v1/members?segment=rfm:champions&limit=20"),
        (["members", "list", "--segment", "cluster:2", "--k", "3", "--limit", "20",
          "--format", "json"], "/api/v1/members?segment=cluster%3A2&k=3&limit=20"),
        (["members", "show", "5068", "--format", "json"], "/api/v1/members/5068"),
        (["members", "merges", "--format", "json"], "/api/v1/merges"),
        (["members", "merges", "5068", "--format", "json"], "/api/v1/merges?member=5068"),
        (["members", "suggest-merges", "--format", "json"], "/api/v1/merges/suggestions"),
        (["members", "suggest-merges", "--min-score", "0.8", "--format", "json"],
         "/api/v1/merges/suggestions?min_score=0.8"),
        (["initiatives", "--format", "json"], "/api/v1/initiatives"),
        (["sentiment", "--format", "json"], "/api/v1/sentiment"),
        (["sentiment", "--by", "month", "--channel", "discord:#sourdough", "--format",
          "json"], "/api/v1/sentiment?by=month&channel=discord%3A%23sourdough"),
        (["sentiment", "alerts", "--format", "json"], "/api/v1/sentiment/alerts"),
        (["sentiment", "alerts", "--all", "--by", "month", "--format", "json"],
         "/api/v1/sentiment/alerts?all=1&by=month"),
        (["topics", "--format", "json"], "/api/v1/topics"),
        # Dates read in the org's zone (London: after the change to summer
        # time, midnight is 23:00 UTC the day before) by both.
        (["sentiment", "--from", "2025-04-01", "--to", "2025-06-01", "--format", "json"],
         "/api/v1/sentiment?from=2025-04-01&to=2025-06-01"),
        (["topics", "--from", "2025-06-09", "--to", "2025-06-16", "--limit", "5",
          "--format", "json"], "/api/v1/topics?from=2025-06-09&to=2025-06-16&limit=5"),
        (["imports", "--format", "json"], "/api/v1/imports"),
        (["config", "list", "--format", "json"], "/api/v1/config"),
    ]
    for args, path in pairs:
        check(body(path) == cli(*args), "%s differs from kith %s" % (path, " ".join(args)))
    # The sentiment alert of the demo: the week the oven broke.
    alerts = json.loads(body("/api/v1/sentiment/alerts"))
    check(any(p["period"] == "2025-06-09" for p in alerts["periods"]), "no 2025-06-09 alert")
    # A segment that does not exist: 400 naming those that do.
    st, _, data = owner.get("/api/v1/members?segment=rfm:vip")
    check(st == 400 and "champions" in error_of(data)["message"], "rfm:vip: %d" % st)
    st, _, data = owner.get("/api/v1/members?segment=cluster:1&k=1")
    check(st == 400, "k=1: %d" % st)
    # A channel nobody wrote in: 404 with the CLI's message.
    st, _, data = owner.get("/api/v1/sentiment?channel=nowhere")
    check(st == 404 and "nowhere" in error_of(data)["message"], "unknown channel: %d" % st)

    # ------------------------------------------------------------ paging
    every = json.loads(cli("members", "list", "--format", "json"))["members"]
    seen, cursor, pages = [], None, 0
    while True:
        page = json.loads(body("/api/v1/members?limit=500" +
                               ("&cursor=" + cursor if cursor else "")))
        seen += [m["id"] for m in page["members"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
        check(cursor == str(seen[-1]), "next_cursor is not the last id")
    check(seen == [m["id"] for m in every], "keyset pages differ from the whole list")
    check(len(set(seen)) == len(seen) and pages >= 2, "pages overlap or too few pages")

    # ------------------------------------------------------------ cache
    st, h1, d1 = owner.get("/api/v1/report?by=year")
    st2, h2, d2 = owner.get("/api/v1/report?by=year")
    check(st == st2 == 200, "report")
    check(h1.get("x-kith-cache") == "miss" and h2.get("x-kith-cache") == "hit",
          "cache headers: %r %r" % (h1.get("x-kith-cache"), h2.get("x-kith-cache")))
    check(d1 == d2 and h1["etag"] == h2["etag"], "a cached report was computed again")
    st, h3, d3 = owner.get("/api/v1/report?by=year", headers={"If-None-Match": h1["etag"]})
    check(st == 304 and d3 == b"" and h3["etag"] == h1["etag"], "If-None-Match: %d" % st)
    st, h4, d4 = owner.get("/api/v1/report?by=year", headers={"Accept-Encoding": "gzip"})
    import gzip
    check(h4.get("content-encoding") == "gzip" and gzip.decompress(d4) == d1,
          "gzip'ed report")
    check(len(d4) < len(d1) / 3, "gzip saves little: %d of %d" % (len(d4), len(d1)))
    st, h5, d5 = owner.get("/api/v1/report?by=year", headers={"Accept-Encoding": "gzip;q=0"})
    check("content-encoding" not in h5 and d5 == d1, "gzip;q=0 honoured")
    # A write anywhere (the config, through the API) is a new revision.
    manager.json("PUT", "/api/v1/config/min_n", body={"value": "31"})
    st, h6, d6 = owner.get("/api/v1/report?by=year")
    check(h6.get("x-kith-cache") == "miss" and h6["etag"] != h1["etag"],
          "the cache outlived a write")
    manager.json("DELETE", "/api/v1/config/min_n")
    # A write by another process (the CLI) too.
    st, h7, _ = owner.get("/api/v1/report?by=year")
    cli("config", "set", "min_n", "32")
    st, h8, _ = owner.get("/api/v1/report?by=year")
    check(h8.get("x-kith-cache") == "miss", "the cache missed a CLI write")
    cli("config", "unset", "min_n")
    # Viewers get their own (redacted) copy, never the owner's.
    viewer = Client(srv, w.tokens["viewer@a.example"])
    st, hv, dv = viewer.get("/api/v1/report?by=year")
    check(st == 200 and hv.get("x-kith-cache") == "miss", "viewer's report from the owner's")

    # ------------------------------------------------------------ imports
    copy = os.path.join(w.dir, "copy.db")
    subprocess.run(["sqlite3", db, ".backup " + copy], check=True)
    work = os.path.join(w.dir, "in")
    os.mkdir(work)
    orders = os.path.join(work, "orders_export_1.csv")
    shutil.copy(os.path.join(FIX, "shopify-orders", "orders_export_1.csv"), orders)
    attendees = os.path.join(work, "attendees.csv")
    shutil.copy(os.path.join(FIX, "eventbrite", "attendees.csv"), attendees)

    def cli_counts(fmt, path):
        p = subprocess.run([os.environ["KITH_BIN"], "--db", copy, "--org", ORG_A, "import",
                            fmt, os.path.basename(path)], cwd=work, capture_output=True,
                           text=True)
        check(p.returncode == 0, "cli import: " + p.stderr)
        # The first line, in the import's own units (kith_import_summary).
        return p.stdout.split("\n")[0]

    def api_counts(d):
        return [d[k] for k in ("rows_read", "rows_imported", "rows_duplicate",
                               "rows_rejected", "members_created", "merges")]

    raw = open(orders, "rb").read()
    got = manager.json("POST", "/api/v1/imports/shopify-orders?filename=orders_export_1.csv",
                       body=raw, headers={"Content-Type": "text/csv"})
    check(got["file"] == "orders_export_1.csv" and got["format"] == "shopify-orders", got)
    line = cli_counts("shopify-orders", orders)
    check(got["summary"] == line, "API summary %r differs from the CLI's %r"
          % (got["summary"], line))
    m = re.search(r"(\d+) orders read; (\d+) activities imported, (\d+) already there, "
                  r"\d+ skipped \(.*\), (\d+) rejected; (\d+) new members, (\d+) merges",
                  line)
    check(m and api_counts(got) == [int(x) for x in m.groups()],
          "API counts %r differ from the CLI's %r" % (api_counts(got), line))
    again = manager.json("POST",
                         "/api/v1/imports/shopify-orders?filename=orders_export_1.csv",
                         body=raw)
    check(again["rows_imported"] == 0 and again["rows_duplicate"] == got["rows_imported"],
          "a second import added rows: %r" % again)
    # Multipart, as the dashboard's form sends it; the name from the part.
    boundary = "kithTESTboundary"
    form = (("--%s\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n"
             "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
             "filename=\"attendees.csv\"\r\nContent-Type: text/csv\r\n\r\n") %
            (boundary, boundary)).encode() + open(attendees, "rb").read() + \
        ("\r\n--%s--\r\n" % boundary).encode()
    got = manager.json("POST", "/api/v1/imports/eventbrite", body=form,
                       headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
    check(got["file"] == "attendees.csv", got)
    # (The CLI's copy has seen fewer imports: its batch number differs.)
    line = cli_counts("eventbrite", attendees)
    check(re.sub(r" \(batch \d+\)$", "", got["summary"]) ==
          re.sub(r" \(batch \d+\)$", "", line),
          "multipart summary %r differs from the CLI's %r" % (got["summary"], line))
    hist = json.loads(body("/api/v1/imports"))["imports"]
    check([i["file"] for i in hist[-3:]] == ["orders_export_1.csv"] * 2 + ["attendees.csv"],
          "history: %r" % [i["file"] for i in hist[-3:]])
    check(any(e["action"] == "import" and e["target"] == "attendees.csv"
              for e in owner.json("GET", "/api/v1/audit")["events"]), "import not audited")

    # A bad row: 422, the CLI's message, and the database byte-identical.
    bad = os.path.join(work, "orders_bad.csv")
    shutil.copy(os.path.join(FIX, "shopify-orders", "orders_bad.csv"), bad)
    p = subprocess.run([os.environ["KITH_BIN"], "--db", copy, "--org", ORG_A, "import",
                        "shopify-orders", "orders_bad.csv"], cwd=work, capture_output=True,
                       text=True)
    check(p.returncode == 2, "cli bad import")
    cli_msg = p.stderr.splitlines()[0][len("kith: "):]

    def state():
        dump = subprocess.run(["sqlite3", db, ".dump"], capture_output=True).stdout
        return dump, hashlib.sha256(open(db, "rb").read()).hexdigest()

    before = state()
    st, h, data = manager.request("POST", "/api/v1/imports/shopify-orders?filename="
                                  "orders_bad.csv", body=open(bad, "rb").read())
    check(st == 422, "bad row: %d" % st)
    err = error_of(data)
    check(err["message"] == cli_msg, "API %r, CLI %r" % (err["message"], cli_msg))
    check(err["message"].startswith("orders_bad.csv:4: column 'Lineitem quantity'"),
          err["message"])
    form = (("--%s\r\nContent-Disposition: form-data; name=\"file\"; "
             "filename=\"orders_bad.csv\"\r\n\r\n") % boundary).encode() + \
        open(bad, "rb").read() + ("\r\n--%s--\r\n" % boundary).encode()
    st, h, data = manager.request("POST", "/api/v1/imports/shopify-orders", body=form,
                                  headers={"Content-Type":
                                           "multipart/form-data; boundary=" + boundary})
    check(st == 422 and error_of(data)["message"] == cli_msg, "multipart bad row: %d" % st)
    check(state() == before, "a refused import changed the database")
    check(os.listdir(tmp) == [], "uploads left behind: %r" % os.listdir(tmp))

    # ------------------------------------------------------------ merges
    sugg = json.loads(body("/api/v1/merges/suggestions"))["suggestions"][0]
    before = sql(db, "SELECT count(*) FROM member WHERE merged_into IS NULL")
    done = manager.json("POST", "/api/v1/merges", body={"keep": sugg["a"], "drop": sugg["b"]})
    check(sql(db, "SELECT merged_into FROM member WHERE id = %d" % sugg["b"]).strip() ==
          str(sugg["a"]), "not merged")
    prof = owner.json("GET", "/api/v1/members/%d" % sugg["b"])
    check(prof["id"] == sugg["a"] and prof["shown_for"] == sugg["b"], "merged profile")
    manager.json("POST", "/api/v1/merges/%d/undo" % done["merge"])
    check(sql(db, "SELECT count(*) FROM member WHERE merged_into IS NULL") == before,
          "unmerge did not restore the member")
    st, _, _ = manager.request("POST", "/api/v1/merges/%d/undo" % done["merge"])
    check(st == 409, "undoing twice: %d" % st)

    # ------------------------------------------------------------ SIGTERM
    # A request in flight when SIGTERM comes is answered in full.
    result = {}

    def slow():
        c = Client(srv, w.tokens["owner@a.example"])
        result["r"] = c.get("/api/v1/report?by=month&segment=level&include_team=1")

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)
    srv.p.send_signal(signal.SIGTERM)
    t.join(120)
    st, h, data = result["r"]
    check(st == 200 and json.loads(data)["sections"], "the request in flight: %d" % st)
finally:
    srv.stop()
    w.cleanup()
print("ok: %d views equal the CLI's, cache, paging, imports, merges, SIGTERM" % len(pairs))
