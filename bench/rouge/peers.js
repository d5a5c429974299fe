// peers.js ranks the sentences of every AMI transcript with independent
// extractive summarizers from npm, so that score.js can cut each ranking to
// the engine's word budget. Rankings are cached in the output file; delete it
// to recompute.
//
// usage: node peers.js AMI_DIR OUT.json
'use strict';
const fs = require('fs');
const path = require('path');

// Every peer returns the document's sentences, best first, as their own
// sentence splitter produced them.
const peers = {
  // LexRank (Erkan & Radev) with Tanimoto similarity, power iteration.
  'lexrank (npm)': (text) => new Promise((resolve, reject) => {
    require('lexrank').summarize(text, Number.MAX_SAFE_INTEGER, (err, top) => {
      if (err) return reject(err);
      resolve(top.slice().sort((a, b) => b.weight - a.weight || a.index - b.index).map((x) => x.text));
    });
  }),
  // TextRank (Mihalcea & Tarau) with Sørensen–Dice similarity and stop words.
  'ts-textrank (npm)': (text) => {
    const tr = require('ts-textrank');
    const cfg = new tr.AbsoluteSummarizerConfig(Number.MAX_SAFE_INTEGER, new tr.SorensenDiceSimilarity(),
      new tr.DefaultTextParser(), 0.85, tr.Summarizer.SORT_SCORE);
    return new tr.Summarizer(cfg, new tr.NullLogger()).summarize(text, 'en');
  },
  // Word-frequency scoring (node-summarizer's "frequency" method).
  'node-summarizer (npm)': (text) => {
    const { Summarizer } = require('node-summarizer/src/Summarizer');
    const s = new Summarizer(text, Number.MAX_SAFE_INTEGER);
    const original = s.preprocesser.paragraphToSentences(text).slice();
    const res = s.summarizeByFrequency();
    // cleanSentences lowercases sentence_list in place; map back by index.
    const byClean = new Map();
    res.sentence_list.forEach((clean, i) => { if (!byClean.has(clean)) byClean.set(clean, original[i]); });
    return res.sorted_sentences.map((x) => byClean.get(x[1]));
  },
  // TF-IDF relevance with greedy redundancy removal (sum.js).
  'sum (npm)': (text) => require('sum')({ corpus: text, nSentences: 60 }).sentences,
};

async function main() {
  const [amiDir, outFile] = process.argv.slice(2);
  if (!amiDir || !outFile) {
    console.error('usage: node peers.js AMI_DIR OUT.json');
    process.exit(2);
  }
  let cache = {};
  if (fs.existsSync(outFile)) cache = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  const dir = path.join(amiDir, 'ami-transcripts');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.transcript.txt')).sort();
  for (const name of Object.keys(peers)) {
    cache[name] = cache[name] || {};
    const started = Date.now();
    let done = 0;
    for (const f of files) {
      const id = f.replace('.transcript.txt', '');
      if (cache[name][id]) continue;
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const ranked = await peers[name](text);
      cache[name][id] = ranked.filter((s) => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
      done++;
      if (done % 20 === 0) {
        fs.writeFileSync(outFile, JSON.stringify(cache)); // keep progress across interruptions
        console.error(`${name}: ${done} transcripts…`);
      }
    }
    fs.writeFileSync(outFile, JSON.stringify(cache));
    console.error(`${name}: ${done} transcripts ranked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
