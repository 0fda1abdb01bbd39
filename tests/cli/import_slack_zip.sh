#!/usr/bin/env bash
# kith import slack EXPORT.zip from the command line: the zip (built here
# from the fixture by tests/support/mkzip.py) imports as the folder does,
# the folder after it adds nothing, and every refused archive exits 2 with
# "kith: ARCHIVE: reason" and leaves the database file byte for byte as it
# was.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KITH_DB="$tmp/k.db"
mkzip() { /usr/bin/python3 "$KITH_SOURCE_DIR/tests/support/mkzip.py" "$1" \
    "$KITH_FIXTURES/slack/export" "$tmp/$1.zip" || fail "mkzip $1"; }
"$KITH_BIN" init --org test >/dev/null || fail "init"

mkzip top
out=$("$KITH_BIN" import slack "$tmp/top.zip" 2>&1) || fail "zip import: $out"
[[ "$out" == *"top.zip: 5 users, 9 messages read; 12 activities imported, 0 already there, 2 skipped (joins and leaves 2), 0 rejected; 6 new members"* ]] \
    || fail "zip summary: $out"
out=$("$KITH_BIN" import slack "$KITH_FIXTURES/slack/export" 2>&1) || fail "folder import: $out"
[[ "$out" == *"5 users, 9 messages read; 0 activities imported, 12 already there, 2 skipped (joins and leaves 2), 0 rejected; 0 new members"* ]] \
    || fail "folder after zip: $out"
out=$("$KITH_BIN" imports 2>&1) || fail "imports: $out"
[[ "$out" == *top.zip* ]] || fail "imports should list top.zip: $out"

# The database and its WAL as files (sha256 of each, missing ones included).
state() { for f in "$KITH_DB" "$KITH_DB-wal"; do
    [ -e "$f" ] && sha256sum <"$f" || echo "no $f"; done; }

refused() { # KIND MESSAGE
    local zip="$tmp/$1.zip" before after out rc
    [ -e "$zip" ] || mkzip "$1"
    before=$(state)
    out=$("$KITH_BIN" import slack "$zip" 2>&1)
    rc=$?
    [ $rc -eq 2 ] || fail "$1 should exit 2, got $rc: $out"
    [[ "$out" == *"kith: $zip: $2"* ]] || fail "$1 message: $out"
    [[ "$out" == *"kith: nothing of $zip was imported"* ]] || fail "$1 second line: $out"
    after=$(state)
    [ "$before" = "$after" ] || fail "$1 changed the database file"
}
refused slip "unsafe entry name '../evil.json'"
refused absolute "unsafe entry name '/tmp/evil.json'"
refused encrypted "entry 'users.json' is encrypted"
refused big "entry 'users.json' is 314572800 bytes uncompressed, over the limit of 256 MiB"
refused lying "damaged or unreadable zip archive (more data than the archive declares"
refused damaged "damaged or unreadable zip archive ("
refused truncated "not a readable zip archive"
refused notslack "not a Slack export: users.json is missing"
refused empty "not a Slack export: users.json is missing"
refused several "several exports in one archive"
printf 'not a zip\n' >"$tmp/fake.zip"
refused fake "not a zip archive (it does not start like one)"
echo ok
