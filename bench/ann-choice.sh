#!/usr/bin/env bash
# Why the approximate index is FAISS k-means clusters and not hnswlib (issue 13): hnswlib
# (bench/ann-choice/hnsw_graph.cpp) given the same work as segue-index, every track's
# index.neighbours nearest by the index's own score, on the vectors an approximate build of
# the same synthetic library stored. Prints segue-index's build (CPU, peak memory, recall@10
# on 2,000 sampled tracks) and hnswlib's build and search CPU, peak memory and recall@10.
# Only when asked: `make bench BENCH_ONLY=ann-choice`, about 15 minutes, at low priority.
# Usage: bench/ann-choice.sh [TRACKS]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
BIN="$(pwd)/${BIN}"
CXX=${CXX:-$(dirname "$(readlink -f "$(command -v swift)")")/clang++}
[ -f /usr/include/hnswlib/hnswlib.h ] || { echo "bench/ann-choice.sh: hnswlib is missing (make test-deps installs it)" >&2; exit 1; }
tracks=${1:-200000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$CXX" -O3 -march=native -std=c++17 -pthread -o "$WORK/hnsw_graph" bench/ann-choice/hnsw_graph.cpp
db="$WORK/synth.db"
"$BIN/segue-dev" synth-db --out "$db" --tracks "$tracks" --seed 1 >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
measure "segue-index, $tracks tracks (approximate)" nice "$BIN/segue-index" --db "$db" --quiet
echo "    CPU ${CPU} s; $(nice "$BIN/segue-dev" index-recall --db "$db" --queries 2000)"
read -r rows sonic_cols genre_cols <<<"$(sqlite3 -separator ' ' "$db" "SELECT s.rows, s.cols, g.cols FROM index_matrices s, index_matrices g WHERE s.name = 'sonic' AND g.name = 'genre'")"
read -r sonic_weight genre_weight neighbours <<<"$(sqlite3 -separator ' ' "$db" "SELECT (SELECT value FROM index_meta WHERE key = 'sonic_weight'), (SELECT value FROM index_meta WHERE key = 'genre_weight'), (SELECT value FROM index_meta WHERE key = 'neighbours')")"
sqlite3 "$db" "SELECT writefile('$WORK/sonic.bin', data) FROM index_matrices WHERE name = 'sonic'; SELECT writefile('$WORK/genre.bin', data) FROM index_matrices WHERE name = 'genre'" >/dev/null
# M, ef_construction and ef (the search's candidate list: at least the neighbours kept).
for setting in "16 200 128" "8 100 110"; do
    read -r m construction ef <<<"$setting"
    nice "$WORK/hnsw_graph" "$WORK/sonic.bin" "$WORK/genre.bin" "$rows" "$sonic_cols" "$genre_cols" \
        "$sonic_weight" "$genre_weight" "$neighbours" "$m" "$construction" "$ef" 2000
done
