#!/usr/bin/env bash
# kith segments and the segment filters on tests/fixtures/segments (the
# RFM segments are worked out in tests/unit/models/test_segments.c): exit
# codes and messages of bad flags and bad input, the three formats, --members,
# kith members list --segment, kith report --segment rfm|cluster (within
# 100 columns) and the JSON equal to what the library renders.
set -u
K=${KITH_BIN:?}
F=${KITH_FIXTURES:?}/segments
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
$K init --org Shop >/dev/null || fail init
$K import members "$F/members.csv" >/dev/null || fail "import members"
$K import activities "$F/activities.csv" >/dev/null || fail "import activities"
A="--as-of 2025-01-01"

# expect CODE TEXT ARGS...: exit code CODE and TEXT in stderr.
expect() {
  local code=$1 text=$2; shift 2
  "$K" "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ $rc -eq "$code" ] || fail "$*: exit $rc, want $code ($(cat "$T/err"))"
  grep -qF -- "$text" "$T/err" || fail "$*: stderr lacks '$text': $(cat "$T/err")"
  [ -s "$T/out" ] && fail "$*: printed on stdout: $(head -3 "$T/out")"
}

# --- help and bad flags (exit 1)
$K segments --help | grep -q -- "--method rfm" || fail help
$K --help | grep -q "segments" || fail "segments not in kith --help"
expect 1 "--k '1': k must be a whole number from 2 to 64" segments --method kmeans --k 1
expect 1 "--k '0'" segments --method kmeans --k 0
expect 1 "--k 'x'" segments --method kmeans --k x
expect 1 "--k '3.5'" segments --method kmeans --k 3.5
expect 1 "--method 'tree': use rfm or kmeans" segments --method tree
expect 1 "--k, --restarts and --seed are for --method kmeans" segments --k 3
expect 1 "--format 'xml': use table, json or csv" segments --format xml
expect 1 "--as-of 'soon': not a date" segments --as-of soon
expect 1 "unexpected argument 'x'" segments x
# --- bad input for the data (exit 3): too few customers, k above them
expect 3 "k = 11 is more than the 10 customers before 2025-01-01" \
  segments $A --method kmeans --k 11
expect 3 "RFM needs at least 5 customers (one per quintile); there are 2" \
  segments --as-of 2023-12-01
expect 3 "k-means needs at least 3 customers to choose k" \
  segments --as-of 2023-12-01 --method kmeans

# --- table
$K segments $A >"$T/rfm.txt" || fail "rfm table"
grep -q "RFM segments of 10 customers, as of the end of 2024-12-31 (spend in EUR)" \
  "$T/rfm.txt" || fail "rfm table title: $(head -1 "$T/rfm.txt")"
grep -Eq "^champions +1 +10.0% +1.0 +6.0 +300.00 " "$T/rfm.txt" || fail "champions row"
grep -Eq "^lost +0 +0.0% +- " "$T/rfm.txt" || fail "empty segment row"
grep -q "R 1, FM 1: the longest ago and the least" "$T/rfm.txt" || fail "rule shown"
$K segments $A --method kmeans --k 3 >"$T/km.txt" || fail "kmeans table"
grep -q "^k = 3, silhouette" "$T/km.txt" || fail "kmeans k line"
[ "$(grep -c '^cluster ' "$T/km.txt")" = 3 ] || fail "three clusters"
for f in rfm km; do
  awk 'length($0) > 100 { exit 1 }' "$T/$f.txt" || fail "$f table wider than 100 columns"
done
$K segments $A --members >"$T/mem.txt" || fail "table --members"
grep -Eq "^ +[0-9]+  Ivy +cannot lose$" "$T/mem.txt" || fail "member line: $(tail -3 "$T/mem.txt")"
[ "$(grep -Ec '^ +[0-9]+  ' "$T/mem.txt")" = 10 ] || fail "ten customers listed"

# --- CSV
$K segments $A --format csv >"$T/s.csv" || fail csv
head -1 "$T/s.csv" | grep -q "^segment,description,customers,share," || fail "csv header"
[ "$(wc -l <"$T/s.csv")" = 12 ] || fail "csv: 11 segments + header"
grep -q '^hibernating,"R 1-2, FM 1-2 (not R 1 FM 1): long ago, little",2,0.2,300,1,12.5,0' \
  "$T/s.csv" || fail "csv hibernating row: $(grep hibernating "$T/s.csv")"
$K segments $A --format csv --members >"$T/m.csv" || fail "csv members"
grep -q "^id,name,segment" "$T/m.csv" && grep -q ",Gus,at risk" "$T/m.csv" \
  || fail "csv members rows"

# --- JSON: the library's text, parsed
$K segments $A --format json >"$T/r.json" || fail json
$K segments $A --method kmeans --format json --members >"$T/k.json" || fail "json kmeans"
/usr/bin/python3 - "$T/r.json" "$T/k.json" <<'PY' || fail "segments JSON"
import json, sys
r = json.load(open(sys.argv[1]))
assert (r["method"], r["as_of"], r["currency"], r["customers"]) == (
    "rfm", "2025-01-01T00:00:00Z", "EUR", 10), r
assert "members" not in r
names = [s["name"] for s in r["segments"]]
assert names == ["champions", "loyal", "potential loyalists", "new", "promising",
                 "need attention", "about to sleep", "at risk", "cannot lose",
                 "hibernating", "lost"], names
assert sum(s["customers"] for s in r["segments"]) == 10
lost = r["segments"][-1]
assert lost["customers"] == 0 and lost["means"]["spend"] is None, lost
k = json.load(open(sys.argv[2]))
assert k["method"] == "kmeans" and k["k_chosen_by"] == "silhouette", k
assert [t["k"] for t in k["k_tried"]] == list(range(2, 9)), k["k_tried"]
assert len(k["members"]) == 10 and len(k["segments"]) == k["k"]
feats = [f["id"] for f in k["features"]]
assert feats == ["recency_days", "purchases", "spend", "tenure_days", "love", "events",
                 "forum", "contributions"], feats
for s in k["segments"]:
    assert set(s["centre"]) == {f["id"] for f in k["features"] if f["used"]}, s
PY

# --- members list --segment
$K members list --segment rfm:potential_loyalists --format csv >"$T/pl.csv" || fail "list rfm"
[ "$(cut -d, -f2 "$T/pl.csv" | tail -n +2 | sort | tr '\n' ' ')" = "Ben Cy Dee " ] \
  || fail "potential loyalists: $(cat "$T/pl.csv")"
$K members list --segment rfm:hibernating --limit 1 --format json >"$T/h.json" || fail "list limit"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["members"]; assert [m["name"] for m in d] == ["Hal"], d' \
  "$T/h.json" || fail "limit after the segment filter"
expect 1 "no such RFM segment" members list --segment rfm:vip
expect 1 "use rfm:NAME" members list --segment gold
expect 1 "there are 3 clusters" members list --segment cluster:4 --k 3
expect 1 "--k is for --segment cluster:N" members list --k 3
expect 1 "--all and --segment" members list --all --segment rfm:lost

# --- report cuts
$K report $A --segment rfm >"$T/rep.txt" 2>"$T/err" || fail "report rfm: $(cat "$T/err")"
grep -q "Segments by rfm" "$T/rep.txt" || fail "report rfm section"
grep -Eq "^  cannot lose +1 " "$T/rep.txt" || fail "report rfm row"
grep -Eq "^  not a customer +1 " "$T/rep.txt" || fail "report non-customers row"
$K report $A --segment cluster:3 >"$T/rep3.txt" || fail "report cluster:3"
[ "$(grep -Ec '^  cluster [123]: ' "$T/rep3.txt")" -ge 3 ] || fail "report cluster rows"
$K report $A --segment cluster --format json >"$T/rep.json" || fail "report cluster json"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["segment"] == "cluster"
t = [s for s in d["sections"] if s["id"] == "segments"][0]["tables"][0]
assert all(r[0].startswith("cluster ") or r[0] == "not a customer" for r in t["rows"]), t
' "$T/rep.json" || fail "report cluster json rows"
for f in rep rep3; do
  /usr/bin/python3 -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 100 for l in open(sys.argv[1], encoding="utf-8")))' \
    "$T/$f.txt" || fail "$f wider than 100 columns"
done
expect 1 "--segment 'cluster:x'" report $A --segment cluster:x
expect 3 "RFM needs at least 5 customers" report --as-of 2023-12-01 --segment rfm

[ $fails -eq 0 ] && echo ok
exit $fails
