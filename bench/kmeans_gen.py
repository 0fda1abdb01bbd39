#!/usr/bin/python3
"""bench/segments.sh's data: N x D float64 (raw little-endian, row-major),
standardised columns, a mixture of 6 groups of unequal size (like customer
segments: heavy ones and small ones), overlapping (centres 1.2 sd apart on
average, unit noise). Seeded: the same arguments give the same bytes.
usage: kmeans_gen.py OUT N D"""
import sys

import numpy as np

out, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(20260101)
weights = np.array([0.35, 0.25, 0.15, 0.12, 0.08, 0.05])
groups = rng.choice(len(weights), size=n, p=weights)
centres = rng.normal(0.0, 1.2, size=(len(weights), d))
x = centres[groups] + rng.normal(0.0, 1.0, size=(n, d))
x = (x - x.mean(axis=0)) / x.std(axis=0)
x.astype("<f8").tofile(out)
