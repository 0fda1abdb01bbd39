// Numbers and dates as people read them. Values of the report's units are
// written exactly as kith report writes them (src/report/report.c
// kith__rep_fmt): ratio "52.8%", pp "+26.5 pp", money "340,800.25 GBP",
// count "1,342", hours "12.0 h", days "3.5 d", score "35.2", so the
// dashboard and the report's own sentences (change_text) agree. Dates are
// shown in the organisation's time zone (the session says which).

let zone = 'UTC';
export function setTimeZone(tz) {
  zone = tz || 'UTC';
}

// 1234567.891 with 2 decimals -> "1,234,567.89" (C's "%.*f", then commas).
export function thousands(v, decimals) {
  const raw = Math.abs(v).toFixed(decimals);
  const [int, frac] = raw.split('.');
  let out = '';
  for (let i = 0; i < int.length; i++) {
    out += int[i];
    const left = int.length - i - 1;
    if (left && left % 3 === 0) out += ',';
  }
  const zero = /^[0.]*$/.test(raw);
  return (v < 0 && !zero ? '-' : '') + out + (frac !== undefined ? '.' + frac : '');
}

export function fmtCount(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? thousands(v, 0) : thousands(v, 1);
}

export function fmtMoney(v, currency) {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return `${thousands(v, 2)} ${currency || ''}`.trim();
}

export function fmtPercent(ratio, decimals = 1) {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return 'n/a';
  return (ratio * 100).toFixed(decimals) + '%';
}

// A value of a report unit ("", count, ratio, pp, money, hours, days,
// score, text, date).
export function fmtUnit(v, unit, currency) {
  if (unit === 'text') return v === null || v === undefined ? '' : String(v);
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'n/a';
  if (typeof v !== 'number') return String(v);
  switch (unit) {
    case 'ratio':
      return (v * 100).toFixed(1) + '%';
    case 'pp': {
      const s = (v * 100).toFixed(1);
      return (s.startsWith('-') ? s : '+' + s) + ' pp';
    }
    case 'money':
      return fmtMoney(v, currency);
    case 'count':
      return fmtCount(v);
    case 'hours':
      return v.toFixed(1) + ' h';
    case 'days':
      return v.toFixed(1) + ' d';
    case 'score':
      return v.toFixed(1);
    case 'date':
      return fmtDate(v);
    default:
      return Number.isInteger(v) && Math.abs(v) < 1e15 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
  }
}

// A signed number: "+0.52", "-2.48".
export function fmtSigned(v, decimals) {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = v.toFixed(decimals);
  return s.startsWith('-') ? s : '+' + s;
}

function asDate(t) {
  if (t === null || t === undefined || t === '') return null;
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(d, withTime) {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
  const p = {};
  for (const x of f.formatToParts(d)) p[x.type] = x.value;
  return p;
}

// "2025-06-09" in the org's zone; t: an ISO time or seconds since 1970.
export function fmtDate(t) {
  const d = asDate(t);
  if (!d) return '';
  const p = parts(d, false);
  return `${p.year}-${p.month}-${p.day}`;
}

// "2025-06-09 14:05" in the org's zone.
export function fmtDateTime(t) {
  const d = asDate(t);
  if (!d) return '';
  const p = parts(d, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

// "9 June 2025" from "2025-06-09" (a calendar day, no zone involved).
export function fmtDay(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return ymd || '';
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

// The calendar day n days after "YYYY-MM-DD".
export function addDays(ymd, n) {
  const d = new Date(ymd + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Byte sizes: "3.2 MB".
export function fmtBytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
