#!/usr/bin/env bash
# Period boundaries in the org's time zone (METRICS.md "Time": dates without
# a time are 00:00 in the org's zone; --from/--to/--as-of likewise; the
# monthly cuts are the org's calendar months; the default as_of is the local
# midnight after the latest activity).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN

# New York: UTC-5 until the DST switch of 2024-03-10.
$K init --org Deli --timezone America/New_York >/dev/null || fail init
cat >$T/a.csv <<'CSV'
id,type,occurred_at,email,value,channel
a1,purchase,2024-02-01T04:30:00Z,ana@example.com,10,shop
a2,post,2024-02-01T02:00:00Z,ana@example.com,,forum
a3,post,2024-02-15T12:00:00Z,ben@example.com,,forum
a4,purchase,2024-03-01T03:00:00Z,ben@example.com,20,shop
a5,event_attend,2024-03-05T12:00:00Z,cy@example.com,,events
CSV
$K import activities $T/a.csv >/dev/null || fail import

# Worked by hand. --from 2024-01-01 = 2024-01-01T05:00Z, --to 2024-03-01 =
# 2024-03-01T05:00Z. In New York a1 (Jan 31 23:30) and a2 (Jan 31 21:00)
# are January, a3 and a4 (Feb 29 22:00) February. So:
#   2024-01: active {ana} = 1, revenue 10;  2024-02: active {ben} = 1, revenue 20.
# (UTC months would put a1, a2 in February and leave January at 0 and 0.)
$K report --from 2024-01-01 --to 2024-03-01 --by month --format json >$T/r.json 2>$T/err ||
  fail "report: $(cat $T/err)"
/usr/bin/python3 - $T/r.json <<'PY' || fail "explicit period"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["period"]["from"] == "2024-01-01T05:00:00Z", r["period"]
assert r["period"]["to"] == "2024-03-01T05:00:00Z", r["period"]
assert r["as_of"] == "2024-03-01T05:00:00Z", r["as_of"]
t = {t["id"]: t for s in r["sections"] for t in s["tables"]}["series"]
cols = [c["id"] for c in t["columns"]]
rows = [dict(zip(cols, x)) for x in t["rows"]]
got = [(x["period"], x["active"], x["revenue"]) for x in rows]
assert got == [("2024-01", 1, 10), ("2024-02", 1, 20)], got
PY

# Default as_of: the latest activity a5 is 2024-03-05 07:00 in New York, so
# as_of is the next local midnight, 2024-03-06 00:00 EST = 05:00Z.
$K report --format json >$T/d.json 2>$T/err || fail "default report: $(cat $T/err)"
/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2024-03-06T05:00:00Z", r["as_of"]' $T/d.json || fail "default as_of"
echo ok
