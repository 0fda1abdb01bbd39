#!/usr/bin/env bash
# kith report from the command line: the foundation sections on the basic
# fixture (counts worked out in tests/unit/report/test_basic_report.c),
# every output format, and the exit codes of bad flags and empty data.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
F=$KITH_FIXTURES/metrics/basic

$K init --org Bakery >/dev/null || fail init
# An org with no data yet: exit 3 and a hint.
$K report >$T/out 2>$T/err; rc=$?
[ $rc -eq 3 ] || fail "empty db: exit $rc"
grep -q "kith import" $T/err || fail "empty db: no hint: $(cat $T/err)"

$K import members $F/members.csv >/dev/null || fail import members
$K import activities $F/activities.csv >/dev/null || fail import activities

$K report --basic >$T/out 2>$T/err || fail "report: $(cat $T/err)"
grep -q "period 2023-03-22 .. 2024-03-20" $T/out || fail "period line"
grep -Eq "^  customer +3$" $T/out || fail "customer count"
grep -Eq "^  2024-01 .* 3$" $T/out || fail "January total"
grep -q "activities.csv" $T/out || fail "import history"
awk 'length($0) > 100 { exit 1 }' $T/out || fail "a line is wider than 100 columns"
# The full report, cut by quarter and segment, also fits 100 columns
# (counted in characters: the arrows and the ellipsis are one column).
$K report --by quarter --segment kind >$T/full 2>$T/err || fail "full report: $(cat $T/err)"
grep -q "== Customer loyalty" $T/full || fail "no loyalty section"
grep -q "Segments by kind" $T/full || fail "no segment section"
/usr/bin/python3 -c '
import sys
bad = [l for l in open(sys.argv[1], encoding="utf-8") if len(l.rstrip("\n")) > 100]
sys.exit(1 if bad else 0)' $T/full || fail "a line of the full report is wider than 100 columns"

$K report --basic --format json >$T/out.json || fail json
/usr/bin/python3 - "$T/out.json" <<'PY' || fail "json content"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema_version"] == 1
secs = {s["id"]: s for s in r["sections"]}
t = {t["id"]: t for t in secs["members"]["tables"]}["members_by_kind"]
rows = {row[0]: row[1] for row in t["rows"]}
assert rows == {"customer": 3, "employee": 1, "supplier": 1, "(no kind)": 1}, rows
PY

$K report --basic --format csv >$T/out.csv || fail csv
head -1 $T/out.csv | grep -q "^section,table,row,column,value,unit,n,note" || fail "csv header"
grep -q "^members,members_by_kind,1,members,3," $T/out.csv || fail "csv customer row"

# Bad flags: usage errors (exit 1) that name the flag.
$K report --from 2024-99-01 2>$T/err; rc=$?
[ $rc -eq 1 ] && grep -q -- "--from '2024-99-01'" $T/err || fail "bad --from: $rc $(cat $T/err)"
$K report --by week 2>$T/err; rc=$?
[ $rc -eq 1 ] && grep -q -- "--by 'week'" $T/err || fail "bad --by: $rc"
$K report --segment colour 2>$T/err; rc=$?
[ $rc -eq 1 ] && grep -q -- "--segment 'colour'" $T/err || fail "bad --segment: $rc"
$K report --format xml 2>$T/err; rc=$?
[ $rc -eq 1 ] && grep -q -- "--format 'xml'" $T/err || fail "bad --format: $rc"
$K report --from 2024-03-01 --to 2024-02-01 2>$T/err; rc=$?
[ $rc -eq 1 ] || fail "from after to: $rc"
echo ok
