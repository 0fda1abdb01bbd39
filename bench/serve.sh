#!/usr/bin/env bash
# Load test of kith serve (release build) with wrk: 100 connections, 30 s
# (BENCH_SECONDS), 2 wrk threads, on the demo (scale 1) and at --scale 10:
#   1. GET /api/v1/report, cached (gzip, as a browser asks; then identity)
#   2. GET /api/v1/members?limit=50 (not cached: one SQL page per request)
#   3. GET /api/v1/report at scale 10, uncached (kith serve --no-cache;
#      wrk's timeout raised to 120 s: each report takes seconds)
# and, for the ceiling, GET / (a static page from memory).
# Each run: requests/s, p50/p99 latency, errors (non-2xx and socket
# errors). Memory: kith serve's RSS after each of three identical runs of
# the cached report (flat = no growth). Prints the load average first and
# last: the machine may be shared. Figures go to stdout; record them in
# bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
K=$PWD/build/release/kith
OUT=bench/out; mkdir -p $OUT
SECS=${BENCH_SECONDS:-30}
echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

demo() { # scale -> a demo database with an owner and a token, made once
  local db=$OUT/serve-$1.db
  if [ ! -f $db ]; then
    $K demo --db $db.tmp --no-report --scale $1 >/dev/null
    printf 'bench-password\n' | $K --db $db.tmp users add bench@kith.example --role owner \
      --password-stdin >/dev/null
    $K --db $db.tmp tokens create bench@kith.example --name bench >$db.token 2>/dev/null
    mv $db.tmp $db
  fi
  echo $db
}

PID= URL=
start() { # db, extra options; sets PID and URL
  : >$OUT/serve.out
  $K --db "$1" serve --listen 127.0.0.1:0 "${@:2}" >$OUT/serve.out 2>$OUT/serve.err &
  PID=$!
  for _ in $(seq 100); do [ -s $OUT/serve.out ] && break; sleep 0.1; done
  URL=$(sed -n 's/^listening on //p' $OUT/serve.out)
}
stop() { kill -TERM $PID; wait $PID; PID=; }
trap '[ -z "$PID" ] || kill $PID' EXIT

rss() { awk '/^VmRSS/ {print $2}' /proc/$PID/status; }

# One wrk run: label, URL, extra wrk options; prints one summary line.
load() {
  local label=$1 url=$2; shift 2
  wrk -t2 -c100 -d${SECS}s --latency -H "Authorization: Bearer $TOKEN" "$@" "$url" \
    >$OUT/wrk.txt
  /usr/bin/python3 - "$label" $OUT/wrk.txt <<'PY'
import re, sys
t = open(sys.argv[2]).read()
def lat(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % p, t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
reqs = int(re.search(r"(\d+) requests in", t).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
print("%-44s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  %d requests, %d errors"
      % (sys.argv[1], rps, lat(50), lat(99), reqs, errors))
PY
}

DB1=$(demo 1)
TOKEN=$(cat $DB1.token)
start $DB1
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/report" >/dev/null
echo "kith serve RSS before: $(rss) KB"
for i in 1 2 3; do
  load "report cached, gzip (run $i)" "$URL/api/v1/report" -H "Accept-Encoding: gzip"
  echo "  kith serve RSS after run $i: $(rss) KB"
done
load "report cached, identity (79 KB answers)" "$URL/api/v1/report"
# The ceiling of this machine for kith serve: a 2 KB page from memory (no
# database, no auth).
load "GET / (static, from memory: the ceiling)" "$URL/" -H "Accept-Encoding: gzip"
load "members?limit=50" "$URL/api/v1/members?limit=50" -H "Accept-Encoding: gzip"
echo "  kith serve RSS: $(rss) KB"
stop

DB10=$(demo 10)
TOKEN=$(cat $DB10.token)
start $DB10 --no-cache
echo "scale 10: $(sqlite3 $DB10 'select count(*) from activity') activities"
load "report uncached, scale 10" "$URL/api/v1/report" -H "Accept-Encoding: gzip" --timeout 120s
echo "  kith serve RSS: $(rss) KB"
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
