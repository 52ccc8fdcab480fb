#!/usr/bin/env bash
# Similarity index benchmark (run after `swift build -c release`).
# For each library size: generate a synthetic database whose last 100 tracks are missing, time
# a full `segue-index` build (targets: 33,636 tracks <= 30 s and <= 300 MB peak RSS on 2 cores;
# 200,000 <= 30 s and <= 600 MB; 1,000,000 <= 10 min and <= 2 GB), its recall@10 against exact
# search on 2,000 sampled tracks (target >= 0.95), a rerun with nothing changed (target: < 1 s),
# the night the 100 tracks arrive (an update of an approximate index), and the queries export
# makes, in a process of their own as export loads the index (targets: neighbours of a track
# <= 1 ms; whole process <= 1 s, <= 60 MB). The baseline, in the same run, is the exact search
# (`--exact`) of the same library, up to EXACT_UP_TO tracks (default 200,000; a million would
# take 40 minutes). A library searched exactly (below index.exact_below) is also built with
# the approximate search forced (index.exact_below: 0), for its recall at that size.
# Usage: bench/index.sh [TRACKS...]   (default: 33636 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(pwd)/${BIN:-.build/release}"
TIME=/usr/bin/time
for tool in "$TIME" sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench/index.sh: $tool is missing (make test-deps installs it)" >&2; exit 1; }
done
for tool in segue-dev segue-index; do
    [ -x "$BIN/$tool" ] || { echo "bench/index.sh: $BIN/$tool missing; run swift build -c release" >&2; exit 1; }
done
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(33636 200000)
EXACT_UP_TO=${EXACT_UP_TO:-200000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# Prints "<wall seconds> <peak RSS MB> <CPU seconds>" from a `/usr/bin/time -v` log. CPU time
# (user + system) is given too: on a loaded machine it shows the work, which wall time cannot.
measure() {
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
                /Maximum resident set size/ { rss = $2 / 1024 }
                /User time|System time/ { cpu += $2 }
                END { printf "%.2f %.0f %.2f", wall, rss, cpu }' "$1"
}

# Runs segue-index under /usr/bin/time with the given log name; prints its stdout.
index() {
    local log=$1
    shift
    "$TIME" -v "$BIN/segue-index" --db "$db" "$@" 2>"$WORK/$log.txt" >"$WORK/$log.out" || { cat "$WORK/$log.txt" >&2; exit 1; }
}

recall() {
    "$BIN/segue-dev" index-recall --db "$db" --queries 2000 | sed -E 's/.*recall@10 ([0-9.]+).*/\1/'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-8s %-11s %8s %9s %9s %9s %8s %7s %8s %9s %10s %9s %8s %9s %9s %9s %10s %10s\n' \
    tracks search synth_s build_s build_cpu build_MB MB/Mtrk recall rerun_s update_s update_cpu update_MB recall2 exact_s exact_cpu exact_MB nbr_us seeds_us
for tracks in "${SIZES[@]}"; do
    db="$WORK/synth-$tracks.db"
    synth_start=$(date +%s.%N)
    "$BIN/segue-dev" synth-db --out "$db" --tracks "$tracks" --seed 1 >/dev/null
    synth=$(echo "$(date +%s.%N) - $synth_start" | bc)
    sqlite3 "$db" "UPDATE tracks SET missing_since = CURRENT_TIMESTAMP WHERE id > $tracks - 100"

    index build --verbose
    read -r build build_mb build_cpu <<<"$(measure "$WORK/build.txt")"
    search=$(grep -oE '(exact|approximate) neighbours' "$WORK/build.out" | cut -d' ' -f1)
    per_million=$(echo "$build_mb * 1000000 / $tracks" | bc)
    before=$(recall)
    index rerun
    grep -q "up to date" "$WORK/rerun.out" || { echo "bench/index.sh: rerun was not a no-op" >&2; exit 1; }
    read -r rerun _ _ <<<"$(measure "$WORK/rerun.txt")"

    sqlite3 "$db" "UPDATE tracks SET missing_since = NULL"
    index update
    read -r update update_mb update_cpu <<<"$(measure "$WORK/update.txt")"
    [ "$search" = approximate ] && ! grep -q "tracks added to the index" "$WORK/update.out" \
        && { echo "bench/index.sh: adding 100 tracks did not update the index: $(cat "$WORK/update.out")" >&2; exit 1; }
    after=$(recall)

    "$TIME" -v "$BIN/segue-dev" index-query --db "$db" --queries 1000 2>"$WORK/query.txt" >"$WORK/query.out"
    nbr=$(sed -E 's/.*neighbours of a track ([0-9.]+) µs.*/\1/' "$WORK/query.out")
    seeds=$(sed -E 's/.*of 5 seeds ([0-9.]+) µs.*/\1/' "$WORK/query.out")

    exact=- exact_mb=- exact_cpu=-
    if [ "$search" = approximate ] && [ "$tracks" -le "$EXACT_UP_TO" ]; then
        index exact --exact
        read -r exact exact_mb exact_cpu <<<"$(measure "$WORK/exact.txt")"
    fi
    printf '%-8s %-11s %8.1f %9.2f %9.2f %9s %8s %7s %8.2f %9.2f %10.2f %9s %8s %9s %9s %9s %10s %10s\n' \
        "$tracks" "$search" "$synth" "$build" "$build_cpu" "$build_mb" "$per_million" "$before" "$rerun" \
        "$update" "$update_cpu" "$update_mb" "$after" "$exact" "$exact_cpu" "$exact_mb" "$nbr" "$seeds"
    grep -E "clusters:|candidates scored|write:" "$WORK/build.txt" | sed 's/^/    /' || true
    if [ "$search" = exact ]; then
        printf 'index:\n  exact_below: 0\n' >"$WORK/forced.yaml"
        index forced --config "$WORK/forced.yaml" --verbose
        read -r forced forced_mb forced_cpu <<<"$(measure "$WORK/forced.txt")"
        grep -q "approximate neighbours" "$WORK/forced.out" || { echo "bench/index.sh: exact_below 0 did not search approximately" >&2; exit 1; }
        printf '%-8s %-11s %8s %9.2f %9.2f %9s %8s %7s   (approximate forced: index.exact_below 0)\n' \
            "$tracks" approximate - "$forced" "$forced_cpu" "$forced_mb" "$(echo "$forced_mb * 1000000 / $tracks" | bc)" "$(recall)"
        grep -E "clusters:|candidates scored|write:" "$WORK/forced.txt" | sed 's/^/    /' || true
    fi
    rm -f "$db" "$db"-wal "$db"-shm
done
