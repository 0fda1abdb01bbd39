#!/usr/bin/python3
"""A large synthetic dataset for the report benchmark (until `kith demo
--scale N` is merged): N members over two years with purchases, community
activities, posts with replies, NPS responses, initiatives with codes.
usage: gen_dataset.py OUTDIR N [SEED]; writes generic-import CSVs."""
import os
import sys

import numpy as np
import pandas as pd

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
os.makedirs(out, exist_ok=True)
t0 = pd.Timestamp("2023-01-01").value // 10**9
span = 730 * 86400
emails = np.array([f"m{i}@example.org" for i in range(n)])
engaged = rng.random(n) < 0.3
pd.DataFrame({"email": emails, "name": [f"Member {i}" for i in range(n)],
              "kinds": np.where(rng.random(n) < 0.9, "customer", "online")}).to_csv(
    f"{out}/members.csv", index=False)
pd.DataFrame({"name": ["Spring", "Fair", "Newsletter"], "cost": [500, 300, 200],
              "codes": ["SPRING", "", "NEWS"]}).to_csv(f"{out}/initiatives.csv", index=False)

rows = []
# Purchases: engaged members buy more often (a planted retention effect).
k = rng.poisson(np.where(engaged, 8, 4))
who = np.repeat(np.arange(n), k)
t = t0 + rng.integers(0, span, who.size)
code = np.where(rng.random(who.size) < 0.05, "SPRING", "")
rows.append(pd.DataFrame({"type": "purchase", "who": who, "t": t,
                          "value": np.round(rng.gamma(2, 15, who.size), 2), "code": code}))
# Community activities of the engaged members.
types = np.array(["event_attend", "reaction", "mention", "volunteer", "feedback", "workshop"])
k = rng.poisson(np.where(engaged, 12, 0.5))
who = np.repeat(np.arange(n), k)
ty = types[rng.integers(0, len(types), who.size)]
val = np.where(ty == "volunteer", rng.integers(1, 5, who.size), np.nan)
rows.append(pd.DataFrame({"type": ty, "who": who, "t": t0 + rng.integers(0, span, who.size),
                          "value": val, "initiative": np.where(ty == "event_attend", "Fair", "")}))
# NPS.
who = rng.choice(n, n // 3)
rows.append(pd.DataFrame({"type": "survey_response", "who": who,
                          "t": t0 + rng.integers(0, span, who.size),
                          "value": rng.integers(0, 11, who.size), "subtype": "nps"}))
acts = pd.concat(rows, ignore_index=True)
acts["id"] = [f"a{i}" for i in range(len(acts))]
# Posts and replies (replies point at posts).
np_ = n // 2
pw = rng.choice(np.flatnonzero(engaged), np_)
pt = t0 + rng.integers(0, span, np_)
posts = pd.DataFrame({"type": "post", "who": pw, "t": pt, "id": [f"p{i}" for i in range(np_)]})
rk = rng.integers(0, np_, np_)
replies = pd.DataFrame({"type": "reply", "who": rng.choice(np.flatnonzero(engaged), np_),
                        "t": pt[rk] + rng.integers(600, 5 * 86400, np_),
                        "id": [f"r{i}" for i in range(np_)], "parent_id": posts.id.values[rk]})
acts = pd.concat([acts, posts, replies], ignore_index=True)
acts = acts[acts.t < t0 + span]
acts["email"] = emails[acts.who.values]
acts["occurred_at"] = pd.to_datetime(acts.t, unit="s").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
acts["channel"] = np.where(acts.type.isin(["post", "reply", "reaction"]), "forum", "shop")
cols = ["id", "type", "occurred_at", "email", "value", "channel", "subtype", "parent_id",
        "initiative", "code"]
acts.sort_values("t")[cols].to_csv(f"{out}/activities.csv", index=False)
print(f"{n} members, {len(acts)} activities", file=sys.stderr)
