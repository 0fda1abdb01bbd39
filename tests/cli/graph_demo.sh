#!/usr/bin/env bash
# The network of the demo bakery (docs/demo.md "Planted effects"): the
# three planted bridges (Ada Lovelace-Baker, Ben Okafor, Chen Wei) rank in
# the top 5 by betweenness and are listed as bridge members; the two forum
# sub-communities (#sourdough, #family-baking: each forum member's channel,
# read from the raw table) are recovered as two communities; the edges
# equal an independent rebuild from the database (tests/reference/
# graph_ref.py: decayed weights, co-attendance, replies to the parent's
# author) and every measure equals python-igraph's to 1e-9. Then the
# commands around it: members top/show, match, --svg, export.
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
$K graph >$T/table || fail "graph table"
grep -q "skipped: over 200 attendees" $T/table || fail "the >200 rule is not reported"
grep -q "betweenness      exact" $T/table || fail "betweenness not exact at scale 1"
$K graph --format json >$T/g.json || fail "graph json"
$K graph export --format csv $T/edges.csv >/dev/null || fail "export csv"
$REF rebuild $KITH_DB $T/g.json $T/edges.csv || fail "edges differ from the rebuild"
$REF measures $T/g.json $T/edges.csv || fail "measures differ from python-igraph"
/usr/bin/python3 - $T/g.json $KITH_DB <<'PY' || fail "planted structure"
import json, sqlite3, sys
from collections import Counter, defaultdict
k = json.load(open(sys.argv[1]))
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
# members top / show
$K members top --by betweenness --limit 5 >$T/top || fail "members top"
for n in "Ada Lovelace-Baker" "Ben Okafor" "Chen Wei"; do
  grep -q "$n" $T/top || fail "$n not in members top --by betweenness"
done
$K members top --by reach --limit 3 | grep -q "reach (PageRank)" || fail "top --by reach"
$K members top --by brokerage --limit 3 | grep -q "lowest constraint" || fail "brokerage"
$K members show ada_crumb >$T/show || fail "members show"
grep -q "^network" $T/show && grep -q "bridge member" $T/show &&
  grep -q "reach rank" $T/show && grep -q "strongest ties:" $T/show ||
  fail "members show: no network lines: $(tail -5 $T/show)"
$K members show ada_crumb --format json | /usr/bin/python3 -c '
import json, sys
n = json.load(sys.stdin)["network"]
assert n["in_graph"] and n["bridge"] and len(n["strongest_ties"]) == 5, n' ||
  fail "members show json network"
# match: reasons, never someone strongly tied
$K match ada_crumb --top 5 >$T/match || fail "match"
grep -q "friends in common\|bridge into community\|shares interests" $T/match ||
  fail "match without reasons: $(cat $T/match)"
$K match ada_crumb --format json | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)
assert m["introductions"] and all(i["reasons"] for i in m["introductions"]), m' ||
  fail "match json"
$K match --newcomers >/dev/null || fail "match --newcomers"
# The picture and the exports parse, with every member.
$K graph --svg $T/net.svg >/dev/null || fail "svg"
$K graph export --format graphml $T/g.graphml >/dev/null || fail graphml
$K graph export --format gexf $T/g.gexf >/dev/null || fail gexf
/usr/bin/python3 - $T/g.json $T/net.svg $T/g.graphml $T/g.gexf <<'PY' || fail "exports"
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
ns = {"g": "http://gexf.net/1.3"}
x = ET.parse(sys.argv[4]).getroot()
assert len(x.findall(".//g:node", ns)) == k["nodes"]
assert len(x.findall(".//g:edge", ns)) == k["edges"]
print(f"svg {len(circles)} members; graphml and gexf {k['nodes']} members, {k['edges']} edges")
PY
echo ok
