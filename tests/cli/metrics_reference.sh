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
# The demo bakery: every metric, default period and monthly cuts, plus a
# segment cut; and the planted effects (docs/demo.md) at their sizes.
$K demo --db $T/demo.db --no-report >/dev/null || fail "demo"
check $T/demo.db
check $T/demo.db --segment kind
$K --db $T/demo.db report --format json >$T/demo.json || fail "demo report"
/usr/bin/python3 - "$T/demo.json" <<'PY' || fail "planted effects"
import json, sys
doc = json.load(open(sys.argv[1]))
vals = {}
def walk(o):
    if isinstance(o, dict):
        if "id" in o and "value" in o:
            vals.setdefault(o["id"], o["value"])
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(doc)
def v(k):
    x = vals.get(k)
    if not isinstance(x, (int, float)):
        sys.exit(f"metric {k} missing or n/a: {x!r}; have {sorted(vals)[:60]}")
    return x
within, outside = v("crr_within_community"), v("crr_outside_community")
assert 0.66 < within < 0.74, within
assert 0.41 < outside < 0.49, outside
assert abs(v("innovation_rate") - 0.8) < 1e-12, v("innovation_rate")
assert abs(v("local_supplier_share") - 5700 / 9300) < 1e-12, v("local_supplier_share")
tables = {t["id"]: t for s in doc["sections"] for t in s.get("tables", [])}
t = tables["initiatives"]
cols = [c["id"] for c in t["columns"]]
roi = {r[cols.index("initiative")]: r[cols.index("roi")] for r in t["rows"]}
negative = sorted(k for k, x in roi.items() if isinstance(x, (int, float)) and x < 0)
assert negative == ["Instagram Ads"], roi
assert -0.97 < roi["Instagram Ads"] < -0.93, roi["Instagram Ads"]
print(f"planted: CRR within {within:.4f}, outside {outside:.4f}, "
      f"Instagram Ads ROI {roi['Instagram Ads']:.3f}, innovation 0.8, local share 0.6129")
PY
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
# Money in four currencies (tests/fixtures/metrics/money): without rates,
# then with rates (the reference converts with pandas merge_asof).
DB=$T/m.db
M=$KITH_FIXTURES/metrics/money
$K --db $DB init --org Shop --currency EUR >/dev/null || fail "init money"
for f in initiatives members activities; do
  $K --db $DB import $f $M/$f.csv >/dev/null || fail "import money $f"
done
$K --db $DB config set min_n 1 >/dev/null || fail config
check $DB --as-of 2025-01-01 --from 2024-07-01
check $DB --as-of 2025-01-01 --from 2024-08-01
$K --db $DB import rates $M/rates.csv >/dev/null || fail "import rates"
check $DB --as-of 2025-01-01 --from 2024-07-01
check $DB --as-of 2025-01-01 --from 2024-08-16 --to 2024-12-01
echo ok
