#!/usr/bin/env bash
# kith sentiment --format json|csv on the hand-built fixture of
# tests/unit/metrics/test_sentiment.c (fixtures/metrics/sentiment), scored
# with the two-word lexicon fixtures/sentiment/mini_lexicon.txt: "nice"
# 0.4588, "nice nice" 0.7184, "awful" -0.6124 (x / sqrt(x^2 + 15)); the
# derivations are in that test. as-of 2024-02-05, P = [2024-01-01,
# 2024-01-15), P-1 = [2023-12-18, 2024-01-01):
#   all:   6 texts, 5 scored (nice x4, awful), 1 unscored ("plain words");
#          mean (4 x 0.4588 - 0.6124) / 5 = 0.24456, positive 4/5,
#          negative 1/5, net 3/5
#   P-1:   no text: every value null, with the reason
#   forum: s1 s2 s4 w2a w2b: 5 texts, 4 scored, mean 0.4588, 1 / 0 / 1
#   shop:  s3: 1 text, mean -0.6124, 0 / 1 / -1
#   week 2024-01-01: 4 texts, 3 scored, mean 0.3052 / 3, 2/3, 1/3, 1/3
#   week 2024-01-08: 2 texts, 2 scored, mean 0.4588, 1, 0, 1
#   month 2024-01 (P = January): 11 texts, 10 scored: nice x5, nice nice,
#          awful x4: mean 0.5628 / 10, positive 6/10, negative 4/10.
set -u
K=${KITH_BIN:?}
F=${KITH_FIXTURES:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
export KITH_VADER_LEXICON=$F/sentiment/mini_lexicon.txt
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

$K init --org Shop > /dev/null || fail init
$K import members "$F/metrics/sentiment/members.csv" > /dev/null || fail "import members"
$K import activities "$F/metrics/sentiment/activities.csv" > /dev/null || fail "import activities"
for kv in min_n=1 alert_window=3 sentiment_min_n=2 alert_z=1.0; do
    $K config set "${kv%%=*}" "${kv#*=}" > /dev/null || fail "config $kv"
done
P="--as-of 2024-02-05 --from 2024-01-01 --to 2024-01-15"

# --- JSON
$K sentiment $P --format json > "$T/s.json" || fail "json exit $?"
/usr/bin/python3 - "$T/s.json" <<'PY' || fail "summary JSON"
import json, sys
d = json.load(open(sys.argv[1]))
def close(a, b): return a is not None and abs(a - b) < 1e-9
def stats(o, texts, scored, unscored, mean, pos, neg, net):
    assert (o["texts"], o["scored"], o["unscored"]) == (texts, scored, unscored), o
    for k, v in (("mean_compound", mean), ("positive_share", pos),
                 ("negative_share", neg), ("net_sentiment", net)):
        assert close(o[k], v), (k, o)
    assert o["na_reason"] is None, o
assert d["as_of"] == "2024-02-05T00:00:00Z" and d["channel"] is None and d["by"] == "week", d
o = d["overall"]
assert (o["from"], o["to"]) == ("2024-01-01T00:00:00Z", "2024-01-15T00:00:00Z"), o
stats(o, 6, 5, 1, 0.24456, 0.8, 0.2, 0.6)
p = d["previous"]
assert (p["from"], p["to"]) == ("2023-12-18T00:00:00Z", "2024-01-01T00:00:00Z"), p
assert (p["texts"], p["scored"], p["unscored"]) == (0, 0, 0), p
for k in ("mean_compound", "positive_share", "negative_share", "net_sentiment"):
    assert p[k] is None, p   # a mean over zero texts is undefined, not 0
assert "scored texts" in p["na_reason"], p
ch = {c["channel"]: c for c in d["channels"]}
assert list(ch) == ["forum", "shop"], ch
stats(ch["forum"], 5, 4, 1, 0.4588, 1, 0, 1)
stats(ch["shop"], 1, 1, 0, -0.6124, 0, 1, -1)
w = d["periods"]
assert [x["period"] for x in w] == ["2024-01-01", "2024-01-08"], w
assert (w[0]["from"], w[0]["to"]) == ("2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z")
stats(w[0], 4, 3, 1, 0.3052 / 3, 2 / 3, 1 / 3, 1 / 3)
stats(w[1], 2, 2, 0, 0.4588, 1, 0, 1)
assert w[0]["alert"] is False and w[1]["alert"] is False
assert all(isinstance(x["texts"], int) for x in w)
PY

# --- CSV: one header, one record per line of the table (scope first)
$K sentiment $P --format csv > "$T/s.csv" || fail "csv exit $?"
/usr/bin/python3 - "$T/s.csv" <<'PY' || fail "summary CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = ["scope", "name", "from", "to", "texts", "scored", "unscored", "mean_compound",
        "positive_share", "negative_share", "net_sentiment", "alert", "na_reason"]
assert rows[0] == head, rows[0]
assert all(len(r) == 13 for r in rows), [len(r) for r in rows]
assert [(r[0], r[1]) for r in rows[1:]] == [
    ("overall", "all"), ("previous", "all"), ("channel", "forum"), ("channel", "shop"),
    ("week", "2024-01-01"), ("week", "2024-01-08")], rows
def num(s): return float(s)
r = dict(zip(head, rows[1]))
assert r["from"] == "2024-01-01T00:00:00Z" and r["to"] == "2024-01-15T00:00:00Z", r
assert (r["texts"], r["scored"], r["unscored"]) == ("6", "5", "1"), r
assert abs(num(r["mean_compound"]) - 0.24456) < 1e-9 and r["positive_share"] == "0.8"
assert r["negative_share"] == "0.2" and r["net_sentiment"] == "0.6" and r["alert"] == "", r
r = dict(zip(head, rows[2]))
assert r["texts"] == "0" and r["mean_compound"] == "" and r["net_sentiment"] == "", r
assert "scored texts" in r["na_reason"], r
r = dict(zip(head, rows[4]))
assert abs(num(r["mean_compound"]) + 0.6124) < 1e-9 and r["net_sentiment"] == "-1", r
r = dict(zip(head, rows[5]))
assert abs(num(r["mean_compound"]) - 0.3052 / 3) < 1e-12 and r["alert"] == "false", r
PY
# CRLF line ends (RFC 4180), as kith report --format csv
/usr/bin/python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
assert b.count(b"\r\n") == b.count(b"\n") == 7, b' "$T/s.csv" || fail "CSV lines do not end in CRLF"

# --- by month, one channel
$K sentiment --as-of 2024-02-05 --from 2024-01-01 --to 2024-02-01 --by month \
    --format csv > "$T/m.csv" || fail "by month"
/usr/bin/python3 - "$T/m.csv" <<'PY' || fail "by month CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
m = [r for r in rows if r["scope"] == "month"]
assert [r["name"] for r in m] == ["2024-01"], rows
r = m[0]
assert (r["texts"], r["scored"], r["unscored"]) == ("11", "10", "1"), r
assert abs(float(r["mean_compound"]) - 0.05628) < 1e-12, r
assert (r["positive_share"], r["negative_share"], r["net_sentiment"]) == ("0.6", "0.4", "0.2"), r
assert r["from"] == "2024-01-01T00:00:00Z" and r["to"] == "2024-02-01T00:00:00Z", r
PY
$K sentiment $P --channel shop --format json > "$T/c.json" || fail "channel"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["channel"] == "shop" and d["channels"] == [], d
assert d["overall"]["texts"] == 1 and abs(d["overall"]["mean_compound"] + 0.6124) < 1e-9
assert [w["texts"] for w in d["periods"]] == [1, 0], d["periods"]
assert d["periods"][1]["mean_compound"] is None' "$T/c.json" || fail "channel JSON"

# --- the table is unchanged and --format table names it
$K sentiment $P > "$T/t1" && $K sentiment $P --format table > "$T/t2" || fail "table"
cmp -s "$T/t1" "$T/t2" || fail "--format table differs from the default"
grep -Eq '^all +6 +5 +1 +\+0\.2446 +80\.0% +20\.0% +\+60\.0$' "$T/t1" || fail "table: $(cat "$T/t1")"

# --- a bad format: usage error naming the choices, nothing on stdout
$K sentiment $P --format xml > "$T/out" 2> "$T/err"
[ $? = 1 ] || fail "bad --format exit"
grep -q "table, json or csv" "$T/err" || fail "bad --format message: $(cat "$T/err")"
[ -s "$T/out" ] && fail "output despite a bad --format"
$K sentiment --format > /dev/null 2>&1; [ $? = 1 ] || fail "--format without a value"
$K sentiment --help | grep -q -- '--format table|json|csv' || fail "--help lacks --format"

[ $fails -eq 0 ] && echo "sentiment format: all checks passed"
exit $((fails > 0))
