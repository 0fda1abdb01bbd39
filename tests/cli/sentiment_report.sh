#!/usr/bin/env bash
# The report's sentiment section, its HTML chart and kith members show's
# texts, on the hand-built fixture of tests/unit/metrics/test_sentiment.c
# (fixtures/metrics/sentiment) scored with the two-word lexicon
# fixtures/sentiment/mini_lexicon.txt: nice 0.4588, nice nice 0.7184,
# awful -0.6124 (x / sqrt(x^2 + 15)); see that test for the derivations.
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

# P = weeks 1 and 2: 6 texts, 5 scored: mean 0.24456, 4/5 positive, 1/5
# negative, net 0.6; P-1 (2023-12-18 .. 2024-01-01) has no text: n/a.
$K report --as-of 2024-02-05 --from 2024-01-01 --to 2024-01-15 --format json > "$T/p.json" \
    || fail "report"
/usr/bin/python3 - "$T/p.json" <<'PY' || fail "report JSON values"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["id"]: x for x in d["sections"]}["sentiment"]
m = {x["id"]: x for x in s["metrics"]}
def close(a, b): return a is not None and abs(a - b) < 1e-9
assert close(m["sentiment_mean"]["value"], 0.24456), m["sentiment_mean"]
assert m["sentiment_mean"]["n"] == 5
assert close(m["sentiment_positive"]["value"], 0.8)
assert close(m["sentiment_negative"]["value"], 0.2)
assert close(m["sentiment_net"]["value"], 0.6)
assert m["sentiment_texts"]["value"] == 6 and m["sentiment_unscored"]["value"] == 1
assert m["sentiment_mean"]["previous"]["value"] is None, m["sentiment_mean"]["previous"]
assert "scored texts" in m["sentiment_mean"]["previous"]["na_reason"]
assert m["sentiment_alert_weeks"]["value"] == 0
t = {x["id"]: x for x in s["tables"]}
ch = {r[0]: r for r in t["sentiment_channels"]["rows"]}
assert set(ch) == {"all", "forum", "shop"}, ch
assert ch["forum"][1] == 5 and ch["forum"][3] == 1 and close(ch["forum"][4], 0.4588)
assert ch["shop"][1] == 1 and close(ch["shop"][4], -0.6124) and close(ch["shop"][7], -1)
w = t["sentiment_weeks"]["rows"]
assert [r[0] for r in w] == ["2024-01-01", "2024-01-08"], w
assert w[0][1:4] == [1704067200, 4, 3] and close(w[0][4], 0.3052 / 3)
assert w[0][5] == {"na": "only 0 scored texts in the 0 earlier periods (fewer than sentiment_min_n = 2)"}, w[0][5]
assert close(w[1][6], 0.5773502691896258) and w[1][7] == ""
print("ok")
PY

# The whole range: week 4 (2024-01-22) is the one alert; the HTML chart
# circles exactly one point.
$K report --as-of 2024-02-05 --from 2024-01-01 --to 2024-02-05 --format json \
    --html "$T/r.html" > "$T/all.json" || fail "report all"
/usr/bin/python3 - "$T/all.json" <<'PY' || fail "alert week in the report"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["id"]: x for x in d["sections"]}["sentiment"]
m = {x["id"]: x for x in s["metrics"]}
assert m["sentiment_alert_weeks"]["value"] == 1
w = {x["id"]: x for x in s["tables"]}["sentiment_weeks"]["rows"]
assert [r[0] for r in w if r[7] == "ALERT"] == ["2024-01-22"], w
assert abs(w[3][6] - -2.2102385383197136) < 1e-9
PY
grep -q '<svg id="chart-sentiment"' "$T/r.html" || fail "no sentiment chart"
[ "$(grep -o '<circle class="alert"' "$T/r.html" | wc -l)" = 1 ] || fail "not one alert mark"

# Without a lexicon the section says why and the report still works.
KITH_VADER_LEXICON=/nonexistent/lex.txt $K report --as-of 2024-02-05 --format json \
    > "$T/nolex.json" || fail "report without lexicon"
grep -q 'texts not scored: .*/nonexistent/lex.txt' "$T/nolex.json" || fail "no reason without lexicon"

# kith members show: Ann's texts, newest first, with their scores (s7 has
# no text, s5 is a reaction: neither is listed).
$K members show a@x.org --format json > "$T/ann.json" || fail "members show"
/usr/bin/python3 - "$T/ann.json" <<'PY' || fail "members show texts"
import json, sys
d = json.load(open(sys.argv[1]))
got = [(t["text"], t["compound"]) for t in d["texts"]]
want = [("awful", -0.6124), ("awful", -0.6124), ("nice nice", 0.7184), ("nice", 0.4588),
        ("plain words", None), ("nice", 0.4588)]
assert got == want, got
PY
$K members show a@x.org > "$T/ann.txt" || fail "members show table"
grep -Eq '^  2024-01-15  idea +forum +\+0\.7184  nice nice$' "$T/ann.txt" || fail "table line: $(cat "$T/ann.txt")"

# members show and merges have no CSV form (their --help says table|json):
# a usage error, not the table under another name.
for sub in "show a@x.org" "merges"; do
    $K members $sub --format csv > "$T/out" 2> "$T/err"
    [ $? = 1 ] || fail "members $sub --format csv: exit"
    grep -q 'use table or json' "$T/err" || fail "members $sub --format csv: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "members $sub --format csv printed something"
done

[ $fails -eq 0 ] && echo "sentiment report: all checks passed"
exit $((fails > 0))
