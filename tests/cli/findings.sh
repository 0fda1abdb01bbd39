#!/usr/bin/env bash
# Findings (docs/findings.md) end to end.
# 1. The demo bakery: every planted effect gives its finding, with the
#    numbers of the independent reference (tests/reference/
#    findings_reference.py: pandas over the SQLite file), the sentence of
#    the documented template filled with the reference's numbers, and its
#    evidence; a rule whose reference says "not supported" gives nothing.
#    The alert week names the rising topics 'kith topics' gives for it.
#    The same findings lead the table, CSV and HTML renderings (each
#    linking to its section's anchor), and the headline figures are the
#    metrics of their sections.
# 2. A fixture built here where the numbers do not support the findings:
#    a retention lift whose interval holds zero, NPS and revenue changes
#    within their intervals, churn below 25%, steady weekly sentiment (z
#    computed, no alert): no finding at all, while the metrics are there.
# 3. Too few observations: an NPS swing from -100 to +100 is no finding
#    with 20 responses a period, and is one with 30.
# Exit 77 (skipped) without the npm lexicon (scripts/setup.sh).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
K=$KITH_BIN
LEX=$KITH_SOURCE_DIR/node_modules/vader-sentiment/vader_lexicon.txt
[ -f "$LEX" ] || { echo "SKIPPED: $LEX missing; run scripts/setup.sh"; exit 77; }
export KITH_VADER_LEXICON=$LEX
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# ------------------------------------------------------------ 1. the demo
D=$T/demo.db
$K demo --db $D --no-report >/dev/null || fail demo
$K --db $D report --format json >$T/r.json || fail "report json"
read -r asof from to < <(/usr/bin/python3 -c '
import json, sys, datetime as d
r = json.load(open(sys.argv[1]))
ts = lambda s: int(d.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=d.timezone.utc).timestamp())
print(ts(r["as_of"]), ts(r["period"]["from"]), ts(r["period"]["to"]))' $T/r.json)
/usr/bin/python3 $KITH_SOURCE_DIR/tests/reference/findings_reference.py $D $asof $from $to $K \
  >$T/ref.json || fail "reference"
$K --db $D topics --from 2025-06-09 --to 2025-06-16 --limit 5 --format json >$T/topics.json ||
  fail "topics"
$K --db $D report --format csv >$T/r.csv || fail "report csv"
$K --db $D report >$T/r.txt || fail "report table"
$K --db $D report --html $T/r.html 2>/dev/null || fail "report html"

/usr/bin/python3 - $T/r.json $T/ref.json $T/topics.json $T/r.csv $T/r.txt $T/r.html <<'PY' || fail "demo findings"
import csv, html, json, math, sys
rep, ref, topics = (json.load(open(p)) for p in sys.argv[1:4])
csv_rows = list(csv.reader(open(sys.argv[4], newline="")))
table = open(sys.argv[5]).read()
page = open(sys.argv[6]).read()
F = {f["id"]: f for f in rep["findings"]}
bad = []

def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)

def whole(x):  # half away from zero, as docs/findings.md says
    return int(math.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1)

def signed(x):
    return ("+" if x > 0 else "-" if x < 0 else "") + f"{abs(whole(x)):,}"

def pct(x):
    return f"{whole(x * 100):,}%"

def money(x, sign=False):
    return (signed(x) if sign else f"{whole(x):,}") + " GBP"

def check(fid, kind, text, numbers):
    f = F.get(fid)
    if f is None:
        bad.append(f"{fid}: missing; findings are {sorted(F)}")
        return None
    if f["kind"] != kind:
        bad.append(f"{fid}: kind {f['kind']}, want {kind}")
    if f["text"] != text:
        bad.append(f"{fid}: text\n  kith: {f['text']}\n  want: {text}")
    for k, v in numbers.items():
        got = f["numbers"].get(k)
        if got is None or not close(got, v):
            bad.append(f"{fid}: {k} = {got}, reference {v}")
    return f

# Retention lift (planted: 0.70 vs 0.45).
r = ref["retention_lift"]
assert r["show"], r
check("retention_lift", "good",
      f"Customers active in your community kept buying more often: {pct(r['crr_within'])} vs "
      f"{pct(r['crr_outside'])} ({signed(r['lift'] * 100)} points, 95% CI "
      f"{signed(r['ci_low'] * 100)} to {signed(r['ci_high'] * 100)})",
      {k: r[k] for k in ("crr_within", "crr_outside", "lift", "ci_low", "ci_high",
                         "n_within", "n_outside")})

# Sentiment alert weeks (planted: the week of 9 June 2025), with the
# week's rising topics.
alerts = ref["sentiment_alerts"]
assert [a["week"] for a in alerts] == ["2025-06-09"], alerts
names = [t["topic"] for t in topics["topics"]]
assert names, "no rising topic in the dip week"
for a in sorted(alerts, key=lambda a: a["z"])[:3]:
    f = check("sentiment_alert." + a["week"], "bad",
              f"Sentiment fell sharply in the week of 9 June 2025 (z = {a['z']:.1f}); "
              f"people talked about: {', '.join(names)}",
              {k: a[k] for k in ("z", "mean", "baseline_mean", "scored", "week_from")})
    if f and f["items"] != names:
        bad.append(f"alert topics {f['items']} != kith topics {names}")
    if f and f["evidence"]["page"] != "#/sentiment?week=2025-06-09":
        bad.append(f"alert page {f['evidence']['page']}")
if sum(x["rule"] == "sentiment_alert" for x in rep["findings"]) != len(alerts):
    bad.append("alert findings are not the reference's alert weeks")

# Initiatives: every loss (planted: Instagram Ads alone), the best.
inis = ref["initiatives"]
losses = sorted((x for x in inis if x["roi"] < 0), key=lambda x: x["roi"])[:3]
assert [x["name"] for x in losses] == ["Instagram Ads"], losses
for x in losses:
    check("initiative_loss.instagram-ads", "bad",
          f"Instagram Ads returned {signed(x['roi'] * 100)}% on {money(x['cost'])} "
          f"({money(x['revenue'])} of attributed revenue from {x['purchases']} purchases)",
          {"roi": x["roi"], "revenue": x["revenue"], "cost": x["cost"],
           "purchases": x["purchases"]})
best = max(inis, key=lambda x: x["roi"])
assert best["purchases"] >= 10 and best["roi"] > 0, best
slug = best["name"].lower().replace(" ", "-")
check("initiative_best." + slug, "good",
      f"{best['name']} returned {signed(best['roi'] * 100)}% on {money(best['cost'])}, the best "
      f"of {len(inis)} initiatives ({money(best['revenue'])} of attributed revenue from "
      f"{best['purchases']:,} purchases)",
      {"roi": best["roi"], "revenue": best["revenue"], "purchases": best["purchases"]})
if sum(x["rule"] == "initiative_roi" for x in rep["findings"]) != len(losses) + 1:
    bad.append("initiative findings: " + str([x["id"] for x in rep["findings"]]))

# Champions and members at risk.
c = ref["champions_at_risk"]
check("champions_at_risk", "watch",
      f"{c['champions']} champions; {c['at_risk']} members at risk of drifting away",
      {"champions": c["champions"], "at_risk": c["at_risk"]})

# NPS change, community churn, revenue change: shown as the reference's
# intervals and counts say.
n = ref["nps_change"]
if n["show"]:
    check("nps_change", "good" if n["change"] > 0 else "bad",
          f"NPS {'rose' if n['change'] > 0 else 'fell'} from {whole(n['nps_previous'])} to "
          f"{whole(n['nps'])} ({signed(n['change'])} points, 95% CI {signed(n['ci_low'])} to "
          f"{signed(n['ci_high'])}; {n['n']:,} and {n['n_previous']:,} responses)",
          {k: n[k] for k in ("nps", "nps_previous", "change", "ci_low", "ci_high", "n",
                             "n_previous")})
elif "nps_change" in F:
    bad.append("nps_change shown without support")
ch = ref["community_churn"]
assert not ch["significant"] and ch["show"], ch  # the demo has no P-2: the level rule
check("community_churn", "watch",
      f"{pct(ch['churn'])} of the members active in the previous period were not active in "
      f"this one ({ch['lost']:,} of {ch['n']:,})",
      {"churn": ch["churn"], "n": ch["n"], "lost": ch["lost"]})
rv = ref["revenue_change"]
if rv["show"]:
    up = rv["change"] > 0
    check("revenue_change", "good" if up else "bad",
          f"Revenue {'rose' if up else 'fell'} {whole(abs(rv['change']) / rv['revenue_previous'] * 100)}% "
          f"to {money(rv['revenue'])} ({money(rv['change'], True)}, 95% CI "
          f"{money(rv['ci_low'], True)} to {money(rv['ci_high'], True)})",
          {k: rv[k] for k in ("revenue", "revenue_previous", "change", "ci_low", "ci_high",
                              "customers")})
elif "revenue_change" in F:
    bad.append("revenue_change shown without support")

# Nothing else, and bad before watch before good.
kinds = [f["kind"] for f in rep["findings"]]
if kinds != sorted(kinds, key=["bad", "watch", "good"].index):
    bad.append(f"order {kinds}")

# Headline figures: the metrics of their sections, revenue the reference's.
metrics = {(s["id"], m["id"]): m for s in rep["sections"] for m in s["metrics"]}
for h in rep["headlines"]:
    m = metrics[(h["section"], h["id"])]
    if h["value"] != m["value"] or h["previous"] != m["previous"] or h["trend"] != m["trend"]:
        bad.append(f"headline {h['id']} differs from its metric")
hl = {h["id"]: h for h in rep["headlines"]}
assert close(hl["revenue"]["value"], rv["revenue"]) and hl["revenue"]["good"] is True, hl["revenue"]
assert close(hl["revenue"]["change_relative"], rv["change"] / rv["revenue_previous"])
assert hl["revenue"]["change_text"].startswith("up 18.7% from 287,066.68 GBP"), hl["revenue"]

# The same findings lead every format.
first_section = table.index("\n== Members")
flat = " ".join(table[:first_section].split())
for f in rep["findings"]:
    if " ".join(f["text"].split()) not in flat:
        bad.append(f"table: {f['id']} not at the top")
    rows = [r for r in csv_rows[1:] if r[:3] == ["findings", "findings", f["id"]]]
    if ["text", f["text"]] not in [r[3:5] for r in rows]:
        bad.append(f"csv: {f['id']}")
    link = f'<a href="#{f["evidence"]["anchor"]}">{html.escape(f["text"], quote=True).replace("&#x27;", "&#39;")}</a>'
    if link not in page or f'<section id="{f["evidence"]["anchor"]}">' not in page:
        bad.append(f"html: {f['id']} does not link to its section")
if table.index("What stands out") > table.index("Headline figures") or \
   page.index('id="findings"') > page.index('id="sec-members"'):
    bad.append("findings are not first")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
echo "demo: findings agree with the reference"

# ------------------------------------------------------------ 2. unsupported
# Worked by hand (P = 2024, P-1 = 2023, as of 2025-01-01, org in UTC):
# - 120 customers buy once in 2023 (10 GBP); c1..c60 also post in 2023
#   (community-engaged). In 2024 c1..c36 and c61..c90 buy again (18 GBP).
#   CRR within 36/60 = 0.60, outside 30/60 = 0.50, lift +0.10, se =
#   sqrt(.6*.4/60 + .5*.5/60) = 0.0904, CI [-0.077, 0.277]: holds zero
#   (and 24 to 36 of each outcome: enough observations).
# - NPS: 2023 16 promoters, 14 passives, 10 detractors of 40 = 15 (margin
#   24.5); 2024 14, 16, 10 = 10 (margin 23.8); change -5, half-width 34.2.
# - Revenue 1,200 -> 1,188: d_i = +8 for 66 customers and -10 for 54;
#   mean -0.1, sample variance 80.86, CI -12 -/+ 1.96 sqrt(120 * 80.86) =
#   [-205, +181]: holds zero.
# - Community churn: engaged in 2023 c1..c60, in 2024 c1..c50: 10/60 =
#   16.7% (< 25%), and 2022 has no one to compare with.
# - Sentiment: 16 weeks from 2 September 2024 with 20 positive and 5
#   negative posts each: every week's mean is the same, z = 0, no alert.
# - No initiatives; no member reaches level 3, none is at risk.
export KITH_DB=$T/u.db
$K init --org Steady >/dev/null || fail "init steady"
/usr/bin/python3 - $T/u.csv <<'PY'
import sys, datetime as dt
rows = ["id,type,occurred_at,email,value,subtype,text"]
add = lambda *r: rows.append(",".join(str(x) for x in r))
for i in range(1, 121):
    add(f"b23-{i}", "purchase", "2023-03-01T10:00:00Z", f"c{i}@x.org", 10, "", "")
    if i <= 60:
        add(f"p23-{i}", "post", "2023-02-01T10:00:00Z", f"c{i}@x.org", "", "", "hello all")
    if i <= 36 or 61 <= i <= 90:
        add(f"b24-{i}", "purchase", "2024-03-01T10:00:00Z", f"c{i}@x.org", 18, "", "")
for i in range(1, 41):
    s23 = 9 if i <= 16 else 8 if i <= 30 else 5
    s24 = 9 if i <= 14 else 8 if i <= 30 else 5
    add(f"n23-{i}", "survey_response", "2023-06-15T10:00:00Z", f"c{i}@x.org", s23, "nps", "")
    add(f"n24-{i}", "survey_response", "2024-06-15T10:00:00Z", f"c{i}@x.org", s24, "nps", "")
k = 0
for w in range(16):
    day = dt.date(2024, 9, 2) + dt.timedelta(weeks=w)
    for j in range(25):
        k += 1
        text = "The sourdough is great and the staff are lovely" if j < 20 else "The coffee was bad today"
        add(f"w-{k}", "post", f"{day + dt.timedelta(days=j % 5)}T1{j % 8}:00:00Z",
            f"c{1 + k % 50}@x.org", "", "", text)
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
$K import activities $T/u.csv >/dev/null || fail "import steady"
$K report --from 2024-01-01 --to 2025-01-01 --format json >$T/u.json || fail "steady report"
/usr/bin/python3 - $T/u.json <<'PY' || fail "unsupported findings"
import json, sys
r = json.load(open(sys.argv[1]))
m = {x["id"]: x for s in r["sections"] for x in s["metrics"]}
t = {x["id"]: x for s in r["sections"] for x in s["tables"]}
# The numbers are there...
lift = m["retention_lift"]
assert abs(lift["value"] - 0.10) < 1e-12 and lift["ci95"]["low"] < 0 < lift["ci95"]["high"], lift
assert abs(m["nps"]["value"] - 10) < 1e-9 and abs(m["nps"]["previous"]["value"] - 15) < 1e-9, m["nps"]
assert m["nps"]["n"] == 40 and m["nps"]["ci95"]["low"] < 0, m["nps"]
rc = m["revenue_change"]
assert abs(rc["value"] - -12) < 1e-9 and rc["ci95"]["low"] < 0 < rc["ci95"]["high"], rc
assert abs(rc["ci95"]["low"] - -205.1) < 0.1, rc
assert abs(m["community_churn"]["value"] - 10 / 60) < 1e-12, m["community_churn"]
w = t["sentiment_weeks"]
cols = [c["id"] for c in w["columns"]]
zs = [row[cols.index("z")] for row in w["rows"] if isinstance(row[cols.index("z")], float)]
assert len(zs) >= 10 and max(abs(z) for z in zs) < 1e-9, zs
assert not any(row[cols.index("alert")] == "ALERT" for row in w["rows"])
# ... and support no finding.
assert r["findings"] == [], [f["text"] for f in r["findings"]]
print("steady: no finding;", len(zs), "weeks with a z, lift CI",
      [round(lift["ci95"]["low"], 3), round(lift["ci95"]["high"], 3)])
PY
$K report --from 2024-01-01 --to 2025-01-01 | grep -q "Nothing stands out" || fail "table: nothing stands out"

# ------------------------------------------------------------ 3. too few
# 20 customers answer 2 (detractors) in 2023 and 10 (promoters) in 2024:
# NPS -100 -> +100 with margins of 0, an interval of [+200, +200]; but 20
# responses a period are fewer than 30: no finding. With 30: the finding.
for n in 20 30; do
  export KITH_DB=$T/few$n.db
  $K init --org Few >/dev/null || fail "init few"
  /usr/bin/python3 -c '
import sys
n = int(sys.argv[1])
print("id,type,occurred_at,email,value,subtype")
for i in range(n):
    print(f"a{i},survey_response,2023-06-01T10:00:00Z,p{i}@x.org,2,nps")
    print(f"b{i},survey_response,2024-06-01T10:00:00Z,p{i}@x.org,10,nps")' $n >$T/few.csv
  $K import activities $T/few.csv >/dev/null || fail "import few"
  $K report --from 2024-01-01 --to 2025-01-01 --format json >$T/few.json || fail "few report"
  /usr/bin/python3 - $T/few.json $n <<'PY' || fail "too few observations ($n)"
import json, sys
r, n = json.load(open(sys.argv[1])), int(sys.argv[2])
nps = {x["id"]: x for s in r["sections"] for x in s["metrics"]}["nps"]
assert abs(nps["value"] - 100) < 1e-9 and abs(nps["previous"]["value"] + 100) < 1e-9, nps
assert nps["n"] == n, nps
ids = [f["id"] for f in r["findings"]]
if n < 30:
    assert "nps_change" not in ids, ids
else:
    f = {f["id"]: f for f in r["findings"]}["nps_change"]
    assert f["text"] == f"NPS rose from -100 to 100 (+200 points, 95% CI +200 to +200; {n} and {n} responses)", f["text"]
PY
done
echo ok
