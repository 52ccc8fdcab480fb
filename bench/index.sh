#!/usr/bin/env bash
# Similarity index benchmark (run after `swift build -c release`).
# For each library size: generate a synthetic database, time a full `segue-index` build
# (targets at 33,636 tracks: <= 30 s on 2 cores, <= 300 MB peak RSS), a rerun with nothing
# changed (target: < 1 s), and the queries export makes, in a process of their own as export
# loads the index (targets: neighbours of a track <= 1 ms; whole process <= 1 s, <= 60 MB).
# Usage: bench/index.sh [TRACKS...]   (default: 33636 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(pwd)/${BIN:-.build/release}"
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    echo "bench/index.sh: $TIME is missing (apt-get install -y time)" >&2
    exit 1
fi
for tool in segue-dev segue-index; do
    [ -x "$BIN/$tool" ] || { echo "bench/index.sh: $BIN/$tool missing; run swift build -c release" >&2; exit 1; }
done
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(33636 200000)
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

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%-8s %8s %9s %9s %9s %10s %9s %8s %10s %10s %10s\n' \
    tracks synth_s build_s build_cpu build_MB rerun_s query_s query_MB load_us nbr_us seeds_us
for tracks in "${SIZES[@]}"; do
    db="$WORK/synth-$tracks.db"
    synth_start=$(date +%s.%N)
    "$BIN/segue-dev" synth-db --out "$db" --tracks "$tracks" --seed 1 >/dev/null
    synth=$(echo "$(date +%s.%N) - $synth_start" | bc)
    "$TIME" -v "$BIN/segue-index" --db "$db" --quiet 2>"$WORK/build.txt" >/dev/null || { cat "$WORK/build.txt" >&2; exit 1; }
    read -r build build_mb build_cpu <<<"$(measure "$WORK/build.txt")"
    "$TIME" -v "$BIN/segue-index" --db "$db" 2>"$WORK/rerun.txt" >"$WORK/rerun.out"
    grep -q "up to date" "$WORK/rerun.out" || { echo "bench/index.sh: rerun was not a no-op" >&2; exit 1; }
    read -r rerun _ _ <<<"$(measure "$WORK/rerun.txt")"
    "$TIME" -v "$BIN/segue-dev" index-query --db "$db" --queries 1000 2>"$WORK/query.txt" >"$WORK/query.out"
    read -r query query_mb _ <<<"$(measure "$WORK/query.txt")"
    load=$(sed -E 's/.*load ([0-9.]+) µs.*/\1/' "$WORK/query.out")
    nbr=$(sed -E 's/.*neighbours of a track ([0-9.]+) µs.*/\1/' "$WORK/query.out")
    seeds=$(sed -E 's/.*of 5 seeds ([0-9.]+) µs.*/\1/' "$WORK/query.out")
    printf '%-8s %8.1f %9.2f %9.2f %9s %10.2f %9.2f %8s %10s %10s %10s\n' \
        "$tracks" "$synth" "$build" "$build_cpu" "$build_mb" "$rerun" "$query" "$query_mb" "$load" "$nbr" "$seeds"
    rm -f "$db" "$db"-wal "$db"-shm
done
