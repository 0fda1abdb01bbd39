#!/bin/bash
# The CLI end to end: exit codes (0 ok, 1 usage, 2 bad input, 3 data or
# state, 4 i/o), the shape of error messages on stderr, --help on every
# command, KITH_DB and the default organisation.
set -u
KITH=${KITH_BIN:?KITH_BIN must point at the kith binary}
T=$(mktemp -d /tmp/kith-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
unset KITH_DB
fails=0

# run WANT_EXIT CMD...: runs, keeps stdout/stderr in $T/out, $T/err.
run() {
    local want=$1
    shift
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: '$*' exited $got, want $want"
        sed 's/^/  stderr: /' "$T/err"
        fails=$((fails + 1))
    fi
}
# has FILE TEXT: FILE contains TEXT (fixed string).
has() {
    if ! grep -qF -- "$2" "$T/$1"; then
        echo "FAIL: $1 lacks '$2'"
        sed 's/^/  | /' "$T/$1"
        fails=$((fails + 1))
    fi
}
same() {
    if [ "$1" != "$2" ]; then
        echo "FAIL: got '$1', want '$2'"
        fails=$((fails + 1))
    fi
}

# --help everywhere, on stdout, exit 0.
for cmd in "" "init" "import" "members" "members merge" "members unmerge"; do
    # shellcheck disable=SC2086
    run 0 "$KITH" $cmd --help
    has out "usage: kith"
done
run 0 "$KITH" --version
has out "kith 0."

# Usage errors: exit 1, a pointer to --help.
run 1 "$KITH"
run 1 "$KITH" frobnicate
has err "kith: unknown command 'frobnicate'"
run 1 "$KITH" init
has err "kith init: --org NAME is required"
run 1 "$KITH" import
has err "kith import: give a FORMAT and at least one FILE"
run 1 "$KITH" import nosuch x.csv
has err "kith import: unknown format 'nosuch'"
run 1 "$KITH" import members x.csv --map nonsense
has err "--map takes COLUMN=FIELD"
run 1 "$KITH" members merge 1
has err "give two member ids"
run 1 "$KITH" members unmerge abc

# No database yet: exit 3 with the way out.
run 3 "$KITH" import members x.csv --db none.db
has err "none.db: no such database; create one with 'kith init --org NAME'"

# KITH_DB names the database; init creates it.
export KITH_DB="$T/shop.db"
run 0 "$KITH" init --org "Corner Bakery" --timezone Europe/Berlin
has out "created organisation 'Corner Bakery' (id 1) in $T/shop.db"
[ -f "$T/shop.db" ] || { echo "FAIL: KITH_DB file not created"; fails=$((fails + 1)); }
run 3 "$KITH" init --org "Corner Bakery"
has err "kith: "

cat >members.csv <<'CSV'
email,name,phone
ann@example.com,Ann,+44 7700 900123
ben@example.com,Ben,
CSV
run 0 "$KITH" import members members.csv
has out "members.csv: 2 rows read; 2 members imported, 0 already there, 0 rejected; 2 new members, 0 merges (batch 1)"
run 0 "$KITH" import members members.csv
has out "members.csv: 2 rows read; 0 members imported, 2 already there, 0 rejected; 0 new members, 0 merges (batch 2)"

# A bad row: exit 2, FILE:LINE: column 'X': reason, nothing kept.
cat >acts.csv <<'CSV'
id,type,occurred_at,email,value
a1,purchase,2024-03-05,ann@example.com,10
a2,purchase,2024-03-05 25:00,ben@example.com,5
CSV
before=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM activity; SELECT count(*) FROM import_batch")
run 2 "$KITH" import activities acts.csv
has err "kith: acts.csv:3: column 'occurred_at': '2024-03-05 25:00' is not a date/time: time of day out of range"
has err "kith: nothing of acts.csv was imported"
after=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM activity; SELECT count(*) FROM import_batch")
same "$after" "$before"

# The same with a reject file: exit 0, the good row in, the bad one out.
run 0 "$KITH" import activities acts.csv --reject-file bad.csv
has out "acts.csv: 2 rows read; 1 activity imported, 0 already there, 1 rejected"
has out "acts.csv: bad rows written to bad.csv"
same "$(head -1 bad.csv)" "id,type,occurred_at,email,value,reason"
same "$(sed -n 2p bad.csv)" "a2,purchase,2024-03-05 25:00,ben@example.com,5,acts.csv:3: column 'occurred_at': '2024-03-05 25:00' is not a date/time: time of day out of range"
# The batch records the file's digest (computed alongside the load).
same "$(sqlite3 "$T/shop.db" "SELECT sha256 FROM import_batch WHERE file_name='acts.csv' AND status='partial'")" \
    "$(sha256sum acts.csv | cut -d' ' -f1)"
# The local time is Berlin's: 2024-03-05 00:00 CET is 2024-03-04T23:00Z.
same "$(sqlite3 "$T/shop.db" "SELECT occurred_at FROM activity")" "1709593200"

# A merge by hand and its undo; unknown ids are state errors (3).
run 0 "$KITH" members merge 1 2 --reason "same person"
has out "merged member 2 into 1 (merge #1; undo with 'kith members unmerge 1')"
run 3 "$KITH" members merge 1 2
run 0 "$KITH" members unmerge 1
has out "undid merge #1"
run 3 "$KITH" members unmerge 1
has err "kith: merge #1 was already undone"
run 3 "$KITH" members unmerge 42
has err "kith: no merge #42 in this organisation"

# An input file that cannot be read: i/o error (4).
run 4 "$KITH" import members missing.csv
has err "missing.csv"

# --db wins over KITH_DB; with two orgs --org is needed.
run 0 "$KITH" --db other.db init --org A
run 0 "$KITH" init --org B --db other.db
run 1 "$KITH" import members members.csv --db other.db
run 0 "$KITH" import members members.csv --db other.db --org B
same "$(sqlite3 other.db "SELECT o.name, count(*) FROM member m JOIN org o ON o.id=m.org_id GROUP BY 1")" "B|2"

if [ "$fails" -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
echo "all CLI checks passed"
