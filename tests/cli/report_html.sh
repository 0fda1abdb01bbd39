#!/usr/bin/env bash
# kith report --html: one self-contained page (no scripts, no network) whose
# five SVG charts render in Debian's headless chromium: the DOM holds each
# chart at 560x260 with drawn marks, the screenshot is not blank, and the
# console shows no error.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export KITH_DB=$T/k.db
K=$KITH_BIN
F=$KITH_FIXTURES/metrics/core
$K init --org Bakery >/dev/null || fail init
for f in initiatives members activities ideas social_posts web_sessions; do
  $K import $f $F/$f.csv >/dev/null || fail "import $f"
done
$K config set min_n 1 || fail config
$K report --as-of 2025-01-01 --from 2024-07-01 --html $T/r.html >$T/out 2>$T/err || fail report
[ -s $T/r.html ] || fail "no html written"
# --html alone: the page is written and said so in one line on stderr,
# naming the file and its size; nothing else (no terminal report).
[ -s $T/out ] && fail "--html printed on stdout: $(head -3 $T/out)"
[ "$(wc -l <$T/err)" = 1 ] || fail "--html: want one line on stderr, got: $(cat $T/err)"
size=$(stat -c %s $T/r.html)
grep -q "^wrote $T/r.html ($size bytes)" $T/err || fail "--html message: $(cat $T/err)"
# With --format as well: that format on stdout, the page in the file.
rm -f $T/r2.html
$K report --as-of 2025-01-01 --from 2024-07-01 --format json --html $T/r2.html >$T/out 2>$T/err ||
  fail "report --format json --html"
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $T/out || fail "stdout is not the JSON"
cmp -s $T/r.html $T/r2.html || fail "the page differs with --format json"
[ "$(wc -l <$T/err)" = 1 ] || fail "--format json --html: $(cat $T/err)"
# A file that cannot be written: exit 4, no "wrote" line.
$K report --html $T/no/such/dir/r.html >$T/out 2>$T/err; [ $? = 4 ] || fail "unwritable: exit"
grep -q "^wrote" $T/err && fail "unwritable: says wrote"
# Self-contained: no script, no external resource.
grep -qi "<script" $T/r.html && fail "the page has a script"
grep -Eo '(src|href)="[^#"][^"]*"' $T/r.html | grep -q . && fail "the page loads a resource"
# Links are to anchors of the page itself, and each anchor exists.
for a in $(grep -Eo 'href="#[^"]*"' $T/r.html | sed 's/href="#//; s/"$//' | sort -u); do
  grep -q "id=\"$a\"" $T/r.html || fail "link to #$a, which is not in the page"
done
grep -Eo 'https?://[^"]*' $T/r.html | grep -v '^http://www.w3.org/2000/svg$' | grep -q . \
  && fail "the page refers to the network"
for id in chart-retention chart-active chart-nps chart-initiatives chart-levels; do
  grep -q "<svg id=\"$id\"" $T/r.html || fail "missing $id"
done

CHROME=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROME" ] || fail "chromium is not installed (scripts/setup.sh installs it)"
FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --enable-logging=stderr --v=0"
timeout 120 $CHROME $FLAGS --user-data-dir=$T/p1 --dump-dom file://$T/r.html \
  >$T/dom.html 2>$T/dom.err || fail "chromium --dump-dom: $(tail -3 $T/dom.err)"
timeout 120 $CHROME $FLAGS --user-data-dir=$T/p2 --window-size=1200,3000 \
  --screenshot=$T/shot.png file://$T/r.html >/dev/null 2>$T/shot.err \
  || fail "chromium --screenshot: $(tail -3 $T/shot.err)"
grep -i "CONSOLE" $T/dom.err $T/shot.err | grep -iq "error" && fail "console errors"
/usr/bin/python3 - "$T/dom.html" "$T/shot.png" <<'PY' || fail "render check"
import re, struct, sys, zlib
dom = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r'<svg id="(chart-[a-z]+)"[^>]*width="(\d+)" height="(\d+)"[^>]*>(.*?)</svg>', dom, re.S)
ids = {s[0] for s in svgs}
want = {"chart-retention", "chart-active", "chart-nps", "chart-initiatives", "chart-levels"}
assert want <= ids, ids
for sid, w, h, body in svgs:
    assert (w, h) == ("560", "260"), (sid, w, h)
    marks = len(re.findall(r"<(rect|path|circle)", body))
    assert marks >= 2, (sid, "has no marks")
# Decode the PNG (8-bit RGB/RGBA) and check it is not one flat colour.
data = open(sys.argv[2], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h, ct = 8, b"", 0, 0, 0
while pos < len(data):
    n, = struct.unpack(">I", data[pos:pos+4]); kind = data[pos+4:pos+8]
    body = data[pos+8:pos+8+n]; pos += 12 + n
    if kind == b"IHDR": w, h, depth, ct = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT": idat += body
raw = zlib.decompress(idat); bpp = 4 if ct == 6 else 3; stride = w * bpp
prev = bytearray(stride); colours = set(); i = 0
for y in range(h):
    f = raw[i]; row = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
    for x in range(stride):
        a = row[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
        if f == 1: row[x] = (row[x] + a) & 255
        elif f == 2: row[x] = (row[x] + b) & 255
        elif f == 3: row[x] = (row[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
            row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 10 == 0:
        for x in range(0, stride, bpp * 7): colours.add(bytes(row[x:x+3]))
    prev = row
assert len(colours) > 5, ("blank screenshot", len(colours))
print("svgs", len(svgs), "colours", len(colours))
PY
echo ok
