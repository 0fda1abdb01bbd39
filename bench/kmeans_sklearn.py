#!/usr/bin/python3
"""bench/segments.sh's peer: scikit-learn's KMeans (Lloyd, greedy
k-means++, n_init starts) on the matrix kmeans_gen.py wrote; times the fit
alone. Prints one JSON line like kith_bench_kmeans.
usage: kmeans_sklearn.py FILE N D K RESTARTS SEED"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans

path, n, d, k, restarts, seed = sys.argv[1], *map(int, sys.argv[2:7])
x = np.fromfile(path, dtype="<f8").reshape(n, d)
t = time.perf_counter()
km = KMeans(n_clusters=k, n_init=restarts, random_state=seed, algorithm="lloyd").fit(x)
print(json.dumps({"inertia": float(km.inertia_), "seconds": round(time.perf_counter() - t, 3),
                  "iterations": int(km.n_iter_), "version": sklearn.__version__}))
