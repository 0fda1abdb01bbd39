#!/usr/bin/python3
"""Independent reference for kith's churn model (docs/models.md).

usage: churn_ref.py FEATURES_CSV CHURN_JSON DB

FEATURES_CSV is `kith churn --export-features`: the training rows (features
one horizon before the test date), the test rows and the scored rows.
CHURN_JSON is `kith churn --format json` of the same run. DB is the SQLite
file. Checks, printing one line per check and exiting 1 on a failure:

1. Features recomputed here from the raw tables with pandas, for the test
   rows: recency and tenure in local days, purchase days in the last year,
   events and workshops, referrals made, the community-engaged flag, and
   the label (no purchase in the horizon after the test date).
2. sklearn's LogisticRegression (L2, kith's C, lbfgs: an optimiser of its
   own, intercept not penalised) on the same training rows, standardised
   with the training mean and (population) standard deviation: its test
   AUC within 0.005 of kith's.
3. kith's AUC from its exported test risks, the baselines (recency alone,
   P(alive) alone) with sklearn's roc_auc_score, and DeLong's 95%
   interval computed here, to 1e-9.
"""
import json
import sqlite3
import sys

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

COMMUNITY = ["event_attend", "post", "reply", "reaction", "mention", "volunteer", "donation",
             "idea", "feedback", "review", "referral", "survey_response", "workshop",
             "sponsorship_touch"]
bad = []


def check(what, got, want, tol):
    ok = abs(got - want) <= tol
    print(f"{'ok  ' if ok else 'FAIL'} {what}: kith {got:.9g}, reference {want:.9g} (tol {tol:g})")
    if not ok:
        bad.append(what)


def delong(y, s):
    """AUC and its DeLong variance from the placement values."""
    pos, neg = s[y == 1], s[y == 0]
    # psi(p, n) = 1 if p > n, 1/2 if equal: placements by broadcasting.
    cmp = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = cmp.mean(axis=1), cmp.mean(axis=0)
    auc = v10.mean()
    return auc, v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg)


def raw_features(db, rows, horizon_days, period_days):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tz = con.execute("SELECT timezone FROM org ORDER BY id LIMIT 1").fetchone()[0]
    mem = pd.read_sql("SELECT id, merged_into FROM member", con)
    act = pd.read_sql("SELECT member_id, type, occurred_at FROM activity", con)
    into = dict(zip(mem.id, mem.merged_into))

    def final(i):
        while into.get(i) is not None and not pd.isna(into.get(i)):
            i = int(into[i])
        return i
    act["member"] = act.member_id.map(final)
    local = pd.to_datetime(act.occurred_at, unit="s", utc=True).dt.tz_convert(tz)
    act["day"] = local.dt.tz_localize(None).dt.normalize()
    act["t"] = act.occurred_at
    at = pd.Timestamp(rows["at"].iloc[0]).tz_convert(tz)
    at_day, at_t = at.tz_localize(None).normalize(), int(at.timestamp())
    end_t = int((at + pd.Timedelta(days=horizon_days)).timestamp())
    win_t = at_t - int(period_days * 86400)
    before = act[act.t < at_t]
    buys = before[before.type == "purchase"]
    g = buys.groupby("member").day
    out = pd.DataFrame({"first": g.min(), "last": g.max()})
    out["recency_days"] = (at_day - out["last"]).dt.days
    out["tenure_days"] = (at_day - out["first"]).dt.days
    inwin = before[before.t >= win_t]
    out["frequency"] = inwin[inwin.type == "purchase"].groupby("member").day.nunique()
    out["events"] = inwin[inwin.type.isin(["event_attend", "workshop"])].groupby("member").size()
    out["referrals"] = inwin[inwin.type == "referral"].groupby("member").size()
    out["community_engaged"] = inwin[inwin.type.isin(COMMUNITY)].groupby("member").size().clip(upper=1)
    later = act[(act.type == "purchase") & (act.t >= at_t) & (act.t < end_t)]
    out["label"] = 1 - out.index.isin(later.member).astype(int)
    return out.fillna(0)


def main():
    feat = pd.read_csv(sys.argv[1])
    k = json.load(open(sys.argv[2]))
    db = sys.argv[3]
    train, test = feat[feat.set == "train"], feat[feat.set == "test"]
    names = [c for c in feat.columns if c not in ("set", "member_id", "at", "label", "risk")]

    # 1. The test rows' features from the raw tables.
    ref = raw_features(db, test, k["horizon_days"], 365).loc[test.member_id]
    for col in ("recency_days", "tenure_days", "frequency", "events", "referrals",
                "community_engaged", "label"):
        diff = int((ref[col].values != test[col].values).sum())
        print(f"{'ok  ' if diff == 0 else 'FAIL'} feature {col}: {diff} of {len(test)} differ")
        if diff:
            bad.append(col)

    # 2. sklearn on the same split, same penalty and C.
    mu, sd = train[names].mean(), train[names].std(ddof=0)
    used = [c for c in names if sd[c] > 1e-12 * max(1.0, abs(mu[c]))]
    z = lambda d: (d[used] - mu[used]) / sd[used]
    lr = LogisticRegression(penalty="l2", C=k["c"], solver="lbfgs", max_iter=100000, tol=1e-10)
    lr.fit(z(train), train.label)
    auc = roc_auc_score(test.label, lr.predict_proba(z(test))[:, 1])
    check("AUC vs sklearn LogisticRegression", k["auc"], auc, 0.005)
    kused = [c["feature"] for c in k["coefficients"]]
    if kused != used:
        print(f"FAIL features used: kith {kused}, reference {used}")
        bad.append("used")

    # 3. Baselines and the interval.
    y = test.label.values
    check("baseline AUC recency", k["baseline_auc"]["recency"],
          roc_auc_score(y, test.recency_days), 1e-9)
    if k["baseline_auc"]["p_alive"] is not None:
        check("baseline AUC p_alive", k["baseline_auc"]["p_alive"],
              roc_auc_score(y, 1 - test.p_alive), 1e-9)
    # kith's AUC and interval from its own test risks: roc_auc_score and
    # DeLong here.
    a, var = delong(y, test.risk.values)
    check("AUC of kith's risks (roc_auc_score)", k["auc"], roc_auc_score(y, test.risk), 1e-9)
    lo, hi = k["auc_ci95"]
    check("95% CI low (DeLong)", lo, max(0.0, a - 1.959963984540054 * np.sqrt(var)), 1e-9)
    check("95% CI high (DeLong)", hi, min(1.0, a + 1.959963984540054 * np.sqrt(var)), 1e-9)
    print(f"coefficient community_engaged: "
          f"{dict((c['feature'], c['coefficient']) for c in k['coefficients']).get('community_engaged')}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
