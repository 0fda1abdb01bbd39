#!/usr/bin/python3
"""Independent reference for kith's metrics: reads the same SQLite file with
pandas and computes each metric of docs/metrics.md from the raw tables,
written from the definitions, not from kith's C code.

usage: metrics_reference.py DB AS_OF FROM TO [--by month]
(times in seconds since the epoch). Prints JSON {metric_id: value or null}
and, with --by month, "series": [{period, active, revenue}...]."""
import json
import sqlite3
import sys

import numpy as np
import pandas as pd
import scipy.stats

DAY = 86400
MONEY = ["purchase", "refund", "donation", "supply"]
COMMUNITY = ["event_attend", "post", "reply", "reaction", "mention", "volunteer", "donation",
             "idea", "feedback", "review", "referral", "survey_response", "workshop",
             "sponsorship_touch"]
DEFAULTS = {"period_days": "365", "churn_window": "180", "attribution_window": "30",
            "margin": "1.0", "half_life": "90", "level_thresholds": "1,10,30,60",
            "inactive_days": "30", "at_risk_window": "180", "response_hours": "48",
            "min_n": "5", "community_channels": "", "local_area": "",
            "weight.post": "3", "weight.reply": "2", "weight.reaction": "0.5",
            "weight.event_attend": "5", "weight.workshop": "5", "weight.volunteer": "6",
            "weight.donation": "4", "weight.idea": "5", "weight.feedback": "3",
            "weight.review": "3", "weight.referral": "8", "weight.survey_response": "1",
            "weight.mention": "1", "weight.sponsorship_touch": "0"}


def wilson(k, n, z=scipy.stats.norm.ppf(0.975)):
    """Wilson's score interval for k of n (Wilson 1927)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def newcombe(k1, n1, k0, n0):
    """Newcombe's hybrid score interval for k1/n1 - k0/n0 (Newcombe 1998,
    Statistics in Medicine 17:873, method 10), from the two Wilson intervals."""
    p1, p0 = k1 / n1, k0 / n0
    (l1, u1), (l0, u0) = wilson(k1, n1), wilson(k0, n0)
    d = p1 - p0
    return [d - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2),
            d + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)]


def load(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    orgrow = pd.read_sql("SELECT id, timezone, currency FROM org ORDER BY id LIMIT 1", con)
    org = orgrow.id[0]
    org_cur = orgrow.currency[0]
    cfg = dict(DEFAULTS)
    cfg["timezone"] = orgrow.timezone[0]
    for k, v in con.execute("SELECT key, value FROM config WHERE org_id=?", (int(org),)):
        cfg[k] = v
    q = lambda sql: pd.read_sql(sql, con, params=(int(org),))
    mem = q("SELECT id, kinds, flags, employed_from, employed_to, merged_into FROM member"
            " WHERE org_id=?")
    act = q("SELECT a.id, a.member_id, a.type, a.subtype, a.occurred_at AS t, a.value,"
            " a.target_member_id, a.initiative_id, a.text, p.id AS parent, a.channel, a.currency"
            " FROM activity a LEFT JOIN activity p ON p.org_id=a.org_id AND p.source=a.source"
            " AND p.external_id=a.parent_external_id WHERE a.org_id=?")
    ini = q("SELECT id, name, cost FROM initiative WHERE org_id=? ORDER BY id")
    rates = pd.read_sql("SELECT currency, valid_from, rate FROM fx_rate WHERE org_id=?"
                        " AND base=?", con, params=(int(org), org_cur))
    idea = q("SELECT status, origin_member_id, origin_activity_id, proposed_at, shipped_at"
             " FROM idea WHERE org_id=?")
    post = q("SELECT published_at, reach, reactions+comments+shares+saves AS inter"
             " FROM social_post WHERE org_id=?")
    web = q("SELECT day, lower(source) AS source, lower(region) AS region, lower(city) AS city,"
            " sessions, conversions FROM web_sessions WHERE org_id=?")
    con.close()
    # Resolve merges to the surviving member.
    into = dict(zip(mem.id, mem.merged_into))
    def final(i):
        for _ in range(64):
            j = into.get(i)
            if j is None or pd.isna(j):
                return i
            i = int(j)
        return i
    for col in ("member_id", "target_member_id"):
        act[col] = [final(int(x)) if not pd.isna(x) else np.nan for x in act[col]]
    mem = mem[mem.merged_into.isna()].copy()
    fl = mem["flags"].fillna("").str.split(",")
    mem["team"] = fl.apply(lambda f: "team" in f)
    mem["bot"] = fl.apply(lambda f: "bot" in f)
    mem["local"] = fl.apply(lambda f: "local" in f)
    mem["employee"] = mem.kinds.fillna("").str.split(",").apply(lambda k: "employee" in k)
    # METRICS.md "Money": an amount in another currency is converted with the
    # rate in force on its date (the latest valid_from <= t) or left out.
    cur = act.currency.fillna("").str.strip().str.upper()
    foreign = act.type.isin(MONEY) & act.value.notna() & (cur != "") & (cur != org_cur)
    act["left_out"] = False
    if foreign.any():
        f = act[foreign].assign(cur=cur[foreign]).astype({"t": "int64"}).sort_values("t")
        r = rates.rename(columns={"currency": "cur"}).astype(
            {"cur": str, "valid_from": "int64", "rate": float}).sort_values("valid_from")
        f = pd.merge_asof(f, r, left_on="t", right_on="valid_from", by="cur",
                          direction="backward")
        conv = dict(zip(f.id, f.value * f.rate))
        act.loc[foreign, "value"] = act.loc[foreign, "id"].map(conv)
        act.loc[foreign, "left_out"] = act.loc[foreign, "value"].isna()
    act = act.sort_values(["member_id", "t", "id"]).reset_index(drop=True)
    return cfg, mem, act, ini, idea, post, web


def main():
    db, as_of, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    by_month = "--by" in sys.argv
    cfg, mem, act, ini, idea, post, web = load(db)
    f = lambda k: float(cfg[k])
    min_n = f("min_n")
    counted = set(mem.id[~(mem.team | mem.bot)])
    A = act[act.t < as_of]
    C = A[A.member_id.isin(counted)]
    comm = C[C.type.isin(COMMUNITY)]
    purch = C[C.type == "purchase"]
    P, Q = (start, end), (start - (end - start), start)
    out = {}

    def ratio(num, den):
        return None if den == 0 or den < min_n else num / den

    def within(df, w, col="t"):
        return df[(df[col] >= w[0]) & (df[col] < w[1])]

    first_purchase = purch.groupby("member_id").t.min()

    # Loyalty
    def crr(p):
        q = (p[0] - (p[1] - p[0]), p[0])
        s = set(within(purch, q).member_id)
        kept = s & set(within(purch, p).member_id)
        eng = set(within(comm, q).member_id)
        s1, s0 = s & eng, s - eng
        return (ratio(len(kept), len(s)), ratio(len(kept & s1), len(s1)),
                ratio(len(kept & s0), len(s0)), len(s1), len(s0))
    out["crr"], w1, w0, n1, n0 = crr(P)
    out["crr_within_community"], out["crr_outside_community"] = w1, w0
    out["retention_lift"] = None if w1 is None or w0 is None else w1 - w0
    if out["retention_lift"] is not None:
        out["retention_lift_ci"] = newcombe(round(w1 * n1), n1, round(w0 * n0), n0)
    k = within(purch, P).groupby("member_id").size()
    out["repeat_purchase_rate"] = ratio(int((k >= 2).sum()), len(k))
    cust = first_purchase[first_purchase < end].index
    recent = set(purch[(purch.t >= end - f("churn_window") * DAY) & (purch.t < end)].member_id)
    out["churned_customers"] = len([c for c in cust if c not in recent]) if len(cust) else None
    before = C[C.t < end]
    # A customer with an amount left out has no known CLV: left out.
    unknown = set(before[before.type.isin(["purchase", "refund"]) & before.left_out].member_id)
    cust_known = [c for c in cust if c not in unknown]
    clv = (before[before.type == "purchase"].groupby("member_id").value.sum()
           .sub(before[before.type == "refund"].groupby("member_id").value.sum(), fill_value=0)
           .reindex(cust_known, fill_value=0))
    ok = len(clv) >= min_n and len(clv) > 0
    out["clv_mean"] = float(clv.mean()) if ok else None
    out["clv_median"] = float(clv.quantile(0.5)) if ok else None
    out["clv_p80"] = float(clv.quantile(0.8)) if ok else None
    out["clv_p95"] = float(clv.quantile(0.95)) if ok else None
    def money(df):
        # Left-out amounts are NaN: not added; none added but some left out: n/a.
        return None if len(df) and df.left_out.all() else float(df.value.sum())
    out["revenue"] = money(within(purch, P))
    out["refunds"] = (money(within(C[C.type == "refund"], P))
                      if (act.type == "refund").any() else None)

    # Advocacy
    def nps(kind, members):
        s = within(A[A.member_id.isin(members) & (A.type == "survey_response")], P)
        s = s[s.subtype.fillna("nps") == kind]
        last = s.groupby("member_id").value.last()
        n = len(last)
        if n == 0 or n < min_n:
            return None
        return 100 * ((last >= 9).sum() - (last <= 6).sum()) / n
    out["nps"] = nps("nps", counted)
    out["enps"] = nps("enps", set(mem.id[~mem.bot]))
    fb = within(C[C.type.isin(["feedback", "idea", "review"])], P)
    linked = set(idea.origin_activity_id.dropna().astype(int))
    actionable = fb.text.fillna("").str.split().str.len().ge(8) | fb.id.isin(linked)
    # n/a (not 0) for an org that has no feedback, idea or review at all.
    out["feedback_volume"] = (len(fb) if act.type.isin(["feedback", "idea", "review"]).any()
                              else None)
    out["feedback_quality"] = ratio(int(actionable.sum()), len(fb))
    buyers = within(purch, P).member_id.nunique()
    out["feedback_per_100_customers"] = ratio(100.0 * len(fb), buyers)

    # Acquisition
    first_comm = comm.groupby("member_id").first()
    w = f("attribution_window") * DAY
    fp = first_purchase.rename("fp")
    refs = A[(A.type == "referral") & A.target_member_id.notna()][["target_member_id", "t"]]
    refs = refs.merge(fp, left_on="target_member_id", right_index=True)
    last_ref = refs[refs.t <= refs.fp].groupby("target_member_id").t.max()
    fc_t = first_comm.t.reindex(fp.index)
    lr = last_ref.reindex(fp.index)
    acq_mask = ((fc_t <= fp) & (fp <= fc_t + w)) | ((lr <= fp) & (fp - lr <= w))
    acq_set = set(fp.index[acq_mask.fillna(False).astype(bool)])
    new = fp[(fp >= P[0]) & (fp < P[1])].index
    acq = [m for m in new if m in acq_set]
    out["community_acquired"] = len(acq)
    fct = first_comm.type
    out["event_acquired"] = len([m for m in acq if m in fct.index and
                                 fct[m] in ("event_attend", "workshop")])
    # Initiatives: explicit, else the last initiative touch (a non-purchase,
    # non-refund activity with an initiative) at or before, within the window.
    pur = C[C.type == "purchase"][["id", "member_id", "t", "value", "initiative_id"]]
    touch = C[~C.type.isin(["purchase", "refund"]) & C.initiative_id.notna()]
    touch = touch[["id", "member_id", "t", "initiative_id"]].rename(
        columns={"t": "tt", "initiative_id": "ti", "id": "tid"})
    pur = pur.sort_values(["t", "id"])
    touch = touch.sort_values(["tt", "tid"])
    m_ = pd.merge_asof(pur, touch, left_on="t", right_on="tt", by="member_id",
                       direction="backward", allow_exact_matches=True)
    # A touch at the same instant counts only when imported before (id order).
    same = (m_.tt == m_.t) & (m_.tid > m_.id)
    m_.loc[same, ["tt", "ti"]] = np.nan
    via = m_.ti.where(m_.t - m_.tt <= w)
    m_["ini"] = m_.initiative_id.fillna(via)
    m_["first"] = m_.t == m_.member_id.map(first_purchase)
    m_ = m_.sort_values(["member_id", "t", "id"])
    m_["first"] = ~m_.duplicated("member_id")
    got = m_[m_.ini.notna()]
    rev = got.groupby("ini").value.sum()
    got = got.assign(out=got.id.map(C.set_index("id").left_out))
    all_out = got.groupby("ini").out.all()
    acq_i = got[got["first"] & got.member_id.isin(acq_set)].groupby("ini").size()
    npur = got.groupby("ini").size()
    out["initiatives"] = [{"name": n, "revenue": float(rev.get(i, 0.0)),
                           "roi": ((float(rev.get(i, 0.0)) * f("margin") - c) / c
                                   if c > 0 and not all_out.get(i, False) else None),
                           "acquired": int(acq_i.get(i, 0)), "purchases": int(npur.get(i, 0)),
                           "cost": float(c)}
                          for i, n, c in zip(ini.id, ini.name, ini.cost)]
    chans = [x.strip().lower() for x in cfg["community_channels"].split(",") if x.strip()]
    local = [x.strip().lower() for x in cfg["local_area"].split(",") if x.strip()]
    wp = within(web, P, "day")
    tot = int(wp.sessions.sum())
    out["referral_traffic_share"] = (ratio(int(wp[wp.source.isin(chans)].sessions.sum()), tot)
                                     if chans and len(web) else None)
    out["local_traffic_share"] = (ratio(int(wp[wp.region.isin(local) | wp.city.isin(local)]
                                            .sessions.sum()), tot) if local and len(web) else None)

    # Engagement
    pp = within(post, P, "published_at")
    out["social_engagement_rate"] = (pp.inter.sum() / pp.reach.sum()
                                     if len(pp) and pp.reach.sum() > 0 else None)
    out["active_members"] = within(comm, P).member_id.nunique()
    last30 = comm[(comm.t >= end - 30 * DAY) & (comm.t < end)]
    mam = last30.member_id.nunique()
    out["mam"] = mam
    days = ((end - last30.t - 1) // DAY)
    out["stickiness"] = (last30.assign(d=days).groupby(["member_id", "d"]).ngroups / 30 / mam
                         if mam else None)
    eq = set(within(comm, Q).member_id)
    ep = set(within(comm, P).member_id)
    out["community_churn"] = ratio(len(eq - ep), len(eq))
    posts = within(C[C.type == "post"], P)
    rep = act[(act.type == "reply") & act.parent.notna()].merge(
        act[["id", "member_id", "t"]].rename(columns={"id": "parent", "member_id": "pm",
                                                     "t": "pt"}), on="parent")
    rep = rep[(rep.member_id != rep.pm) & (rep.t >= rep.pt)]
    first_reply = (rep.t - rep.pt).groupby(rep.parent).min()
    delay = posts.id.map(first_reply)
    out["response_rate"] = ratio(int((delay <= f("response_hours") * 3600).sum()), len(posts))
    d = delay.dropna() / 3600.0
    out["median_first_reply_hours"] = float(d.median()) if len(d) and len(d) >= min_n else None
    cnt = within(comm, P).groupby("member_id").size().sort_values(ascending=False)
    out["dependency_factor"] = (int(np.searchsorted(cnt.cumsum().values * 2, cnt.sum()) + 1)
                                if cnt.sum() else None)
    wts = {t: f("weight." + t) for t in COMMUNITY}
    cb = comm[comm.t < end]
    love = (cb.type.map(wts) * 0.5 ** ((end - cb.t) / DAY / f("half_life"))).groupby(
        cb.member_id).sum()
    out["love_mean"] = float(love.mean()) if len(love) and len(love) >= min_n else None

    # Innovation
    shipped = idea[idea.shipped_at.notna() & (idea.shipped_at >= start) & (idea.shipped_at < end)]
    origin_act = act.set_index("id")
    def community_idea(r):
        if not pd.isna(r.origin_member_id) and int(r.origin_member_id) in counted:
            return True
        if not pd.isna(r.origin_activity_id) and int(r.origin_activity_id) in origin_act.index:
            a = origin_act.loc[int(r.origin_activity_id)]
            return a.type in COMMUNITY and a.member_id in counted
        return False
    out["innovation_rate"] = (ratio(sum(community_idea(r) for r in shipped.itertuples()),
                                    len(shipped)) if len(idea) else None)
    out["median_days_to_ship"] = (float(((shipped.shipped_at - shipped.proposed_at) / DAY).median())
                                  if len(shipped) else None)

    # Employees and local impact
    emp = mem[mem.employee & ~mem.bot]
    def at(e, t):
        return (e.employed_from.isna() | (e.employed_from <= t)) & \
               (e.employed_to.isna() | (e.employed_to > t))
    e0 = emp[at(emp, start)]
    out["employee_retention"] = ratio(int((e0.employed_to.isna() | (e0.employed_to >= end)).sum()),
                                      len(e0))
    ein = emp[~(emp.employed_from.notna() & (emp.employed_from >= end)) &
              ~(emp.employed_to.notna() & (emp.employed_to <= start))]
    took = set(within(A[A.type.isin(["volunteer", "workshop", "event_attend"])], P).member_id)
    out["employee_participation"] = ratio(len(set(ein.id) & took), len(ein))
    out["volunteer_hours"] = (float(within(C[C.type == "volunteer"], P).value.sum())
                              if (act.type == "volunteer").any() else None)
    out["donations"] = (money(within(C[C.type == "donation"], P))
                        if (act.type == "donation").any() else None)
    sup = within(A[(A.type == "supply") & A.member_id.isin(set(mem.id[~mem.bot]))], P)
    loc = set(mem.id[mem.local])
    out["local_supplier_share"] = (float(sup[sup.member_id.isin(loc)].value.sum() / sup.value.sum())
                                   if len(sup) and sup.value.sum() > 0 else None)
    out["supplier_spend"] = money(sup) if (act.type == "supply").any() else None

    if by_month:
        series, a = [], start
        while a < end:
            # Months are the org's local calendar months (METRICS.md "Time").
            ts = pd.Timestamp(a, unit="s", tz="UTC").tz_convert(cfg["timezone"])
            nxt = (ts.tz_localize(None).to_period("M") + 1).to_timestamp()
            b = min(int(nxt.tz_localize(cfg["timezone"]).timestamp()), end)
            series.append({"period": ts.strftime("%Y-%m"),
                           "active": within(comm, (a, b)).member_id.nunique(),
                           "revenue": money(within(purch, (a, b)))})
            a = b
        out["series"] = series
    json.dump(out, sys.stdout, indent=1, default=lambda x: x.item() if hasattr(x, "item") else str(x))


if __name__ == "__main__":
    main()
