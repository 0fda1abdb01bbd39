#!/usr/bin/env bash
# High-value customers at churn risk (docs/findings.md, high_value_churn)
# on the demo: the report's count, CLV at stake, threshold and listed
# members equal a join done here in Python of `kith clv --top 0` (every
# customer's predicted CLV; its models are checked against their
# references by cli_clv_*) and `kith churn --top 0` (every scored
# customer's risk, cli_churn): the top quintile of CLV among the customers
# with one (at least the ceil(k/5)-th highest), risk at least 0.5. The
# finding's sentence is the documented template filled with these numbers.
# Exit 77 (skipped) without the npm lexicon (scripts/setup.sh).
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
K=$KITH_BIN
LEX=$KITH_SOURCE_DIR/node_modules/vader-sentiment/vader_lexicon.txt
[ -f "$LEX" ] || { echo "SKIPPED: $LEX missing; run scripts/setup.sh"; exit 77; }
export KITH_VADER_LEXICON=$LEX
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$T/demo.db
$K demo --db $D --no-report >/dev/null || fail demo
$K --db $D report --format json >$T/r.json || fail "report json"
$K --db $D clv --top 0 --format json >$T/clv.json || fail "clv"
$K --db $D churn --top 0 --format json >$T/churn.json || fail "churn"
/usr/bin/python3 - $T/r.json $T/clv.json $T/churn.json <<'PY' || fail "high-value customers"
import json, math, sys
rep, clv, churn = (json.load(open(p)) for p in sys.argv[1:4])
cus = [c for c in clv["customers"] if c.get("clv") is not None]
vals = sorted((c["clv"] for c in cus), reverse=True)
thr = vals[math.ceil(len(vals) / 5) - 1]
top = [c for c in cus if c["clv"] >= thr]
risk = {c["id"]: c["risk"] for c in churn["customers"]}
sel = sorted((c for c in top if risk.get(c["id"], -1) >= 0.5), key=lambda c: -c["clv"])
stake = sum(c["clv"] for c in sel)
sec = next(s for s in rep["sections"] if s["id"] == "churn")
m = {x["id"]: x for x in sec["metrics"]}
t = next(x for x in sec["tables"] if x["id"] == "churn_high_value")
bad = []
if m["high_value_at_risk"]["value"] != len(sel):
    bad.append(f"count {m['high_value_at_risk']['value']}, reference {len(sel)}")
if not math.isclose(m["high_value_clv_at_stake"]["value"], stake, rel_tol=1e-9):
    bad.append(f"at stake {m['high_value_clv_at_stake']['value']}, reference {stake}")
if f"at least {thr:.2f} GBP" not in m["high_value_at_risk"]["note"] or \
   f"of the {len(top)} customers" not in m["high_value_at_risk"]["note"]:
    bad.append(f"note {m['high_value_at_risk']['note']}, reference {thr:.2f}, {len(top)}")
if [r[0] for r in t["rows"]] != [c["id"] for c in sel[:10]]:
    bad.append(f"rows {t['rows']}, reference {[c['id'] for c in sel[:10]]}")
f = [x for x in rep["findings"] if x["rule"] == "high_value_churn"]
if sel:
    whole = lambda x: int(math.floor(abs(x) + 0.5))
    want = (f"{len(sel):,} of the {len(top):,} customers with the highest predicted CLV "
            f"(the top fifth) {'is' if len(sel) == 1 else 'are'} at high risk of not "
            f"buying again ({whole(stake):,} GBP of predicted CLV at stake): "
            + ", ".join(c["name"] for c in sel[:3]))
    if len(f) != 1 or f[0]["text"] != want:
        bad.append(f"finding {f}, want {want}")
    elif f[0]["evidence"]["page"] != "#/customers":
        bad.append(f"page {f[0]['evidence']['page']}")
elif f:
    bad.append(f"finding without support: {f}")
for b in bad:
    print(b)
print(f"demo: {len(sel)} of {len(top)} top-quintile customers at risk, {stake:.2f} GBP")
sys.exit(1 if bad else 0)
PY
echo "high-value customers at churn risk agree with kith clv and kith churn"
