#!/usr/bin/env bash
# `make bench`: every stage's whole-process benchmark, each against a baseline measured in
# the same run. Figures go to the terminal and to bench-results/bench-<date>.txt.
# BENCH_ONLY="scan index" runs a subset; BENCH_ONLY=similarity the real-music evaluation
# (bench/similarity.sh: slow, so not in the default run).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p bench-results
out="bench-results/bench-$(date +%Y%m%d-%H%M%S).txt"
only=${BENCH_ONLY:-scan analyze shards dsp genres index export players pipeline}
{
    echo "# Segue bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    for name in $only; do
        script="bench/$name.sh"
        [[ -x $script ]] || { echo "## $name: no benchmark"; continue; }
        echo "## $name"
        "$script"
    done
} 2>&1 | tee "$out"
echo "saved to $out"
