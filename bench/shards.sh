#!/usr/bin/env bash
# Sharded analysis, whole processes: the same scanned library analysed by one run of
# segue-analyze (2 workers), then by 4 shards (segue-analyze --shard K/4, two at a time with
# one worker each, as 2 cores run them) and their merge (segue-analyze --merge). Reports the
# merge's wall time and peak memory, the total CPU of shards + merge against the single run,
# and checks that both give the same features, bit for bit.
# Run after `swift build -c release`. SHARD_TRACKS (400) and SHARD_SECONDS (30) size the
# library, generated once.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

tracks=${SHARD_TRACKS:-400}
seconds=${SHARD_SECONDS:-30}
library="$BENCH_DIR/shards-library-$tracks-$seconds"
work="$BENCH_DIR/shards-run"

for tool in "$BIN/segue-analyze" "$BIN/segue-scan" "$BIN/segue-dev" /usr/bin/time sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (swift build -c release; make test-deps)" >&2; exit 1; }
done
if [[ ! -f $library/manifest.json ]]; then
    echo "generating $tracks tracks of $seconds s in $library (once)..."
    "$BIN/segue-dev" generate-library --out "$library" --tracks "$tracks" --seconds "$seconds" --jobs 2 >/dev/null
fi

rm -rf "$work" && mkdir -p "$work/shards"
printf 'library:\n  music_dirs: [%s]\n  database: %s/single.db\n' "$library" "$work" >"$work/config.yaml"
"$BIN/segue-scan" --config "$work/config.yaml" --db "$work/pristine.db" --quiet >/dev/null
sqlite3 "$work/pristine.db" ".backup '$work/single.db'"
sqlite3 "$work/pristine.db" ".backup '$work/sharded.db'"
echo "library: $(sqlite3 "$work/pristine.db" 'SELECT COUNT(*) FROM tracks') tracks of $seconds s"

measure_tree "segue-analyze, one run, 2 workers" "$BIN/segue-analyze" --config "$work/config.yaml" --workers 2 --quiet
single_wall=$WALL single_cpu=$CPU single_mb=$PEAK_MB

printf '%s\n' 1 2 3 4 >"$work/shards.list"
measure_tree "4 shards, 2 at a time, 1 worker each" xargs -P 2 -I{} "$BIN/segue-analyze" --config "$work/config.yaml" \
    --db "$work/sharded.db" --shard {}/4 --output "$work/shards/shard-{}-of-4.db" --workers 1 --quiet <"$work/shards.list"
shards_wall=$WALL shards_cpu=$CPU
measure_tree "merge of the 4 shard files" "$BIN/segue-analyze" --config "$work/config.yaml" --db "$work/sharded.db" \
    --merge "$work"/shards/shard-*-of-4.db --quiet
merge_wall=$WALL merge_cpu=$CPU merge_mb=$PEAK_MB
measure_tree "the same merge again (nothing new)" "$BIN/segue-analyze" --config "$work/config.yaml" --db "$work/sharded.db" \
    --merge "$work"/shards/shard-*-of-4.db --quiet

features() { sqlite3 "$1" "SELECT t.path, hex(f.vector), hex(f.segment_vectors), f.bpm, f.musical_key FROM sonic_features f JOIN tracks t ON t.id = f.track_id ORDER BY t.path" | sha256sum | cut -d' ' -f1; }
same=no
[[ $(features "$work/single.db") == $(features "$work/sharded.db") ]] && same=yes
total_cpu=$(awk -v a="$shards_cpu" -v b="$merge_cpu" 'BEGIN { printf "%.2f", a + b }')
echo "features of the shards, merged, identical to the single run: $same"
echo "CPU (user+sys): single run $single_cpu s; 4 shards $shards_cpu s + merge $merge_cpu s = $total_cpu s ($(ratio "$total_cpu" "$single_cpu")x)"
echo "wall: single run $single_wall s ($single_mb MB); shards $shards_wall s; merge $merge_wall s ($merge_mb MB)"
[[ $same == yes ]]
