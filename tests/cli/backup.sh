#!/usr/bin/env bash
# kith backup FILE while another process imports: every copy passes
# PRAGMA integrity_check, opens as a kith database, and holds exactly the
# rows of the source after some number k of the imports (each import is
# one transaction: all of a file or none of it), checked with sqlite3
# against the source's rows of those k files. Copies are taken until the
# imports end; at least one must fall strictly between the first and the
# last import. Also: an existing file is refused (exit 3, untouched)
# unless --force, the database itself is refused (exit 1), and on a
# terminal a progress bar is drawn on stderr (script(1) gives a tty).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'kill $IMP 2>/dev/null; rm -rf "$T"' EXIT
IMP=
export KITH_DB=$T/k.db
K=$KITH_BIN
FILES=5
ROWS=10000

$K init --org Bakery >/dev/null || fail init
/usr/bin/python3 - "$T" $FILES $ROWS <<'PY'
import sys
d, files, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for f in range(files + 1):
    with open(f"{d}/a{f}.csv", "w") as out:
        out.write("id,type,occurred_at,email,channel,text\n")
        for i in range(rows):
            out.write(f"f{f}r{i},post,2025-0{1 + i % 9}-{1 + i % 28:02d}T10:00:00Z,"
                      f"m{(f * rows + i) % 5000}@example.com,forum,"
                      f"file {f} row {i}: the oven and the queue and the sourdough\n")
PY
$K import activities $T/a0.csv >/dev/null || fail "first import"

( for f in $(seq 1 $FILES); do $K import activities $T/a$f.csv >/dev/null || exit 1; done ) &
IMP=$!
n=0
while kill -0 $IMP 2>/dev/null && [ $n -lt 60 ]; do
  n=$((n + 1))
  $K backup $T/copy$n.db >/dev/null 2>$T/err || fail "backup $n: $(cat $T/err)"
done
wait $IMP || fail "the imports failed"
IMP=
[ $n -ge 2 ] || fail "only $n copies were taken while importing"

# Each copy against the source (sqlite3, not kith): batch b holds file
# b-1 (one batch per import), so a copy taken after k imports must hold
# exactly the source's activities of the first k batches, and the first
# rows of the member, identity and import_batch tables (created in import
# order; the later files only add activities to members that exist).
/usr/bin/python3 - $KITH_DB $ROWS $FILES $T/copy*.db <<'PY' || fail "copies"
import sqlite3, sys
src, rows, files, copies = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
s = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
Q = ("SELECT id, member_id, external_id, occurred_at, text, batch_id FROM activity "
     "WHERE batch_id IN (SELECT id FROM import_batch ORDER BY id LIMIT ?) ORDER BY id")
between = 0
for c in copies:
    d = sqlite3.connect(f"file:{c}?mode=ro", uri=True)
    assert d.execute("PRAGMA integrity_check").fetchone()[0] == "ok", c
    k = d.execute("SELECT count(*) FROM import_batch").fetchone()[0]
    acts = d.execute("SELECT count(*) FROM activity").fetchone()[0]
    assert acts == k * rows, (c, k, acts)
    mine = d.execute(Q, (k,)).fetchall()
    assert mine == s.execute(Q, (k,)).fetchall(), (c, "activities differ", k)
    for t in ("member", "identity", "import_batch"):
        got = d.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
        want = s.execute(f"SELECT * FROM {t} ORDER BY rowid LIMIT ?", (len(got),)).fetchall()
        assert got == want, (c, t, "differs")
    between += 1 < k <= files
    d.close()
assert between >= 1, "no copy was taken while the imports were running"
print(f"{len(copies)} copies taken during {files} imports, {between} between the first and the last")
PY
for i in 1 $n; do
  $K --db $T/copy$i.db report --basic >/dev/null 2>$T/err || fail "copy $i does not open: $(cat $T/err)"
done

# Refusals.
echo "keep me" >$T/exists.db
$K backup $T/exists.db >$T/out 2>$T/err; [ $? = 3 ] || fail "existing file: exit"
grep -q -- "--force" $T/err || fail "existing file: message $(cat $T/err)"
[ "$(cat $T/exists.db)" = "keep me" ] || fail "the existing file was changed"
$K backup --force $T/exists.db >$T/out || fail "--force"
grep -q "^backed up $KITH_DB to $T/exists.db ([0-9]* pages, [0-9]* bytes)$" $T/out ||
  fail "message: $(cat $T/out)"
[ "$(sqlite3 $T/exists.db 'SELECT count(*) FROM activity')" = $(((FILES + 1) * ROWS)) ] ||
  fail "--force copy"
$K backup $KITH_DB --force >/dev/null 2>&1; [ $? = 1 ] || fail "the database itself"
$K backup >/dev/null 2>&1; [ $? = 1 ] || fail "no FILE"
$K backup --help | grep -q "online backup API" || fail "--help"
ls $T | grep -q '\.db\.' && fail "a partial file was left: $(ls $T)"

# The progress bar, on a terminal only.
script -qec "$K backup $T/tty.db" /dev/null >$T/tty.out || fail "backup on a tty"
grep -q "backup .*\[#*" $T/tty.out || fail "no progress bar on a terminal"
$K backup $T/notty.db 2>$T/err >/dev/null || fail "backup without a tty"
[ -s $T/err ] && fail "progress drawn without a terminal"
echo ok
