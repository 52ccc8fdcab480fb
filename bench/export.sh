#!/usr/bin/env bash
# segue-export on the synthetic 33,636-track library: 8 playlists of 30 tracks (the default
# library mixes) written as M3U8 and XSPF, with every rule on: one copy per recording, a
# seasonal exclusion down the genre tree (christmas and its children, except in December), one
# playlist per track a night, the hub penalty, lasting mixes. Whole process, targets: ≤ 0.3 s
# of CPU (user + sys: on a machine shared with other builds the wall time mostly measures
# them), peak RSS ≤ 60 MB, both on the night after an index build (when export derives its
# library-wide facts again) and on a night with nothing new. Runs standalone after
# `swift build -c release`.
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
  max_playlists_per_track: 1
  hubs: {threshold: 4, damping: 0.5}
  defaults:
    tracks: 30
    exclude: [{genre: christmas, except_months: [12]}]
YAML
night=("$BIN/segue-export" --config "$work/config.yaml" --db "$db" --quiet --date)

# A night after an index build: hubs, same-audio pairs and duplicate groups are derived afresh.
"$BIN/segue-index" --db "$db" --quiet --force
measure "export: 8 playlists x 30, all rules, after an index build" "${night[@]}" 2026-11-29
first_cpu=$CPU first_mb=$PEAK_MB
printf '%-52s %8.2f s\n' "  CPU (user + sys)" "$CPU"
measure "export: the next night, nothing new" "${night[@]}" 2026-11-30
next_cpu=$CPU next_mb=$PEAK_MB
printf '%-52s %8.2f s\n' "  CPU (user + sys)" "$CPU"
measure "export again (same night, files replaced)" "${night[@]}" 2026-11-30
measure "export ad hoc --artist (dry run)" "${night[@]}" 2026-11-30 --dry-run --artist "Artist 7"
measure "export ad hoc --track A --track B (blend, dry run)" "${night[@]}" 2026-11-30 --dry-run \
    --track "Artist 7/Album 13/1.flac" --track "Artist 900/Album 1799/1.flac"
measure "export --from A --to B --tracks 20 (dry run)" "${night[@]}" 2026-11-30 --dry-run --tracks 20 \
    --from "Artist 7/Album 13/1.flac" --to "Artist 900/Album 1799/1.flac"

printf '%-52s %8s\n' "load average (1 min) while measuring" "$(cut -d' ' -f1 /proc/loadavg)"
m3u8=$(find "$out" -name '*.m3u8' | wc -l)
entries=$(cat "$out"/*.m3u8 | grep -vc '^#')
printf '%-52s %8s\n' "playlists written / entries" "$m3u8 / $entries"
awk -v c1="$first_cpu" -v m1="$first_mb" -v c2="$next_cpu" -v m2="$next_mb" 'BEGIN {
    printf "%-52s %8s\n", "target CPU <= 0.3 s (after an index build)", (c1 <= 0.3 ? "met" : "MISSED");
    printf "%-52s %8s\n", "target CPU <= 0.3 s (nothing new)", (c2 <= 0.3 ? "met" : "MISSED");
    printf "%-52s %8s\n", "target peak RSS <= 60 MB (both)", (m1 <= 60 && m2 <= 60 ? "met" : "MISSED") }'
