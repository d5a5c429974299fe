#!/usr/bin/env bash
# ROUGE benchmark of brief's extractive engine on the AMI meeting corpus
# against the Lead baselines and extractive summarizers from npm, plus the
# engine's speed on a 1.3 MB report. Not run by CI; takes a few minutes
# (the npm peers' rankings are cached in bench/out/rouge/peers.json).
#
# usage: bench/rouge/run.sh [CORPUS_DIR]   (default: ../shared/corpus or ../../shared/corpus)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${1:-}
if [[ -z $corpus ]]; then
	for c in "$root/../shared/corpus" "$root/../../shared/corpus"; do
		[[ -d $c ]] && corpus=$(cd "$c" && pwd) && break
	done
fi
[[ -d ${corpus:-} ]] || { echo "corpus not found; pass its directory" >&2; exit 1; }
ami=$corpus/dataset-ami
report=$corpus/reports/mueller-report-2019-ocr.txt
out=$root/bench/out/rouge
mkdir -p "$out"

echo "== npm dependencies" >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

echo "== engine and lead baselines" >&2
(cd "$root" && GOMAXPROCS=1 go run ./bench/rouge/cmd/rougebench -ami "$ami" -speed "$report" -out "$out/engine.json")

echo "== npm peers (cached)" >&2
node "$here/peers.js" "$ami" "$out/peers.json"

echo "== scores" >&2
node "$here/score.js" "$ami" "$out/engine.json" "$out/peers.json"
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).speed || [];
for (const x of s) console.log(`\nSpeed: ${x.file} (${(x.bytes / 1e6).toFixed(2)} MB, ${x.sentences} sentences): ` +
  `Segment ${x.segment_ms.toFixed(0)} ms, Summarize ${x.summarize_ms.toFixed(0)} ms (${x.summarize_mb_per_s.toFixed(1)} MB/s), best of 10, one core.`);
' "$out/engine.json"
