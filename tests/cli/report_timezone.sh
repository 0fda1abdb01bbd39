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

# --- Dates shown to people are the org's (issue 9, "Also fix"): London
# after the change to summer time on 30 March 2025. April starts at
# 2025-03-31T23:00Z, which a UTC formatter printed as 2025-03-31.
export KITH_DB=$T/l.db
$K init --org Bake --timezone Europe/London >/dev/null || fail "init london"
cat >$T/l.csv <<'CSV'
id,type,occurred_at,email,value,channel
l1,purchase,2025-03-15T10:00:00Z,ana@example.com,10,shop
l2,post,2025-03-31T23:30:00Z,ana@example.com,,forum
l3,purchase,2025-04-20T12:00:00Z,ben@example.com,20,shop
l4,post,2025-05-05T12:00:00Z,cy@example.com,,forum
CSV
$K import activities $T/l.csv >/dev/null || fail "import london"
$K report --from 2025-03-01 --to 2025-06-01 --by month --format table --html $T/l.html >$T/l.txt 2>$T/err ||
  fail "london report: $(cat $T/err)"
grep -Eq '^  2025-04 +2025-04-01 ' $T/l.txt || fail "trends: April does not start 2025-04-01: $(grep -A6 'Metrics by period' $T/l.txt)"
grep -q '2025-03-31' $T/l.txt && fail "a UTC date is still shown: $(grep 2025-03-31 $T/l.txt)"
# P = [2025-03-01 00:00 GMT, 2025-06-01 00:00 BST): its last day is 31
# May; P-1 has the same length (92 days less the hour of summer time), so
# it starts on 2024-11-29 at 01:00 GMT.
grep -q '^period 2025-03-01 .. 2025-05-31 (previous 2024-11-29 .. 2025-02-28), as of 2025-06-01$' \
  $T/l.txt || fail "header: $(sed -n 2p $T/l.txt)"
grep -q '<td>2025-04</td><td>2025-04-01</td>' $T/l.html || fail "HTML trends: April's start"
grep -q '2025-03-31' $T/l.html && fail "HTML shows a UTC date"
# l2 is 00:30 on 1 April in London: the last activity of ana, member 1.
$K members list | grep -Eq '^ +1 .* 2025-04-01$' || fail "members list: $($K members list)"
$K members list --format csv | grep -q ',2025-04-01$' || fail "members list csv"
$K members top --by love | grep -q ' 2025-04-01$' || fail "members top: $($K members top --by love)"
$K members show ana@example.com | grep -q 'post .* 2025-04-01 .. 2025-04-01' ||
  fail "members show: $($K members show ana@example.com)"
# The import's start, in London time, as date(1) prints it.
# (JSON: the instant in UTC, "YYYY-MM-DDTHH:MM:SSZ".)
start=$($K imports --format json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["imports"][0]["started_at"])')
[ -n "$start" ] || fail "imports --format json: no started_at"
want=$(TZ=Europe/London date -d "$start" '+%Y-%m-%d %H:%M') || fail "date of '$start'"
$K imports | grep -q "  $want  " || fail "imports: want $want: $($K imports)"

# --- Sentiment weeks and topics are the org's too. New York: a text on
# Sunday 3 March 2024 at 23:30 EST (2024-03-04T04:30Z) belongs to the week
# of Monday 26 February there (a UTC week would put it in the week of
# 4 March); one on Monday 4 March at 00:30 EST to the week of 4 March.
LEX=$KITH_SOURCE_DIR/node_modules/vader-sentiment/vader_lexicon.txt
if [ -f "$LEX" ]; then
  export KITH_VADER_LEXICON=$LEX KITH_DB=$T/ny.db
  $K init --org Deli --timezone America/New_York >/dev/null || fail "init ny"
  cat >$T/ny.csv <<'CSV'
id,type,occurred_at,email,channel,text
n1,post,2024-02-27T15:00:00Z,ana@example.com,forum,great bagels today
n2,post,2024-03-04T04:30:00Z,ben@example.com,forum,lovely bagels and great coffee
n3,post,2024-03-04T05:30:00Z,cy@example.com,forum,bad coffee
CSV
  $K import activities $T/ny.csv >/dev/null || fail "import ny"
  $K sentiment --from 2024-02-26 --to 2024-03-11 --format json >$T/s.json || fail "sentiment ny"
  /usr/bin/python3 - $T/s.json <<'PY2' || fail "sentiment weeks in New York"
import json, sys
d = json.load(open(sys.argv[1]))
got = [(p["period"], p["from"], p["texts"]) for p in d["periods"]]
# Mondays 00:00 EST = 05:00Z.
assert got == [("2024-02-26", "2024-02-26T05:00:00Z", 2),
               ("2024-03-04", "2024-03-04T05:00:00Z", 1)], got
PY2
  $K sentiment --from 2024-02-26 --to 2024-03-11 | grep -q '^Brand sentiment, 2024-02-26 to 2024-03-11 (America/New_York' ||
    fail "sentiment header"
  # Topics of the local week of 4 March (n3 alone would be too few texts:
  # the header is what is checked): dates are New York's.
  $K topics --from 2024-03-04 --to 2024-03-11 >$T/t.txt || fail "topics ny"
  grep -q '^Rising topics, 2024-03-04 to 2024-03-11 (1 texts) against 2024-02-26 to 2024-03-04 (2 texts)' $T/t.txt ||
    fail "topics: $(head -1 $T/t.txt)"
else
  echo "note: $LEX missing: sentiment weeks not checked (scripts/setup.sh)"
fi
# The impact views' dates are local too: the London org's first projected
# month starts 2025-06-01 00:00 BST (2025-05-31T23:00Z), and the
# stakeholders' period ends on as_of's local day (00:00 BST on 10 June is
# 9 June in UTC).
export KITH_DB=$T/l.db
$K simulate --p 0.01 --q 0.3 --market 100 --months 3 --as-of 2025-06-10 --format json \
  >$T/sim.json 2>$T/err || fail "simulate: $(cat $T/err)"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["start"]["month"] == "2025-06-01", d["start"]
assert d["scenarios"][0]["months"][0]["label"] == "2025-06", d["scenarios"][0]["months"][0]' \
  $T/sim.json || fail "simulate: a UTC start month"
$K stakeholders list --as-of 2025-06-10 --format json >$T/st.json 2>$T/err ||
  fail "stakeholders: $(cat $T/err)"
/usr/bin/python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))["period"]
assert p["to"] == "2025-06-10", p' $T/st.json || fail "stakeholders: a UTC period"
echo ok
