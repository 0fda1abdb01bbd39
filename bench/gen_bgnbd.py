#!/usr/bin/python3
"""Customers for bench/models.sh: N customers drawn from BG/NBD (r 0.25,
alpha 4 weeks, a 0.8, b 2.5), first purchases over the first 12 weeks of a
39-week calibration, purchases on whole days as kith counts them (same-day
purchases one), written as x,t_x,T in weeks (shortest round-trip decimals,
so that k/7 reads back as the same double). Deterministic (seed 1).

usage: gen_bgnbd.py N OUT.csv"""
import sys

import numpy as np


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(1)
    lam = rng.gamma(0.25, 1 / 4.0, n) / 7  # purchases per day
    p = rng.beta(0.8, 2.5, n)
    first = rng.integers(0, 84, n)
    T = 272 - first                       # calibration days after the first
    x = np.zeros(n, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    t = np.zeros(n)
    alive = np.ones(n, bool)
    while alive.any():
        idx = np.nonzero(alive)[0]
        t[idx] += rng.exponential(1 / lam[idx])
        inside = t[idx] <= T[idx]
        alive[idx[~inside]] = False
        idx = idx[inside]
        day = np.floor(t[idx]).astype(np.int64)
        new = day > last[idx]             # a purchase on a day already counted merges
        x[idx[new]] += 1
        last[idx[new]] = day[new]
        drop = rng.random(len(idx)) < p[idx]
        alive[idx[drop]] = False
    with open(out, "w") as f:
        for xi, li, ti in zip(x, last, T):
            f.write(f"{xi},{float(li) / 7!r},{float(ti) / 7!r}\n")


if __name__ == "__main__":
    main()
