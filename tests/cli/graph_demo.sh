#!/usr/bin/env bash
# The network of the demo bakery (docs/demo.md "Planted effects"): the
# three planted bridges (Ada Lovelace-Baker, Ben Okafor, Chen Wei) rank in
# the top 5 by betweenness and are listed as bridge members; the two forum
# sub-communities (#sourdough, #family-baking: each forum member's channel,
# read from the raw table) are recovered as two communities; the edges
# equal an independent rebuild from the database (tests/reference/
# graph_ref.py: decayed weights, co-attendance, replies to the parent's
# author) and every measure equals python-igraph's to 1e-9. Then the
# commands around it: members top/show, match, --svg, GraphML. Each command
# analyses the whole graph (exact betweenness at this size), so the test
# runs few of them.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import igraph, numpy' 2>/dev/null ||
  { echo "python3-igraph not installed: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/demo.db
K=$KITH_BIN
REF="/usr/bin/python3 $KITH_SOURCE_DIR/tests/reference/graph_ref.py"
$K demo --no-report >/dev/null || fail demo
# One build for the JSON and the picture (each run analyses the graph).
$K graph --format json --svg $T/net.svg >$T/g.json || fail "graph json"
$K graph export --format csv $T/edges.csv >/dev/null || fail "export csv"
$REF rebuild $KITH_DB $T/g.json $T/edges.csv || fail "edges differ from the rebuild"
$REF measures $T/g.json $T/edges.csv || fail "measures differ from python-igraph"
/usr/bin/python3 - $T/g.json $KITH_DB "$KITH_SOURCE_DIR/docs/graph-schema.json" <<'PY' ||
import json, sqlite3, sys
from collections import Counter, defaultdict
import jsonschema
k = json.load(open(sys.argv[1]))
errs = list(jsonschema.Draft202012Validator(json.load(open(sys.argv[3]))).iter_errors(k))
assert not errs, (errs[0].message, list(errs[0].path))
assert k["events"]["skipped"] > 0, k["events"]  # the street parties
assert k["betweenness"]["method"] == "exact", k["betweenness"]
bridges = {"Ada Lovelace-Baker", "Ben Okafor", "Chen Wei"}
top5 = [m["name"] for m in sorted(k["members"], key=lambda m: -m["betweenness"])[:5]]
assert bridges <= set(top5), top5
listed = {b["name"] for b in k["bridges"]}
assert bridges <= listed, listed
assert all(m["bridge"] for m in k["members"] if m["name"] in bridges)
print("top 5 by betweenness:", ", ".join(top5))
# Forum members' channel, from the raw table; the bridges use both.
chan = defaultdict(set)
for m, c in sqlite3.connect(sys.argv[2]).execute(
        "SELECT member_id, channel FROM activity WHERE channel LIKE 'discord:#%'"):
    chan[m].add(c)
comm = {m["id"]: m["community"] for m in k["members"]}
major = {}
for group in ("discord:#sourdough", "discord:#family-baking"):
    got = Counter(comm[m] for m, cs in chan.items() if cs == {group} and m in comm)
    c, n = got.most_common(1)[0]
    share = n / sum(got.values())
    print(f"{group}: {sum(got.values())} members, {share:.1%} in community {c}")
    assert share >= 0.9, (group, got.most_common(3))
    major[group] = c
assert len(set(major.values())) == 2, major
PY
  fail "planted structure"
# members top / show
$K members top --by betweenness --limit 5 >$T/top || fail "members top"
for n in "Ada Lovelace-Baker" "Ben Okafor" "Chen Wei"; do
  grep -q "$n" $T/top || fail "$n not in members top --by betweenness"
done
$K members show ada_crumb >$T/show || fail "members show"
grep -q "^network" $T/show && grep -q "bridge member" $T/show &&
  grep -q "reach rank" $T/show && grep -q "strongest ties:" $T/show ||
  fail "members show: no network lines: $(tail -5 $T/show)"
# match: reasons, never someone strongly tied
$K match ada_crumb --top 5 >$T/match || fail "match"
grep -q "friends in common\|bridge into community\|shares interests" $T/match ||
  fail "match without reasons: $(cat $T/match)"
# The picture and the GraphML export parse, with every member (GEXF and
# the JSON forms of show and match: cli_graph_events, on a small graph).
$K graph export --format graphml $T/g.graphml >/dev/null || fail graphml
/usr/bin/python3 - $T/g.json $T/net.svg $T/g.graphml <<'PY' || fail "exports"
import json, sys
import xml.etree.ElementTree as ET
import igraph
k = json.load(open(sys.argv[1]))
svg = ET.parse(sys.argv[2]).getroot()
circles = [c for c in svg.iter("{http://www.w3.org/2000/svg}circle")
           if "member" in c.get("class", "")]
assert len(circles) == k["nodes"], (len(circles), k["nodes"])
assert sum("bridge" in c.get("class") for c in circles) == k["bridge_members"]
g = igraph.Graph.Read_GraphML(sys.argv[3])
assert g.vcount() == k["nodes"] and g.ecount() == k["edges"]
pr = {int(v["member_id"]): v["pagerank"] for v in g.vs}
assert all(abs(pr[m["id"]] - m["pagerank"]) < 1e-12 for m in k["members"])
print(f"svg {len(circles)} members; graphml {k['nodes']} members, {k['edges']} edges")
PY
echo ok
