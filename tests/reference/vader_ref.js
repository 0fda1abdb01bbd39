#!/usr/bin/env node
/* The reference peer for kith's VADER port: scores one text per line with
 * the npm package vader-sentiment@1.1.3 (the JavaScript implementation kith
 * must agree with) and prints the same TSV as `kith sentiment score`:
 * neg, neu, pos, compound, text. Used by tests/cli/sentiment_reference.sh
 * and bench/sentiment.sh.
 *
 *   node tests/reference/vader_ref.js [FILE...]   (stdin when no FILE)
 *
 * Lines are split on "\n" with one trailing "\r" removed, and each line is
 * decoded as UTF-8 on its own (invalid bytes become U+FFFD), exactly as kith
 * reads them. Exit 77 when the package is not installed (run
 * scripts/setup.sh). */
'use strict';
const fs = require('fs');
const path = require('path');

let vader;
try {
  vader = require(path.join(__dirname, '..', '..', 'node_modules', 'vader-sentiment'));
} catch (e) {
  process.stderr.write('vader_ref.js: vader-sentiment is not installed ' +
                       '(run scripts/setup.sh, which runs npm ci)\n');
  process.exit(77);
}
const analyzer = vader.SentimentIntensityAnalyzer;

/* A blocking write of all of s; stdout may be a non-blocking pipe. */
function writeAll(s) {
  const b = Buffer.from(s, 'utf8');
  let off = 0;
  while (off < b.length) {
    try {
      off += fs.writeSync(1, b, off, b.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

function scoreBuffer(buf, out) {
  let start = 0;
  const n = buf.length;
  while (start < n) {
    let nl = buf.indexOf(10, start);
    const next = nl < 0 ? n : nl + 1;
    let end = nl < 0 ? n : nl;
    if (end > start && buf[end - 1] === 13) end--;
    const text = buf.toString('utf8', start, end);
    const s = analyzer.polarity_scores(text);
    out.push(s.neg.toFixed(3) + '\t' + s.neu.toFixed(3) + '\t' + s.pos.toFixed(3) +
             '\t' + s.compound.toFixed(4) + '\t' + text + '\n');
    if (out.length >= 4096) {
      writeAll(out.join(''));
      out.length = 0;
    }
    start = next;
  }
}

const files = process.argv.slice(2);
const out = [];
if (files.length === 0) files.push('-');
for (const f of files) {
  const buf = f === '-' ? fs.readFileSync(0) : fs.readFileSync(f);
  scoreBuffer(buf, out);
}
if (out.length) writeAll(out.join(''));
