// score.js scores the GAO benchmark: the engine before and after a change
// (briefs as JSON from `brief --format json`), the Lead baseline and npm
// LexRank, each against GAO's own Highlights, with js-rouge. Every system but
// the engines is cut to the new engine's number of words for that report.
//
// usage: node score.js PREPARED_DIR BRIEFS_DIR   (BRIEFS_DIR/<system>/<id>.json)
'use strict';
const fs = require('fs');
const path = require('path');
const modules = path.join(__dirname, '..', 'rouge', 'node_modules');
const rouge = require(path.join(modules, 'js-rouge'));
const lexrank = require(path.join(modules, 'lexrank'));

const tokenizer = (s) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
const opts = { caseSensitive: false, tokenizer };
const words = (s) => s.split(/\s+/).filter(Boolean);

function cut(sentences, budget) {
  const out = [];
  let left = budget;
  for (const s of sentences) {
    if (left <= 0) break;
    let w = words(s);
    if (w.length > left) w = w.slice(0, left);
    out.push(w.join(' '));
    left -= w.length;
  }
  return out.join('\n');
}

// briefText is the brief's prose: lead, sections, implications, key facts.
function briefText(b) {
  const out = [];
  const add = (p) => p && p.text && out.push(p.text);
  add(b.lead);
  for (const s of b.sections || []) (s.paragraphs || []).forEach(add);
  (b.implications || []).forEach(add);
  (b.key_facts || b.keyFacts || []).forEach(add);
  return out.join('\n');
}

// body is the input's prose for the baselines: no headings, no markup lines.
function body(text) {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p && !p.startsWith('#') && !p.startsWith('**Report:**') && p !== '---').join('\n\n');
}

function lexRanked(text) {
  return new Promise((resolve, reject) => lexrank.summarize(text, Number.MAX_SAFE_INTEGER, (err, top) => {
    if (err) return reject(err);
    resolve(top.slice().sort((a, b) => b.weight - a.weight || a.index - b.index).map((x) => x.text));
  }));
}

function score(c, r) {
  if (tokenizer(c).length === 0) return [0, 0, 0];
  return [rouge.n(c, r, { ...opts, n: 1 }), rouge.n(c, r, { ...opts, n: 2 }), rouge.l(c, r, opts)];
}

async function main() {
  const [prep, briefs] = process.argv.slice(2);
  const systems = fs.readdirSync(briefs).sort();
  const ids = fs.readdirSync(prep).filter((f) => f.endsWith('.ref.txt')).map((f) => f.replace('.ref.txt', '')).sort();
  const totals = new Map();
  const add = (name, sum, ref) => {
    const t = totals.get(name) || { r: [0, 0, 0], n: 0, words: 0 };
    score(sum, ref).forEach((x, i) => { t.r[i] += x; });
    t.n++;
    t.words += words(sum).length;
    totals.set(name, t);
  };
  for (const id of ids) {
    const ref = fs.readFileSync(path.join(prep, id + '.ref.txt'), 'utf8');
    const input = body(fs.readFileSync(path.join(prep, id + '.md'), 'utf8'));
    const texts = {};
    for (const s of systems) texts[s] = briefText(JSON.parse(fs.readFileSync(path.join(briefs, s, id + '.json'), 'utf8')));
    const budget = words(texts['engine-after'] || texts[systems[0]]).length;
    for (const s of systems) add(s, texts[s], ref);
    add('Lead (same words)', cut(input.split('\n\n'), budget), ref);
    add('lexrank npm (same words)', cut(await lexRanked(input), budget), ref);
  }
  const pct = (x) => (100 * x).toFixed(2);
  console.log('| system | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | mean words | reports |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, t] of totals) {
    console.log(`| ${name} | ${pct(t.r[0] / t.n)} | ${pct(t.r[1] / t.n)} | ${pct(t.r[2] / t.n)} | ${(t.words / t.n).toFixed(0)} | ${t.n} |`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
