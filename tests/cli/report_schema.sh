#!/usr/bin/env bash
# The JSON report validates against docs/report-schema.json (python3
# jsonschema), for the basic report, the full report with monthly cuts and
# segments (kind, level, tag, k-means clusters), and a report where most
# metrics are n/a; and an invalid
# document is rejected (the check can fail).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
F=$KITH_FIXTURES/metrics/core
$K init --org Bakery >/dev/null || fail init
for f in initiatives members activities ideas social_posts web_sessions; do
  $K import $f $F/$f.csv >/dev/null || fail "import $f"
done
$K report --basic --format json >$T/a.json || fail basic
$K report --as-of 2025-01-01 --by month --segment kind --format json >$T/b.json || fail full
$K report --by quarter --segment level --format json >$T/c.json || fail quarter
$K config set min_n 1 || fail config
$K report --as-of 2025-01-01 --from 2024-07-01 --segment tag:none --format json >$T/d.json || fail tag
$K report --as-of 2025-01-01 --segment cluster:2 --format json >$T/e.json || fail cluster
# The demo: findings and headline figures of every kind of rule.
$K demo --db $T/demo.db --no-report >/dev/null || fail demo
$K --db $T/demo.db report --format json >$T/f.json || fail "demo report"
/usr/bin/python3 - "$KITH_SOURCE_DIR/docs/report-schema.json" $T/a.json $T/b.json $T/c.json $T/d.json $T/e.json $T/f.json <<'PY' || fail "schema"
import json, sys, copy
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
docs = [json.load(open(p)) for p in sys.argv[2:]]
for p, d in zip(sys.argv[2:], docs):
    errs = list(v.iter_errors(d))
    assert not errs, (p, errs[0].message, list(errs[0].path))
# Every metric is a value or n/a with a reason, never both, never neither.
for d in docs:
    for s in d["sections"]:
        for m in s["metrics"]:
            assert (m["value"] is None) == (m["na_reason"] is not None), m
# The basic report has neither findings nor headline figures; the demo
# has both, each finding with its numbers and units under the same keys.
assert docs[0]["findings"] == [] and docs[0]["headlines"] == [], docs[0]["findings"]
demo = docs[-1]
assert len(demo["findings"]) >= 5 and len(demo["headlines"]) >= 5, demo["findings"]
for f in demo["findings"]:
    assert set(f["numbers"]) == set(f["units"]), f
    assert f["evidence"]["anchor"] == "sec-" + f["evidence"]["section"], f
ids = [f["id"] for f in demo["findings"]]
assert len(ids) == len(set(ids)), ids
for k in ("kind", "numbers", "evidence"):
    bad = copy.deepcopy(demo)
    bad["findings"][0][k] = {"kind": "meh", "numbers": {"z": "low"}, "evidence": {}}[k]
    assert list(v.iter_errors(bad)), f"schema accepted a bad finding {k}"
bad = copy.deepcopy(demo); bad["headlines"][0]["trend"] = "sideways"
assert list(v.iter_errors(bad)), "schema accepted a bad headline trend"
# A broken document must fail validation.
bad = copy.deepcopy(docs[1]); bad["sections"][3]["metrics"][0]["value"] = "high"
assert list(v.iter_errors(bad)), "schema accepted a string value"
print("ok", [len(d["sections"]) for d in docs])
PY
echo ok
