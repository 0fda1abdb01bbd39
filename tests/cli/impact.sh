#!/usr/bin/env bash
# The impact commands end to end: kith srci on VALIDATION.md's worked case
# (JSON fields to the cent, the deadweight point through the tornado),
# outcome imports refused with exit 2 and nothing kept, stakeholders and
# their SVG grid, goals refused with the reason (exit 2) and their trend
# against a scipy least-squares reference, kith simulate of a given model
# against the closed form m F(t) without a database, the fit against
# scipy's curve_fit of the same series, and the report with its impact
# sections (goals first, SVG charts well formed, JSON valid against
# docs/report-schema.json).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
PY=/usr/bin/python3

$K init --org Jobs >/dev/null || fail init
printf 'name,cost,starts_at\nJobs club,50000,2024-01-01\n' >$T/i.csv
$K import initiatives $T/i.csv >/dev/null || fail "import initiatives"
cat >$T/o.csv <<'CSV'
initiative,stakeholder,outcome,quantity,proxy,proxy_source,deadweight,displacement,attribution,drop_off,duration
Jobs club,participants,gain employment,20,10000,wage gain,25%,0%,20%,10%,3
Jobs club,volunteers,wellbeing,50,500,,10%,0%,50%,,1
CSV
$K import outcomes $T/o.csv >/dev/null || fail "import outcomes"
$K srci --format json >$T/srci.json || fail "srci json"
$K srci --sensitivity 100 --format json >$T/srci100.json || fail "srci 100"
$K srci >$T/srci.txt || fail "srci table"
grep -q "6.3060 : 1" $T/srci.txt || fail "table ratio"
grep -q "315,299.58" $T/srci.txt || fail "table PV"
$K srci --format svg | $PY -c "import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.read())" \
  || fail "tornado SVG not well formed"
$PY - $T/srci.json $T/srci100.json <<'PY' || fail "srci values"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["inputs", "values_per_year", "present_value", "npv", "ratio", "net_ratio",
          "payback_months", "outcomes", "sensitivity"]:
    assert k in d, k
assert set(d["inputs"]) >= {"cash", "in_kind", "volunteer_hours", "volunteer_value", "total"}
assert round(d["present_value"], 2) == 315299.58, d["present_value"]
assert round(d["npv"], 2) == 265299.58
assert round(d["ratio"], 4) == 6.3060 and round(d["net_ratio"], 4) == 5.3060
assert round(d["payback_months"], 3) == 4.571
assert d["values_per_year"] == [131250, 108000, 97200]
assert [o["present_value"] > 0 for o in d["outcomes"]] == [True, True]
assert d["outcomes"][0]["impact_per_year"] == [120000, 108000, 97200]
e = json.load(open(sys.argv[2]))
row = [r for r in e["sensitivity"]["rows"]
       if r["outcome"] == "gain employment" and r["assumption"] == "deadweight"][0]
assert row["high"]["value"] == 0.5 and round(row["high"]["ratio"], 4) == 4.2765, row
PY

# Bad outcome files: exit 2, the row and column named, nothing kept.
$K outcomes list --format json >$T/before.json || fail "outcomes list"
printf 'initiative,stakeholder,outcome,quantity,proxy,deadweight\nJobs club,a,b,1,1,0\nJobs club,a,c,1,1,140%%\n' >$T/bad.csv
$K import outcomes $T/bad.csv >/dev/null 2>$T/err; rc=$?
[ $rc -eq 2 ] || fail "bad percentage: exit $rc"
grep -q "bad.csv:3: column 'deadweight'" $T/err || fail "where: $(cat $T/err)"
printf 'initiative,stakeholder,outcome,quantity,proxy\nNo such,a,b,1,1\n' >$T/bad2.csv
$K import outcomes $T/bad2.csv >/dev/null 2>$T/err; [ $? -eq 2 ] || fail "unknown initiative"
grep -q "unknown initiative 'No such'" $T/err || fail "message: $(cat $T/err)"
printf 'initiative,stakeholder,outcome,quantity,proxy,duration\nJobs club,a,b,1,1,0\n' >$T/bad3.csv
$K import outcomes $T/bad3.csv >/dev/null 2>&1; [ $? -eq 2 ] || fail "duration 0"
$K outcomes list --format json >$T/after.json
cmp -s $T/before.json $T/after.json || fail "a refused import kept something"
$K outcomes add --initiative 'Jobs club' --stakeholder a --outcome b --quantity -3 --proxy 1 \
  2>$T/err; [ $? -eq 2 ] || fail "negative quantity"
grep -q -- "--quantity" $T/err || fail "flag not named"
# Inputs of zero value: the ratio is undefined.
printf 'name\nFree day\n' >$T/i2.csv
$K import initiatives $T/i2.csv >/dev/null
$K outcomes add --initiative 'Free day' --stakeholder a --outcome b --quantity 3 --proxy 1 >/dev/null \
  || fail "add"
$K srci --initiative 'Free day' 2>$T/err; [ $? -eq 2 ] || fail "zero inputs must exit 2"
grep -q "undefined" $T/err || fail "zero inputs: $(cat $T/err)"

# Stakeholders.
$K stakeholders add 'Local council' --power 8 --interest 3 --legitimacy yes >/dev/null || fail sh1
$K stakeholders add 'Parents' --power 2 --interest 9 --legitimacy yes --urgency yes >/dev/null || fail sh2
$K stakeholders add 'Parents' --power 2 2>/dev/null; [ $? -eq 3 ] || fail "duplicate group"
$K stakeholders add 'X' --power 12 2>/dev/null; [ $? -eq 2 ] || fail "power 12"
$K stakeholders list --format json >$T/sh.json || fail "stakeholders json"
$PY - $T/sh.json <<'PY' || fail "stakeholder classes"
import json, sys
g = {x["group"]: x for x in json.load(open(sys.argv[1]))["groups"]}
assert g["Local council"]["quadrant"] == "keep satisfied"
assert g["Local council"]["salience"] == "dominant"
assert g["Parents"]["quadrant"] == "keep informed"
assert g["Parents"]["salience"] == "dependent"
PY
$K stakeholders list --format svg | $PY -c "import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.read())" \
  || fail "grid SVG not well formed"

# Goals: refusals with exit 2, and the trend against scipy.
$K goals add --metric nope --target 1 --by 2099-01-01 2>$T/err; [ $? -eq 2 ] || fail "unknown metric"
$K goals add --metric crr --target 150 --by 2099-01-01 2>$T/err; [ $? -eq 2 ] || fail "wrong unit"
grep -q "is a share" $T/err || fail "unit message"
$K goals add --metric active_members --target 10 --by 2001-01-01 2>$T/err; [ $? -eq 2 ] || fail "past"
grep -q "in the past" $T/err || fail "past message"
$PY - >$T/acts.csv <<'PY'
import random
random.seed(3)
print("type,occurred_at,email")
# Active members by month of 2025: a noisy rise.
for m in range(1, 13):
    for j in range(5 + 2 * m + random.randint(-3, 3)):
        print(f"post,2025-{m:02d}-{1 + j % 27:02d}T12:00Z,p{j}@x.org")
print("post,2025-12-31T12:00Z,p0@x.org")
PY
$K import activities $T/acts.csv >/dev/null || fail "import activities"
$K goals add --metric active_members --target 60 --by 2099-06-30 --owner Ada >/dev/null || fail "goal add"
$K goals list --format json >$T/goals.json || fail "goals json"
$PY - $T/goals.json <<'PY' || fail "goal trend against scipy"
import json, sys, datetime as dt
from scipy import stats
g = json.load(open(sys.argv[1]))["goals"][0]
# x: each month's end in mean Gregorian months since the first month's start.
def start(s):
    y, m = map(int, s.split("-")); return dt.datetime(y, m, 1)
first = start(g["months"][0]["month"])
xs, ys = [], []
for mo in g["months"]:
    if mo["value"] is None: continue
    s = start(mo["month"]); e = dt.datetime(s.year + s.month // 12, s.month % 12 + 1, 1)
    xs.append((e - first).total_seconds() / (30.436875 * 86400)); ys.append(mo["value"])
r = stats.linregress(xs, ys)
n = len(xs); mx = sum(xs) / n; sxx = sum((x - mx) ** 2 for x in xs)
d = dt.datetime(2099, 6, 30)
x0 = (d - first).total_seconds() / (30.436875 * 86400)
yhat = r.intercept + r.slope * x0
s2 = sum((y - r.intercept - r.slope * x) ** 2 for x, y in zip(xs, ys)) / (n - 2)
half = stats.t.ppf(0.975, n - 2) * (s2 * (1 / n + (x0 - mx) ** 2 / sxx)) ** 0.5
t = g["trend"]
assert abs(t["slope_per_month"] - r.slope) < 1e-9 * max(1, abs(r.slope)), (t, r.slope)
assert abs(t["projected"] - yhat) < 1e-6 * max(1, abs(yhat)), (t["projected"], yhat)
assert abs(t["high"] - t["projected"] - half) < 1e-6 * max(1, half), (t, half)
assert g["status"] in ("on track", "achieved"), g["status"]
PY

# simulate: a given model without a database equals m F(t) every month.
$K --db $T/none.db simulate --p 0.03 --q 0.38 --market 1000 --months 36 --format json >$T/sim.json \
  || fail "simulate without a database"
[ -e $T/none.db ] && fail "simulate created a database"
$PY - $T/sim.json <<'PY' || fail "closed form"
import json, math, sys
d = json.load(open(sys.argv[1]))
p, q, m = 0.03, 0.38, 1000
for mo in d["scenarios"][0]["months"]:
    t = mo["month"]; e = math.exp(-(p + q) * t)
    F = (1 - e) / (1 + q / p * e)
    assert abs(mo["cumulative"] - m * F) <= 1e-6 * m, (t, mo["cumulative"], m * F)
    assert mo["revenue"] is None
assert set(d["scenarios"][0]["months"][0]) >= {"month", "adopters", "cumulative", "members", "active", "revenue"}
PY
$K --db $T/none.db simulate --p 0 --q 0.38 --market 1000 2>$T/err; [ $? -eq 2 ] || fail "p = 0"
grep -q "above 0" $T/err || fail "p message"
$K --db $T/none.db simulate --p 0.1 --market 10 2>/dev/null; [ $? -eq 1 ] || fail "p without q"
printf 'x = downturn(months=2)\ny = initiative(from=2, cost=10\n' >$T/scn.txt
$K --db $T/none.db simulate --p 0.03 --q 0.3 --market 100 --scenarios $T/scn.txt 2>$T/err
[ $? -eq 2 ] || fail "bad scenario file"
grep -q "scn.txt:2" $T/err || fail "scenario line: $(cat $T/err)"

# The fit against scipy's curve_fit of the same series (churn fixed at 0):
# members join by a Bass curve, each posting once in their first month.
export KITH_DB=$T/bass.db
$K init --org Growth >/dev/null || fail "init bass"
$PY - >$T/joins.csv <<'PY'
import math
p, q, m = 0.02, 0.3, 3000
F = lambda t: (1 - math.exp(-(p + q) * t)) / (1 + q / p * math.exp(-(p + q) * t))
print("type,occurred_at,email")
k = 0
for mo in range(30):
    n = round(m * (F(mo + 1) - F(mo))) + (mo % 3) - 1  # a little noise
    y, mm = 2023 + mo // 12, mo % 12 + 1
    for j in range(max(n, 0)):
        print(f"post,{y}-{mm:02d}-{1 + j % 28:02d}T10:00Z,u{k}@x.org"); k += 1
PY
$K import activities $T/joins.csv >/dev/null || fail "import joins"
$K simulate --churn 0 --format json >$T/fit.json || fail "simulate fit"
$PY - $T/fit.json <<'PY' || fail "fit against scipy"
import json, sys, math
import numpy as np
from scipy.optimize import curve_fit
d = json.load(open(sys.argv[1]))
y = np.array(d["fit"]["new_members"], dtype=float)
def model(k, p, q, m):
    F = lambda t: (1 - np.exp(-(p + q) * t)) / (1 + q / p * np.exp(-(p + q) * t))
    return m * (F(k + 1) - F(k))
k = np.arange(len(y), dtype=float)
(p, q, m), _ = curve_fit(model, k, y, p0=[0.01, 0.2, 2 * y.sum()], maxfev=20000)
got = d["model"]
for a, b in ((got["p"], p), (got["q"], q), (got["market"], m)):
    assert abs(a / b - 1) < 1e-3, (got, p, q, m)
assert d["fit"]["r2"] > 0.95, d["fit"]
PY

# The report: goals first, impact charts well formed, JSON valid.
export KITH_DB=$T/k.db
$K report --format json >$T/r.json || fail "report json"
$K report --html $T/r.html >/dev/null || fail "report html"
$PY - "$KITH_SOURCE_DIR/docs/report-schema.json" $T/r.json $T/r.html <<'PY' || fail "report"
import json, re, sys, xml.etree.ElementTree as E
import jsonschema
schema = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(d))
assert not errs, (errs[0].message, list(errs[0].path))
ids = [s["id"] for s in d["sections"]]
assert ids[0] == "goals", ids
assert {"srci", "stakeholders", "scenarios"} <= set(ids), ids
srci = [s for s in d["sections"] if s["id"] == "srci"][0]
tables = {t["id"] for t in srci["tables"]}
assert {"srci_initiatives", "srci_outcomes", "srci_sensitivity"} <= tables, tables
html = open(sys.argv[3], encoding="utf-8").read()
for sid in ("chart-srci-tornado", "chart-stakeholders", "chart-scenarios"):
    m = re.search(r'<svg id="%s".*?</svg>' % sid, html, re.S)
    assert m, sid
    E.fromstring(m.group(0))
PY
echo ok
