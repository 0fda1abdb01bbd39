#!/usr/bin/env bash
# Benchmark of the lifetime value and churn models (not a test; figures go
# to stdout, record them in bench/README.md). Release build.
#   fit      BG/NBD on 1,000,000 simulated customers (bench/gen_bgnbd.py):
#            kith (kith_bench_models fit) against the same likelihood with
#            scipy's L-BFGS-B on vectorised numpy (bench/models_peer.py),
#            with scipy's finite-difference gradient and with the analytic
#            one; REPS rounds, the three alternating; medians, the ratio and
#            the log-likelihoods' relative difference.
#   predict  E[X(52 weeks)] and P(alive) of the same 1,000,000: rows/s.
#   churn    the churn model of the demo (scale 1), then 1,000,000 rows
#            scored with their reasons: rows/s.
#   bench/models.sh [fit|predict|churn]   (default: all; REPS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
cmake --build --preset release --target kith_bench_models >/dev/null
B=build/release/bench/kith_bench_models
OUT=bench/out; mkdir -p $OUT
N=${BENCH_CUSTOMERS:-1000000}
REPS=${REPS:-5}
DATA=$OUT/bgnbd-$N.csv
[ -f $DATA ] || /usr/bin/python3 bench/gen_bgnbd.py $N $DATA
what=${1:-all}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ $what = all ] || [ $what = fit ]; then
  : > $OUT/fit.jsonl
  for i in $(seq $REPS); do
    $B fit $DATA >> $OUT/fit.jsonl
    /usr/bin/python3 bench/models_peer.py numgrad $DATA >> $OUT/fit.jsonl
    /usr/bin/python3 bench/models_peer.py grad $DATA >> $OUT/fit.jsonl
  done
  /usr/bin/python3 - $OUT/fit.jsonl <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
kith = [r for r in rows if "mode" not in r]
peers = {m: [r for r in rows if r.get("mode") == m] for m in ("numgrad", "grad")}
med = lambda rs, k: statistics.median(r[k] for r in rs)
k = kith[0]
print(f"BG/NBD fit, {k['n']:,} customers ({k['rows']:,} distinct rows): "
      f"kith median {med(kith, 'seconds'):.3f} s wall, {med(kith, 'cpu_seconds'):.3f} s CPU;"
      f" log-likelihood {k['log_likelihood']:.6f}")
for m, rs in peers.items():
    p = rs[0]
    rel = abs(p["log_likelihood"] - k["log_likelihood"]) / abs(k["log_likelihood"])
    print(f"  scipy L-BFGS-B ({m}): median {med(rs, 'seconds'):.2f} s wall, "
          f"{med(rs, 'cpu_seconds'):.2f} s CPU, {p['nfev']} evaluations; "
          f"kith {med(rs, 'seconds') / med(kith, 'seconds'):.0f}x faster (wall), "
          f"{med(rs, 'cpu_seconds') / med(kith, 'cpu_seconds'):.0f}x (CPU); "
          f"log-likelihood {p['log_likelihood']:.6f}, relative difference {rel:.1e}")
PY
fi

if [ $what = all ] || [ $what = predict ]; then
  for i in $(seq 3); do $B predict $DATA; done > $OUT/predict.jsonl
  /usr/bin/python3 - $OUT/predict.jsonl <<'PY'
import json, statistics, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
med = lambda k: statistics.median(r[k] for r in rs)
rate = statistics.median(r["n"] / r["cpu_seconds"] for r in rs)
print(f"CLV prediction (E[X(52)] and P(alive)), {rs[0]['n']:,} customers: median "
      f"{med('seconds'):.3f} s wall, {med('cpu_seconds'):.3f} s CPU, {rate:,.0f} rows/s (CPU)")
PY
fi

if [ $what = all ] || [ $what = churn ]; then
  DB=$OUT/demo-1.db
  if [ ! -f $DB ]; then
    build/release/kith demo --db $DB.tmp --no-report >/dev/null && mv $DB.tmp $DB
  fi
  for i in $(seq 3); do $B churn $DB 1000000; done > $OUT/churn.jsonl
  /usr/bin/python3 - $OUT/churn.jsonl <<'PY'
import json, statistics, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
med = lambda k: statistics.median(r[k] for r in rs)
rate = statistics.median(r["n"] / r["cpu_seconds"] for r in rs)
print(f"churn: model on the demo ({rs[0]['model_customers']:,} current customers) "
      f"{med('model_seconds'):.2f} s; scoring with reasons, {rs[0]['n']:,} rows: median "
      f"{med('seconds'):.3f} s wall, {med('cpu_seconds'):.3f} s CPU, {rate:,.0f} rows/s (CPU)")
PY
fi
