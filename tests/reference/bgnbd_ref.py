#!/usr/bin/python3
"""Independent reference for kith's lifetime value models: the BG/NBD
log-likelihood (Fader, Hardie & Lee 2005, eq. 6) and the Gamma-Gamma one
(Fader & Hardie 2013) as vectorised numpy, maximised with scipy (L-BFGS-B
on log-parameters, then Nelder-Mead to polish), standard errors from a
Hessian of second differences of the log-likelihood itself (not of a
gradient, as kith does). Written from the papers, not from kith's C code.

usage:
  bgnbd_ref.py cdnow SAMPLE_FILE CAL_END   customers from CDNOW_sample.txt
                                           (pandas: same-day purchases
                                           merged, weeks, CAL_END inclusive)
  bgnbd_ref.py triples FILE                x,t_x,T per line
Prints JSON: r, alpha, a, b, log_likelihood, se, n, and for cdnow also
the Gamma-Gamma p, q, gamma, log_likelihood and the customers' triples by
id (x, t_x, T, zbar)."""
import json
import sys

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln


def bg_ll(p, x, tx, T):
    r, al, a, b = p
    l12 = gammaln(r + x) - gammaln(r) + r * np.log(al) + betaln(a, b + x) - betaln(a, b)
    l3 = -(r + x) * np.log(al + T)
    pos = x > 0
    l4 = np.full_like(x, -np.inf, dtype=float)
    l4[pos] = np.log(a) - np.log(b + x[pos] - 1) - (r + x[pos]) * np.log(al + tx[pos])
    return float(np.sum(l12 + np.logaddexp(l3, l4)))


def gg_ll(p, x, z):
    pp, q, g = p
    px = pp * x
    return float(np.sum(gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g)
                        + (px - 1) * np.log(z) + px * np.log(x) - (px + q) * np.log(g + x * z)))


def fit(ll, k, *data):
    f = lambda lp: -ll(np.exp(lp), *data)
    best = None
    for s in ([0.0] * k, [np.log(0.5)] * k, [np.log(2.0)] * k):
        res = minimize(f, np.array(s), method="L-BFGS-B",
                       options=dict(ftol=1e-15, gtol=1e-10, maxiter=5000))
        res = minimize(f, res.x, method="Nelder-Mead",
                       options=dict(xatol=1e-8, fatol=1e-10, maxiter=20000))
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x), -best.fun


def std_errors(ll, p, *data):
    """sqrt(diag(inverse(-Hessian))) in the natural parameters, the Hessian
    by second central differences of ll with relative steps 1e-4."""
    k = len(p)
    h = 1e-4 * p
    H = np.zeros((k, k))
    f = lambda q: ll(q, *data)
    for i in range(k):
        for j in range(i, k):
            def at(si, sj):
                q = p.copy()
                q[i] += si * h[i]
                q[j] += sj * h[j]
                return f(q)
            if i == j:
                v = (at(1, 0) - 2 * f(p) + at(-1, 0)) / h[i] ** 2
            else:
                v = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
            H[i, j] = H[j, i] = v
    return np.sqrt(np.diag(np.linalg.inv(-H)))


def cdnow(path, cal_end):
    df = pd.read_csv(path, sep=r"\s+", header=None, names=["mid", "id", "date", "cds", "usd"])
    df["day"] = pd.to_datetime(df.date.astype(str), format="%Y%m%d")
    cal = pd.Timestamp(cal_end)
    d = df[df.day <= cal].groupby(["id", "day"], as_index=False).usd.sum()
    g = d.groupby("id")
    first, last, n = g.day.min(), g.day.max(), g.day.count()
    firstval = d.sort_values("day").groupby("id").usd.first()
    total = g.usd.sum()
    x = (n - 1).values.astype(float)
    tx = ((last - first).dt.days / 7).values
    T = ((cal - first).dt.days / 7).values
    rep = x > 0
    zbar = np.zeros_like(x)
    zbar[rep] = ((total - firstval).values[rep]) / x[rep]
    return first.index.values, x, tx, T, zbar


def main():
    if sys.argv[1] == "cdnow":
        ids, x, tx, T, zbar = cdnow(sys.argv[2], sys.argv[3])
    else:
        d = np.loadtxt(sys.argv[2], delimiter=",", ndmin=2)
        ids, x, tx, T, zbar = None, d[:, 0], d[:, 1], d[:, 2], None
    p, ll = fit(bg_ll, 4, x, tx, T)
    out = {"n": int(len(x)), "r": p[0], "alpha": p[1], "a": p[2], "b": p[3],
           "log_likelihood": ll, "se": list(std_errors(bg_ll, p, x, tx, T))}
    if zbar is not None:
        rep = (x > 0) & (zbar > 0)
        gp, gll = fit(gg_ll, 3, x[rep], zbar[rep])
        out["gamma_gamma"] = {"p": gp[0], "q": gp[1], "gamma": gp[2], "log_likelihood": gll,
                              "n": int(rep.sum()),
                              "se": list(std_errors(gg_ll, gp, x[rep], zbar[rep]))}
        out["customers"] = {str(int(i)): [x[k], tx[k], T[k], zbar[k]] for k, i in enumerate(ids)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
