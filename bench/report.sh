#!/usr/bin/env bash
# Benchmark: `kith report --by month` (all metrics, monthly cuts, JSON)
# against the pandas reference computing the same metrics from the same
# SQLite file, end to end, with peak RSS of both; then the report on the
# plain demo (scale 1). Release build.
#   bench/report.sh [DB]   DB defaults to `kith demo --scale $BENCH_SCALE`
#                          (default 100; generated once, kept in bench/out)
#   BENCH_MEMBERS=N bench/report.sh synth   the synthetic bench/gen_dataset.py
# Figures go to stdout; record them in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
K=build/release/kith
OUT=bench/out; mkdir -p $OUT
demo() { # scale -> path of the demo database, made once
  local db=$OUT/demo-$1.db
  if [ ! -f $db ]; then
    /usr/bin/time -f "demo --scale $1: %e s, peak RSS %M KB" \
      $K demo --db $db.tmp --no-report --scale $1 >/dev/null
    mv $db.tmp $db
  fi
  echo $db
}
DB=${1:-}
if [ "$DB" = synth ]; then
  N=${BENCH_MEMBERS:-500000}
  DB=$OUT/report-$N.db
  if [ ! -f $DB ]; then
    /usr/bin/python3 bench/gen_dataset.py $OUT/data-$N $N
    $K --db $DB init --org Bench >/dev/null
    for f in initiatives members activities; do
      $K --db $DB import $f $OUT/data-$N/$f.csv >/dev/null
    done
  fi
elif [ -z "$DB" ]; then
  DB=$(demo ${BENCH_SCALE:-100})
fi
echo "database: $DB ($(du -h $DB | cut -f1)), $(sqlite3 $DB 'select count(*) from activity') activities"
run() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o $OUT/time.txt "$@" >$OUT/$label.out
  read -r secs kb <$OUT/time.txt
  printf "%-10s %8.2f s  peak RSS %7.1f MB\n" "$label" "$secs" "$(echo "$kb/1024" | bc -l)"
  echo "$secs" >$OUT/$label.secs
}
run kith $K --db $DB report --by month --format json
read -r asof from to < <(/usr/bin/python3 -c '
import json, sys, datetime as d
r = json.load(open(sys.argv[1]))
ts = lambda s: int(d.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=d.timezone.utc).timestamp())
print(ts(r["as_of"]), ts(r["period"]["from"]), ts(r["period"]["to"]))' $OUT/kith.out)
run pandas /usr/bin/python3 tests/reference/metrics_reference.py $DB $asof $from $to --by month
/usr/bin/python3 tests/reference/compare.py $OUT/kith.out $OUT/pandas.out | tail -1
echo "speed-up: $(echo "$(cat $OUT/pandas.secs) / $(cat $OUT/kith.secs)" | bc -l | cut -c1-5)x"

# The plain demo: the report must answer well under a second.
D1=$(demo 1)
run demo1 $K --db $D1 report --by month
