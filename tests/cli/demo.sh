#!/usr/bin/env bash
# kith demo end to end: makes the bakery, prints the report, replaces an
# earlier demo, refuses to touch a database holding other data.
set -u
K=${KITH_BIN:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$K" demo --help | grep -q -- "--scale" || fail "demo --help"

out=$("$K" demo --db "$T/d.db" 2>"$T/err") || fail "demo exit $? $(cat "$T/err")"
echo "$out" | grep -q "Made the demo bakery 'Millbrook Bakery'" || fail "summary line"
echo "$out" | grep -q "Members by kind" || fail "report after the demo"
[ -s "$T/err" ] && fail "stderr not silent when not a terminal: $(head -3 "$T/err")"

# The import history lists the 15 demo files (outcomes.csv too), all ok.
[ "$("$K" --db "$T/d.db" imports --format csv | tail -n +2 | grep -c ',ok,')" = 15 ] \
  || fail "imports: $("$K" --db "$T/d.db" imports)"
"$K" --db "$T/d.db" imports --help | grep -q "import history" || fail "imports --help"

# A second run replaces the demo (same content).
n1=$(sqlite3 "$T/d.db" "select count(*) from activity")
"$K" demo --db "$T/d.db" --no-report >/dev/null || fail "second demo run"
n2=$(sqlite3 "$T/d.db" "select count(*) from activity")
[ "$n1" = "$n2" ] || fail "rerun changed the data: $n1 vs $n2"

# Keep the files: they import again as the user's own (nothing new).
"$K" demo --db "$T/k.db" --no-report --keep-files "$T/files" >/dev/null || fail "keep-files"
[ -f "$T/files/shop_orders.csv" ] || fail "kept files"
"$K" --db "$T/k.db" import activities "$T/files/shop_orders.csv" --source shop >"$T/o" 2>&1 \
  || fail "re-import of kept file: $(cat "$T/o")"

# Another database is never overwritten.
"$K" --db "$T/other.db" init --org "Other Shop" >/dev/null || fail "init"
"$K" demo --db "$T/other.db" >/dev/null 2>"$T/err2"
rc=$?
[ $rc -eq 3 ] || fail "expected exit 3 on a non-demo database, got $rc"
grep -q "already holds other data" "$T/err2" || fail "message: $(cat "$T/err2")"
[ "$(sqlite3 "$T/other.db" "select name from org")" = "Other Shop" ] || fail "other db changed"

# Bad options.
"$K" demo --db "$T/x.db" --scale 0 >/dev/null 2>&1; [ $? -eq 1 ] || fail "--scale 0 must be a usage error"
"$K" demo --db "$T/x.db" --seed abc >/dev/null 2>&1; [ $? -eq 1 ] || fail "--seed abc must be a usage error"
echo ok
