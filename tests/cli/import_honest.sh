#!/usr/bin/env bash
# Issue 13 as a user meets it on the command line: the summary in the
# import's own units, optional fields left out with a warning (--verbose
# lists them), the survey column never guessed in silence (exit 1 with the
# candidates), private Discord chats refused (exit 2) unless
# --include-private, the same file read another way refused (exit 3) with
# the import to undo, kith imports undo, kith org set date_order, and
# kith members list --limit saying how many there are.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export KITH_DB="$tmp/k.db"
F="$KITH_FIXTURES"
"$KITH_BIN" init --org roastery >/dev/null || fail "init"

# Units: users and messages read, activities made, what was skipped.
out=$("$KITH_BIN" import slack "$F/slack/bots" 2>&1) || fail "slack bots: $out"
[[ "$out" == *"bots: 2 users, 7 messages read; 6 activities imported, 0 already there, 1 skipped (joins and leaves 1), 0 rejected; 6 new members, 0 merges (batch 1)"* ]] \
    || fail "units: $out"

# One odd field: imported, counted, the first shown; --verbose lists all.
out=$("$KITH_BIN" import slack "$F/slack/odd_profile" 2>"$tmp/err") || fail "odd profile exit $?"
[[ "$out" == *"3 users, 3 messages read; 4 activities imported"*"2 optional fields left out"* ]] \
    || fail "odd profile summary: $out"
[[ $(grep -c "kith: warning:" "$tmp/err") -eq 1 ]] || fail "one warning shown: $(cat "$tmp/err")"
grep -qF "users.json: [1].profile.email: 'xxx' is not an email address; imported the user without it (and more: --verbose lists them all)" \
    "$tmp/err" || fail "first warning: $(cat "$tmp/err")"
[[ "$out" == *"note: 1 phone number without a country code (e.g. '064 912 3456') was not used"* ]] \
    || fail "phone note: $out"
"$KITH_BIN" import slack "$F/slack/odd_profile" --verbose >/dev/null 2>"$tmp/err" \
    || fail "verbose exit $?"
[[ $(grep -c "kith: warning:" "$tmp/err") -eq 2 ]] || fail "verbose: $(cat "$tmp/err")"
grep -qF "[2].profile.display_name: expected a string" "$tmp/err" || fail "verbose 2nd"

# The survey question: no candidate -> exit 1 listing the columns.
"$KITH_BIN" import google-forms-nps "$F/google-forms-nps/rate_yourself.csv" \
    >/dev/null 2>"$tmp/err"
rc=$?
[[ $rc -eq 1 ]] || fail "rate_yourself exit $rc"
grep -qF "3 'Rate yourself (1 being lowest and 5 being highest)' (answers 1-5)" "$tmp/err" \
    || fail "candidates: $(cat "$tmp/err")"
[[ $("$KITH_BIN" imports | grep -c rate_yourself) -eq 0 ]] || fail "refused left a trace"

# Read another way: exit 3, naming the import to undo.
out=$("$KITH_BIN" import google-forms-nps "$F/google-forms-nps/scales.csv") \
    || fail "scales exit $?"
[[ "$out" == *"note: scores from column 2 'Overall, how would you score our shop?'"* ]] \
    || fail "scales note: $out"
batch=$(echo "$out" | sed -n 's/.*(batch \([0-9]*\)).*/\1/p')
"$KITH_BIN" import google-forms-nps "$F/google-forms-nps/scales.csv" --question 4 \
    >/dev/null 2>"$tmp/err"
rc=$?
[[ $rc -eq 3 ]] || fail "other reading exit $rc"
grep -qF "imported before as import $batch" "$tmp/err" || fail "other reading: $(cat "$tmp/err")"
grep -qF "kith imports undo $batch" "$tmp/err" || fail "points at undo: $(cat "$tmp/err")"

# Undo, listed as undone; then the other reading imports.
out=$("$KITH_BIN" imports undo "$batch") || fail "undo exit $?"
[[ "$out" == "import $batch undone: 3 activities, 3 members, 3 identities removed" ]] \
    || fail "undo message: $out"
"$KITH_BIN" imports | grep -q "scales.csv.*undone" || fail "imports shows undone"
"$KITH_BIN" imports undo "$batch" >/dev/null 2>"$tmp/err"
[[ $? -eq 3 ]] || fail "undo twice exit"
grep -qF "import $batch was already undone" "$tmp/err" || fail "undo twice: $(cat "$tmp/err")"
"$KITH_BIN" imports undo 999 >/dev/null 2>&1
[[ $? -eq 3 ]] || fail "undo unknown exit"
"$KITH_BIN" imports undo abc >/dev/null 2>&1
[[ $? -eq 1 ]] || fail "undo usage exit"
"$KITH_BIN" import google-forms-nps "$F/google-forms-nps/scales.csv" --question 4 \
    >/dev/null || fail "other reading after undo"

# Private chats.
"$KITH_BIN" import discord "$F/discord/dm.json" >/dev/null 2>"$tmp/err"
rc=$?
[[ $rc -eq 2 ]] || fail "dm exit $rc"
grep -qF "a private conversation, not the community's, so kith leaves it out; to import it anyway, pass --include-private" \
    "$tmp/err" || fail "dm message: $(cat "$tmp/err")"
"$KITH_BIN" import discord "$F/discord/dm.json" --include-private >/dev/null \
    || fail "dm with --include-private"

# Dates: the org's order, said by the import.
"$KITH_BIN" org set date_order dmy >/dev/null || fail "org set"
"$KITH_BIN" org set date_order someday >/dev/null 2>&1
[[ $? -eq 1 ]] || fail "org set bad value exit"
"$KITH_BIN" org | grep -q "date_order          dmy" || fail "org show: $("$KITH_BIN" org)"
printf 'Order #,Order Date,First Name,Last Name,Email,Attendee #,Attendee Status\n1,03/05/24 10:00,A,B,a@example.com,11,Attending\n' \
    >"$tmp/eb.csv"
out=$("$KITH_BIN" import eventbrite "$tmp/eb.csv") || fail "eventbrite exit"
[[ "$out" == *"note: dates such as 3/5/24 were read day first (D/M/Y), as the organisation's date_order says"* ]] \
    || fail "date note: $out"

# members list --limit: N of M.
total=$(sqlite3 "$KITH_DB" "SELECT count(*) FROM member WHERE merged_into IS NULL")
out=$("$KITH_BIN" members list --limit 5) || fail "members list"
[[ "$(echo "$out" | tail -1)" == "5 of $total members" ]] || fail "limit: $(echo "$out" | tail -1)"
out=$("$KITH_BIN" members list) || fail "members list"
[[ "$(echo "$out" | tail -1)" == "$total members" ]] || fail "all: $(echo "$out" | tail -1)"
echo ok
