#!/usr/bin/env bash
# k-means speed and quality: kith_kmeans (driver bench/kmeans_run.c) against
# scikit-learn's KMeans (bench/kmeans_sklearn.py: Lloyd, greedy k-means++),
# the same N x D standardised matrix (bench/kmeans_gen.py), the same k and
# number of restarts, run alternately REPS times. Prints per run the time of
# the fit alone (in-process timers), the process's wall time and peak RSS
# (GNU time), the inertia; then medians and the ratios.
# Threads: by default both use every core (kith runs its starts on parallel
# threads; scikit-learn parallelises inside each start with OpenMP);
# THREADS=1 pins both to one (OMP_NUM_THREADS=1).
#   bench/segments.sh [N] [K]       default 1000000 8; REPS=3, RESTARTS=10
#   bench/segments.sh demo [SCALE]  kith segments (rfm, kmeans) and kith report
#                                   --segment rfm on kith demo --scale SCALE (100)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p $OUT
cmake --preset release >/dev/null
cmake --build --preset release --target kith kith_bench_kmeans >/dev/null
K=build/release/kith
B=build/release/bench/kith_bench_kmeans
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared)"

if [ "${1:-}" = demo ]; then
  S=${2:-100}
  DB=$OUT/demo-$S.db
  [ -f $DB ] || $K demo --db $DB --no-report --scale $S >/dev/null
  for cmd in "segments" "segments --method kmeans --k 4" "segments --method kmeans" \
             "report --segment rfm --format json" "report --format json"; do
    /usr/bin/time -f "%e %U %M" -o $OUT/time.txt $K --db $DB $cmd >$OUT/seg.out
    read -r w u kb <$OUT/time.txt
    printf "%-40s wall %6.2f s  user %6.2f s  peak RSS %6.0f MB\n" "kith $cmd" "$w" "$u" \
      "$(echo "$kb/1024" | bc -l)"
  done
  exit 0
fi

N=${1:-1000000}
D=8
KC=${2:-8}
REPS=${REPS:-3}
R=${RESTARTS:-10}
TH=${THREADS:-0}
X=$OUT/kmeans-${N}x$D.bin
[ -f $X ] || /usr/bin/python3 bench/kmeans_gen.py $X $N $D
if [ "$TH" = 1 ]; then export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1; fi
echo "data: $N x $D (bench/kmeans_gen.py), k = $KC, $R restarts, threads: ${TH/#0/all}"
: >$OUT/km.tsv
for i in $(seq 1 $REPS); do
  for who in kith sklearn; do
    if [ $who = kith ]; then
      cmd=($B $X $N $D $KC $R $i $TH)
    else
      cmd=(/usr/bin/python3 bench/kmeans_sklearn.py $X $N $D $KC $R $i)
    fi
    /usr/bin/time -f "%e %U %S %M" -o $OUT/time.txt "${cmd[@]}" >$OUT/km.json
    read -r wall usr sys kb <$OUT/time.txt
    /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1]));
print(sys.argv[2], j["seconds"], sys.argv[3], int(sys.argv[4]) // 1024, repr(j["inertia"]),
      j["iterations"], round(float(sys.argv[5]) + float(sys.argv[6]), 2), sep="\t")' \
      $OUT/km.json $who $wall $kb $usr $sys | tee -a $OUT/km.tsv
  done
done
/usr/bin/python3 - $OUT/km.tsv <<'PY'
import statistics as st, sys
rows = [l.split("\t") for l in open(sys.argv[1])]
by = {w: [r for r in rows if r[0] == w] for w in ("kith", "sklearn")}
med = {w: (st.median(float(r[1]) for r in v), st.median(float(r[2]) for r in v),
           st.median(int(r[3]) for r in v), st.median(float(r[4]) for r in v),
           st.median(float(r[6]) for r in v))
       for w, v in by.items()}
for w, (fit, wall, mb, inertia, cpu) in med.items():
    print(f"{w:8s} median fit {fit:7.2f} s  wall {wall:7.2f} s  CPU {cpu:7.2f} s  "
          f"peak RSS {mb:5.0f} MB  inertia {inertia:.6f}")
k, s = med["kith"], med["sklearn"]
print(f"kith / scikit-learn: fit time {k[0] / s[0]:.2f}x, wall {k[1] / s[1]:.2f}x, "
      f"CPU {k[4] / s[4]:.2f}x (below 1 = kith faster); median inertia "
      f"{100 * (k[3] - s[3]) / s[3]:+.4f}%")
PY
