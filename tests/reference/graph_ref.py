#!/usr/bin/python3
"""Independent reference for kith's community network (docs/graph.md).

Two checks, each printing what it compared and exiting 1 on any difference:

  graph_ref.py measures KITH.json EDGES.csv
      Rebuilds the graph from kith's exported edge list with python-igraph
      (Debian python3-igraph 0.10.2) and compares every measure of every
      member of `kith graph --format json` (degree, strength, PageRank,
      betweenness, constraint, coreness) and the whole-graph figures
      (nodes, edges, density, reciprocity, components, modularity of kith's
      partition, tie counts, bridge members) to 1e-9 (relative, with an
      absolute floor of 1e-9 for values near 0).

  graph_ref.py rebuild DB KITH.json EDGES.csv [--include-team]
      Builds the directed edge list again from the SQLite file with the
      rules of docs/graph.md, written here from the rules and not from
      kith's code (SQL + Python), and compares it with kith's export:
      the same ordered pairs, weights equal to 1e-12 relative.

  graph_ref.py nmi LABELS.txt KITH.json [--min X]
      NMI (igraph.compare_communities, method "nmi") between kith's
      communities and the ground-truth labels "node label" per line; a
      member's name is its node. Prints the NMI; exit 1 when below X.
"""
import csv
import json
import math
import sqlite3
import sys
from collections import defaultdict
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import igraph
import numpy as np

REL = 1e-9


def close(a, b, rel=REL):
    return math.isclose(a, b, rel_tol=rel, abs_tol=rel)


def load_kith(json_path, edges_path):
    k = json.load(open(json_path))
    ids = [m["id"] for m in k["members"]]
    index = {v: i for i, v in enumerate(ids)}
    edges, weights = [], []
    with open(edges_path, newline="") as f:
        for row in csv.DictReader(f):
            edges.append((index[int(row["Source"])], index[int(row["Target"])]))
            weights.append(float(row["Weight"]))
    return k, ids, edges, weights


def measures(json_path, edges_path):
    k, ids, edges, weights = load_kith(json_path, edges_path)
    n = len(ids)
    g = igraph.Graph(n=n, edges=edges, directed=True)
    g.es["weight"] = weights
    u = g.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    uw = u.es["weight"]
    ref = {
        "in_degree": g.degree(mode="in"),
        "out_degree": g.degree(mode="out"),
        "degree": g.degree(mode="all"),
        "in_strength": g.strength(mode="in", weights="weight"),
        "out_strength": g.strength(mode="out", weights="weight"),
        "strength": g.strength(mode="all", weights="weight"),
        "pagerank": g.pagerank(directed=True, damping=0.85, weights="weight",
                               implementation="prpack"),
        "constraint": u.constraint(weights="weight"),
        "coreness": u.coreness(mode="all"),
    }
    exact = k["betweenness"]["method"] == "exact"
    if exact:
        ref["betweenness"] = u.betweenness(directed=False,
                                           weights=[1.0 / x for x in uw])
    bad, checked = [], 0
    for field, vals in ref.items():
        for i, m in enumerate(k["members"]):
            checked += 1
            if not close(m[field], vals[i]):
                bad.append(f"member {m['id']} {field}: kith {m[field]!r} "
                           f"python-igraph {vals[i]!r}")
    memb = [m["community"] for m in k["members"]]
    comps = g.connected_components(mode="weak")
    whole = {
        "nodes": n,
        "edges": g.ecount(),
        "ties": u.ecount(),
        "density": g.density(loops=False),
        "reciprocity": g.reciprocity(ignore_loops=True, mode="default"),
        "components": len(comps),
        "modularity": u.modularity(memb, weights="weight", resolution=1,
                                   directed=False),
    }
    whole["largest_share"] = max(comps.sizes()) / n
    kw = dict(k)
    kw["largest_share"] = k["largest_component"]["share"]
    for key, want in whole.items():
        checked += 1
        if not close(kw[key], want):
            bad.append(f"{key}: kith {kw[key]!r} python-igraph {want!r}")
    # Ties: strong = reciprocated and weight >= the quantile (numpy's linear
    # interpolation); bridging = ends in different communities.
    q = k["tie_counts"]["strong_quantile"]
    thr = float(np.quantile(np.array(uw), q)) if uw else 0.0
    pairs = set(edges)
    strong = bridging = 0
    bridge = [False] * n
    for e in u.es:
        a, b = e.tuple
        if (a, b) in pairs and (b, a) in pairs and e["weight"] >= thr:
            strong += 1
        if memb[a] != memb[b]:
            bridging += 1
            bridge[a] = bridge[b] = True
    for key, want in (("strong_threshold", thr), ("strong", strong),
                      ("weak", u.ecount() - strong), ("bridging", bridging)):
        checked += 1
        if not close(k["tie_counts"][key], want):
            bad.append(f"tie_counts.{key}: kith {k['tie_counts'][key]!r} "
                       f"reference {want!r}")
    checked += 1
    if k["bridge_members"] != sum(bridge) or any(
            m["bridge"] != bridge[i] for i, m in enumerate(k["members"])):
        bad.append(f"bridge members: kith {k['bridge_members']} reference {sum(bridge)}")
    # Communities: numbered by size, largest first.
    sizes = defaultdict(int)
    for c in memb:
        sizes[c] += 1
    listed = [c["size"] for c in k["communities"]]
    checked += 1
    if listed != [sizes[i] for i in range(len(sizes))] or listed != sorted(listed,
                                                                           reverse=True):
        bad.append(f"community sizes: kith {listed[:10]} reference "
                   f"{[sizes[i] for i in range(min(10, len(sizes)))]}")
    for b in bad[:20]:
        print("DIFF", b)
    print(f"measures: {n} members, {g.ecount()} edges, betweenness "
          f"{'exact' if exact else 'sampled (not compared)'}, {checked} values "
          f"compared, {len(bad)} differences; modularity {whole['modularity']:.6f}")
    return 1 if bad else 0


# ---------------------------------------------------------------- rebuild


def ts(s):
    return int(datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=timezone.utc).timestamp())


def build_edges(db, org_name, t_from, t_to, as_of, weighting, include_team):
    """The directed edges of docs/graph.md "The graph", from the raw tables."""
    c = sqlite3.connect(db)
    org, tz = c.execute("SELECT id, timezone FROM org WHERE name=?",
                        (org_name,)).fetchone()
    row = c.execute("SELECT value FROM config WHERE org_id=? AND key='half_life'",
                    (org,)).fetchone()
    half_life = float(row[0]) if row else 90.0
    live, flags = {}, {}
    merged = {}
    for mid, into, fl in c.execute(
            "SELECT id, merged_into, flags FROM member WHERE org_id=?", (org,)):
        if into is None:
            live[mid] = True
            flags[mid] = set((fl or "").split(","))
        else:
            merged[mid] = into

    def resolve(m):
        for _ in range(64):
            if m in live:
                return m
            m = merged.get(m)
            if m is None:
                return None
        return None

    def excluded(m):
        return not include_team and bool(flags[m] & {"team", "bot"})

    def weight(t):
        if weighting == "count":
            return 1.0
        return 0.5 ** ((as_of - t) / 86400.0 / half_life)

    acc = defaultdict(float)
    for actor, target, typ, t, src, parent in c.execute(
            "SELECT member_id, target_member_id, type, occurred_at, source,"
            " parent_external_id FROM activity WHERE org_id=? AND type IN"
            " ('reply','mention','reaction','referral') AND occurred_at>=?"
            " AND occurred_at<?", (org, t_from, t_to)).fetchall():
        if target is None and typ == "reply" and parent is not None:
            p = c.execute("SELECT member_id FROM activity WHERE org_id=? AND source=?"
                          " AND external_id=?", (org, src, parent)).fetchone()
            target = p[0] if p else None
        if target is None:
            continue
        a, b = resolve(actor), resolve(target)
        if a is None or b is None or a == b or excluded(a) or excluded(b):
            continue
        acc[(a, b)] += weight(t)
    zone = ZoneInfo(tz)
    events = defaultdict(dict)  # key -> member -> latest time
    for m, t, init, src, thread in c.execute(
            "SELECT member_id, occurred_at, initiative_id, source, thread_id FROM"
            " activity WHERE org_id=? AND type IN ('event_attend','workshop') AND"
            " occurred_at>=? AND occurred_at<?", (org, t_from, t_to)).fetchall():
        if thread:
            key = ("t", src, thread)
        elif init is not None:
            key = ("i", init, datetime.fromtimestamp(t, zone).date())
        else:
            continue
        m = resolve(m)
        if m is None or excluded(m):
            continue
        events[key][m] = max(t, events[key].get(m, t))
    for key, who in events.items():
        n = len(who)
        if n < 2 or n > 200:
            continue
        w = weight(max(who.values())) / (n - 1)
        for a in who:
            for b in who:
                if a != b:
                    acc[(a, b)] += w
    return acc


def rebuild(db, json_path, edges_path, include_team):
    k = json.load(open(json_path))
    acc = build_edges(db, k["org"], ts(k["period"]["from"]), ts(k["period"]["to"]),
                      ts(k["as_of"]), k["weights"], include_team)
    mine = {}
    with open(edges_path, newline="") as f:
        for row in csv.DictReader(f):
            mine[(int(row["Source"]), int(row["Target"]))] = float(row["Weight"])
    bad = []
    for key in set(acc) | set(mine):
        if key not in acc or key not in mine:
            bad.append(f"edge {key}: kith {mine.get(key)} reference {acc.get(key)}")
        elif not close(mine[key], acc[key], 1e-12):
            bad.append(f"edge {key}: kith {mine[key]!r} reference {acc[key]!r}")
    nodes = {a for a, _ in acc} | {b for _, b in acc}
    if len(nodes) != k["nodes"]:
        bad.append(f"nodes: kith {k['nodes']} reference {len(nodes)}")
    for b in bad[:20]:
        print("DIFF", b)
    print(f"rebuild: {len(acc)} edges over {len(nodes)} members from the database, "
          f"{len(mine)} exported by kith, {len(bad)} differences")
    return 1 if bad else 0


def nmi(labels_path, json_path):
    k = json.load(open(json_path))
    truth = {}
    for line in open(labels_path):
        if line.startswith("#") or not line.strip():
            continue
        node, label = line.split()[:2]
        truth[node] = label
    names = {}
    a, b = [], []
    for m in k["members"]:
        if m["name"] in truth:
            a.append(m["community"])
            b.append(names.setdefault(truth[m["name"]], len(names)))
    v = igraph.compare_communities(a, b, method="nmi")
    print(f"nmi {v:.6f} over {len(a)} members, {len(set(a))} communities, "
          f"{len(set(b))} labels")
    return v


def main(argv):
    if len(argv) >= 4 and argv[1] == "measures":
        return measures(argv[2], argv[3])
    if len(argv) >= 5 and argv[1] == "rebuild":
        return rebuild(argv[2], argv[3], argv[4], "--include-team" in argv)
    if len(argv) >= 4 and argv[1] == "nmi":
        low = float(argv[argv.index("--min") + 1]) if "--min" in argv else -1.0
        return 1 if nmi(argv[2], argv[3]) < low else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
