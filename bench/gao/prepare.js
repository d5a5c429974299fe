// prepare.js splits each GAO report of the corpus into GAO's own Highlights
// (the reference summary) and the rest of the report (the input), so that
// no system sees the Highlights it is scored against.
//
// usage: node prepare.js CORPUS/gao-highlights OUT_DIR
// writes OUT_DIR/<id>.md (input) and OUT_DIR/<id>.ref.txt (reference);
// reports without a "## Highlights" section are skipped and named.
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
let kept = 0;
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  const start = text.indexOf('\n## Highlights\n');
  // The Highlights run to the first horizontal rule after them.
  const end = start < 0 ? -1 : text.indexOf('\n---\n', start);
  if (start < 0 || end < 0) {
    console.error(`skip ${f}: no Highlights section`);
    continue;
  }
  // The title and the Report/Published line stay: they are the report's own.
  const head = text.slice(0, text.indexOf('\n---\n') >= 0 && text.indexOf('\n---\n') < start ? text.indexOf('\n---\n') : start);
  const ref = text.slice(start, end).split('\n').filter((l) => !l.startsWith('#')).join('\n');
  fs.writeFileSync(path.join(out, f), head.trimEnd() + '\n\n' + text.slice(end + 5));
  fs.writeFileSync(path.join(out, f.replace(/\.md$/, '.ref.txt')), ref.trim() + '\n');
  kept++;
}
console.error(`${kept} reports prepared`);
