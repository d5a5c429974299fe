#!/usr/bin/env bash
# Wall time of the README's test command on clean clones of two commits,
# measured one after the other in one run, each with an empty build cache
# (as CI's fresh machine has), so the figures compare. Like .ci/run, each
# tree first runs `go vet ./...` (timed apart), which also fills the build
# cache the test command then reuses. Not part of CI: it runs the whole
# suite twice. Run it alone: a second copy or any other load spoils it.
#
#   bash bench/testtime/run.sh [BEFORE_COMMIT] [AFTER_COMMIT]
#
# Both clones sit beside a link to ../shared, where their corpus tests look.
# Prints one markdown row per commit: wall time, and the slowest packages.
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=${1:-9b4c28b}
AFTER=${2:-HEAD}
SHARED=${SHARED:-../shared}
[ -d "$SHARED/corpus" ] || SHARED=../../shared # from a git worktree
SHARED=$(cd "$SHARED" && pwd)
CMD=${CMD:-go test -count=1 -race -timeout 30m ./...}
PRE=${PRE:-go vet ./...}
LOGDIR=${LOGDIR:-} # if set, the logs of both runs are kept there
exec 9>"${TMPDIR:-/tmp}/brief-testtime.lock"
flock -n 9 || {
	echo "another bench/testtime/run.sh is running; its figures and ours would both be spoilt" >&2
	exit 1
}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
ln -s "$SHARED" "$work/shared"
go mod download
for which in before after; do
	rev=$BEFORE
	[ "$which" = after ] && rev=$AFTER
	git archive "$rev" | (mkdir "$work/$which" && tar -x -C "$work/$which")
	(cd "$work/$which" && go mod download)
done
echo "| tree | commit | go vet | test command | exit | slowest packages |"
echo "|---|---|---:|---:|---:|---|"
for which in before after; do
	rev=$BEFORE
	[ "$which" = after ] && rev=$AFTER
	vstart=$(date +%s.%N)
	(cd "$work/$which" && GOCACHE="$work/cache-$which" $PRE) >"$work/$which.vet.log" 2>&1 || true
	start=$(date +%s.%N)
	set +e
	(cd "$work/$which" && GOCACHE="$work/cache-$which" $CMD) >"$work/$which.log" 2>&1
	code=$?
	set -e
	end=$(date +%s.%N)
	slow=$(grep -E '^(ok|FAIL)[[:space:]]' "$work/$which.log" | awk '{print $NF, $2}' |
		sort -rn | head -3 | awk '{printf "%s%s %s", sep, $2, $1; sep="; "}')
	printf '| %s | %s | %.0f s | %.0f s | %d | %s |\n' "$which" "$(git rev-parse --short "$rev")" \
		"$(echo "$start - $vstart" | bc)" "$(echo "$end - $start" | bc)" "$code" "$slow"
	[ "$code" = 0 ] || tail -30 "$work/$which.log" >&2
	[ -z "$LOGDIR" ] || { mkdir -p "$LOGDIR" && cp "$work/$which.log" "$work/$which.vet.log" "$LOGDIR/"; }
done
