#!/usr/bin/env bash
# cmake --install into a temporary prefix, then run the installed kith
# with the source tree and the build folder out of reach (an empty tmpfs
# mounted over them in a private mount namespace, unshare -rm): kith demo
# (the sentiment section needs the installed VADER lexicon), kith users
# and tokens, kith serve from there (healthz, the dashboard's page as
# installed, a report by token equal to the installed CLI's), SIGTERM
# exits 0. KITH_DATA_DIR overrides the installed folder.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
BUILD=${KITH_BUILD_DIR:?}
SRC=${KITH_SOURCE_DIR:?}
P=$T/prefix
cmake --install "$BUILD" --prefix "$P" >"$T/install.log" 2>&1 || fail "cmake --install: $(cat "$T/install.log")"
for f in bin/kith share/kith/vader_lexicon.txt share/kith/web/manifest.txt \
         share/kith/web/index.html share/kith/web/vendor/chart.umd.min.js; do
  [ -e "$P/$f" ] || fail "not installed: $f"
done
[ -e "$P/bin/kith-source-dir" ] && fail "the build folder's pointer to the sources was installed"
cmp -s "$P/share/kith/vader_lexicon.txt" "$SRC/node_modules/vader-sentiment/vader_lexicon.txt" \
  || fail "lexicon differs"

if ! unshare -rm true 2>/dev/null; then
  echo "unshare -rm is not permitted here: cannot hide the source tree" >&2
  exit 77
fi
cat >"$T/inside.sh" <<'INNER'
set -u
fail() { echo "FAIL (inside): $*" >&2; exit 1; }
mount -t tmpfs none "$SRC" || fail "cannot hide $SRC"
[ -e "$SRC/CMakeLists.txt" ] && fail "the source tree is still visible"
cd "$T"
K=$P/bin/kith
$K demo --db d.db >demo.out 2>demo.err || fail "kith demo: $(cat demo.err)"
grep -q "Brand sentiment" demo.out || fail "no sentiment section in the demo's report"
grep -q "texts not scored" demo.out && fail "the installed lexicon was not found"
printf 'installed-owner\n' | $K --db d.db users add o@shop.example --role owner \
  --password-stdin >/dev/null || fail "users add"
TOKEN=$($K --db d.db tokens create o@shop.example 2>/dev/null) || fail "tokens create"
$K --db d.db report --format json >cli.json || fail "kith report"
$K --db d.db serve --listen 127.0.0.1:0 >serve.out 2>serve.err &
PID=$!
for _ in $(seq 100); do [ -s serve.out ] && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' serve.out)
[ -n "$URL" ] || fail "kith serve did not start: $(cat serve.err)"
curl -sf "$URL/healthz" | grep -q '"status": "ok"' || fail "healthz"
curl -sf "$URL/" >index.html || fail "GET /"
cmp -s index.html "$P/share/kith/web/index.html" || fail "/ is not the installed page"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/report" >api.json || fail "report"
diff <(grep -v generated_at api.json) <(grep -v generated_at cli.json) >/dev/null \
  || fail "the served report differs from the CLI's"
kill -TERM $PID
wait $PID || fail "kith serve exited $? on SIGTERM"
# KITH_DATA_DIR wins over the installed folder.
KITH_DATA_DIR=/nonexistent $K --db d.db report --format json >nodata.json
grep -q '/nonexistent/vader_lexicon.txt' nodata.json || fail "KITH_DATA_DIR not used"
KITH_DATA_DIR=/nonexistent $K --db d.db serve --listen 127.0.0.1:0 >/dev/null 2>nodata.err
[ $? -ne 0 ] && grep -q '/nonexistent/web/manifest.txt' nodata.err \
  || fail "serve without its files: $(cat nodata.err)"
echo inside-ok
INNER
out=$(T=$T P=$P SRC=$SRC unshare -rm bash "$T/inside.sh" 2>&1) || fail "$out"
echo "$out" | grep -q inside-ok || fail "$out"
echo "ok: installed kith ran with the source tree out of reach"
