#!/usr/bin/env bash
# kith's metrics against the independent pandas reference
# (tests/reference/metrics_reference.py) reading the same SQLite file.
# KITH_REFERENCE_DB=path checks an existing database (e.g. the demo);
# otherwise the core fixture is imported, in two configurations.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
K=$KITH_BIN
R=$KITH_SOURCE_DIR/tests/reference

check() { # db, extra report flags...
  local db=$1; shift
  $K --db "$db" report --by month --format json "$@" >$T/kith.json || fail "kith report $*"
  read -r asof from to < <(/usr/bin/python3 -c '
import json, sys, datetime as d
r = json.load(open(sys.argv[1]))
ts = lambda s: int(d.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=d.timezone.utc).timestamp())
print(ts(r["as_of"]), ts(r["period"]["from"]), ts(r["period"]["to"]))' $T/kith.json)
  /usr/bin/python3 $R/metrics_reference.py "$db" $asof $from $to --by month >$T/ref.json \
    || fail "reference failed"
  /usr/bin/python3 $R/compare.py $T/kith.json $T/ref.json || fail "kith differs from the reference ($*)"
}

if [ -n "${KITH_REFERENCE_DB:-}" ]; then
  check "$KITH_REFERENCE_DB"
  echo ok; exit 0
fi
DB=$T/k.db
$K --db $DB init --org Bakery >/dev/null || fail init
for f in initiatives members activities ideas social_posts web_sessions; do
  $K --db $DB import $f $KITH_FIXTURES/metrics/core/$f.csv >/dev/null || fail "import $f"
done
# Defaults (min_n 5: many n/a, which must agree too).
check $DB --as-of 2025-01-01
$K --db $DB config set min_n 1 && $K --db $DB config set community_channels discord,facebook \
  && $K --db $DB config set local_area Munich || fail config
check $DB --as-of 2025-01-01 --from 2024-07-01
check $DB --as-of 2024-10-01 --from 2024-01-01
check $DB
echo ok
