#!/usr/bin/env bash
# kith segments against the independent pandas + scikit-learn reference
# (tests/reference/segments_reference.py) on the demo bakery: RFM segment
# counts and every customer's scores equal to pandas'; the features' means
# and sds equal; k-means inertia at k = 4 (median of 5 seeds, 10 restarts)
# within 1% of scikit-learn's KMeans at the same k and restarts (median of
# 9 seeds); every run's inertia from its own labels; the silhouette equal
# to scikit-learn's when kith computes it on every customer (an earlier
# as-of, fewer than 5,000 customers).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
K=$KITH_BIN
R=$KITH_SOURCE_DIR/tests/reference
$K demo --db $T/demo.db --no-report >/dev/null || fail "demo"
export KITH_DB=$T/demo.db
$K segments --format json --members >$T/rfm.json || fail "rfm"
for s in 1 2 3 4 5; do
  $K segments --method kmeans --k 4 --seed $s --format json --members >$T/km-4-$s.json \
    || fail "kmeans k 4 seed $s"
done
# A year earlier: fewer customers, k chosen by silhouette on all of them.
$K segments --as-of 2025-01-01 --format json --members >$T/rfm0.json || fail "rfm 2025"
$K segments --method kmeans --as-of 2025-01-01 --format json --members >$T/sil.json \
  || fail "kmeans 2025"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert d["k_chosen_by"] == "silhouette" and d["silhouette_rows"] == d["customers"] < 5000, d["customers"]' \
  $T/sil.json || fail "the 2025 silhouette is not on every customer"
/usr/bin/python3 $R/segments_reference.py $T/demo.db $T/rfm.json $T/km-4-*.json \
  $T/rfm0.json $T/sil.json || fail "kith differs from the reference"
echo ok
