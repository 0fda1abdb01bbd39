#!/usr/bin/env bash
# kith members top / at-risk leave team and bot members out unless
# --include-team (METRICS.md, "Who is who"); an unknown metric is a usage
# error.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
F=$KITH_FIXTURES/metrics/basic

$K init --org Bakery >/dev/null || fail init
$K import members $F/members.csv >/dev/null || fail import members
$K import activities $F/activities.csv >/dev/null || fail import activities

# Love at 2024-03-21 00:00 UTC, half-life 90 days (worked by hand):
#   Ana: event_attend 03-01 (20 d) 5 x 0.5^(20/90) = 4.2862
#        post 03-15 (6 d)          3 x 0.5^(6/90)  = 2.8645   -> 7.2
#   Ben: post 01-21 (60 d)         3 x 0.5^(60/90) = 1.8899   -> 1.9
#   Dee (team): reply 02-02 (48 d) 2 x 0.5^(48/90) = 1.3819   -> 1.4
# Cy has no community activity (supply is not one); Eve only purchases.
$K members top --by love --as-of 2024-03-21 >$T/out 2>$T/err || fail "top: $(cat $T/err)"
names=$(awk 'NR > 1 { print $2 ":" $3 }' $T/out | tr '\n' ' ')
[ "$names" = "Ana:7.2 Ben:1.9 " ] || fail "top without team: '$names'"
$K members top --by love --as-of 2024-03-21 --include-team >$T/out 2>$T/err ||
  fail "top --include-team: $(cat $T/err)"
names=$(awk 'NR > 1 { print $2 ":" $3 }' $T/out | tr '\n' ' ')
[ "$names" = "Ana:7.2 Ben:1.9 Dee:1.4 " ] || fail "top with team: '$names'"

# At risk: Tom (team) and Una each volunteered 7 times on 2024-01-01
# (7 x 6 = 42 >= 30: level 3, contributor) and then nothing for 80 days
# (> inactive_days 30) before 2024-03-21.
cat >$T/m2.csv <<'CSV'
email,name,kinds,flags
tom@example.com,Tom,employee,team
una@example.com,Una,customer,
CSV
{
  echo "id,type,occurred_at,email,value,channel"
  for i in 1 2 3 4 5 6 7; do
    echo "t$i,volunteer,2024-01-01T1$i:00:00Z,tom@example.com,2,events"
    echo "u$i,volunteer,2024-01-01T1$i:00:00Z,una@example.com,2,events"
  done
} >$T/a2.csv
$K import members $T/m2.csv >/dev/null || fail import members 2
$K import activities $T/a2.csv >/dev/null || fail import activities 2
$K members at-risk --as-of 2024-03-21 >$T/out 2>$T/err || fail "at-risk: $(cat $T/err)"
names=$(awk 'NR > 1 { print $2 }' $T/out | tr '\n' ' ')
[ "$names" = "Una " ] || fail "at-risk without team: '$names'"
$K members at-risk --as-of 2024-03-21 --include-team >$T/out 2>$T/err ||
  fail "at-risk --include-team: $(cat $T/err)"
names=$(awk 'NR > 1 { print $2 }' $T/out | sort | tr '\n' ' ')
[ "$names" = "Tom Una " ] || fail "at-risk with team: '$names'"

# The metric selector of members top: love, reach, brokerage or betweenness;
# anything else is a usage error (exit 1) naming the flag and the choices.
$K members top --by sales >$T/out 2>$T/err; rc=$?
[ $rc -eq 1 ] || fail "unknown metric: exit $rc"
grep -q -- "--by 'sales': use love, reach, brokerage or betweenness" $T/err || fail "unknown metric message: $(cat $T/err)"
[ ! -s $T/out ] || fail "unknown metric printed a list"
# An empty tag segment names what to give.
$K report --segment tag: >$T/out 2>$T/err; rc=$?
[ $rc -eq 1 ] && grep -q -- "--segment 'tag:'" $T/err || fail "empty tag segment: $rc $(cat $T/err)"
echo ok
