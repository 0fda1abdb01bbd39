#!/usr/bin/env bash
# Sentiment throughput: kith sentiment score vs the reference
# vader-sentiment 1.1.3 on node, same texts, same machine, one run each:
# the three ground-truth corpora (../shared/data/vader/, 18,513 texts)
# repeated to at least 1,000,000 texts. Prints texts per second and the
# ratio (target: kith >= 50x node), and checks the two outputs agree.
#   bench/sentiment.sh [MIN_TEXTS]
set -euo pipefail
cd "$(dirname "$0")/.."
MIN=${1:-1000000}
SHARED=${KITH_SHARED:-../shared}
OUT=bench/out
LEX=node_modules/vader-sentiment/vader_lexicon.txt
mkdir -p "$OUT"
[ -f "$LEX" ] || { echo "bench: $LEX missing; run scripts/setup.sh" >&2; exit 1; }
cmake --preset release > /dev/null
cmake --build --preset release -j2 --target kith > /dev/null
KITH=build/release/kith

base=$OUT/sentiment_base.txt
corpus=$OUT/sentiment_corpus.txt
: > "$base"
for c in tweets movieReviewSnippets amazonReviewSnippets; do
    cut -f3- "$SHARED/data/vader/${c}_GroundTruth.txt" | tr -d '\r' >> "$base"
done
per=$(wc -l < "$base")
reps=$(( (MIN + per - 1) / per ))
: > "$corpus"
for _ in $(seq 1 "$reps"); do cat "$base" >> "$corpus"; done
n=$(wc -l < "$corpus")
bytes=$(wc -c < "$corpus")

now() { date +%s.%N; }
t0=$(now)
"$KITH" sentiment score -q --lexicon "$LEX" "$corpus" > "$OUT/sentiment_kith.tsv"
t1=$(now)
node tests/reference/vader_ref.js "$corpus" > "$OUT/sentiment_node.tsv"
t2=$(now)

cmp -s <(cut -f4 "$OUT/sentiment_kith.tsv" | sed 's/^$/0.0000/') \
       <(cut -f4 "$OUT/sentiment_node.tsv") && agree=identical || agree=DIFFERENT
awk -v n="$n" -v b="$bytes" -v k="$(echo "$t1 - $t0" | bc)" -v j="$(echo "$t2 - $t1" | bc)" \
    -v agree="$agree" -v cpu="$(nproc)" 'BEGIN {
    printf "texts: %d (%.1f MB), %d CPUs\n", n, b / 1e6, cpu
    printf "kith (C, -O2, 1 thread):       %7.2f s  %10.0f texts/s\n", k, n / k
    printf "vader-sentiment 1.1.3 (node):  %7.2f s  %10.0f texts/s\n", j, n / j
    printf "speed-up: %.1fx (target >= 50x); compound columns %s\n", j / k, agree
}'
