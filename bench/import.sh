#!/bin/bash
# Import benchmarks (not a test: prints figures). Usage:
#   bench/import.sh [speed|rss|identity|all]     (default all)
# speed:    1M-row generic activities CSV (50k members by email): kith
#           import into a fresh DB vs sqlite3 .import of the same file into
#           a plain table (file DB and :memory:), rows/s and the ratio.
# rss:      peak RSS of kith import for 1M and 5M rows (flat = streaming).
# identity: 1M members with email+phone, then a second 1M-row source of
#           which half are the same people found by email or by phone.
# Inputs are generated (deterministic) into bench/out/; the release build
# is made first. Needs /usr/bin/python3, sqlite3, GNU time.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
PY=/usr/bin/python3
KITH=$ROOT/build/release/kith
what=${1:-all}
mkdir -p "$OUT"
cd "$ROOT"
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
cd "$OUT"

gen() { # gen FILE ARGS...: generate FILE once
    local f=$1
    shift
    [ -s "$f" ] || "$PY" "$HERE/gen.py" "$@" "$f"
}
fresh_db() {
    rm -f "$1" "$1-wal" "$1-shm"
    "$KITH" --db "$1" init --org Bench >/dev/null
}
# timed LABEL CMD...: runs CMD under GNU time; sets SECS and RSS_KB.
timed() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$@" >"$OUT/cmd.out" 2>"$OUT/cmd.err" || {
        echo "$label failed:"
        cat "$OUT/cmd.err"
        exit 1
    }
    read -r SECS RSS_KB USER SYS <"$OUT/time.txt"
    printf '%-34s %8.2f s wall  %7.2f s cpu  %6d MB peak RSS\n' "$label" "$SECS" \
        "$(echo "$USER + $SYS" | bc)" $((RSS_KB / 1024))
}
rate() { echo "$1 / $2" | bc; }

speed() {
    gen act1m.csv activities 1000000 50000
    echo "== import speed: 1,000,000 activity rows, 50,000 members"
    fresh_db k.db
    timed "kith import activities" "$KITH" --db k.db import activities act1m.csv
    local k=$SECS
    rm -f s.db
    timed "sqlite3 .import (file DB)" sqlite3 s.db ".import --csv act1m.csv t"
    local s=$SECS
    timed "sqlite3 .import (:memory:)" sqlite3 :memory: ".import --csv act1m.csv t"
    local m=$SECS
    echo "kith:            $(rate 1000000 "$k") rows/s"
    echo "sqlite3 file:    $(rate 1000000 "$s") rows/s"
    echo "sqlite3 memory:  $(rate 1000000 "$m") rows/s"
    echo "ratio kith / sqlite3 file: $(echo "scale=2; $s / $k" | bc)x (target >= 0.5x)"
    [ "$(sqlite3 k.db 'SELECT count(*) FROM activity')" = 1000000 ] || echo "WRONG ROW COUNT"
}

rss() {
    gen act1m.csv activities 1000000 50000
    gen act5m.csv activities 5000000 50000
    echo "== peak RSS (target < 100 MB, flat in the file size)"
    fresh_db k.db
    timed "kith import 1M rows" "$KITH" --db k.db import activities act1m.csv
    fresh_db k.db
    timed "kith import 5M rows" "$KITH" --db k.db import activities act5m.csv
    echo "5M: $(rate 5000000 "$SECS") rows/s"
}

identity() {
    gen mem1m.csv members 1000000
    gen mem1m_b.csv overlap 1000000
    echo "== identity resolution: 1M members, then 1M more (500k the same people)"
    fresh_db k.db
    timed "kith import members (source A)" "$KITH" --db k.db import members mem1m.csv
    local a=$SECS
    timed "kith import members (source B)" "$KITH" --db k.db import members mem1m_b.csv
    local b=$SECS
    echo "total: $(echo "$a + $b" | bc) s (target < 10 s)"
    echo "members: $(sqlite3 k.db 'SELECT count(*) FROM member WHERE merged_into IS NULL')" \
         "(want 1500000), identities: $(sqlite3 k.db 'SELECT count(*) FROM identity')" \
         "(want 3500000)"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
case $what in
speed) speed ;;
rss) rss ;;
identity) identity ;;
all) speed; rss; identity ;;
*) echo "usage: $0 [speed|rss|identity|all]"; exit 1 ;;
esac
