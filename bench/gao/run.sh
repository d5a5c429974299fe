#!/usr/bin/env bash
# Report-level ROUGE of brief's offline engine on the 21 GAO reports of the
# corpus that carry GAO's own Highlights: the Highlights are stripped from
# the input and used as the reference. Compares the engine as built from
# BASE (default main) with the working tree, the Lead baseline and npm
# LexRank, in one run. Not run by CI; takes about a minute.
#
# usage: bench/gao/run.sh [CORPUS_DIR] [BASE]   (default: ../shared/corpus, main)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${1:-}
base=${2:-main}
if [[ -z $corpus ]]; then
	for c in "$root/../shared/corpus" "$root/../../shared/corpus"; do
		[[ -d $c ]] && corpus=$(cd "$c" && pwd) && break
	done
fi
[[ -d ${corpus:-}/gao-highlights ]] || { echo "corpus not found; pass its directory" >&2; exit 1; }
out=$root/bench/out/gao
rm -rf "$out" && mkdir -p "$out/before-src" "$out/briefs"

echo "== npm dependencies (bench/rouge)" >&2
(cd "$root/bench/rouge" && npm ci --no-audit --no-fund --loglevel=error)

echo "== building brief: $base and working tree" >&2
git -C "$root" archive "$base" | tar -x -C "$out/before-src"
(cd "$out/before-src" && go build -o "$out/brief-before" .)
(cd "$root" && go build -o "$out/brief-after" .)

echo "== inputs and references" >&2
node "$here/prepare.js" "$corpus/gao-highlights" "$out/prepared"

for sys in before after; do
	mkdir -p "$out/briefs/engine-$sys"
	for f in "$out"/prepared/*.md; do
		id=$(basename "$f" .md)
		"$out/brief-$sys" --engine extractive --format json --citations none --no-verify "$f" >"$out/briefs/engine-$sys/$id.json"
	done
done

echo "== scores" >&2
node "$here/score.js" "$out/prepared" "$out/briefs"
