#!/usr/bin/env bash
# How well Segue hears, on real music: scan, analyze and index the real library of
# bench/real-library.py (Debian's freely licensed game music, one album per game) with the
# built executables, then print the same-album and same-artist precision@10 of the neighbour
# graph by sound alone (genre weight 0), with chance, over all tracks and over the tune and
# held-out halves of the albums (segue-dev precision). For embedding mode `none` also the raw
# DSP vector (every feature robust-normalised and weighted alike, cosine), against which the
# index's own weighting is judged.
#
# Usage: bench/similarity.sh [LIBRARY]
#   LIBRARY             default $SEGUE_EVAL_LIBRARY, else eval-library/ (built when missing)
#   MODES="none musicnn" the analysis.embedding modes; a mode this build does not know is
#                       skipped with a note (none then means the DSP features alone)
#   WORKERS=1           analysis workers (the machine is shared: keep it low; runs under nice)
#   SIMILARITY_WORK=DIR keep the databases there: a rerun only redoes what changed
# The config and databases live in a temporary folder; the repository's database is never
# touched. Slow (a few minutes per mode): not part of the default `make bench`; run it with
# `make bench BENCH_ONLY=similarity` or directly.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(pwd)/${SEGUE_BIN:-.build/release}"
for tool in segue-scan segue-analyze segue-index segue-dev; do
    [ -x "$BIN/$tool" ] || { echo "bench/similarity.sh: $BIN/$tool missing; run swift build -c release" >&2; exit 1; }
done
library=${1:-${SEGUE_EVAL_LIBRARY:-eval-library}}
if [ ! -f "$library/.sources/manifest.tsv" ]; then
    python3 bench/real-library.py "$library"
fi
library=$(cd "$library" && pwd)
if [ -n "${SIMILARITY_WORK:-}" ]; then
    mkdir -p "$SIMILARITY_WORK"
    work=$(cd "$SIMILARITY_WORK" && pwd)
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
workers=${WORKERS:-1}

# config MODE [embedding line]: the config of one mode, by sound alone.
config() {
    cat <<EOF
library:
  music_dirs: [$library]
  database: $work/$1/segue.db
analysis:
  workers: $workers
$2
index:
  sonic_weight: 1.0
  similar_artist_boost: 0
EOF
}

stage() {
    local name=$1; shift
    local start log
    start=$(date +%s.%N)
    log="$work/$mode/$name.log"
    if ! nice "$BIN/segue-$name" "$@" >"$log" 2>&1; then
        echo "bench/similarity.sh: segue-$name failed (mode $mode):" >&2
        tail -n 5 "$log" >&2
        exit 1
    fi
    printf '%-8s %6.1f s  %s\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)" "$(tail -n 1 "$log")"
}

echo "library: $library ($(grep -vc "^#" "$library/.sources/manifest.tsv" | awk "{print \$1 - 1}") tracks); load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for mode in ${MODES:-none musicnn}; do
    mkdir -p "$work/$mode"
    cfg="$work/$mode/config.yaml"
    config "$mode" "  embedding: $mode" >"$cfg"
    if ! "$BIN/segue-analyze" --config "$cfg" --status >/dev/null 2>"$work/$mode/status.err"; then
        if ! grep -q "analysis.embedding" "$work/$mode/status.err"; then
            cat "$work/$mode/status.err" >&2
            exit 1
        fi
        if [ "$mode" != none ]; then
            echo "## embedding: $mode: skipped, this build has no analysis.embedding (the MusiCNN embedding is not merged yet)"
            continue
        fi
        echo "## embedding: none (this build has no analysis.embedding: the DSP features alone)"
        config "$mode" "" >"$cfg"
    else
        echo "## embedding: $mode"
    fi
    stage scan --config "$cfg"
    stage analyze --config "$cfg" --workers "$workers"
    stage index --config "$cfg" --force
    raw=()
    [ "$mode" = none ] && raw=(--raw)
    "$BIN/segue-dev" precision --db "$work/$mode/segue.db" "${raw[@]}"
done
