#!/usr/bin/env bash
# Benchmark: the community network (`kith graph`) against python-igraph and
# NetworkX doing the same analysis from the same SQLite file (bench/
# graph_peer.py: build the graph from the database with the same rules,
# degree/strength, PageRank, betweenness as kith computes it at that size,
# constraint (igraph only), coreness, Leiden (Louvain for NetworkX), weak
# components, reciprocity, density), each end to end in its own process,
# run alternately; wall time, CPU time (user + sys) and peak RSS from GNU
# time. Release build.
#   bench/graph.sh [SCALE...]   demo scales (default: 14 136, about 100,000
#                               and 1,000,000 interactions over the demo's
#                               two years); each demo is made once into
#                               bench/out
#   BENCH_RUNS=N (default 3)    alternating rounds per scale
#   BENCH_NX_FACTOR=F (default 60) NetworkX is stopped after F x kith's
#                               median wall time (then "> that" is quoted)
# OpenMP: every process runs with OMP_NUM_THREADS=1 (kith sets one thread
# for PageRank itself; VALIDATION.md: PRPACK's threads spin on a busy
# 2-core machine). Figures go to stdout; record them in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
K=$PWD/build/release/kith
OUT=bench/out
mkdir -p $OUT
export OMP_NUM_THREADS=1
RUNS=${BENCH_RUNS:-3}
NXF=${BENCH_NX_FACTOR:-60}
SCALES=${*:-14 136}
FROM=2024-01-01 # the demo's first day: the whole two years

demo() { # scale -> path of the demo database, made once
  local db=$OUT/demo-$1.db
  if [ ! -f $db ]; then
    /usr/bin/time -f "demo --scale $1: %e s, peak RSS %M KB" \
      $K demo --db $db.tmp --no-report --scale $1 >/dev/null
    mv $db.tmp $db
  fi
  echo $db
}

# run LABEL TIMEOUT CMD...: appends "wall cpu rss_kb status" to $OUT/LABEL.runs
run() {
  local label=$1 limit=$2
  shift 2
  local status=ok
  /usr/bin/time -f "%e %U %S %M" -o $OUT/time.txt timeout "$limit" "$@" \
    >$OUT/$label.out 2>$OUT/$label.err || status=failed
  [ -s $OUT/time.txt ] || { echo "0 0 0 0 failed" >>$OUT/$label.runs; return; }
  local wall u s kb
  read -r wall u s kb < <(tail -1 $OUT/time.txt)
  if grep -q "Command exited with non-zero status 124" $OUT/time.txt; then
    status=timeout
  fi
  echo "$wall $(echo "$u + $s" | bc) $kb $status" >>$OUT/$label.runs
}

median() { # file column
  awk -v c=$2 '$4 == "ok" {print $c}' $1 | sort -g |
    awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
         else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
for scale in $SCALES; do
  DB=$(demo $scale)
  # kith's window (docs/graph.md): from = $FROM at local midnight, as_of =
  # to = the first local midnight after the latest activity.
  read -r from to asof < <(/usr/bin/python3 - $DB $FROM <<'PY'
import sqlite3, sys
from datetime import datetime, timedelta, date
from zoneinfo import ZoneInfo
c = sqlite3.connect(sys.argv[1])
org, tz = c.execute("SELECT id, timezone FROM org").fetchone()
z = ZoneInfo(tz)
latest = c.execute("SELECT max(occurred_at) FROM activity WHERE org_id=?", (org,)).fetchone()[0]
day = datetime.fromtimestamp(latest, z).date() + timedelta(days=1)
asof = int(datetime(day.year, day.month, day.day, tzinfo=z).timestamp())
f = date.fromisoformat(sys.argv[2])
print(int(datetime(f.year, f.month, f.day, tzinfo=z).timestamp()), asof, asof)
PY
)
  echo
  echo "== demo --scale $scale: $(sqlite3 $DB 'select count(*) from activity') activities"
  for p in kith igraph networkx; do rm -f $OUT/g-$scale-$p.runs; done
  for r in $(seq $RUNS); do
    run g-$scale-kith 3600 $K --db $DB graph --from $FROM
    run g-$scale-igraph 3600 /usr/bin/python3 bench/graph_peer.py igraph $DB $from $to $asof
    kw=$(median $OUT/g-$scale-kith.runs 1)
    limit=$(echo "$kw * $NXF + 60" | bc | cut -d. -f1)
    # NetworkX: once per scale past the first round when it is far slower.
    if [ "$r" = 1 ] || [ "$(awk '$4 == "ok"' $OUT/g-$scale-networkx.runs 2>/dev/null | wc -l)" -gt 0 ]; then
      run g-$scale-networkx $limit /usr/bin/python3 bench/graph_peer.py networkx $DB $from $to $asof
    fi
  done
  sed -n '3,4p' $OUT/g-$scale-kith.out
  cat $OUT/g-$scale-igraph.out $OUT/g-$scale-networkx.out 2>/dev/null || true
  printf "%-10s %10s %10s %12s  %s\n" peer "wall (s)" "cpu (s)" "peak RSS MB" "runs"
  for p in kith igraph networkx; do
    f=$OUT/g-$scale-$p.runs
    rss=$(median $f 3)
    [ "$rss" != "-" ] && rss=$(echo "$rss / 1024" | bc -l | cut -c1-7)
    printf "%-10s %10s %10s %12s  %s\n" $p "$(median $f 1)" "$(median $f 2)" "$rss" \
      "$(awk '{printf "%s%s", sep, $4; sep=","}' $f)"
  done
  # The floor: igraph's C library alone for the same analysis (python-igraph's
  # analysis CPU, without loading and building the graph).
  floor=$(awk '{for (i = 1; i < NF; i++) if ($i == "analysis_cpu") print $(i + 1)}' \
    $OUT/g-$scale-igraph.out)
  echo "igraph alone (analysis CPU of the python-igraph run): $floor s"
  for p in igraph networkx; do
    pw=$(median $OUT/g-$scale-$p.runs 1) pc=$(median $OUT/g-$scale-$p.runs 2)
    kw=$(median $OUT/g-$scale-kith.runs 1) kc=$(median $OUT/g-$scale-kith.runs 2)
    if [ "$pw" = "-" ]; then
      echo "kith vs $p: $p did not finish within $(tail -1 $OUT/g-$scale-$p.runs | cut -d' ' -f1) s" \
        "(> $(echo "$(tail -1 $OUT/g-$scale-$p.runs | cut -d' ' -f1) / $kw" | bc -l | cut -c1-5)x kith's wall)"
    else
      echo "kith vs $p: wall $(echo "$pw / $kw" | bc -l | cut -c1-5)x faster," \
        "cpu $(echo "$pc / $kc" | bc -l | cut -c1-5)x faster (kith/$p cpu" \
        "$(echo "$kc / $pc" | bc -l | cut -c1-5))"
    fi
  done
done
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
