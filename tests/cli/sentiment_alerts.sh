#!/usr/bin/env bash
# kith sentiment / kith sentiment alerts on the demo bakery: the planted dip
# (the week of Monday 9 June 2025, 75% complaints) is the one week flagged,
# and its mean compound equals the mean worked out here without kith's
# metrics code: the week's texts selected by plain SQL (community text
# types, team and bot members left out), scored line by line by
# 'kith sentiment score', averaged with awk over the scored lines.
# Exit 77 (skipped) without the npm lexicon (scripts/setup.sh).
set -u
KITH=${KITH_BIN:?}
SRC=${KITH_SOURCE_DIR:?}
LEX=$SRC/node_modules/vader-sentiment/vader_lexicon.txt
if [ ! -f "$LEX" ]; then
    echo "SKIPPED: $LEX missing; run scripts/setup.sh"
    exit 77
fi
export KITH_VADER_LEXICON=$LEX
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/demo.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

$KITH demo --no-report > /dev/null 2>&1 || { echo "FAIL: kith demo"; exit 1; }

# --- alerts: exactly one week, 2025-06-09
$KITH sentiment alerts > "$T/alerts" || fail "alerts exit $?"
cat "$T/alerts"
grep -c ' ALERT$' "$T/alerts" | grep -qx 1 || fail "not exactly one alert week"
grep -q '^2025-06-09 .* ALERT$' "$T/alerts" || fail "2025-06-09 not flagged"
grep -q '^1 of [0-9]* weeks flagged' "$T/alerts" || fail "summary line"
# --all lists every week; the first is the week of the first text
$KITH sentiment alerts --all > "$T/all" || fail "alerts --all"
[ "$(grep -c ' ALERT$' "$T/all")" = 1 ] || fail "--all: not one alert"
# by month the dip is diluted (one week of four): no month is flagged
$KITH sentiment alerts --by month > "$T/month" || fail "alerts --by month"
grep -q '^0 of 24 months flagged' "$T/month" || fail "months: $(tail -1 "$T/month")"

# --- the dip week's mean, independently: weeks are the org's (the demo
# bakery is in Europe/London, on summer time in June: the week starts at
# 2025-06-08T23:00Z)
DIP=$(TZ=Europe/London date -d 2025-06-09 +%s)
END=$(TZ=Europe/London date -d 2025-06-16 +%s)
sqlite3 "$KITH_DB" "SELECT replace(replace(a.text, char(10), ' '), char(13), ' ')
  FROM activity a JOIN member m ON m.id = a.member_id
  WHERE a.type IN ('post','reply','review','feedback','idea','mention')
    AND a.text <> '' AND a.occurred_at >= $DIP AND a.occurred_at < $END
    AND ',' || m.flags || ',' NOT LIKE '%,team,%'
    AND ',' || m.flags || ',' NOT LIKE '%,bot,%'" > "$T/week.txt"
$KITH sentiment score -q "$T/week.txt" > "$T/week.tsv"
want=$(awk -F'\t' '$4 != "" { s += $4; n++ } END { printf "%d %+.4f", n, s / n }' "$T/week.tsv")
got=$(awk '$1 == "2025-06-09" { print $2, $3 }' "$T/alerts")
[ "$got" = "$want" ] || fail "dip week: kith says [$got], SQL + score say [$want]"

# --- kith sentiment: the summary names the channels and marks the alert week
$KITH sentiment --from 2025-06-01 --to 2025-07-01 > "$T/summary" || fail "summary exit"
grep -q '^discord:#sourdough ' "$T/summary" || fail "no per-channel line"
grep -q '^2025-06-09 ALERT ' "$T/summary" || fail "alert week not marked in the series"
$KITH sentiment --channel nope > /dev/null 2>&1; [ $? = 3 ] || fail "unknown channel"
$KITH sentiment --by year > /dev/null 2>&1; [ $? = 1 ] || fail "--by year"

# --- the report: one alert week in P (2025), circled once in the HTML chart
$KITH report --format json --html "$T/r.html" > "$T/r.json" || fail "report"
/usr/bin/python3 - "$T/r.json" <<'PY' || fail "report sentiment section"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["id"]: x for x in d["sections"]}["sentiment"]
m = {x["id"]: x for x in s["metrics"]}
assert m["sentiment_alert_weeks"]["value"] == 1, m["sentiment_alert_weeks"]
w = {x["id"]: x for x in s["tables"]}["sentiment_weeks"]["rows"]
assert [r[0] for r in w if r[7] == "ALERT"] == ["2025-06-09"]
PY
[ "$(grep -o '<circle class="alert"' "$T/r.html" | wc -l)" = 1 ] || fail "HTML: not one alert mark"

[ $fails -eq 0 ] && echo "sentiment alerts: all checks passed"
exit $((fails > 0))
