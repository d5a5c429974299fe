#!/usr/bin/env bash
# Report-level ROUGE of brief's offline engine on the 21 GAO reports of the
# corpus that carry GAO's own Highlights: the Highlights are stripped from
# the input and used as the reference. Compares the engine as built from
# BASE (default main) with the working tree, the Lead baseline and npm
# LexRank, in one run; then the title and date of both engines' briefs
# against the real ones of titles.tsv. Not run by CI; takes a few minutes.
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
rm -rf "$out" && mkdir -p "$out/briefs"
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT

echo "== npm dependencies (bench/rouge)" >&2
(cd "$root/bench/rouge" && npm ci --no-audit --no-fund --loglevel=error)

echo "== building brief: $base and working tree" >&2
git -C "$root" archive "$base" | tar -x -C "$src"
(cd "$src" && go build -o "$out/brief-before" .)
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

echo "== ROUGE against GAO's Highlights" >&2
node "$here/score.js" "$out/prepared" "$out/briefs"

echo "== title and date accuracy (titles.tsv)" >&2
for sys in before after; do
	mkdir -p "$out/titles/engine-$sys"
	tail -n +2 "$here/titles.tsv" | cut -f1 | while read -r f; do
		"$out/brief-$sys" --engine extractive --format json --citations none --no-verify "$corpus/$f" >"$out/titles/engine-$sys/${f//\//__}.json"
	done
done
node "$here/titles.js" "$here/titles.tsv" "$out/titles"
