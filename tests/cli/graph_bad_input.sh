#!/usr/bin/env bash
# Bad input to the network commands: a clear message and the documented
# exit code (1 usage, 2 bad input, 3 data, 4 internal), never a crash or a
# NaN: an org without activities, activities without ties, only
# self-interactions, only team members (ties come back with
# --include-team), a period without interactions, resolution <= 0 and
# other bad flags, an unknown member, an unwritable export; and the
# smallest graph (two members, one reply) has a finite value everywhere.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
# expect CODE TEXT CMD...: exit code CODE and TEXT in stderr.
expect() {
  local code=$1 text=$2
  shift 2
  "$@" >$T/out 2>$T/err
  local got=$?
  [ $got = "$code" ] || fail "'$*' exited $got, not $code: $(cat $T/err)"
  grep -q -- "$text" $T/err || fail "'$*': no '$text' in: $(cat $T/err)"
}
$K init --org Shop >/dev/null || fail init
expect 3 "no activities yet" $K graph
expect 3 "no activities yet" $K graph --format json
cat >$T/a.csv <<'CSV'
id,type,occurred_at,member_id,value,target_member_id,flags
p1,purchase,2024-03-01,ann,10,,
s1,reply,2024-03-02,ann,,ann,
CSV
$K import activities $T/a.csv >/dev/null || fail "import purchases"
# A purchase and a reply to oneself: no tie at all.
expect 3 "no ties between members from 2023-03-04 to 2024-03-03" $K graph
expect 3 "no ties between members" $K members top --by reach
expect 3 "no ties between members" $K graph export --format csv $T/x.csv
[ -e $T/x.csv ] && fail "an export was written for an empty graph"
# Only team members interact: left out unless --include-team.
cat >$T/team.csv <<'CSV'
member_id,name,flags
tam,Tam,team
tom,Tom,team
CSV
$K import members $T/team.csv >/dev/null || fail "import team"
cat >$T/b.csv <<'CSV'
id,type,occurred_at,member_id,target_member_id
t1,reply,2024-03-02,tam,tom
CSV
$K import activities $T/b.csv >/dev/null || fail "import team reply"
expect 3 "unless --include-team" $K graph
$K graph --include-team --format json >$T/team.json || fail "--include-team"
grep -q '"nodes": 2' $T/team.json || fail "team graph: $(head -20 $T/team.json)"
# Two members, one reply: every number finite (no NaN, no null measure).
cat >$T/c.csv <<'CSV'
id,type,occurred_at,member_id,name,target_member_id
r1,reply,2024-03-02,ann,Ann,bob
CSV
$K import activities $T/c.csv >/dev/null || fail "import reply"
$K graph --format json >$T/one.json || fail "smallest graph"
/usr/bin/python3 - $T/one.json <<'PY' || fail "smallest graph has a NaN or null"
import json, math, sys
k = json.load(open(sys.argv[1]), parse_constant=lambda c: float("nan"))
assert k["nodes"] == 2 and k["edges"] == 1, (k["nodes"], k["edges"])
def walk(x, path):
    if isinstance(x, dict):
        for key, v in x.items():
            if key == "sources":  # null when betweenness is exact
                continue
            walk(v, path + "." + key)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            walk(v, f"{path}[{i}]")
    elif x is None or (isinstance(x, float) and not math.isfinite(x)):
        raise SystemExit(f"{path} = {x}")
walk(k, "")
print("smallest graph: all finite;", k["density"], k["reciprocity"], k["modularity"])
PY
$K graph >/dev/null || fail "smallest graph table"
$K graph --svg $T/one.svg >/dev/null || fail "smallest graph svg"
grep -q "NaN\|nan\|inf" $T/one.svg && fail "NaN in the SVG"
# A period with no interaction.
expect 3 "no ties between members from 2020-01-01 to 2021-01-01" \
  $K graph --from 2020-01-01 --to 2021-01-01
# Bad flags: usage errors (exit 1) saying what to give.
expect 1 "the resolution must be a number > 0" $K graph --resolution 0
expect 1 "the resolution must be a number > 0" $K graph --resolution -1
expect 1 "give a number > 0" $K graph --resolution abc
expect 1 "use decayed or count" $K graph --weights often
expect 1 "between 0 and 1" $K graph --strong-quantile 1.5
expect 1 "must be before --to" $K graph --from 2024-03-01 --to 2024-01-01
expect 1 "not a date" $K graph --from yesterday
expect 1 "use graphml, gexf or csv" $K graph export --format dot $T/x.dot
expect 1 "give one output FILE" $K graph export --format csv
expect 1 "use love, reach, brokerage or betweenness" $K members top --by charm
expect 1 "use table or json" $K graph --format csv
expect 1 "either MEMBER or --newcomers" $K match ann --newcomers
# An unknown member.
expect 3 "no member 'nobody'" $K match nobody
expect 3 "no member 'nobody'" $K members show nobody
# An unwritable export: i/o error naming the path.
expect 4 "$T/no/such/dir/g.graphml" $K graph export --format graphml $T/no/such/dir/g.graphml
expect 4 "$T/no/such/dir/g.csv" $K graph export --format csv $T/no/such/dir/g.csv
echo ok
