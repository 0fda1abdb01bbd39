#!/usr/bin/env bash
# kith import with the real-export formats: exit codes and messages as a
# user sees them (0 ok, 2 bad row with FILE:LINE: column 'X', 1 usage).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export KITH_DB="$dir/kith.db"
F="$KITH_FIXTURES"

"$KITH_BIN" init --org shop >/dev/null || fail "init"

out=$("$KITH_BIN" import shopify-orders "$F/shopify-orders/orders_export_1.csv") \
    || fail "shopify import exit $?"
# In its own units: orders read, activities (5 purchases, 2 refunds) made.
[[ "$out" == *"6 orders read; 7 activities imported, 0 already there, 1 skipped (voided or expired orders 1), 0 rejected; 4 new members"* ]] \
    || fail "shopify summary: $out"

"$KITH_BIN" import shopify-orders "$F/shopify-orders/orders_bad.csv" 2>"$dir/err" >/dev/null
rc=$?
[[ $rc -eq 2 ]] || fail "bad shopify exit $rc"
grep -qF "orders_bad.csv:4: column 'Lineitem quantity': 'two' is not a number" "$dir/err" \
    || fail "bad shopify message: $(cat "$dir/err")"

"$KITH_BIN" import eventbrite "$F/eventbrite/attendees_bad.csv" 2>"$dir/err" >/dev/null
rc=$?
[[ $rc -eq 2 ]] || fail "bad eventbrite exit $rc"
grep -qF "attendees_bad.csv:3: column 'Order Date': '2024-05-32 11:00:00-04:00' is not a date/time" \
    "$dir/err" || fail "bad eventbrite message: $(cat "$dir/err")"

"$KITH_BIN" import eventbrite "$F/eventbrite/attendees_bad.csv" \
    --reject-file "$dir/rej.csv" >/dev/null || fail "eventbrite reject exit $?"
[[ $(wc -l <"$dir/rej.csv") -eq 1 ]] || fail "reject file: $(cat "$dir/rej.csv")"

"$KITH_BIN" import google-forms-nps "$F/google-forms-nps/responses.csv" \
    --question how 2>"$dir/err" >/dev/null
rc=$?
[[ $rc -eq 1 ]] || fail "ambiguous --question exit $rc"
grep -qF -- "--question 'how' matches several columns" "$dir/err" \
    || fail "ambiguous message: $(cat "$dir/err")"

out=$("$KITH_BIN" import google-forms-nps "$F/google-forms-nps/responses.csv" \
    --question 3 --survey enps) || fail "forms import exit $?"
[[ "$out" == *"4 responses read; 3 activities imported, 0 already there, 1 skipped (unanswered 1)"* ]] \
    || fail "forms summary: $out"
# The summary always names the column the scores came from.
[[ "$out" == *"note: scores from column 3 'How likely are you to recommend Fernside Garden Shop to a friend or colleague?' (--question)"* ]] \
    || fail "forms column note: $out"
echo ok
