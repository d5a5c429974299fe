#!/usr/bin/env bash
# Batch benchmark: brief over N documents built from the corpus, against the
# fake server with a fixed latency and a tokens-per-minute limit. Reports
# wall time against the ideal the limits allow, peak memory, and checks that
# a rerun sends no request. Not part of CI (it takes a few minutes).
#
#   bash bench/batch/run.sh [N] [TPM] [LATENCY]
#
# LEARN=1 leaves --tpm out, so that brief must learn the limit from the
# server's headers (the first-minute case); BRIEF=path runs a prebuilt
# binary instead of building this tree (to compare two versions); CORPUS
# says where the shared corpus is.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}
TPM=${2:-3000000}
LATENCY=${3:-100ms}
CONC=${CONC:-16}
CORPUS=${CORPUS:-../shared/corpus} # from a worktree: /work/shared/corpus
server=
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

if [ -n "${BRIEF:-}" ]; then cp "$BRIEF" "$work/brief"; else CGO_ENABLED=0 go build -o "$work/brief" .; fi
go build -o "$work/fakeserver" ./bench/fakeserver
go run ./bench/batch/gen -corpus "$CORPUS" -n "$N" -out "$work/docs"
echo "{\"latency\": \"$LATENCY\", \"tpm\": $TPM, \"rate_window\": \"1m\"}" > "$work/server.json"
port=$((20000 + RANDOM % 20000))
"$work/fakeserver" -addr "127.0.0.1:$port" -config "$work/server.json" 2>/dev/null &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/stats" >/dev/null && break; sleep 0.1; done

export OPENAI_BASE_URL="http://127.0.0.1:$port/v1" BRIEF_CACHE_DIR="$work/cache"
flags=(--concurrency "$CONC" --chunk-tokens 2000 -o "$work/out")
if [ -z "${LEARN:-}" ]; then flags+=(--tpm "$TPM"); fi
/usr/bin/time -f '%e %M' -o "$work/time1" "$work/brief" "${flags[@]}" "$work/docs" 2> "$work/log1" || true
tail -1 "$work/log1"
read -r wall rss < "$work/time1"
stats=$(curl -s "http://127.0.0.1:$port/stats")
requests=$(echo "$stats" | jq .requests)
tokens=$(echo "$stats" | jq '.prompt_tokens + .completion_tokens')
limited=$(echo "$stats" | jq .rate_limited)
charged=$(echo "$stats" | jq .charged_tokens)
lat_s=$(awk -v l="$LATENCY" 'BEGIN{ if (l ~ /ms$/) {sub(/ms/,"",l); print l/1000} else {sub(/s/,"",l); print l} }')
ideal=$(awk -v r="$requests" -v c="$CONC" -v l="$lat_s" -v t="$charged" -v tpm="$TPM" \
  'BEGIN{ a = r / c * l; b = t / tpm * 60; print (a > b ? a : b) }')
echo
echo "documents:        $N"
echo "requests:         $requests ($limited answered 429)"
echo "tokens:           $tokens"
echo "wall time:        ${wall}s"
awk -v c="$charged" -v w="$wall" -v tpm="$TPM" -v l="$limited" -v r="$requests" \
  'BEGIN{ printf "throughput:       %.0f charged tokens/min = %.1f%% of the TPM limit; 429s: %.1f%% of requests\n", c / w * 60, 100 * c / w * 60 / tpm, 100 * l / r }'

echo "ideal:            ${ideal}s  (max of requests/concurrency x latency, charged tokens/TPM)"
awk -v w="$wall" -v i="$ideal" 'BEGIN{ printf "wall / ideal:     %.2f\n", w / i }'
echo "peak RSS:         $((rss / 1024)) MiB"

before=$requests
/usr/bin/time -f '%e %M' -o "$work/time2" "$work/brief" "${flags[@]}" "$work/docs" 2> "$work/log2" || true
read -r wall2 rss2 < "$work/time2"
after=$(curl -s "http://127.0.0.1:$port/stats" | jq .requests)
echo "rerun:            $((after - before)) requests, ${wall2}s, peak RSS $((rss2 / 1024)) MiB"
tail -1 "$work/log2"
