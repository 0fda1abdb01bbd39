#!/usr/bin/env bash
# Co-attendance ties (docs/graph.md "The graph"), worked by hand, with
# --weights count:
# - generic activities: initiative "Bake day" on 2024-03-02 is attended by
#   ann, bob, cat (ann holds two tickets: counted once) and by tam, who is
#   team (left out before counting): n = 3, each pair 1/(3-1) = 0.5 each
#   way. The same initiative on 2024-03-09 (another day, another event):
#   ann, dan -> 1. A workshop with thread_id w1 on two days: eve, fay -> 1
#   (the thread is the event). 201 attendees of "Fair" on 2024-03-05: no
#   tie (over 200), reported as skipped with its size. An attendance with
#   neither initiative nor thread makes no event.
#   -> 6 members, 10 directed edges, 3 events with ties, 1 skipped (201).
# - Eventbrite: the Order Date is no event date, so attendees are tied by
#   Event ID: Alan and Mary ordered "Repair Café, April" on different days
#   -> one tie of 1 each way; Grace's two tickets to the market make no tie
#   (Katherine's was refunded).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
$K init --org Club >/dev/null || fail init
{
  echo "member_id,name,flags"
  echo "tam,Tam,team"
} >$T/m.csv
$K import members $T/m.csv >/dev/null || fail "import members"
{
  echo "id,type,occurred_at,member_id,name,initiative,thread_id"
  echo "b1,event_attend,2024-03-02T10:00:00Z,ann,Ann,Bake day,"
  echo "b2,event_attend,2024-03-02T10:00:00Z,ann,Ann,Bake day,"
  echo "b3,event_attend,2024-03-02T10:00:00Z,bob,Bob,Bake day,"
  echo "b4,event_attend,2024-03-02T11:00:00Z,cat,Cat,Bake day,"
  echo "b5,event_attend,2024-03-02T10:00:00Z,tam,Tam,Bake day,"
  echo "b6,event_attend,2024-03-09T10:00:00Z,ann,Ann,Bake day,"
  echo "b7,event_attend,2024-03-09T10:00:00Z,dan,Dan,Bake day,"
  echo "w1,workshop,2024-03-03T10:00:00Z,eve,Eve,,w1"
  echo "w2,workshop,2024-03-04T10:00:00Z,fay,Fay,,w1"
  echo "x1,event_attend,2024-03-04T10:00:00Z,gus,Gus,,"
  echo "x2,event_attend,2024-03-04T10:00:00Z,hal,Hal,,"
  for i in $(seq 0 200); do echo "f$i,event_attend,2024-03-05T12:00:00Z,p$i,P$i,Fair,"; done
} >$T/a.csv
$K import activities $T/a.csv >/dev/null || fail "import activities"
$K graph --weights count --format json >$T/g.json || fail graph
$K graph export --weights count --format csv $T/e.csv >/dev/null || fail export
/usr/bin/python3 - $T/g.json $T/e.csv <<'PY' || fail "co-attendance"
import csv, json, sys
k = json.load(open(sys.argv[1]))
name = {m["id"]: m["name"] for m in k["members"]}
got = {(name[int(r["Source"])], name[int(r["Target"])]): float(r["Weight"])
       for r in csv.DictReader(open(sys.argv[2]))}
want = {}
for a, b, w in (("Ann", "Bob", 0.5), ("Ann", "Cat", 0.5), ("Bob", "Cat", 0.5),
                ("Ann", "Dan", 1.0), ("Eve", "Fay", 1.0)):
    want[(a, b)] = want[(b, a)] = w
assert got == want, got
assert k["nodes"] == 6 and k["edges"] == 10, (k["nodes"], k["edges"])
assert k["events"] == {"with_ties": 3, "skipped": 1, "largest_skipped": 201,
                       "max_attendees": 200}, k["events"]
assert k["reciprocity"] == 1.0
print("co-attendance:", k["events"])
PY
$K graph | grep -q "1 skipped: over 200 attendees, largest 201" || fail "skipped not said"
# The other forms on this small graph: GEXF, members top/show, match JSON.
$K graph export --weights count --format gexf $T/g.gexf >/dev/null || fail gexf
/usr/bin/python3 - $T/g.gexf <<'PY' || fail "gexf"
import sys
import xml.etree.ElementTree as ET
ns = {"g": "http://gexf.net/1.3"}
x = ET.parse(sys.argv[1]).getroot()
assert len(x.findall(".//g:node", ns)) == 6 and len(x.findall(".//g:edge", ns)) == 10
PY
$K members top --by reach --limit 3 | grep -q "reach (PageRank)" || fail "top --by reach"
$K members top --by brokerage --limit 3 | grep -q "lowest constraint" || fail "brokerage"
$K members show ann --format json | /usr/bin/python3 -c '
import json, sys
n = json.load(sys.stdin)["network"]
assert n["in_graph"] and len(n["strongest_ties"]) == 3, n' || fail "members show json"
$K members show gus --format json | /usr/bin/python3 -c '
import json, sys
n = json.load(sys.stdin)["network"]
assert n == {"member": n["member"], "in_graph": False}, n' || fail "show without ties"
# dan is tied to ann only; ann's other ties bob and cat are friends of a
# friend (one in common each: 1/2); no tags, no bridge (no tie between
# communities).
$K match dan --format json | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)
assert m["schema"] == "kith-match" and not m["newcomers"], m
i = m["introductions"]
assert sorted(x["introduce_name"] for x in i) == ["Bob", "Cat"], m
assert all(x["reasons"] == ["friends"] and x["friends_in_common"] == 1 and
           x["score"] == 0.5 for x in i), m' || fail "match json"
# The report's network section: the same graph (decayed weights), its
# figures, tables and, in HTML, the picture.
$K report --format json >$T/r.json || fail "report json"
/usr/bin/python3 - $T/r.json <<'PY' || fail "report network section"
import json, sys
r = json.load(open(sys.argv[1]))
s = {x["id"]: x for x in r["sections"]}["network"]
m = {x["id"]: x["value"] for x in s["metrics"]}
assert m["network_members"] == 6 and m["network_ties"] == 5, m
assert m["network_reciprocity"] == 1 and m["network_components"] == 2, m
t = {x["id"]: x for x in s["tables"]}
assert set(t) == {"network_communities", "network_reach", "network_bridges"}, t.keys()
assert len(t["network_reach"]["rows"]) == 6
print("report network:", m)
PY
$K report --html $T/r.html >/dev/null || fail "report html"
grep -q '<svg id="network"' $T/r.html || fail "no network picture in the HTML report"
# Eventbrite: tied by Event ID.
export KITH_DB=$T/e.db
$K init --org Market >/dev/null || fail init
$K import eventbrite $KITH_FIXTURES/eventbrite/attendees.csv >/dev/null || fail eventbrite
$K graph --weights count --format json >$T/eb.json || fail "graph eventbrite"
/usr/bin/python3 - $T/eb.json <<'PY' || fail "eventbrite ties"
import json, sys
k = json.load(open(sys.argv[1]))
names = sorted(m["name"] for m in k["members"])
assert names == ["Alan Turing", "Mary Jackson"], names
assert k["edges"] == 2 and k["events"]["with_ties"] == 1, k
assert all(m["strength"] == 2.0 for m in k["members"]), k["members"]
print("eventbrite: tied by Event ID:", names)
PY
echo ok
