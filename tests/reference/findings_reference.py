#!/usr/bin/python3
"""Independent reference for the numbers behind kith's findings
(docs/findings.md), computed with pandas from the raw tables of the SQLite
file, written from the definitions in docs/metrics.md, docs/sentiment.md and
docs/findings.md, not from kith's C code.

usage: findings_reference.py DB AS_OF FROM TO KITH_BIN
(times in seconds since the epoch). Prints JSON: for each rule the numbers
and whether its finding must be shown. KITH_BIN is used for one thing
only: 'kith sentiment score' scores the texts (VADER, checked line by line
against the vader-sentiment package by the test cli_sentiment_reference);
the weeks, baselines and z-scores are computed here."""
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_reference as mr  # noqa: E402  (its load(): merges, flags, config)

DAY = 86400
TEXT_TYPES = ["post", "reply", "review", "feedback", "idea", "mention"]
Z95 = 1.96


def wald(p1, n1, p0, n0):
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    return p1 - p0 - Z95 * se, p1 - p0 + Z95 * se


def excludes_zero(lo, hi):
    return lo > 0 or hi < 0


def within(df, w, col="t"):
    return df[(df[col] >= w[0]) & (df[col] < w[1])]


def main():
    db, as_of, start, end, kith = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                   int(sys.argv[4]), sys.argv[5])
    cfg, mem, act, ini, idea, post, web = mr.load(db)
    cfg = {"alert_z": "2.0", "alert_window": "12", "sentiment_min_n": "20", **cfg}
    f = lambda k: float(cfg[k])
    min_n = f("min_n")
    counted = set(mem.id[~(mem.team | mem.bot)])
    A = act[act.t < as_of]
    C = A[A.member_id.isin(counted)]
    comm = C[C.type.isin(mr.COMMUNITY)]
    purch = C[C.type == "purchase"]
    P, Q = (start, end), (start - (end - start), start)
    Q2 = (Q[0] - (end - start), Q[0])
    out = {}

    # --- retention lift: CRR within vs outside, Newcombe's hybrid score
    # interval (docs/metrics.md; mr.newcombe), and at least 10 of each
    # outcome in each group.
    s = set(within(purch, Q).member_id)
    kept = s & set(within(purch, P).member_id)
    eng = set(within(comm, Q).member_id)
    s1, s0 = s & eng, s - eng
    k1, k0 = len(kept & s1), len(kept & s0)
    w1, w0 = k1 / len(s1), k0 / len(s0)
    lo, hi = mr.newcombe(k1, len(s1), k0, len(s0))
    out["retention_lift"] = {
        "show": excludes_zero(lo, hi) and min(k1, len(s1) - k1, k0, len(s0) - k0) >= 10,
        "crr_within": w1, "crr_outside": w0, "lift": w1 - w0, "ci_low": lo, "ci_high": hi,
        "n_within": len(s1), "n_outside": len(s0)}

    # --- NPS of P against P-1: latest response of a member in the period,
    # margins 1.96 * 100 * sqrt((p_pro + p_det - (p_pro - p_det)^2) / n),
    # combined as independent samples; 30 responses each at least.
    def nps(w):
        sv = within(C[C.type == "survey_response"], w)
        sv = sv[sv.subtype.fillna("nps") == "nps"]
        last = sv.sort_values(["member_id", "t", "id"]).groupby("member_id").value.last()
        n = len(last)
        pp, pd_ = (last >= 9).sum() / n, (last <= 6).sum() / n
        return 100 * (pp - pd_), Z95 * 100 * math.sqrt((pp + pd_ - (pp - pd_) ** 2) / n), n
    a, ma, na = nps(P)
    b, mb, nb = nps(Q)
    half = math.hypot(ma, mb)
    out["nps_change"] = {"show": excludes_zero(a - b - half, a - b + half) and min(na, nb) >= 30,
                         "nps": a, "nps_previous": b, "change": a - b,
                         "ci_low": a - b - half, "ci_high": a - b + half, "n": na,
                         "n_previous": nb}

    # --- community churn: engaged in P-1 and not in P, over engaged in P-1;
    # P-1's own churn needs P-2.
    eq, ep, e2 = (set(within(comm, w).member_id) for w in (Q, P, Q2))
    churn = len(eq - ep) / len(eq)
    rec = {"churn": churn, "n": len(eq), "lost": len(eq - ep)}
    if len(e2) >= min_n and len(e2) > 0:
        prev = len(e2 - eq) / len(e2)
        lo, hi = wald(churn, len(eq), prev, len(e2))
        rec.update(churn_previous=prev, n_previous=len(e2), ci_low=lo, ci_high=hi,
                   significant=excludes_zero(lo, hi))
    else:
        rec["significant"] = False
    rec["show"] = rec["significant"] or (churn >= 0.25 and len(eq) >= 30)
    out["community_churn"] = rec

    # --- revenue change: customers who bought in P or P-1 as the units,
    # d_i = revenue in P - in P-1, interval sum d -/+ 1.96 sqrt(n var(d)).
    rp = within(purch, P).groupby("member_id").value.sum()
    rq = within(purch, Q).groupby("member_id").value.sum()
    d = rp.reindex(rp.index.union(rq.index), fill_value=0) - \
        rq.reindex(rp.index.union(rq.index), fill_value=0)
    se = math.sqrt(len(d) * d.var(ddof=1))
    out["revenue_change"] = {"revenue": float(rp.sum()), "revenue_previous": float(rq.sum()),
                             "change": float(d.sum()), "ci_low": float(d.sum() - Z95 * se),
                             "ci_high": float(d.sum() + Z95 * se), "customers": len(d)}
    out["revenue_change"]["show"] = excludes_zero(out["revenue_change"]["ci_low"],
                                                  out["revenue_change"]["ci_high"])

    # --- champions (level 4 at the end of P) and members at risk at as_of:
    # level >= 3 at the start of the look-back or right after one of their
    # community activities in it, and no community activity for
    # inactive_days.
    weights = {t: f("weight." + t) for t in mr.COMMUNITY}
    cw = comm[comm.type.map(weights) > 0]
    thr = [float(x) for x in cfg["level_thresholds"].split(",")]
    level = lambda s: sum(s >= x for x in thr)
    hl = f("half_life")

    def love(times, ws, t, inclusive=False):
        m = times <= t if inclusive else times < t
        return float((ws[m] * 0.5 ** ((t - times[m]) / DAY / hl)).sum())
    look, quiet = end - f("at_risk_window") * DAY, end - f("inactive_days") * DAY
    champions = at_risk = 0
    for m_id, g in cw[cw.t < end].groupby("member_id"):
        times, ws = g.t.to_numpy(dtype=float), g.type.map(weights).to_numpy()
        champions += level(love(times, ws, end)) == 4
        if (times >= quiet).any():
            continue
        peaks = [love(times, ws, look)] + [love(times, ws, t, True) for t in times if t >= look]
        at_risk += max(level(x) for x in peaks) >= 3
    out["champions_at_risk"] = {"champions": champions, "at_risk": at_risk,
                                "show": champions > 0 or at_risk > 0}

    # --- initiatives: revenue and ROI from metrics_reference's attribution.
    r = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__),
                                                     "metrics_reference.py"),
                        db, str(as_of), str(start), str(end)],
                       check=True, capture_output=True, text=True)
    inis = [x for x in json.loads(r.stdout)["initiatives"] if x["roi"] is not None]
    out["initiatives"] = inis

    # --- sentiment alert weeks: the org's weeks (Monday 00:00 local), the
    # mean compound of each week's scored texts, the pooled baseline of the
    # alert_window weeks before, z, and the alert.
    tx = C[C.type.isin(TEXT_TYPES) & C.text.fillna("").ne("")].copy()
    tx["flat"] = tx.text.str.replace("\r", " ").str.replace("\n", " ")
    distinct = sorted(set(tx.flat))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(distinct) + "\n")
        path = fh.name
    env = dict(os.environ)
    scored = subprocess.run([kith, "sentiment", "score", "-q", path], check=True,
                            capture_output=True, text=True, env=env).stdout.split("\n")
    os.unlink(path)
    comp = {}
    for text, line in zip(distinct, scored):
        c = line.split("\t")[3]
        comp[text] = float(c) if c != "" else None
    tx["c"] = tx.flat.map(comp)
    tx = tx[tx.c.notna()]
    tz = cfg["timezone"]
    local = pd.to_datetime(tx.t, unit="s", utc=True).dt.tz_convert(tz)
    monday = (local.dt.normalize() - pd.to_timedelta(local.dt.weekday, unit="D"))
    tx["week"] = monday.dt.strftime("%Y-%m-%d")
    wk = tx.groupby("week").c.agg(["count", "sum", lambda x: float((x * x).sum())])
    wk.columns = ["n", "s", "ss"]
    first = pd.Timestamp(wk.index.min()).tz_localize(tz)
    last_t = pd.Timestamp(as_of - 1, unit="s", tz="UTC").tz_convert(tz)
    last = (last_t.normalize() - pd.Timedelta(days=last_t.weekday())).tz_localize(None)
    weeks = [d.strftime("%Y-%m-%d") for d in pd.date_range(first.tz_localize(None), last,
                                                           freq="7D")]
    wk = wk.reindex(weeks, fill_value=0)
    window, zmin, smin = int(f("alert_window")), f("alert_z"), f("sentiment_min_n")
    alerts = []
    for i, wname in enumerate(weeks):
        b = wk.iloc[max(0, i - window):i]
        nb, sb, ssb = b.n.sum(), b.s.sum(), b.ss.sum()
        n = wk.n.iloc[i]
        if nb < smin or nb < 2 or n < min_n or n == 0:
            continue
        mean_b = sb / nb
        sd = math.sqrt((ssb - nb * mean_b * mean_b) / (nb - 1))
        mean = wk.s.iloc[i] / n
        z = (mean - mean_b) / sd
        start_w = int(pd.Timestamp(wname).tz_localize(tz).timestamp())
        end_w = int((pd.Timestamp(wname) + pd.Timedelta(days=7)).tz_localize(tz).timestamp())
        if z < -zmin and n >= smin and end_w > start and start_w < end:
            alerts.append({"week": wname, "z": z, "mean": mean, "baseline_mean": mean_b,
                           "scored": int(n), "week_from": start_w})
    out["sentiment_alerts"] = alerts
    json.dump(out, sys.stdout, indent=1,
              default=lambda x: x.item() if hasattr(x, "item") else str(x))


if __name__ == "__main__":
    main()
