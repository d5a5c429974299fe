#!/usr/bin/env bash
# Batch API benchmark: brief --batch-api over N small generated reports
# (every tenth needs map and brief steps) against the fake server's Batch
# API, with 5% of lines failing once and the second batch expiring. The
# first run is killed with SIGKILL once two batches exist; the rerun must
# write every brief, send no synchronous chat request, and submit nothing
# twice but the failed lines. Reports wall time, peak memory, batches,
# requests per batch, phases and virtual (fake-clock) time. Not part of CI.
#
#   bash bench/batchapi/run.sh [N] [BATCH_SIZE]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}
SIZE=${2:-50000}
STEP=5m
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

CGO_ENABLED=0 go build -o "$work/brief" .
go build -o "$work/fakeserver" ./bench/fakeserver
for i in $(seq 0 $((N - 1))); do
  d="$work/docs/part$((i % 10))"
  [ -d "$d" ] || mkdir -p "$d"
  n=3; [ $((i % 10)) = 0 ] && n=24
  {
    printf 'Inspection report %d\n\n' "$i"
    for p in $(seq 1 $n); do
      printf 'The agency inspected %d plants in district %d during 2023. Inspectors found that %d of them lacked backup power. The board of district %d said repairs would cost $%d million.\n\n' \
        $((10 + i + p)) "$p" $((2 + (i + p) % 5)) "$p" $((3 + i % 7 + p))
    done
  } > "$d/report-$i.txt"
done
cat > "$work/server.json" <<JSON
{"api_key": "sk-bench", "models": ["gpt-4o-mini"], "seed": 11,
 "batch": {"time_step": "$STEP", "line_fail_rate": 0.05, "expire": [2]}}
JSON
port=$((20000 + RANDOM % 20000))
"$work/fakeserver" -addr "127.0.0.1:$port" -config "$work/server.json" 2>/dev/null &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/stats" >/dev/null && break; sleep 0.1; done

export OPENAI_BASE_URL="http://127.0.0.1:$port/v1" OPENAI_API_KEY=sk-bench BRIEF_CACHE_DIR="$work/cache"
flags=(--batch-api --batch-size "$SIZE" --chunk-tokens 400 -o "$work/out")

# First run: killed with SIGKILL while it waits on its batches.
t0=$(date +%s.%N)
"$work/brief" "${flags[@]}" --batch-poll 50ms "$work/docs" 2> "$work/log0" &
first=$!
until [ "$(curl -s "http://127.0.0.1:$port/batchstats" | jq .batches)" -ge 2 ]; do sleep 0.05; done
sleep 0.2
kill -9 $first; wait $first 2>/dev/null || true
t1=$(date +%s.%N)
before=$(curl -s "http://127.0.0.1:$port/batchstats")

/usr/bin/time -f '%e %M' -o "$work/time" "$work/brief" "${flags[@]}" --batch-poll 1ms "$work/docs" 2> "$work/log1" || true
read -r wall rss < <(tail -1 "$work/time")
grep -v '^done \|^STATUS\|^$' "$work/log1" | cut -c1-160 | tail -4
stats=$(curl -s "http://127.0.0.1:$port/batchstats")
sync=$(curl -s "http://127.0.0.1:$port/stats" | jq .requests)
briefs=$(find "$work/out" -name '*.md' ! -name index.md | wc -l)
"$work/brief" index "$work/out" > /dev/null
listed=$(grep -c '^- \[' "$work/out/index.md")
batches=$(echo "$stats" | jq .batches)
lines=$(echo "$stats" | jq .lines)
retrieves=$(echo "$stats" | jq .retrieves)
phases=$(cat "$work/log0" "$work/log1" | grep -c '^brief: submitted' || true)
echo
echo "documents:             $N (briefs written: $briefs, listed in index.md: $listed)"
echo "synchronous requests:  $sync"
echo "batches:               $batches ($(echo "$before" | jq .batches) before the kill -9), $phases submissions"
echo "lines:                 $lines, $((lines / batches)) per batch; failed $(echo "$stats" | jq .failed_lines), resubmitted $(echo "$stats" | jq .resubmitted), expired batches $(echo "$stats" | jq .expired)"
echo "fake clock:            $retrieves status checks x $STEP"
echo "first run until kill:  $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')s"
echo "rerun wall time:       ${wall}s, peak RSS $((rss / 1024)) MiB"
echo "summary:               $(tail -1 "$work/log1" | cut -c1-220)"
ok=1
[ "$briefs" = "$N" ] && [ "$listed" = "$N" ] || { echo "FAIL: not every brief written and listed"; ok=0; }
[ "$sync" = 0 ] || { echo "FAIL: synchronous chat requests were made"; ok=0; }
[ "$(echo "$stats" | jq .resubmitted)" = "$(echo "$stats" | jq .failed_lines)" ] || { echo "FAIL: something already submitted went out twice"; ok=0; }
[ $ok = 1 ] && echo "PASS"
