#!/usr/bin/env bash
# segue-export on the synthetic 33,636-track library: 8 playlists of 30 tracks (the default
# library mixes) written as M3U8 and XSPF. Whole process, targets: wall ≤ 1 s, peak RSS ≤ 60 MB.
# Runs standalone after `swift build -c release`.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

TRACKS=${TRACKS:-33636}
work="$BENCH_DIR/export"
db="$work/synth-$TRACKS.db"
mkdir -p "$work"
if [[ ! -f $db ]]; then
    "$BIN/segue-dev" synth-db --out "$db" --tracks "$TRACKS" >/dev/null
fi
"$BIN/segue-index" --db "$db" --quiet

out="$work/playlists"
rm -rf "$out"
cat >"$work/config.yaml" <<YAML
library:
  music_dirs: [/synthetic]
playlists:
  output_dir: $out
  library_mixes: {count: 8}
  defaults: {tracks: 30}
YAML

# The first run after an index build; then a nightly rerun, which replaces every file.
measure "export: 8 playlists x 30 tracks, $TRACKS tracks" "$BIN/segue-export" --config "$work/config.yaml" --db "$db" --quiet
first_wall=$WALL first_mb=$PEAK_MB
measure "export again (same night, files replaced)" "$BIN/segue-export" --config "$work/config.yaml" --db "$db" --quiet
measure "export ad hoc --artist (dry run)" "$BIN/segue-export" --config "$work/config.yaml" --db "$db" --quiet --dry-run --artist "Artist 7"

printf '%-52s %8s\n' "load average (1 min) while measuring" "$(cut -d' ' -f1 /proc/loadavg)"
m3u8=$(find "$out" -name '*.m3u8' | wc -l)
entries=$(cat "$out"/*.m3u8 | grep -vc '^#')
printf '%-52s %8s\n' "playlists written / entries" "$m3u8 / $entries"
awk -v w="$first_wall" -v m="$first_mb" 'BEGIN {
    printf "%-52s %8s\n", "target wall <= 1 s", (w <= 1 ? "met" : "MISSED");
    printf "%-52s %8s\n", "target peak RSS <= 60 MB", (m <= 60 ? "met" : "MISSED") }'
