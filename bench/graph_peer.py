#!/usr/bin/python3
"""The peers of bench/graph.sh: the analysis of `kith graph` done with
python-igraph or NetworkX, end to end from the SQLite file.

usage: graph_peer.py igraph|networkx DB FROM TO AS_OF

FROM, TO, AS_OF are seconds since the epoch (kith graph's period and as_of).
Betweenness and Leiden follow kith's sizes (docs/graph.md): exact
betweenness up to nodes x ties = 1e8, else 256 sampled sources; 10 Leiden
runs up to 100,000 ties, else 3.

Both peers build the same graph as kith (docs/graph.md "The graph": the
rules are re-implemented here from SQL, vectorised with numpy where it
matters): directed edges actor -> target from replies (else the parent's
author), mentions, reactions and referrals; co-attendance ties of
1/(n - 1) per pair for events of at most 200 attendees; decayed weights
(half-life from the org's config, default 90 days); self-loops and team or
bot members left out; repeated pairs summed. Then:

  igraph:   degree and strength (in, out, all), PageRank (PRPACK), Burt's
            constraint and coreness on the undirected graph (weights summed),
            Leiden (modularity, 10 seeded runs (3 above 100,000 ties), each
            iterated until the partition stops changing, the best kept), weak components,
            reciprocity, density, betweenness with distance 1/weight: exact,
            or from SOURCES sampled sources. python-igraph 0.10.2 has no
            binding for igraph_betweenness_subset, so the sampled estimate
            calls that function of the same C library (Debian libigraph
            0.10.2) through ctypes, on a copy of the undirected graph.
  networkx: the same with NetworkX 2.8: pagerank, betweenness_centrality
            (k = SOURCES sampled sources, weight = distance), core_number,
            constraint left out (pure Python, it would only add time),
            Louvain (NetworkX 2.8 has no Leiden), as many seeded runs,
            weakly connected components, reciprocity, density.

Prints one line "peer nodes edges communities modularity seconds load_cpu
analysis_cpu": wall time inside, CPU time of loading from the database and
of the analysis (python-igraph's analysis_cpu is about what the igraph C
library alone needs: the floor of any program doing this analysis with
it); the bench script times the whole process.
"""
import ctypes
import sqlite3
import sys
import time
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np


def load(db, t_from, t_to, as_of):
    c = sqlite3.connect(db)
    org, tz = c.execute("SELECT id, timezone FROM org").fetchone()
    row = c.execute("SELECT value FROM config WHERE org_id=? AND key='half_life'",
                    (org,)).fetchone()
    half_life = float(row[0]) if row else 90.0
    excl = set()
    merged = {}
    for mid, into, fl in c.execute(
            "SELECT id, merged_into, flags FROM member WHERE org_id=? AND"
            " (merged_into IS NOT NULL OR flags LIKE '%team%' OR flags LIKE '%bot%')",
            (org,)):
        if into is not None:
            merged[mid] = into
        elif "team" in fl.split(",") or "bot" in fl.split(","):
            excl.add(mid)
    rows = c.execute(
        "SELECT a.member_id, coalesce(a.target_member_id, p.member_id), a.occurred_at"
        " FROM activity a LEFT JOIN activity p ON a.target_member_id IS NULL"
        " AND a.type='reply' AND p.org_id=a.org_id AND p.source=a.source"
        " AND p.external_id=a.parent_external_id"
        " WHERE a.org_id=? AND a.type IN ('reply','mention','reaction','referral')"
        " AND a.occurred_at>=? AND a.occurred_at<?", (org, t_from, t_to)).fetchall()
    arr = np.array([(a, b if b is not None else -1, t) for a, b, t in rows],
                   dtype=np.int64).reshape(-1, 3)
    src, dst, t = arr[:, 0], arr[:, 1], arr[:, 2]
    if merged:
        res = np.vectorize(lambda m: merged.get(m, m))
        src, dst = res(src), res(dst)
    keep = (dst >= 0) & (src != dst)
    if excl:
        ex = np.array(sorted(excl))
        keep &= ~np.isin(src, ex) & ~np.isin(dst, ex)
    src, dst, t = src[keep], dst[keep], t[keep]
    w = 0.5 ** ((as_of - t) / 86400.0 / half_life)
    # Co-attendance.
    zone = ZoneInfo(tz)
    events = defaultdict(dict)
    for m, at, init, source, thread in c.execute(
            "SELECT member_id, occurred_at, initiative_id, source, thread_id FROM"
            " activity WHERE org_id=? AND type IN ('event_attend','workshop') AND"
            " occurred_at>=? AND occurred_at<?", (org, t_from, t_to)):
        if thread:
            key = (source, thread)
        elif init is not None:
            key = (init, datetime.fromtimestamp(at, zone).date())
        else:
            continue
        m = merged.get(m, m)
        if m in excl:
            continue
        d = events[key]
        d[m] = max(at, d.get(m, at))
    es, ed, ew = [src], [dst], [w]
    for who in events.values():
        n = len(who)
        if n < 2 or n > 200:
            continue
        ids = np.array(list(who))
        wt = 0.5 ** ((as_of - max(who.values())) / 86400.0 / half_life) / (n - 1)
        a, b = np.meshgrid(ids, ids)
        mask = a != b
        es.append(a[mask])
        ed.append(b[mask])
        ew.append(np.full(mask.sum(), wt))
    src, dst, w = np.concatenate(es), np.concatenate(ed), np.concatenate(ew)
    # Sum repeated pairs; nodes = members with a tie, in id order.
    nodes, inv = np.unique(np.concatenate([src, dst]), return_inverse=True)
    a, b = inv[:len(src)], inv[len(src):]
    key = a.astype(np.int64) * len(nodes) + b
    ukey, kinv = np.unique(key, return_inverse=True)
    weights = np.bincount(kinv, weights=w)
    return nodes, ukey // len(nodes), ukey % len(nodes), weights


# ---------------------------------------------------------------- igraph

class _Vec(ctypes.Structure):
    _fields_ = [("stor_begin", ctypes.c_void_p), ("stor_end", ctypes.c_void_p),
                ("end", ctypes.c_void_p)]


class _VsData(ctypes.Union):
    _fields_ = [("vid", ctypes.c_int64), ("vecptr", ctypes.c_void_p),
                ("range", ctypes.c_int64 * 2)]


class _Vs(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("data", _VsData)]


def sampled_betweenness(n, ua, ub, dist, k, seed=1):
    """igraph_betweenness_subset (C igraph 0.10.2) from k sampled sources,
    scaled by n / k: what kith computes above its exact size."""
    lib = ctypes.CDLL("libigraph.so.3")
    lib.igraph_vss_all.restype = _Vs
    lib.igraph_vss_vector.restype = _Vs
    lib.igraph_set_error_handler(ctypes.c_void_p.in_dll(lib, "igraph_error_handler_ignore"))

    def ivec(values, dtype, init):
        v = _Vec()
        init(ctypes.byref(v), ctypes.c_int64(len(values)))
        arr = np.ascontiguousarray(values, dtype=dtype)
        ctypes.memmove(v.stor_begin, arr.ctypes.data, arr.nbytes)
        return v

    edges = np.empty(2 * len(ua), dtype=np.int64)
    edges[0::2], edges[1::2] = ua, ub
    ev = ivec(edges, np.int64, lib.igraph_vector_int_init)
    wv = ivec(dist, np.float64, lib.igraph_vector_init)
    rng = np.random.default_rng(seed)
    sv = ivec(np.sort(rng.choice(n, size=k, replace=False)), np.int64,
              lib.igraph_vector_int_init)
    graph = ctypes.create_string_buffer(1024)
    res = _Vec()
    lib.igraph_vector_init(ctypes.byref(res), ctypes.c_int64(0))
    if lib.igraph_create(graph, ctypes.byref(ev), ctypes.c_int64(n), 0) != 0:
        raise RuntimeError("igraph_create failed")
    vs_all = lib.igraph_vss_all()
    sources = lib.igraph_vss_vector(ctypes.byref(sv))
    rc = lib.igraph_betweenness_subset(graph, ctypes.byref(res), vs_all, 0, sources,
                                       vs_all, ctypes.byref(wv))
    if rc != 0:
        raise RuntimeError(f"igraph_betweenness_subset failed: {rc}")
    out = np.ctypeslib.as_array(ctypes.cast(res.stor_begin,
                                            ctypes.POINTER(ctypes.c_double)), shape=(n,))
    out = out.copy() * (n / k)
    lib.igraph_destroy(graph)
    for v in (ev, sv):
        lib.igraph_vector_int_destroy(ctypes.byref(v))
    for v in (wv, res):
        lib.igraph_vector_destroy(ctypes.byref(v))
    return out


def run_igraph(nodes, a, b, w, sources):
    import igraph
    n = len(nodes)
    g = igraph.Graph(n=n, edges=np.column_stack([a, b]).tolist(), directed=True)
    g.es["weight"] = w
    u = g.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    uw = np.array(u.es["weight"])
    for mode in ("in", "out", "all"):
        g.degree(mode=mode)
        g.strength(mode=mode, weights="weight")
    g.pagerank(directed=True, damping=0.85, weights="weight", implementation="prpack")
    dist = 1.0 / uw
    if sources:
        ue = np.array(u.get_edgelist(), dtype=np.int64)
        sampled_betweenness(n, ue[:, 0], ue[:, 1], dist, sources)
    else:
        u.betweenness(directed=False, weights=dist.tolist())
    u.constraint(weights="weight")
    u.coreness()
    g.connected_components(mode="weak")
    g.reciprocity()
    g.density()
    best, bestq = None, -1
    for run in range(runs(u.ecount())):
        import random
        random.seed(run + 1)
        memb = None
        for _ in range(100):
            c = u.community_leiden(objective_function="modularity", weights="weight",
                                   resolution_parameter=1.0, beta=0.01, n_iterations=1,
                                   initial_membership=memb)
            if memb is not None and c.membership == memb:
                break
            memb = c.membership
        q = u.modularity(memb, weights="weight")
        if q > bestq:
            best, bestq = memb, q
    return len(set(best)), bestq, g.ecount()


def run_networkx(nodes, a, b, w, sources):
    import networkx as nx
    G = nx.DiGraph()
    G.add_nodes_from(range(len(nodes)))
    G.add_weighted_edges_from(zip(a.tolist(), b.tolist(), w.tolist()))
    U = nx.Graph()
    U.add_nodes_from(range(len(nodes)))
    for x, y, d in G.edges(data=True):
        if U.has_edge(x, y):
            U[x][y]["weight"] += d["weight"]
        else:
            U.add_edge(x, y, weight=d["weight"])
    for x, y, d in U.edges(data=True):
        d["dist"] = 1.0 / d["weight"]
    G.in_degree(), G.out_degree(), G.degree()
    dict(G.in_degree(weight="weight")), dict(G.out_degree(weight="weight"))
    nx.pagerank(G, alpha=0.85, weight="weight")
    nx.betweenness_centrality(U, k=sources or None, weight="dist", normalized=False,
                              seed=1)
    nx.core_number(U)
    list(nx.weakly_connected_components(G))
    nx.reciprocity(G)
    nx.density(G)
    best, bestq = None, -1
    for run in range(runs(U.number_of_edges())):
        comms = nx.community.louvain_communities(U, weight="weight", resolution=1,
                                                 seed=run + 1)
        q = nx.community.modularity(U, comms, weight="weight")
        if q > bestq:
            best, bestq = comms, q
    return len(best), bestq, G.number_of_edges()


def runs(ties):
    return 10 if ties <= 100000 else 3


def main(argv):
    peer, db = argv[1], argv[2]
    t_from, t_to, as_of = int(argv[3]), int(argv[4]), int(argv[5])
    t0 = time.time()
    nodes, a, b, w = load(db, t_from, t_to, as_of)
    ties = len(set(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist())))
    sources = 0 if len(nodes) * ties <= 1e8 else 256
    c0 = time.process_time()
    fn = run_igraph if peer == "igraph" else run_networkx
    ncomm, q, m = fn(nodes, a, b, w, sources)
    print(f"{peer} nodes {len(nodes)} edges {m} communities {ncomm} "
          f"modularity {q:.4f} seconds {time.time() - t0:.2f} load_cpu {c0:.2f} "
          f"analysis_cpu {time.process_time() - c0:.2f}")


if __name__ == "__main__":
    main(sys.argv)
