// score.js scores every system on the AMI references with js-rouge and
// prints a markdown table of mean ROUGE-1, ROUGE-2 and ROUGE-L F1.
//
// usage: node score.js AMI_DIR ENGINE.json PEERS.json
'use strict';
const fs = require('fs');
const path = require('path');
const rouge = require('js-rouge');

// Classic ROUGE preprocessing: lowercase, words of letters and digits only,
// no stemming, no stop-word removal. The same for every system.
const tokenizer = (s) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
const opts = { caseSensitive: false, tokenizer };

// cut takes a ranking's sentences in rank order until `budget` words, the
// last one truncated, so every system gets the engine's number of words.
function cut(ranked, budget) {
  const out = [];
  let left = budget;
  for (const s of ranked) {
    if (left <= 0) break;
    let words = s.split(/\s+/).filter(Boolean);
    if (words.length > left) words = words.slice(0, left);
    out.push(words.join(' '));
    left -= words.length;
  }
  return out.join('\n');
}

function score(candidate, reference) {
  if (tokenizer(candidate).length === 0) return [0, 0, 0];
  return [
    rouge.n(candidate, reference, { ...opts, n: 1 }),
    rouge.n(candidate, reference, { ...opts, n: 2 }),
    rouge.l(candidate, reference, opts),
  ];
}

function main() {
  const [amiDir, engineFile, peersFile] = process.argv.slice(2);
  const engine = JSON.parse(fs.readFileSync(engineFile, 'utf8'));
  const peers = peersFile && fs.existsSync(peersFile) ? JSON.parse(fs.readFileSync(peersFile, 'utf8')) : {};
  const totals = new Map();
  const add = (name, id, summary, reference) => {
    const t = totals.get(name) || { r1: 0, r2: 0, rl: 0, n: 0, words: 0 };
    const [r1, r2, rl] = score(summary, reference);
    t.r1 += r1; t.r2 += r2; t.rl += rl; t.n++;
    t.words += summary.split(/\s+/).filter(Boolean).length;
    totals.set(name, t);
  };
  for (const m of engine.meetings) {
    const refFile = path.join(amiDir, 'ami-summary', 'abstractive', `${m.id}.abssumm.txt`);
    if (!fs.existsSync(refFile)) continue;
    const reference = fs.readFileSync(refFile, 'utf8');
    for (const [name, summary] of Object.entries(m.systems)) add(name, m.id, summary, reference);
    for (const [name, rankings] of Object.entries(peers)) {
      if (!rankings[m.id]) throw new Error(`${name} has no ranking for ${m.id}`);
      add(name, m.id, cut(rankings[m.id], m.budget), reference);
    }
  }
  const rows = [...totals.entries()].map(([name, t]) => ({
    name, n: t.n, r1: t.r1 / t.n, r2: t.r2 / t.n, rl: t.rl / t.n, words: t.words / t.n,
  })).sort((a, b) => b.r2 - a.r2);
  const pct = (x) => (100 * x).toFixed(2);
  console.log('| system | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | mean words | meetings |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${pct(r.r1)} | ${pct(r.r2)} | ${pct(r.rl)} | ${r.words.toFixed(0)} | ${r.n} |`);
  }
}

main();
