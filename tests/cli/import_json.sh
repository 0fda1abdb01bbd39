#!/usr/bin/env bash
# kith import slack / discord from the command line: exit codes and the
# messages a person sees for good and bad exports.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KITH_DB="$tmp/k.db"
"$KITH_BIN" init --org test >/dev/null || fail "init"

out=$("$KITH_BIN" import slack "$KITH_FIXTURES/slack/export" 2>&1) || fail "slack import: $out"
echo "$out" | grep -qF "5 users, 9 messages read; 12 activities imported, 0 already there, 2 skipped (joins and leaves 2), 0 rejected; 6 new members, 0 merges, 1 optional field left out" \
    || fail "slack summary: $out"
# The left-out field is shown (the first one; --verbose lists them all).
echo "$out" | grep -qF "kith: warning: $KITH_FIXTURES/slack/export/users.json: [2].profile.phone: 'call me maybe' is not a phone number; imported the user without it" \
    || fail "slack warning: $out"
out=$("$KITH_BIN" import discord "$KITH_FIXTURES/discord/general.json" 2>&1) || fail "discord import: $out"
echo "$out" | grep -qF "8 messages read; 11 activities imported, 0 already there, 2 skipped (joins and leaves 1, pins 1)" \
    || fail "discord summary: $out"

before=$(sqlite3 "$KITH_DB" "SELECT count(*) FROM activity")
out=$("$KITH_BIN" import discord "$KITH_FIXTURES/discord/malformed.json" 2>&1)
[ $? -eq 2 ] || fail "malformed discord should exit 2: $out"
echo "$out" | grep -q "malformed.json:9: column 31: invalid JSON" || fail "discord message: $out"
out=$("$KITH_BIN" import slack "$KITH_FIXTURES/slack/malformed" 2>&1)
[ $? -eq 2 ] || fail "malformed slack should exit 2: $out"
echo "$out" | grep -q "general/2024-03-04.json:6: column 12: invalid JSON" || fail "slack message: $out"
# A bad message is a row to fix or to reject, not a refusal of the whole
# file: the hint to pass --reject-file must stay.
printf '{"channel": {"id": "1", "name": "g"}, "messages": [{"id": "2", "timestamp": "yesterday", "author": {"id": "9"}}]}' > "$tmp/badrow.json"
out=$("$KITH_BIN" import discord "$tmp/badrow.json" 2>&1)
[ $? -eq 2 ] || fail "bad discord row should exit 2: $out"
echo "$out" | grep -q "messages\[0\].timestamp" || fail "bad row message: $out"
echo "$out" | grep -q -- "--reject-file R" || fail "bad row lost the --reject-file hint: $out"
printf 'PK' > "$tmp/export.zip"
out=$("$KITH_BIN" import slack "$tmp/export.zip" 2>&1)
[ $? -eq 2 ] || fail "not-a-zip should exit 2: $out"
echo "$out" | grep -q "export.zip: not a zip archive" || fail "not-a-zip message: $out"
[ "$(sqlite3 "$KITH_DB" "SELECT count(*) FROM activity")" = "$before" ] || fail "refused imports changed the data"
echo ok
