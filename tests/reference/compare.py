#!/usr/bin/python3
"""Compare kith's JSON report with the pandas reference on the same file.
usage: compare.py KITH_REPORT.json REFERENCE.json
Counts must be equal, ratios and sums equal to 1e-9 relative; n/a in kith
must be null in the reference and the other way round. Exit 1 on any
difference (each printed)."""
import json
import math
import sys

kith = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
metrics = {m["id"]: m for s in kith["sections"] for m in s["metrics"]}
tables = {t["id"]: t for s in kith["sections"] for t in s["tables"]}
bad, checked = [], 0


def same(name, a, b):
    global checked
    checked += 1
    if a is None or b is None:
        if (a is None) != (b is None):
            bad.append(f"{name}: kith {a} reference {b}")
        return
    if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        bad.append(f"{name}: kith {a!r} reference {b!r}")


for key, want in ref.items():
    if key in ("series", "initiatives", "retention_lift_ci"):
        continue
    if key not in metrics:
        bad.append(f"{key}: not in kith's report")
        continue
    same(key, metrics[key]["value"], want)
if "retention_lift_ci" in ref:
    ci = metrics["retention_lift"]["ci95"] or {}
    same("retention_lift ci low", ci.get("low"), ref["retention_lift_ci"][0])
    same("retention_lift ci high", ci.get("high"), ref["retention_lift_ci"][1])
t = tables["initiatives"]
cols = [c["id"] for c in t["columns"]]
rows = {r[0]: dict(zip(cols, r)) for r in t["rows"]}
for ini in ref["initiatives"]:
    row = rows.get(ini["name"])
    if row is None:
        bad.append(f"initiative {ini['name']}: missing")
        continue
    roi = row["roi"] if not isinstance(row["roi"], dict) else None
    same(f"initiative {ini['name']} revenue", row["revenue"], ini["revenue"])
    same(f"initiative {ini['name']} roi", roi, ini["roi"])
    same(f"initiative {ini['name']} acquired", row["acquired"], ini["acquired"])
    same(f"initiative {ini['name']} purchases", row["purchases"], ini["purchases"])
if "series" in ref:
    t = tables["series"]
    cols = [c["id"] for c in t["columns"]]
    rows = {r[0]: dict(zip(cols, r)) for r in t["rows"]}
    na = lambda v: None if isinstance(v, dict) else v  # {"na": reason}
    for s in ref["series"]:
        row = rows.get(s["period"], {})
        same(f"series {s['period']} active", na(row.get("active")), s["active"])
        same(f"series {s['period']} revenue", na(row.get("revenue")), s["revenue"])
for b in bad:
    print("DIFF", b)
print(f"compared {checked} values, {len(bad)} differences")
sys.exit(1 if bad else 0)
