#!/usr/bin/env bash
# kith clv with amounts in several currencies (METRICS.md "Money"): an
# amount converted with the user's rate counts in the org currency; a
# customer with a repeat amount in a currency without a rate is left out
# of the spend model and gets no CLV (their purchases still count for
# BG/NBD), and the notes say how many and which currency. Expected values
# worked out here from the generated file, not read from kith.
set -u
K=${KITH_BIN:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export KITH_DB=$T/k.db

# 400 customers in GBP, purchases on random days of 2024 with spends
# drawn as the Gamma-Gamma model has them (seeded); then
# member 1 has repeat purchases of 10 USD on 2024-03-04 and 2024-05-06
# (no USD rate), member 2 of 10 EUR on the same days (1 EUR = 0.85 GBP
# from 2024-01-01: 8.50 GBP each), both after a first purchase of 20 GBP
# on 2024-02-05.
/usr/bin/python3 - "$T/acts.csv" <<'PY'
import datetime as dt, random, sys
rnd = random.Random(7)
start = dt.date(2024, 1, 1)
with open(sys.argv[1], "w") as f:
    f.write("id,type,occurred_at,member_id,value,currency\n")
    n = 0
    for m in range(3, 403):
        first = rnd.randrange(0, 200)
        rate = rnd.choice([0.01, 0.03, 0.08])
        nu = rnd.gammavariate(5, 1 / 20)  # Gamma-Gamma: p 4, q 5, gamma 20
        days = [first] + [d for d in range(first + 1, 366) if rnd.random() < rate]
        if rnd.random() < 0.4:
            days = days[: 1 + len(days) // 3]
        for d in days:
            n += 1
            f.write(f"a{n},purchase,{start + dt.timedelta(days=d)},{m},"
                    f"{rnd.gammavariate(4, 1 / nu):.2f},GBP\n")
    for m, cur in ((1, "USD"), (2, "EUR")):
        f.write(f"f{m},purchase,2024-02-05,{m},20,GBP\n")
        for d in ("2024-03-04", "2024-05-06"):
            f.write(f"r{m}{d},purchase,{d},{m},10,{cur}\n")
PY
printf 'date,currency,rate\n2024-01-01,EUR,0.85\n' > "$T/rates.csv"
$K init --org Shop --currency GBP > /dev/null || fail init
$K import activities "$T/acts.csv" > /dev/null || fail "import"
$K import rates "$T/rates.csv" > /dev/null || fail "rates"
$K clv --calibration-end 2024-12-31 --top 0 --format json > "$T/clv.json" || fail "clv json"
/usr/bin/python3 - "$T/clv.json" <<'PY' || fail "clv with currencies"
import json, sys
k = json.load(open(sys.argv[1]))
c = {x["id"]: x for x in k["customers"]}
assert k["currency"] == "GBP", k["currency"]
# Member 1: two repeat days (x = 2) count for BG/NBD; no spend, no CLV.
u = [x for x in c.values() if x["x"] == 2 and x["clv"] is None]
assert len(u) == 1 and u[0]["expected_spend"] is None and u[0]["p_alive"] > 0, u
assert sum(1 for x in c.values() if x["clv"] is None) == 1
# Member 2: zbar = 8.50 GBP, E[spend] = p (gamma + x zbar) / (p x + q - 1).
g = k["gamma_gamma"]
e = [x for x in c.values() if x["x"] == 2 and x["clv"] is not None and
     abs(x["expected_spend"] - g["p"] * (g["gamma"] + 2 * 8.5) / (g["p"] * 2 + g["q"] - 1)) < 1e-9]
assert e, "no customer with the converted spend"
notes = " ".join(k["notes"])
assert "1 customer" in notes and "USD" in notes, k["notes"]
assert "EUR" in notes and "converted" in notes, k["notes"]
print("clv money:", [n for n in k["notes"] if "USD" in n])
PY
$K clv --calibration-end 2024-12-31 --top 3 > "$T/table" || fail "clv table"
grep -q 'USD' "$T/table" || fail "table says nothing of USD: $(cat "$T/table")"
# The report's CLV figures carry the same note.
$K report --as-of 2025-01-01 --format json > "$T/rep.json" || fail "report"
/usr/bin/python3 - "$T/rep.json" <<'PY' || fail "report note"
import json, sys
r = json.load(open(sys.argv[1]))
m = {x["id"]: x for s in r["sections"] if s["id"] == "clv" for x in s["metrics"]}
assert "1 customer with 2 purchases in USD" in m["predicted_clv_total"]["note"], m
PY

[ $fails -eq 0 ] && echo "clv_money: all checks passed"
exit $((fails > 0))
