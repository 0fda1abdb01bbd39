#!/usr/bin/env bash
# kith sentiment score from the outside: TSV format, unscored lines, broken
# bytes, long lines, lexicon errors and the lexicon search order. Uses a
# two-word lexicon (fixtures/sentiment/mini_lexicon.txt: nice 2.0, awful
# -3.0), so every expected number is worked out by hand and no npm package
# is needed.
set -u
KITH=${KITH_BIN:?}
FIX=${KITH_FIXTURES:?}/sentiment
LEX=$FIX/mini_lexicon.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset KITH_VADER_LEXICON
export KITH_DB=$T/none.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_eq() { [ "$1" == "$2" ] || fail "$3: got [$1] want [$2]"; }

# --- help and usage
$KITH sentiment score --help > "$T/help" || fail "--help exit $?"
grep -q 'KITH_VADER_LEXICON' "$T/help" || fail "--help does not document the lexicon order"
# without a subcommand it reports the database's brand sentiment: none here
$KITH sentiment 2>/dev/null; expect_eq $? 3 "kith sentiment without a database"
$KITH sentiment frobnicate 2>/dev/null; expect_eq $? 1 "unknown subcommand"

# --- scores, hand-computed (compound = x / sqrt(x^2 + 15))
# very nice: 2 + 0.293 = 2.293 -> 0.50946; pos 3.293 / 4.293 = 0.767
# not awful: -3 * -0.74 = 2.22 -> 0.49730; pos 3.22 / 4.22 = 0.763
# nice alone: 2 / sqrt(19) = 0.45883
# "a<NUL>b nice": NUL read as U+FFFD, a 3-character word: neu 1/4
# "nice <FF>": the broken byte is one U+FFFD, a 1-character token (dropped)
printf 'very nice\nnot awful\nplain words\n\nnice\r\na\0b nice\nnice \377\n' > "$T/in.txt"
$KITH sentiment score --lexicon "$LEX" "$T/in.txt" > "$T/out" 2> "$T/err"
expect_eq $? 0 "score exit code"
printf '0.000\t0.233\t0.767\t0.5095\tvery nice\n0.000\t0.237\t0.763\t0.4973\tnot awful\n\t\t\t\tplain words\n\t\t\t\t\n0.000\t0.000\t1.000\t0.4588\tnice\n0.000\t0.250\t0.750\t0.4588\ta\357\277\275b nice\n0.000\t0.000\t1.000\t0.4588\tnice \357\277\275\n' > "$T/want"
cmp -s "$T/out" "$T/want" || { fail "TSV output differs"; diff <(od -c "$T/out") <(od -c "$T/want") | head; }
grep -q '7 texts: 5 scored, 2 unscored (1 empty); 2 with invalid UTF-8 or NUL' "$T/err" \
    || fail "summary: $(cat "$T/err")"

# stdin, '-' and several files give one line per input line, in order
printf 'nice\n' | $KITH sentiment score -q --lexicon "$LEX" "$T/in.txt" - > "$T/out2"
expect_eq "$(wc -l < "$T/out2")" 8 "two inputs"
expect_eq "$(tail -1 "$T/out2")" "$(printf '0.000\t0.000\t1.000\t0.4588\tnice')" "stdin after a file"
# no final newline: the last line still counts
printf 'awful' | $KITH sentiment score -q --lexicon "$LEX" > "$T/out3"
# awful: -3 / sqrt(24) = -0.61237
expect_eq "$(cat "$T/out3")" "$(printf '1.000\t0.000\t0.000\t-0.6124\tawful')" "last line without newline"

# --- a megabyte-long line is scored; over --max-line it is skipped
{ for i in $(seq 1 20000); do printf 'word word word word word word word word word word '; done
  printf 'nice\nnice\n'; } > "$T/long.txt"
$KITH sentiment score -q --lexicon "$LEX" "$T/long.txt" | cut -f1-4 > "$T/long.out"
# 200000 neutral words + nice: pos 3 / 200003 rounds to 0.000, neu to 1.000
expect_eq "$(head -1 "$T/long.out")" "$(printf '0.000\t1.000\t0.000\t0.4588')" "1 MB line"
$KITH sentiment score --max-line 100000 --lexicon "$LEX" "$T/long.txt" > "$T/long2" 2> "$T/err"
expect_eq "$(head -1 "$T/long2")" "$(printf '\t\t\t\t')" "too long line"
expect_eq "$(tail -1 "$T/long2")" "$(printf '0.000\t0.000\t1.000\t0.4588\tnice')" "line after a skipped one"
grep -q '1 too long (skipped)' "$T/err" || fail "skip count: $(cat "$T/err")"

# --- errors
$KITH sentiment score --lexicon "$LEX" "$T/nope.txt" > "$T/out" 2> "$T/err"
expect_eq $? 2 "missing input file"
grep -q "$T/nope.txt" "$T/err" || fail "missing file not named"
[ -s "$T/out" ] && fail "output written before the error"
$KITH sentiment score --lexicon /nonexistent/vader_lexicon.txt < /dev/null 2> "$T/err"
expect_eq $? 3 "missing lexicon"
grep -q '/nonexistent/vader_lexicon.txt' "$T/err" || fail "missing lexicon path not named"
grep -q 'scripts/setup.sh' "$T/err" || fail "set-up command not named"
printf 'nice 2.0\n' > "$T/bad_lex.txt"
$KITH sentiment score --lexicon "$T/bad_lex.txt" < /dev/null 2> "$T/err"
expect_eq $? 2 "corrupt lexicon"
grep -q "$T/bad_lex.txt:1" "$T/err" || fail "corrupt lexicon line not named: $(cat "$T/err")"

# --- lexicon order: --lexicon, then $KITH_VADER_LEXICON, then config, then default
printf 'nice\n' | KITH_VADER_LEXICON=/nonexistent/x.txt $KITH sentiment score -q --lexicon "$LEX" > "$T/o"
expect_eq "$(cut -f4 "$T/o")" "0.4588" "--lexicon before the environment"
printf 'nice\n' | KITH_VADER_LEXICON=$LEX $KITH sentiment score -q > "$T/o"
expect_eq "$(cut -f4 "$T/o")" "0.4588" "environment"
$KITH init --org Shop --db "$T/k.db" > /dev/null || fail "init"
$KITH --db "$T/k.db" config set sentiment.lexicon "$LEX" > /dev/null || fail "config set"
printf 'nice\n' | $KITH --db "$T/k.db" sentiment score -q > "$T/o"
expect_eq "$(cut -f4 "$T/o")" "0.4588" "config key sentiment.lexicon"
printf 'nice\n' | KITH_VADER_LEXICON=/nonexistent/x.txt $KITH --db "$T/k.db" sentiment score -q 2> "$T/err"
expect_eq $? 3 "environment before config"
# The default: the npm lexicon, where "nice" is 1.8 (1.8 / sqrt(18.24) = 0.42146).
printf 'nice\n' | $KITH sentiment score -q > "$T/o" 2> "$T/err"
rc=$?
if [ $rc -eq 0 ]; then
    expect_eq "$(cut -f4 "$T/o")" "0.4215" "built-in default lexicon"
else
    expect_eq $rc 3 "default lexicon missing"
    grep -q 'node_modules/vader-sentiment/vader_lexicon.txt' "$T/err" || fail "default path not named"
fi

[ $fails -eq 0 ] && echo "sentiment_cli: all checks passed"
exit $((fails > 0))
