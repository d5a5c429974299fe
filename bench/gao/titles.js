// titles.js scores the title and date of briefs against the real ones
// listed in titles.tsv (read off each report's cover or first lines; "-"
// means the report prints no title or date of its own, so none is right), for each
// system's briefs, and prints a markdown table.
//
// usage: node titles.js titles.tsv BRIEFS_DIR   (BRIEFS_DIR/<system>/<file with / as __>.json)
'use strict';
const fs = require('fs');
const path = require('path');

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
// canonDate writes a date as YYYY-MM-DD or YYYY-MM whatever its format, so
// that "2026-03-12" and "March 12, 2026" compare equal.
function canonDate(d) {
  d = (d || '').trim();
  if (d === '' || d === '-') return '';
  let m = d.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const pad = (n) => String(n).padStart(2, '0');
  const mi = (s) => months.findIndex((x) => x.startsWith(s.toLowerCase().slice(0, 3))) + 1;
  m = d.match(/^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/);
  if (m && mi(m[1])) return `${m[3]}-${pad(mi(m[1]))}-${pad(m[2])}`;
  m = d.match(/^(\d{1,2}) ([A-Za-z]+) (\d{4})$/);
  if (m && mi(m[2])) return `${m[3]}-${pad(mi(m[2]))}-${pad(m[1])}`;
  m = d.match(/^([A-Za-z]+) (\d{4})$/);
  if (m && mi(m[1])) return `${m[2]}-${pad(mi(m[1]))}`;
  return d;
}
// "-" as a title means the report prints none: the right answer is none.
const canonTitle = (t) => (t === '-' ? '' : (t || '').replace(/[“”"]/g, '').replace(/\s+/g, ' ').trim().toLowerCase());

const [tsv, briefs] = process.argv.slice(2);
const rows = fs.readFileSync(tsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const systems = fs.readdirSync(briefs).sort().reverse();
const tally = {};
const lines = [];
for (const [file, title, date] of rows) {
  const cells = [];
  for (const s of systems) {
    const f = path.join(briefs, s, file.replace(/\//g, '__') + '.json');
    const b = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : {};
    const okT = canonTitle(b.title) === canonTitle(title);
    const okD = date.split('|').some((d) => canonDate(d) === canonDate(b.date));
    const t = (tally[s] = tally[s] || { t: 0, d: 0, n: 0 });
    t.t += okT; t.d += okD; t.n++;
    cells.push(`${okT ? '✓' : '✗ ' + (b.title || '(none)').slice(0, 60)} / ${okD ? '✓' : '✗ ' + (b.date || '(none)')}`);
  }
  lines.push(`| ${file} | ${cells.join(' | ')} |`);
}
console.log(`| report | ${systems.map((s) => `${s}: title / date`).join(' | ')} |`);
console.log(`|---|${systems.map(() => '---').join('|')}|`);
lines.forEach((l) => console.log(l));
console.log(`| **correct** | ${systems.map((s) => `**${tally[s].t}/${tally[s].n} titles, ${tally[s].d}/${tally[s].n} dates**`).join(' | ')} |`);
