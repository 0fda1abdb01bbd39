#!/usr/bin/env bash
# kith topics from the outside, on fixtures/topics (the numbers are worked
# out in tests/unit/text/test_topics.c): the table, the examples, usage
# errors.
set -u
K=${KITH_BIN:?}
F=${KITH_FIXTURES:?}/topics
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
$K init --org Shop > /dev/null || fail init
$K import members "$F/members.csv" > /dev/null || fail "import members"
$K import activities "$F/activities.csv" > /dev/null || fail "import activities"

$K topics --channel forum --from 2024-01-08 --to 2024-01-15 > "$T/out" || fail "exit $?"
cat "$T/out"
grep -q '^Rising topics, 2024-01-08 to 2024-01-15 (3 texts) against 2024-01-01 to 2024-01-08 (2 texts), channel forum$' "$T/out" || fail "header"
grep -Eq '^1 +broken +21\.13% +0\.00% +\+21\.13 pp +2 +0$' "$T/out" || fail "row 1"
grep -Eq '^2 +oven +21\.13% ' "$T/out" || fail "row 2"
grep -Eq '^3 +oven broken +21\.13% ' "$T/out" || fail "row 3"
grep -q '^4 ' "$T/out" && fail "a topic in one text only"
grep -q '^      "OVENS broken; bread"$' "$T/out" || fail "example"
$K topics --channel forum --from 2024-01-08 --to 2024-01-15 --min-docs 1 --limit 4 > "$T/o2" || fail "min-docs"
grep -Eq '^4 +lovely bread +13\.09% ' "$T/o2" || fail "min-docs 1: $(cat "$T/o2")"
$K topics --limit 0 > /dev/null 2>&1; [ $? = 1 ] || fail "--limit 0"
$K topics --from 2024-01-08 --to 2024-01-08 > /dev/null 2>&1; [ $? = 1 ] || fail "empty period"
$K topics --channel nowhere --from 2024-01-08 --to 2024-01-15 | grep -q '^no term rose' || fail "unknown channel"

[ $fails -eq 0 ] && echo "topics: all checks passed"
exit $((fails > 0))
