#!/usr/bin/env bash
# The network against external truth, through the CLI (import -> kith graph
# -> JSON and CSV export), checked by tests/reference/graph_ref.py with
# python3-igraph (Debian 0.10.2):
# - Zachary's karate club (../shared/data/network/karate): Leiden
#   modularity >= 0.41 on the 78 ties (best known 0.4198); the
#   two-community cut of the weighted club (one reply per context of
#   interaction, resolution 0.5) recovers the factions with NMI >= 0.8;
#   every measure equals python-igraph's to 1e-9.
# - SNAP email-Eu-core: the pipeline (an edge-list CSV imported as reply
#   activities with target_member_id, every 7th edge repeated) gives
#   exactly the edge list's members, edges and weights (self-loops
#   dropped, repeated pairs summed), computed here from the file itself;
#   every measure equals python-igraph's; the NMI of the communities
#   against the 42 departments is printed (docs/graph.md quotes it).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import igraph, numpy' 2>/dev/null ||
  { echo "python3-igraph not installed: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
K=$KITH_BIN
REF="/usr/bin/python3 $KITH_SOURCE_DIR/tests/reference/graph_ref.py"
NET=$KITH_SHARED/data/network

# members file: node k is member_id n<k> named "k" (names carry the node).
members() { { echo "member_id,name"; seq 0 "$1" | awk '{print "n" $1 "," $1}'; } >"$2"; }

# ---------------------------------------------------------------- karate
members 33 $T/km.csv
awk '!/^#/ {print "e" NR ",reply,2024-01-01T00:00:00Z,n" $1 ",n" $2}' \
  $NET/karate/karate_edges_weighted.txt >$T/k.body
{ echo "id,type,occurred_at,member_id,target_member_id"; cat $T/k.body; } >$T/k.csv
export KITH_DB=$T/k.db
$K init --org Karate >/dev/null || fail init
$K import members $T/km.csv >/dev/null || fail "import members"
$K import activities $T/k.csv >/dev/null || fail "import karate"
$K graph --weights count --format json >$T/k.json || fail "graph karate"
$K graph export --weights count --format csv $T/k-edges.csv >/dev/null || fail export
$REF measures $T/k.json $T/k-edges.csv || fail "karate measures differ from python-igraph"
/usr/bin/python3 - $T/k.json <<'PY' || fail "karate modularity"
import json, sys
k = json.load(open(sys.argv[1]))
assert k["nodes"] == 34 and k["edges"] == 78, (k["nodes"], k["edges"])
assert k["modularity"] >= 0.41, k["modularity"]
print(f"karate: Leiden modularity {k['modularity']:.4f} (best known 0.4198), "
      f"{len(k['communities'])} communities")
PY
# The weighted club: one reply per context of interaction.
awk '!/^#/ {for (i = 0; i < $3; i++) print "w" NR "-" i ",reply,2024-01-01T00:00:00Z,n" $1 ",n" $2}' \
  $NET/karate/karate_edges_weighted.txt >$T/kw.body
{ echo "id,type,occurred_at,member_id,target_member_id"; cat $T/kw.body; } >$T/kw.csv
export KITH_DB=$T/kw.db
$K init --org Club >/dev/null && $K import members $T/km.csv >/dev/null &&
  $K import activities $T/kw.csv >/dev/null || fail "import weighted karate"
$K graph --weights count --resolution 0.5 --format json >$T/kw.json || fail "graph 0.5"
n=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["communities"]))' $T/kw.json)
[ "$n" = 2 ] || fail "resolution 0.5 gives $n communities, not 2"
echo -n "karate two-community cut: "
$REF nmi $NET/karate/karate_club_labels.txt $T/kw.json --min 0.8 ||
  fail "karate factions not recovered (NMI < 0.8)"
$K graph export --weights count --resolution 0.5 --format csv $T/kw-edges.csv >/dev/null &&
  $REF measures $T/kw.json $T/kw-edges.csv || fail "weighted karate measures"

# ---------------------------------------------------------------- email-Eu-core
members 1004 $T/em.csv
# Every 7th edge twice: repeated pairs must be summed.
awk '{print "e" NR ",reply,2024-01-01T00:00:00Z,n" $1 ",n" $2;
      if (NR % 7 == 0) print "d" NR ",reply,2024-01-02T00:00:00Z,n" $1 ",n" $2}' \
  $NET/email-Eu-core/email-Eu-core.txt >$T/e.body
{ echo "id,type,occurred_at,member_id,target_member_id"; cat $T/e.body; } >$T/e.csv
export KITH_DB=$T/e.db
$K init --org Email >/dev/null && $K import members $T/em.csv >/dev/null &&
  $K import activities $T/e.csv >/dev/null || fail "import email-Eu-core"
$K graph --weights count --format json >$T/e.json || fail "graph email"
$K graph export --weights count --format csv $T/e-edges.csv >/dev/null || fail "export email"
# The edge list's own counts, from the file (not the database).
/usr/bin/python3 - $NET/email-Eu-core/email-Eu-core.txt $T/e.json $T/e-edges.csv <<'PY' ||
import csv, json, sys
from collections import Counter
w = Counter()
for i, line in enumerate(open(sys.argv[1]), 1):
    a, b = line.split()
    for _ in range(2 if i % 7 == 0 else 1):
        if a != b:
            w[(int(a), int(b))] += 1
nodes = {a for a, _ in w} | {b for _, b in w}
k = json.load(open(sys.argv[2]))
name = {m["id"]: int(m["name"]) for m in k["members"]}
got = {}
for r in csv.DictReader(open(sys.argv[3])):
    got[(name[int(r["Source"])], name[int(r["Target"])])] = float(r["Weight"])
assert k["nodes"] == len(nodes), (k["nodes"], len(nodes))
assert k["edges"] == len(w) == len(got), (k["edges"], len(w), len(got))
assert got == {p: float(c) for p, c in w.items()}, "weights differ"
assert k["interactions"] == sum(w.values()), (k["interactions"], sum(w.values()))
print(f"pipeline: {len(nodes)} members, {len(w)} edges, {sum(w.values())} interactions "
      f"({sum(1 for c in w.values() if c > 1)} repeated pairs summed) as in the edge list")
PY
  fail "pipeline counts"
$REF measures $T/e.json $T/e-edges.csv || fail "email-Eu-core measures differ"
$REF rebuild $T/e.db $T/e.json $T/e-edges.csv || fail "email-Eu-core rebuild"
for r in 1 2 4; do
  $K graph --weights count --resolution $r --format json >$T/e$r.json || fail "resolution $r"
  echo -n "email-Eu-core vs departments, resolution $r: "
  $REF nmi $NET/email-Eu-core/email-Eu-core-department-labels.txt $T/e$r.json ||
    fail "nmi"
done
echo ok
