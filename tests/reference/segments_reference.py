#!/usr/bin/python3
"""Independent reference for kith's segments (docs/segments.md): reads the
same SQLite file with pandas, computes each customer's features from the raw
tables, then
- RFM: the scores with pandas' rank(method="average") and the segment grid,
  compared with kith's segment counts and every customer's segment;
- k-means: the standardised features (compared with kith's means and sds),
  scikit-learn's KMeans with the same k and number of restarts (inertia
  within 1% of kith's), and scikit-learn's silhouette of kith's own labels
  when kith computed it on every customer.

usage: segments_reference.py DB KITH.json... [--tie-report]
(each file is `kith segments [--method kmeans] --format json --members`; the
database is read once, the features computed once per as_of). k-means runs
are grouped by as_of and k; the median inertia of kith's seeds of one k is
compared with the median of 9 seeds of scikit-learn.
--tie-report also prints how many customers pandas' qcut(rank(method=
"first")) would place differently (docs/segments.md).
Exit 1 on any difference."""
import datetime as dt
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from metrics_reference import COMMUNITY, DAY, load  # noqa: E402

FEATURES = ["recency_days", "purchases", "spend", "tenure_days", "love", "events",
            "forum", "contributions"]
LOG1P = {"purchases", "spend", "love", "events", "forum", "contributions"}
# The R x FM grid of docs/segments.md: rows R = 5..1, columns FM = 1..5.
GRID = [["new", "potential loyalists", "potential loyalists", "champions", "champions"],
        ["promising", "potential loyalists", "potential loyalists", "loyal", "loyal"],
        ["about to sleep", "about to sleep", "need attention", "loyal", "loyal"],
        ["hibernating", "hibernating", "at risk", "at risk", "cannot lose"],
        ["lost", "hibernating", "at risk", "at risk", "cannot lose"]]
bad = []


def ts(s):
    return int(dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=dt.timezone.utc).timestamp())


def features(data, as_of):
    cfg, mem, act = data
    counted = set(mem.id[~(mem.team | mem.bot)])
    a = act[(act.t < as_of) & act.member_id.isin(counted)]
    p = a[a.type == "purchase"]
    g = p.groupby("member_id")
    cust = pd.DataFrame({"first": g.t.min(), "last": g.t.max(), "purchases": g.size()})
    val = a.value.fillna(0.0)
    spend = (val[a.type == "purchase"].groupby(a.member_id[a.type == "purchase"]).sum()
             .sub(val[a.type == "refund"].groupby(a.member_id[a.type == "refund"]).sum(),
                  fill_value=0))
    cust["spend"] = spend.reindex(cust.index, fill_value=0.0)
    cust["recency_days"] = (as_of - cust["last"]) / DAY
    cust["tenure_days"] = (as_of - cust["first"]) / DAY
    cust["days"] = (as_of - cust["last"]) // DAY
    w = {t: float(cfg["weight." + t]) for t in COMMUNITY}
    comm = a[a.type.isin(COMMUNITY)]
    love = (comm.type.map(w) * 0.5 ** ((as_of - comm.t) / DAY / float(cfg["half_life"])))
    cust["love"] = love.groupby(comm.member_id).sum().reindex(cust.index, fill_value=0.0)

    def count(types):
        s = a[a.type.isin(types)].groupby("member_id").size()
        return s.reindex(cust.index, fill_value=0).astype(float)
    cust["events"] = count(["event_attend", "workshop"])
    cust["forum"] = count(["post", "reply", "reaction", "mention"])
    cust["contributions"] = count(["volunteer", "donation", "idea", "feedback", "review",
                                   "referral"])
    cust["purchases"] = cust["purchases"].astype(float)
    return cust


def rfm(cust, kith, tie_report):
    n = len(cust)
    cents = np.sign(cust.spend) * np.floor(np.abs(cust.spend) * 100 + 0.5)
    # Equal values share a score: the quintile of the mid-rank (exact in
    # floating point: the rank is a half-integer, 5 x rank is exact).
    def score(v):
        return np.ceil(v.rank(method="average") * 5 / n).astype(int)
    r, f, m = score(-cust.days), score(cust.purchases), score(cents)
    fm = (f + m + 1) // 2
    seg = pd.Series([GRID[5 - a][b - 1] for a, b in zip(r, fm)], index=cust.index)
    want = seg.value_counts()
    got = {s["name"]: s["customers"] for s in kith["segments"]}
    if kith["customers"] != n:
        bad.append(f"rfm customers: kith {kith['customers']} reference {n}")
    for name in got:
        if got[name] != int(want.get(name, 0)):
            bad.append(f"rfm {name}: kith {got[name]} reference {int(want.get(name, 0))}")
    kseg = {m_["id"]: (m_["segment"], m_["r"], m_["f"], m_["m"]) for m_ in kith["members"]}
    diff = [i for i in cust.index
            if kseg.get(i) != (seg[i], int(r[i]), int(f[i]), int(m[i]))]
    if diff:
        i = diff[0]
        bad.append(f"rfm: {len(diff)} customers differ, e.g. member {i}: kith {kseg.get(i)}"
                   f" reference {(seg[i], int(r[i]), int(f[i]), int(m[i]))}")
    print(f"rfm: {n} customers, {len(got)} segments: "
          + ", ".join(f"{k} {v}" for k, v in got.items()))
    if tie_report:
        # pandas' usual recipe: qcut of rank(method="first") splits equal
        # values by their order (here: member id).
        def qfirst(v):
            return pd.qcut(v.rank(method="first"), 5, labels=False).astype(int) + 1
        r2, f2, m2 = qfirst(-cust.days), qfirst(cust.purchases), qfirst(cents)
        seg2 = pd.Series([GRID[5 - a][b - 1] for a, b in zip(r2, (f2 + m2 + 1) // 2)],
                         index=cust.index)
        for name, a, b in (("R", r, r2), ("F", f, f2), ("M", m, m2), ("segment", seg, seg2)):
            print(f"  qcut(rank(first)) differs from kith in {name}: "
                  f"{int((a != b).sum())} of {n} customers")
        ties = {k: int(v.duplicated(keep=False).sum())
                for k, v in (("R", cust.days), ("F", cust.purchases), ("M", cents))}
        print(f"  customers sharing their value with another: {ties}")


def kmeans(cust, runs):
    """runs: kith's k-means JSON for one k and several seeds (same restarts)."""
    kith = runs[0]
    x = pd.DataFrame({c: np.log1p(np.maximum(cust[c], 0)) if c in LOG1P else cust[c]
                      for c in FEATURES})
    feats = {f["id"]: f for f in kith["features"]}
    used = [c for c in FEATURES if x[c].nunique() > 1]
    if used != [c for c in FEATURES if feats[c]["used"]]:
        bad.append(f"kmeans features used: kith {[c for c in FEATURES if feats[c]['used']]}"
                   f" reference {used}")
    z = x[used]
    mean, sd = z.mean(), z.std(ddof=0)
    for c in used:
        for what, a, b in (("mean", feats[c]["mean"], mean[c]), ("sd", feats[c]["sd"], sd[c])):
            if not np.isclose(a, b, rtol=1e-9, atol=1e-12):
                bad.append(f"feature {c} {what}: kith {a!r} reference {b!r}")
    z = ((z - mean) / sd).to_numpy()
    k, restarts = kith["k"], kith["restarts"]
    for run in runs:
        # kith's labels and centres give kith's inertia on these features,
        # and the clusters are numbered by size.
        names = {s["name"]: i for i, s in enumerate(run["segments"])}
        lab = pd.Series({m_["id"]: names[m_["segment"]] for m_ in run["members"]})
        lab = lab.reindex(cust.index).to_numpy()
        cent = np.array([[s["centre"][c] for c in used] for s in run["segments"]])
        own = float(((z - cent[lab]) ** 2).sum())
        if not np.isclose(own, run["inertia"], rtol=1e-9):
            bad.append(f"seed {run['seed']}: kith's clusters on the reference features have"
                       f" inertia {own!r}, kith says {run['inertia']!r}")
        sizes = list(np.bincount(lab, minlength=k))
        if sizes != [s["customers"] for s in run["segments"]] or \
                sizes != sorted(sizes, reverse=True):
            bad.append(f"cluster sizes: {sizes} vs kith's "
                       f"{[s['customers'] for s in run['segments']]} (largest first)")
        if run["silhouette_rows"] == len(cust):
            sil = silhouette_score(z, lab)
            if not np.isclose(sil, run["silhouette"], rtol=1e-9):
                bad.append(f"silhouette: kith {run['silhouette']!r} scikit-learn {sil!r}")
        if run["k_chosen_by"] == "silhouette":
            best = max(run["k_tried"], key=lambda t: (t["silhouette"], -t["k"]))
            if best["k"] != k or not 2 <= k <= 8:
                bad.append(f"k chosen {k}, but the best silhouette of k_tried is {best}")
    # The same number of restarts: the median inertia of kith's seeds within
    # 1% of the median of 9 seeds of scikit-learn. One seed against one
    # seed would test luck: on the demo at k = 4 a single k-means++ start
    # reaches the best optimum known about one time in seven, in kith and
    # in scikit-learn alike, so 10 restarts miss it about one time in five.
    ours = sorted(r["inertia"] for r in runs)
    theirs = sorted(KMeans(n_clusters=k, n_init=restarts, random_state=s).fit(z).inertia_
                    for s in range(9))
    a, b = float(np.median(ours)), float(np.median(theirs))
    rel = (a - b) / b
    print(f"kmeans k = {k} ({kith['k_chosen_by']}), {len(cust)} customers, {restarts} "
          f"restarts, {len(runs)} vs {len(theirs)} seeds: median inertia kith {a:.4f}, "
          f"scikit-learn {b:.4f} ({100 * rel:+.3f}%); best {ours[0]:.4f} vs "
          f"{theirs[0]:.4f}")
    if rel > 0.01:
        bad.append(f"kmeans k = {k}: median inertia kith {a} scikit-learn {b}"
                   f" ({100 * rel:+.3f}%, more than 1% worse)")


def main():
    db = sys.argv[1]
    runs = [json.load(open(p)) for p in sys.argv[2:] if not p.startswith("--")]
    cfg, mem, act, *_ = load(db)
    cache = {}
    for as_of in sorted({r["as_of"] for r in runs}):
        cust = cache.setdefault(as_of, features((cfg, mem, act), ts(as_of)))
        for r in runs:
            if r["as_of"] == as_of and r["method"] == "rfm":
                rfm(cust, r, "--tie-report" in sys.argv)
        km = [r for r in runs if r["as_of"] == as_of and r["method"] == "kmeans"]
        for k in sorted({r["k"] for r in km}):
            kmeans(cust, [r for r in km if r["k"] == k])
    for b in bad:
        print("DIFF", b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
