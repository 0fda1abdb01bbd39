#!/usr/bin/env bash
# kith topics --format json|csv on fixtures/topics, channel forum, P =
# [2024-01-08, 2024-01-15) against [2024-01-01, 2024-01-08). The numbers
# are worked out in tests/unit/text/test_topics.c: 3 texts in P, 2 before;
# broken, oven and "oven broken" each have share 3.38629436 / 16.02760359
# = 0.21127889 in P, 0 before (rise 0.21127889), in 2 texts of P, 0
# before; examples newest first "OVENS broken; bread", "The oven is
# broken."; with --min-docs 1 "lovely bread" (key "love bread") follows,
# share 2.09861229 / 16.02760359 = 0.13093737, one text.
set -u
K=${KITH_BIN:?}
F=${KITH_FIXTURES:?}/topics
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
$K init --org Shop > /dev/null || fail init
$K import members "$F/members.csv" > /dev/null || fail "import members"
$K import activities "$F/activities.csv" > /dev/null || fail "import activities"
P="--channel forum --from 2024-01-08 --to 2024-01-15"

# --- JSON
$K topics $P --format json > "$T/t.json" || fail "json exit $?"
$K topics $P --min-docs 1 --limit 4 --format json > "$T/t4.json" || fail "json min-docs"
/usr/bin/python3 - "$T/t.json" "$T/t4.json" <<'PY' || fail "topics JSON"
import json, sys
def close(a, b): return abs(a - b) < 1e-8
d = json.load(open(sys.argv[1]))
assert d["period"] == {"from": "2024-01-08T00:00:00Z", "to": "2024-01-15T00:00:00Z"}, d
assert d["previous_period"] == {"from": "2024-01-01T00:00:00Z", "to": "2024-01-08T00:00:00Z"}
assert (d["channel"], d["texts"], d["previous_texts"]) == ("forum", 3, 2), d
assert (d["min_docs"], d["limit"], d["include_team"]) == (2, 10, False), d
t = d["topics"]
assert [(x["rank"], x["topic"], x["key"], x["bigram"]) for x in t] == [
    (1, "broken", "broken", False), (2, "oven", "oven", False),
    (3, "oven broken", "oven broken", True)], t
for x in t:
    assert close(x["share"], 0.21127889) and x["previous_share"] == 0, x
    assert close(x["rise"], 0.21127889) and (x["texts"], x["previous_texts"]) == (2, 0), x
    assert x["examples"] == ["OVENS broken; bread", "The oven is broken."], x
d = json.load(open(sys.argv[2]))
assert (d["min_docs"], d["limit"], len(d["topics"])) == (1, 4, 4), d
x = d["topics"][3]
assert (x["topic"], x["key"], x["bigram"], x["texts"]) == ("lovely bread", "love bread", True, 1)
assert close(x["share"], 0.13093737) and len(x["examples"]) == 1, x
assert x["examples"][0].startswith("@ada_crumb"), x
PY

# --- CSV: one record per topic
$K topics $P --format csv > "$T/t.csv" || fail "csv exit $?"
/usr/bin/python3 - "$T/t.csv" <<'PY' || fail "topics CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head = ["rank", "topic", "key", "bigram", "share", "previous_share", "rise", "texts",
        "previous_texts", "example_1", "example_2"]
assert rows[0] == head, rows[0]
assert len(rows) == 4 and all(len(r) == 11 for r in rows), rows
assert [r[:4] for r in rows[1:]] == [["1", "broken", "broken", "false"],
    ["2", "oven", "oven", "false"], ["3", "oven broken", "oven broken", "true"]], rows
for r in rows[1:]:
    assert abs(float(r[4]) - 0.21127889) < 1e-8 and r[5] == "0", r
    assert r[7:] == ["2", "0", "OVENS broken; bread", "The oven is broken."], r
PY

# --- quoting and broken bytes: a channel of its own in P (worked by hand:
# one text, N = 1, every idf 1; terms oven, broken, "oven broken", sad,
# each share 1/4, rise 1/4, ties by key).
printf 'id,type,occurred_at,email,value,channel,text\nc1,post,2024-01-12T10:00:00Z,a@x.org,,cafe,"Oven broken, ""sad"""\nc2,post,2024-01-12T11:00:00Z,a@x.org,,bad,caf\351 oven\n' > "$T/c.csv"
$K import activities "$T/c.csv" > /dev/null || fail "import cafe"
$K topics --channel cafe --from 2024-01-08 --to 2024-01-15 --min-docs 1 --format csv > "$T/c.out" \
    || fail "cafe csv"
/usr/bin/python3 - "$T/c.out" <<'PY' || fail "CSV quoting: $(cat "$T/c.out")"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert [r[2] for r in rows[1:]] == ["broken", "oven", "oven broken", "sad"], rows
for r in rows[1:]:
    assert float(r[4]) == 0.25 and r[9] == 'Oven broken, "sad"' and r[10] == "", r
assert '"Oven broken, ""sad"""' in open(sys.argv[1]).read()
PY
$K topics --channel bad --from 2024-01-08 --to 2024-01-15 --min-docs 1 --format json > "$T/b.json" \
    || fail "invalid UTF-8 json"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ex = [x["examples"][0] for x in d["topics"]]
assert ex and all(e == "caf\ufffd oven" for e in ex), d' "$T/b.json" || fail "invalid UTF-8 not replaced"

# --- the table is unchanged; a bad format
$K topics $P > "$T/t1" && $K topics $P --format table > "$T/t2" || fail "table"
cmp -s "$T/t1" "$T/t2" || fail "--format table differs from the default"
grep -Eq '^1 +broken +21\.13% +0\.00% +\+21\.13 pp +2 +0$' "$T/t1" || fail "table row 1"
$K topics $P --format tsv > "$T/out" 2> "$T/err"
[ $? = 1 ] || fail "bad --format exit"
grep -q "table, json or csv" "$T/err" || fail "bad --format message: $(cat "$T/err")"
[ -s "$T/out" ] && fail "output despite a bad --format"

[ $fails -eq 0 ] && echo "topics format: all checks passed"
exit $((fails > 0))
