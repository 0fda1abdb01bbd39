#!/usr/bin/env bash
# `kith graph --format json` validates against docs/graph-schema.json
# (python3 jsonschema): a small club with replies, a reaction to oneself
# and an event, with decayed and count weights; strong + weak = ties,
# reach sums to 1; and a broken document is rejected (the check can fail).
# The demo's JSON is validated too (cli_graph_demo).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || { echo "no jsonschema: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
$K init --org Club >/dev/null || fail init
{
  echo "id,type,occurred_at,member_id,name,target_member_id,initiative"
  for i in $(seq 1 40); do
    a=$((i % 9)) b=$(((i * 5 + 2) % 9))
    echo "r$i,reply,2024-0$((i % 3 + 1))-1${i: -1}T10:00:00Z,m$a,M$a,m$b,"
  done
  for i in $(seq 1 6); do echo "e$i,event_attend,2024-03-02T10:00:00Z,m$i,M$i,,Fair"; done
  echo "x1,reaction,2024-03-03T10:00:00Z,m1,M1,m1,"
} >$T/a.csv
$K import activities $T/a.csv >/dev/null || fail import
$K graph --format json >$T/1.json || fail decayed
$K graph --weights count --resolution 2 --strong-quantile 0.5 --format json >$T/2.json ||
  fail count
/usr/bin/python3 - "$KITH_SOURCE_DIR/docs/graph-schema.json" $T/1.json $T/2.json <<'PY' ||
import copy, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
docs = [json.load(open(p)) for p in sys.argv[2:]]
for p, d in zip(sys.argv[2:], docs):
    errs = list(v.iter_errors(d))
    assert not errs, (p, errs[0].message, list(errs[0].path))
    assert d["tie_counts"]["strong"] + d["tie_counts"]["weak"] == d["ties"]
    assert abs(sum(m["pagerank"] for m in d["members"]) - 1) < 1e-12
bad = copy.deepcopy(docs[0]); bad["members"][0]["pagerank"] = "high"
assert list(v.iter_errors(bad)), "schema accepted a string pagerank"
bad = copy.deepcopy(docs[0]); del bad["modularity"]
assert list(v.iter_errors(bad)), "schema accepted a missing modularity"
print("ok", [(d["nodes"], d["weights"], d["betweenness"]["method"]) for d in docs])
PY
  fail schema
echo ok
