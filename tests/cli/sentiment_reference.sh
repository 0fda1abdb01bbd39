#!/usr/bin/env bash
# Agreement with the reference: kith sentiment score against
# vader-sentiment 1.1.3 under node (tests/reference/vader_ref.js), line by
# line, on every text of the ground-truth corpora (../shared/data/vader/)
# and on fixtures/sentiment/edge.txt (rule cases, emoji, accents, curly
# quotes, Unicode spaces, invalid UTF-8, NUL bytes, random mixes) and on
# every distinct text of the demo bakery.
# Target: compound within 1e-4 for at least 99.9% of the texts of each set,
# neg/neu/pos equal as printed (3 decimals); an unscored kith line must be
# 0 / 0 / 0 compound in the reference. Exit 77 (skipped) without node or
# the npm package (scripts/setup.sh installs both).
set -u
KITH=${KITH_BIN:?}
SRC=${KITH_SOURCE_DIR:?}
SHARED=${KITH_SHARED:-$SRC/../shared}
REF=$SRC/tests/reference/vader_ref.js
if ! command -v node > /dev/null || [ ! -f "$SRC/node_modules/vader-sentiment/package.json" ]; then
    echo "SKIPPED: node or node_modules/vader-sentiment missing; run scripts/setup.sh"
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

# compare NAME TEXTS: prints the agreement and lists every difference
compare() {
    local name=$1 texts=$2
    "$KITH" sentiment score -q --lexicon "$SRC/node_modules/vader-sentiment/vader_lexicon.txt" \
        "$texts" | cut -f1-4 > "$T/kith" || { echo "FAIL: kith failed on $name"; fails=$((fails + 1)); return; }
    node "$REF" "$texts" | cut -f1-4 > "$T/ref" || { echo "FAIL: node failed on $name"; fails=$((fails + 1)); return; }
    paste "$T/kith" "$T/ref" | awk -F'\t' -v name="$name" '
        function abs(x) { return x < 0 ? -x : x }
        {
            n++
            if ($4 == "") {                     # unscored by kith
                ok_c = ($8 + 0 == 0); ok_p = ($5 + 0 == 0 && $7 + 0 == 0); uns++
            } else {
                ok_c = abs($4 - $8) <= 1e-4 + 1e-12
                ok_p = ($1 == $5 && $2 == $6 && $3 == $7)
            }
            if (ok_c) agree++; else { printf "  %s line %d: compound kith %s ref %s\n", name, NR, $4, $8 }
            if (!ok_p) { pdiff++; printf "  %s line %d: neg/neu/pos kith %s %s %s ref %s %s %s\n", name, NR, $1, $2, $3, $5, $6, $7 }
        }
        END {
            pct = n ? 100 * agree / n : 0
            printf "%-40s %6d texts, compound agrees on %d (%.3f%%), neg/neu/pos differ on %d, %d unscored by kith\n", name, n, agree, pct, pdiff + 0, uns + 0
            exit !(n > 0 && pct >= 99.9 && pdiff + 0 <= n * 0.001)
        }' || fails=$((fails + 1))
}

for c in tweets movieReviewSnippets amazonReviewSnippets; do
    f=$SHARED/data/vader/${c}_GroundTruth.txt
    [ -f "$f" ] || { echo "FAIL: $f missing"; fails=$((fails + 1)); continue; }
    cut -f3- "$f" > "$T/$c.txt"
    compare "$c" "$T/$c.txt"
done
compare edge "${KITH_FIXTURES:?}/sentiment/edge.txt"
# Every distinct text of the demo bakery (posts, replies, reviews, survey
# comments, ideas).
"$KITH" demo --db "$T/demo.db" --no-report > /dev/null \
    || { echo "FAIL: kith demo"; fails=$((fails + 1)); }
sqlite3 "$T/demo.db" "SELECT DISTINCT replace(text, char(10), ' ') FROM activity
                      WHERE coalesce(text, '') <> '' ORDER BY 1" > "$T/demo.txt"
[ -s "$T/demo.txt" ] || { echo "FAIL: no demo texts"; fails=$((fails + 1)); }
compare demo "$T/demo.txt"
exit $((fails > 0))
