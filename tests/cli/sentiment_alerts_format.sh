#!/usr/bin/env bash
# kith sentiment alerts --format json|csv on the hand-built fixture of
# tests/unit/metrics/test_sentiment.c (fixtures/metrics/sentiment, the
# two-word lexicon fixtures/sentiment/mini_lexicon.txt), with
# alert_window 3, sentiment_min_n 2, alert_z 1.0, as-of 2024-02-05. The
# values are the ones worked out by hand in that test's header:
#   week        scored mean        base texts base mean  base sd     z
#   2024-01-01  3      0.3052/3    0          -          -           n/a
#   2024-01-08  2      0.4588      3          0.3052/3   0.61845761  +0.57735027
#   2024-01-15  2      0.5886      5          0.24456    0.47905520  +0.71816358
#   2024-01-22  2      -0.6124     7          2.4/7      0.43219640  -2.21023854 ALERT
#   2024-01-29  1      -0.6124     6          0.145      0.59523246  -1.27244405 (1 text < 2)
# By month: January (11 texts, 10 scored, mean 0.05628) has no baseline;
# February has no text (mean and z undefined) and January's 10 compounds
# (nice 0.4588 x5, nice nice 0.7184, awful -0.6124 x4) as its baseline.
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

# --- JSON, flagged periods only, then --all
$K sentiment alerts --as-of 2024-02-05 --format json > "$T/a.json" || fail "json exit $?"
$K sentiment alerts --as-of 2024-02-05 --all --format json > "$T/all.json" || fail "json --all"
/usr/bin/python3 - "$T/a.json" "$T/all.json" <<'PY' || fail "alerts JSON"
import json, sys
def close(a, b): return a is not None and abs(a - b) < 1e-7
d = json.load(open(sys.argv[1]))
assert d["as_of"] == "2024-02-05T00:00:00Z" and d["by"] == "week" and d["channel"] is None
assert d["all"] is False and d["alert_z"] == 1 and d["alert_window"] == 3
assert d["sentiment_min_n"] == 2 and d["periods_total"] == 5 and d["periods_flagged"] == 1, d
assert [p["period"] for p in d["periods"]] == ["2024-01-22"], d["periods"]
p = d["periods"][0]
assert (p["from"], p["to"]) == ("2024-01-22T00:00:00Z", "2024-01-29T00:00:00Z"), p
assert (p["texts"], p["scored"], p["unscored"]) == (2, 2, 0), p
assert close(p["mean_compound"], -0.6124) and close(p["baseline_mean"], 2.4 / 7)
assert close(p["baseline_sd"], 0.43219640) and close(p["z"], -2.21023854), p
assert (p["baseline_periods"], p["baseline_scored"]) == (3, 7), p
assert p["alert"] is True and p["na_reason"] is None, p

a = json.load(open(sys.argv[2]))
assert a["all"] is True and a["periods_flagged"] == 1
w = a["periods"]
assert [p["period"] for p in w] == ["2024-01-01", "2024-01-08", "2024-01-15",
                                     "2024-01-22", "2024-01-29"], w
assert [p["alert"] for p in w] == [False, False, False, True, False]
assert [p["baseline_scored"] for p in w] == [0, 3, 5, 7, 6]
assert [p["baseline_periods"] for p in w] == [0, 1, 2, 3, 3]
# W1: no earlier text, so no baseline and no z: null, never 0
assert w[0]["baseline_mean"] is None and w[0]["baseline_sd"] is None and w[0]["z"] is None
assert "fewer than sentiment_min_n = 2" in w[0]["na_reason"], w[0]
assert close(w[0]["mean_compound"], 0.3052 / 3)
for p, bm, sd, z in zip(w[1:], [0.3052 / 3, 0.24456, 2.4 / 7, 0.145],
                        [0.61845761, 0.47905520, 0.43219640, 0.59523246],
                        [0.57735027, 0.71816358, -2.21023854, -1.27244405]):
    assert close(p["baseline_mean"], bm) and close(p["baseline_sd"], sd), p
    assert close(p["z"], z) and p["na_reason"] is None, p
PY

# --- CSV: one record per line of the table
$K sentiment alerts --as-of 2024-02-05 --all --format csv > "$T/all.csv" || fail "csv exit $?"
/usr/bin/python3 - "$T/all.csv" <<'PY' || fail "alerts CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = ["period", "from", "to", "texts", "scored", "unscored", "mean_compound",
        "baseline_periods", "baseline_scored", "baseline_mean", "baseline_sd", "z",
        "alert", "na_reason"]
assert rows[0] == head, rows[0]
assert len(rows) == 6 and all(len(r) == 14 for r in rows), rows
r = [dict(zip(head, x)) for x in rows[1:]]
assert [x["alert"] for x in r] == ["false", "false", "false", "true", "false"], r
assert r[0]["baseline_mean"] == r[0]["baseline_sd"] == r[0]["z"] == "", r[0]
assert r[0]["na_reason"].startswith("only 0 scored texts"), r[0]
x = r[3]
assert (x["period"], x["from"], x["texts"], x["scored"]) == (
    "2024-01-22", "2024-01-22T00:00:00Z", "2", "2"), x
assert abs(float(x["z"]) + 2.21023854) < 1e-7 and abs(float(x["baseline_mean"]) - 2.4 / 7) < 1e-12
assert (x["baseline_periods"], x["baseline_scored"], x["na_reason"]) == ("3", "7", ""), x
PY
$K sentiment alerts --as-of 2024-02-05 --format csv > "$T/a.csv" || fail "csv flagged"
[ "$(wc -l < "$T/a.csv")" = 2 ] || fail "flagged CSV: not header + 1 row: $(cat "$T/a.csv")"
grep -q '^2024-01-22,' "$T/a.csv" || fail "flagged CSV row"

# --- by month: a defined baseline for a month without texts
$K sentiment alerts --as-of 2024-02-05 --by month --all --format json > "$T/m.json" || fail "month"
/usr/bin/python3 - "$T/m.json" <<'PY' || fail "alerts by month"
import json, statistics, sys
d = json.load(open(sys.argv[1]))
assert d["by"] == "month" and d["periods_total"] == 2 and d["periods_flagged"] == 0, d
jan, feb = d["periods"]
assert (jan["period"], jan["texts"], jan["scored"]) == ("2024-01", 11, 10), jan
assert abs(jan["mean_compound"] - 0.05628) < 1e-12 and jan["baseline_mean"] is None
assert (feb["period"], feb["texts"], feb["from"], feb["to"]) == (
    "2024-02", 0, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"), feb
assert feb["mean_compound"] is None and feb["z"] is None and feb["alert"] is False, feb
assert feb["baseline_scored"] == 10 and abs(feb["baseline_mean"] - 0.05628) < 1e-12, feb
jan_compounds = [0.4588] * 5 + [0.7184] + [-0.6124] * 4
assert abs(feb["baseline_sd"] - statistics.stdev(jan_compounds)) < 1e-12, feb
assert "scored texts" in feb["na_reason"], feb
PY

# --- the table: baselines that are not defined read n/a, not 0.0000
$K sentiment alerts --as-of 2024-02-05 --all > "$T/t" || fail "table"
grep -Eq '^2024-01-01 +3 +\+0\.1017 +n/a +n/a +0 +n/a *$' "$T/t" || fail "table W1: $(cat "$T/t")"
grep -Eq '^2024-01-22 +2 +-0\.6124 +0\.3429 +0\.4322 +3 +-2\.21 ALERT$' "$T/t" || fail "table W4"

# --- a bad format
$K sentiment alerts --format yaml > "$T/out" 2> "$T/err"
[ $? = 1 ] || fail "bad --format exit"
grep -q "table, json or csv" "$T/err" || fail "bad --format message: $(cat "$T/err")"
[ -s "$T/out" ] && fail "output despite a bad --format"
$K sentiment alerts --help | grep -q 'pooled' || fail "--help does not describe the baseline"

[ $fails -eq 0 ] && echo "sentiment alerts format: all checks passed"
exit $((fails > 0))
