#!/usr/bin/python3
"""The peer of bench/models.sh: the BG/NBD log-likelihood (Fader, Hardie &
Lee 2005, eq. 6) as vectorised numpy, minimised over log-parameters by
scipy's L-BFGS-B from (1, 1, 1, 1). Two variants:
  numgrad  scipy's default finite-difference gradient (what most code does)
  grad     the analytic gradient (jac=True): the strongest plain peer
Prints one JSON line: seconds of the minimisation alone (reading the file
is not timed, as for kith), the log-likelihood, the estimates.

usage: models_peer.py numgrad|grad FILE   (FILE: x,t_x,T per line, weeks)"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln


def nll(lp, x, tx, T, grad):
    r, al, a, b = np.exp(lp)
    rx = r + x
    l12 = gammaln(rx) - gammaln(r) + r * np.log(al) + betaln(a, b + x) - betaln(a, b)
    l3 = -rx * np.log(al + T)
    pos = x > 0
    bx1 = np.where(pos, b + x - 1, 1.0)
    l4 = np.where(pos, np.log(a) - np.log(bx1) - rx * np.log(al + tx), -np.inf)
    s = np.logaddexp(l3, l4)
    f = -np.sum(l12 + s)
    if not grad:
        return f
    w4 = np.exp(l4 - s)
    w3 = 1 - w4
    gr = digamma(rx) - digamma(r) + np.log(al) - (w3 * np.log(al + T) + w4 * np.log(al + tx))
    gal = r / al - rx * (w3 / (al + T) + w4 / (al + tx))
    dab = digamma(a + b) - digamma(a + b + x)
    ga = dab + w4 / a
    gb = digamma(b + x) - digamma(b) + dab - w4 / bx1
    g = -np.array([gr.sum() * r, gal.sum() * al, ga.sum() * a, gb.sum() * b])
    return f, g


def main():
    mode, path = sys.argv[1], sys.argv[2]
    d = np.loadtxt(path, delimiter=",", ndmin=2)
    x, tx, T = d[:, 0], d[:, 1], d[:, 2]
    t0, c0 = time.perf_counter(), time.process_time()
    if mode == "grad":
        res = minimize(nll, np.zeros(4), args=(x, tx, T, True), jac=True, method="L-BFGS-B")
    else:
        res = minimize(nll, np.zeros(4), args=(x, tx, T, False), method="L-BFGS-B")
    t1, c1 = time.perf_counter(), time.process_time()
    r, al, a, b = np.exp(res.x)
    print(json.dumps({"mode": mode, "n": len(x), "seconds": t1 - t0, "cpu_seconds": c1 - c0,
                      "log_likelihood": -float(res.fun), "r": r, "alpha": al, "a": a, "b": b,
                      "nfev": int(res.nfev), "nit": int(res.nit),
                      "success": bool(res.success)}))


if __name__ == "__main__":
    main()
