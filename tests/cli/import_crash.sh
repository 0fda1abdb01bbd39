#!/bin/bash
# A large import killed mid-load (kill -9, as a crash or power cut would
# stop it) leaves the database as it was: a large file loads with a
# rollback journal (docs/development.md), and the next open rolls the hot
# journal back. Afterwards the database is in WAL again, intact, and the
# same file imports in full.
set -u
KITH=${KITH_BIN:?KITH_BIN must point at the kith binary}
T=$(mktemp -d /tmp/kith-crash-XXXXXX)
trap 'kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT
pid=
fail() { echo "FAIL: $*" >&2; exit 1; }
export KITH_DB=$T/k.db

"$KITH" init --org Crash >/dev/null || fail init
printf 'id,type,occurred_at,email,value\ns1,purchase,2024-01-02,ann@example.com,5\n' >$T/small.csv
"$KITH" import activities $T/small.csv >/dev/null || fail "small import"
dump() { sqlite3 "$KITH_DB" .dump | grep -v '^PRAGMA\|^BEGIN\|^COMMIT'; }
before=$(dump)

# 400,000 rows, about 26 MB: past the 20 MB at which the journal switches.
awk 'BEGIN { print "id,type,occurred_at,email,value";
             for (i = 1; i <= 400000; i++)
                 printf "b%d,purchase,2024-03-%02d,p%d@example.com,%d.50\n",
                        i, 1 + i % 28, i % 5000, i % 90 }' >$T/big.csv

"$KITH" import activities $T/big.csv >/dev/null 2>&1 &
pid=$!
# Wait for the load to be well under way: the rollback journal exists.
for _ in $(seq 400); do
    [ -e "$KITH_DB-journal" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
done
[ -e "$KITH_DB-journal" ] || fail "no rollback journal appeared during the large import"
sleep 0.5
kill -0 $pid 2>/dev/null || fail "the import finished before it could be killed"
kill -9 $pid
wait $pid 2>/dev/null
pid=
[ -e "$KITH_DB-journal" ] || fail "killed import left no journal (nothing to roll back?)"

# The next kith command opens the database: SQLite rolls the journal back.
"$KITH" imports >$T/imports.txt 2>$T/err || fail "kith imports after the crash: $(cat $T/err)"
[ -e "$KITH_DB-journal" ] && [ -s "$KITH_DB-journal" ] && fail "hot journal still there"
after=$(dump)
[ "$after" = "$before" ] || fail "the killed import left changes behind"
[ "$(sqlite3 "$KITH_DB" 'PRAGMA journal_mode')" = wal ] || fail "not back in WAL"
[ "$(sqlite3 "$KITH_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity check"

# And the same file now imports in full.
"$KITH" import activities $T/big.csv >/dev/null || fail "re-import"
[ "$(sqlite3 "$KITH_DB" 'SELECT count(*) FROM activity')" = 400001 ] || fail "row count after re-import"
echo "crash test passed"
