#!/usr/bin/env bash
# Money keeps its currency, end to end (docs/import.md "Money and
# currencies", docs/metrics.md "Money"): an org created without a currency
# takes the one of its first import with amounts and says so; an import in
# another currency says how many amounts, which currency and what to do;
# the report shows what each money figure left out, in every rendering,
# until rates are given; kith import rates refuses a bad row with
# FILE:LINE: column 'X': reason, exit 2 and nothing kept; with rates the
# report converts and lists the rates it used.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
K=$KITH_BIN
F=$KITH_FIXTURES/shopify-orders
export KITH_DB=$T/k.db
cd "$T" || exit 1
has() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
hasnt() { ! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 has: $2"; }; }

# kith init: a bad code is a usage error; none given is said.
$K init --org X --currency dollars >out 2>err; [ $? = 1 ] || fail "init --currency dollars"
has err "currency 'dollars' is not a currency code: give the three letters of ISO 4217"
rm -f "$KITH_DB"
$K init --org "Maple Shop" >out 2>&1 || fail init
has out "currency: none given; the first import with amounts sets it (and says so)"

# A Canadian shop (4 orders, 2 refunds) sets CAD; a South African one is
# told about.
cp $F/orders_cad.csv $F/orders_zar.csv . || fail cp
$K import shopify-orders orders_cad.csv >out 2>&1 || fail "import cad"
has out "orders_cad.csv: the organisation's currency is now CAD, the currency of this file's amounts (it had none; 'kith init --currency' sets it up front)"
$K import shopify-orders orders_zar.csv >out 2>&1 || fail "import zar"
has out "orders_zar.csv: 2 amounts in ZAR, not the organisation's currency (CAD): no ZAR rate, so they are left out of money figures; give rates with 'kith import rates FILE' (date,currency,rate: 1 ZAR = rate CAD; docs/import.md)"
hasnt out "currency is now"
# Importing it again adds nothing and says nothing about money.
$K import shopify-orders orders_zar.csv >out 2>&1 || fail "import zar again"
hasnt out "ZAR"

# Revenue in P = CAD purchases 100 + 50 + 30 + 80 = 260.00; refunds 30 + 20.
$K report --as-of 2024-08-01 >rep.txt || fail report
has rep.txt "Revenue (purchases)                           260.00 CAD"
has rep.txt "      2 purchases in ZAR are not included: no ZAR rate; see \`kith import rates\`"
has rep.txt "Refunds                                        50.00 CAD"
has rep.txt "      2 customers with 2 purchases in ZAR are not included: no ZAR rate; see"
has rep.txt "== Currencies and exchange rates"
has rep.txt "  ZAR             2          0         0.00 CAD         2  no ZAR rate"
# JSON (and its schema), CSV and HTML carry the same note.
$K report --as-of 2024-08-01 --format json >rep.json || fail json
$K report --as-of 2024-08-01 --format csv >rep.csv || fail csv
$K report --as-of 2024-08-01 --html rep.html >/dev/null || fail html
has rep.csv 'loyalty,metrics,revenue,value,260,money,4,2 purchases in ZAR are not included: no ZAR rate; see `kith import rates`'
has rep.csv 'trends,series,,note,,,,revenue: 2 purchases in ZAR are not included'
has rep.html '<div class="note">2 purchases in ZAR are not included: no ZAR rate; see `kith import rates`</div>'
/usr/bin/python3 - "$KITH_SOURCE_DIR/docs/report-schema.json" rep.json <<'PY' || fail "json"
import json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
d = json.load(open(sys.argv[2]))
errs = list(v.iter_errors(d))
assert not errs, (errs[0].message, list(errs[0].path))
m = {x["id"]: x for s in d["sections"] for x in s["metrics"]}
assert d["currency"] == "CAD", d["currency"]
assert m["revenue"]["value"] == 260 and m["revenue"]["n"] == 4, m["revenue"]
assert m["revenue"]["note"] == ("2 purchases in ZAR are not included: no ZAR rate; "
                                "see `kith import rates`"), m["revenue"]["note"]
assert m["refunds"]["note"] is None, m["refunds"]
assert m["clv_mean"]["note"].startswith("2 customers with 2 purchases in ZAR"), m["clv_mean"]
h = {x["id"]: x for x in d["headlines"]}
assert h["revenue"]["note"] == m["revenue"]["note"], h["revenue"]
assert not [f for f in d["findings"] if f["id"] == "revenue_change"], d["findings"]
t = {x["id"]: x for s in d["sections"] for x in s["tables"]}["currencies"]
row = dict(zip([c["id"] for c in t["columns"]], t["rows"][0]))
assert row["currency"] == "ZAR" and row["left_out"] == 2 and row["reason"] == "no ZAR rate", row
PY

# kith import rates: a bad row stops the file, nothing kept.
printf 'date,currency,rate\n2024-01-01,ZAR,0.075\n2024-02-01,ZAR,abc\n' >bad.csv
$K imports --format json >before.json || fail imports
$K import rates bad.csv >out 2>err; [ $? = 2 ] || fail "bad rates exit"
has err "kith: bad.csv:3: column 'rate': 'abc' is not a number"
has err "kith: nothing of bad.csv was imported"
$K imports --format json >after.json || fail imports
cmp -s before.json after.json || fail "a refused rates file left a trace"
printf 'date,currency,rate,to\n2024-01-01,ZAR,0.075,CAD\n' >r.csv
$K import rates r.csv >out 2>&1 || fail "import rates"
has out "r.csv: 1 row read; 1 rate imported"
# 500 x 0.075 + 250 x 0.075 = 56.25 more: 316.25.
$K report --as-of 2024-08-01 >rep.txt || fail report
has rep.txt "Revenue (purchases)                           316.25 CAD"
has rep.txt "      includes 2 purchases in ZAR converted to CAD with the imported rates"
has rep.txt "  ZAR       2024-01-01     0.075        2"
# A corrected rate replaces the stored one, and says so.
printf 'date,currency,rate\n2024-01-01,ZAR,0.08\n' >r2.csv
$K import rates r2.csv >out 2>&1 || fail "import rates again"
has out "r2.csv: 1 rate replaced one imported before (same currency and date)"
$K report --as-of 2024-08-01 >rep.txt || fail report
has rep.txt "Revenue (purchases)                           320.00 CAD"
# Undoing the corrected rates puts the earlier rate back (316.25 again),
# and importing the file again replaces it again (320.00).
b2=$($K imports --format json | /usr/bin/python3 -c 'import json,sys; print(max(b["id"] for b in json.load(sys.stdin)["imports"]))')
$K imports undo "$b2" >out 2>&1 || fail "undo rates"
has out "1 exchange rate removed"
has out "1 exchange rate it had replaced put back"
$K report --as-of 2024-08-01 >rep.txt || fail report
has rep.txt "Revenue (purchases)                           316.25 CAD"
$K import rates r2.csv >out 2>&1 || fail "import rates after undo"
$K report --as-of 2024-08-01 >rep.txt || fail report
has rep.txt "Revenue (purchases)                           320.00 CAD"

# A later file in ZAR now says the rates convert it.
printf 'id,type,occurred_at,email,value,currency\nz9,purchase,2024-07-20,z@x.org,100,zar\n' >z.csv
$K import activities z.csv >out 2>&1 || fail "import z"
has out "z.csv: 1 amount in ZAR, not the organisation's currency (CAD): converted with the ZAR rates imported ('kith report' lists those used)"
printf 'id,type,occurred_at,email,value,currency\nu1,purchase,2023-12-20,u@x.org,10,ZAR\n' >u.csv
$K import activities u.csv >out 2>&1 || fail "import u"
has out "u.csv: 1 amount in ZAR, not the organisation's currency (CAD): dated before the first ZAR rate (2024-01-01), so it is left out of money figures"

# A member's amounts are listed per currency, never added across them.
$K members show protea@example.co.za >out || fail "members show"
has out "value 500.00 ZAR"
$K members show maple@example.ca >out || fail "members show"
has out "value 130.00 CAD"

# kith initiatives says what each initiative's revenue left out.
printf 'name,cost,codes\nSummer,10,SUMMER\n' >i.csv
printf 'id,type,occurred_at,email,value,currency,code\ns1,purchase,2024-07-21,s@x.org,40,CAD,SUMMER\ns2,purchase,2024-07-22,s@x.org,30,USD,SUMMER\n' >s.csv
$K import initiatives i.csv >/dev/null && $K import activities s.csv >/dev/null || fail "import s"
$K initiatives --as-of 2024-08-01 >out || fail initiatives
has out "amounts in CAD"
has out "     1 purchase in USD is not included: no USD rate; see \`kith import rates\`"
$K initiatives --as-of 2024-08-01 --format json >out || fail "initiatives json"
/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["currency"] == "CAD", j
r = j["initiatives"][0]
assert r["revenue"] == 40 and r["purchases"] == 2 and abs(r["roi"] - 3) < 1e-12, r
assert r["note"].startswith("1 purchase in USD is not included"), r' out || fail "initiatives json"
# The report's initiatives table: how many amounts each row left out.
$K report --as-of 2024-08-01 --format json >rep.json || fail json
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = {x["id"]: x for s in d["sections"] for x in s["tables"]}["initiatives"]
cols = [c["id"] for c in t["columns"]]
row = dict(zip(cols, t["rows"][0]))
assert row["initiative"] == "Summer" and row["left_out"] == 1 and row["revenue"] == 40, row
assert "1 purchase in USD is not included" in t["note"], t["note"]' rep.json || fail "initiatives table"
echo ok
