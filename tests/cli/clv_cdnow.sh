#!/usr/bin/env bash
# kith clv on the CDNOW sample (shared VALIDATION.md; Fader, Hardie & Lee
# 2005), through the whole path: CDNOW_sample.txt converted here to the
# generic activities CSV (one purchase per row, the sample id as member
# id, the dollars as amount), `kith import activities`, then `kith clv
# --calibration-end 1997-09-30 --format json`. Checked against the
# published figures and against the independent scipy fit of
# tests/reference/bgnbd_ref.py (pandas reads the raw file itself).
set -u
K=${KITH_BIN:?}
S=${KITH_SHARED:?}/data/cdnow/CDNOW_sample.txt
R=${KITH_SOURCE_DIR:?}/tests/reference
[ -r "$S" ] || { echo "skip: $S missing"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

awk 'BEGIN { print "id,type,occurred_at,member_id,value,currency" }
     { gsub("\r", ""); d = $3
       printf "cd-%d,purchase,%s-%s-%s,%d,%s,USD\n", NR, substr(d, 1, 4), substr(d, 5, 2),
              substr(d, 7, 2), $2, $5 }' "$S" > "$T/cdnow.csv"
$K init --org CDNOW --currency USD > /dev/null || fail init
$K import activities "$T/cdnow.csv" > /dev/null || fail import
$K clv --calibration-end 1997-09-30 --top 0 --format json > "$T/clv.json" || fail "clv json"
/usr/bin/python3 "$R/bgnbd_ref.py" cdnow "$S" 1997-09-30 > "$T/ref.json" || fail reference
/usr/bin/python3 - "$T/clv.json" "$T/ref.json" "$KITH_DB" <<'PY' || fail "figures"
import json, sqlite3, sys
k = json.load(open(sys.argv[1]))
ref = json.load(open(sys.argv[2]))
db = sqlite3.connect(sys.argv[3])
# CDNOW sample id -> kith member id, through the identity the import made.
member = {v: m for m, v in db.execute(
    "SELECT member_id, value FROM identity WHERE kind = 'external:member_id'")}
bad = []
def check(what, got, want, tol, rel=False):
    lim = tol * abs(want) if rel else tol
    if got is None or abs(got - want) > lim:
        bad.append(f"{what}: got {got!r}, want {want!r} +- {lim:.3g}")
bg, gg = k["bgnbd"], k["gamma_gamma"]
# Published (VALIDATION.md): within 0.1%, log-likelihood within 0.01.
for p, v in (("r", 0.2426), ("alpha", 4.4135), ("a", 0.7929), ("b", 2.4258)):
    check(p, bg[p], v, 1e-3, rel=True)
check("log-likelihood", bg["log_likelihood"], -9582.43, 0.01)
if bg["n"] != 2357 or bg["repeat_customers"] != 946:
    bad.append(f"n {bg['n']}, repeat {bg['repeat_customers']}")
# The scipy reference: the same likelihood to 1e-6, the estimates to
# 1e-5 relative, standard errors (second differences) to 1e-3 relative.
check("log-likelihood vs scipy", bg["log_likelihood"], ref["log_likelihood"], 1e-6)
for i, p in enumerate(("r", "alpha", "a", "b")):
    check(p + " vs scipy", bg[p], ref[p], 1e-5, rel=True)
    check("se " + p + " vs scipy", bg["se"][p], ref["se"][i], 1e-3, rel=True)
rg = ref["gamma_gamma"]
check("gamma-gamma log-likelihood vs scipy", gg["log_likelihood"], rg["log_likelihood"], 1e-6)
for i, p in enumerate(("p", "q", "gamma")):
    check(p + " vs scipy", gg[p], rg[p], 1e-5, rel=True)
    check("se " + p + " vs scipy", gg["se"][p], rg["se"][i], 1e-3, rel=True)
# Gamma-Gamma published to two decimals.
for p, v in (("p", 6.25), ("q", 3.74), ("gamma", 15.44)):
    check(p, gg[p], v, 0.005)
if gg["n"] != 946:
    bad.append(f"gamma-gamma n {gg['n']}")
cust = {c["id"]: c for c in k["customers"]}
if len(cust) != 2357:
    bad.append(f"{len(cust)} customers listed")
# Each customer's x, t_x, T as pandas computes them.
for sid, (x, tx, T, z) in ref["customers"].items():
    c = cust.get(member[sid])
    if c is None or c["x"] != x or abs(c["t_x"] - tx) > 1e-12 or abs(c["T"] - T) > 1e-12:
        bad.append(f"customer {sid}: {c} vs {(x, tx, T)}")
        break
# Customer 1516: the tolerances are argued in tests/unit/models/test_bgnbd.c.
c = cust[member["1516"]]
check("1516 E[X(52)]", c["expected_purchases"], 25.75659, 1e-3)
check("1516 P(alive)", c["p_alive"], 0.9688523, 5e-6)
check("new customer E[X(52)]", k["new_customer_expected_purchases"], 1.444004, 1e-5)
for sid, v in (("1", 24.65), ("2", 18.91), ("3", 35.17)):
    check(f"expected spend of {sid}", cust[member[sid]]["expected_spend"], v, 0.00501)
# Predicted CLV = E[X(52)] x spend (margin 1, no discounting).
for c in k["customers"][:50]:
    check(f"clv of {c['id']}", c["clv"], c["expected_purchases"] * c["expected_spend"], 1e-9,
          rel=True)
freq = k["frequency"]
if sum(f["actual"] for f in freq) != 2357 or freq[0]["actual"] != 1411:
    bad.append(f"frequency {freq}")
check("expected customers", sum(f["expected"] for f in freq), 2357, 1e-6)
if bad:
    print("\n".join(bad))
    sys.exit(1)
print("clv on CDNOW: published figures and scipy reference agree")
PY

# The table names the same estimates.
$K clv --calibration-end 1997-09-30 --top 3 > "$T/table" || fail table
grep -Eq '^  r +0\.2426 +0\.0126$' "$T/table" || fail "table r: $(cat "$T/table")"
grep -Eq '^  log-likelihood +-9582\.43$' "$T/table" || fail "table ll"
grep -q 'mean spend per purchase 35.17 USD' "$T/table" || fail "table spend"
# CSV: one row per customer listed.
$K clv --calibration-end 1997-09-30 --top 5 --format csv > "$T/csv" || fail csv
[ "$(wc -l < "$T/csv")" = 6 ] || fail "csv rows"
head -1 "$T/csv" | grep -q '^rank,id,name,x,t_x,T,p_alive,expected_purchases,expected_spend,clv' \
  || fail "csv header"

# A cohort of the first week only, a 26-week horizon with discounting.
$K clv --calibration-end 1997-09-30 --cohort-from 1997-01-01 --cohort-to 1997-01-07 \
  --horizon 26w --top 0 --format json > "$T/cohort.json" || fail cohort
/usr/bin/python3 - "$T/cohort.json" "$T/ref.json" <<'PY' || fail "cohort"
import json, sys
k, ref = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
# First purchase in 1997-01-01..07 <=> T >= (272 - 6) / 7 weeks.
want = sum(1 for x, tx, T, z in ref["customers"].values() if T >= 266 / 7 - 1e-9)
assert k["bgnbd"]["n"] == want, (k["bgnbd"]["n"], want)
assert k["horizon_weeks"] == 26 and k["cohort"]["from"] == "1997-01-01", k["cohort"]
print("cohort of", want)
PY
$K config set discount_rate 0.1 > /dev/null || fail "config"
$K clv --calibration-end 1997-09-30 --top 0 --format json > "$T/disc.json" || fail disc
/usr/bin/python3 - "$T/clv.json" "$T/disc.json" <<'PY' || fail "discounting"
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert b["discount_rate"] == 0.1
A = {c["id"]: c for c in a["customers"]}
for c in b["customers"][:100]:
    ratio = c["clv"] / A[c["id"]]["clv"]
    # Monthly discounting at 10% a year over one year: the mean factor
    # lies between 1/1.1 (all at the end) and 1/1.1^(1/12) (all at once).
    assert 1 / 1.1 < ratio < 1 / 1.1 ** (1 / 12), ratio
print("discounted")
PY
$K config unset discount_rate > /dev/null

# Bad input: a clear message and exit code, never NaN.
$K clv --horizon 0w > /dev/null 2> "$T/err"; [ $? = 1 ] || fail "horizon 0 exit"
grep -q 'horizon 0 weeks: the horizon must be longer than 0' "$T/err" || fail "horizon 0: $(cat "$T/err")"
$K clv --horizon 52x > /dev/null 2>&1; [ $? = 1 ] || fail "bad horizon unit"
$K clv --cohort-from 1997-03-01 --cohort-to 1997-02-01 > /dev/null 2> "$T/err"; [ $? = 1 ] || fail "cohort order"
grep -q 'out of order' "$T/err" || fail "cohort order message"
$K clv --calibration-end 1996-01-01 > /dev/null 2> "$T/err"; [ $? = 1 ] || fail "calibration before data"
grep -q 'before the first purchase' "$T/err" || fail "calibration message: $(cat "$T/err")"
$K clv --calibration-end 1997-01-03 > /dev/null 2> "$T/err"; [ $? = 3 ] || fail "too few repeaters exit"
grep -q 'made a repeat purchase' "$T/err" || fail "too few repeaters: $(cat "$T/err")"
grep -qi 'nan' "$T/err" && fail "NaN in a message"
# A negative purchase amount: the importer refuses it; one written to the
# database some other way is refused by kith clv with the member and date.
printf 'id,type,occurred_at,member_id,value,currency\nneg-1,purchase,1997-05-05,1,-5,USD\n' > "$T/neg.csv"
$K import activities "$T/neg.csv" > /dev/null 2>&1; [ $? = 2 ] || fail "import of a negative amount"
/usr/bin/python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE activity SET value = -5 WHERE external_id = ?", ("cd-2",))
db.commit()' "$KITH_DB" || fail "sql"
$K clv > /dev/null 2> "$T/err"; [ $? = 2 ] || fail "negative spend exit"
grep -q 'member 1 (): the purchase of 1997-01-18 has a negative amount (-5.00)' "$T/err" \
  || fail "negative spend message: $(cat "$T/err")"

[ $fails -eq 0 ] && echo "clv_cdnow: all checks passed"
exit $((fails > 0))
