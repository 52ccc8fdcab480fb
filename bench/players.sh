#!/usr/bin/env bash
# segue-export pushing 8 playlists x 30 tracks to a Subsonic server whose library is the same
# 30,000 tracks: requests and whole-process figures on the first night (library listed, every
# playlist created), a rerun of the same night (nothing changed) and the next night with the
# library unchanged, against export alone (no players) measured in the same run.
# The server is `segue-dev subsonic-server`, Subsonic-shaped and serving the generated library
# (Supysonic scanning 30,000 real files would take long; correctness is tested on Supysonic).
# Target: a no-change night makes at most one request per playlist plus one library check,
# and so does the next night (new contents, same purposes: the comments are not sent again).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

TRACKS=${PLAYERS_BENCH_TRACKS:-30000}
dir="$BENCH_DIR/players"
db="$dir/synth-$TRACKS.db"
mkdir -p "$dir"
if [[ ! -f $db ]]; then
    "$BIN/segue-dev" synth-db --out "$db" --tracks "$TRACKS" >/dev/null
fi
"$BIN/segue-index" --db "$db" --quiet
# Every run starts from a database that has never pushed (no cached library, no playlist ids).
work_db="$dir/work.db"
rm -f "$work_db" "$work_db-wal" "$work_db-shm"
cp "$db" "$work_db"

log="$dir/requests.log"
rm -f "$log"
"$BIN/segue-dev" subsonic-server --library-db "$db" --music-dir /synthetic --requests-log "$log" >"$dir/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 200); do grep -q "serving" "$dir/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$dir/server.out")

write_config() {
    cat >"$dir/config.yaml" <<YAML
library:
  music_dirs: [/synthetic]
playlists:
  output_dir: $dir/playlists
  library_mixes: {count: 8}
  defaults: {tracks: 30}
$1
YAML
}

requests() { [[ -f $log ]] && wc -l <"$log" | tr -d ' ' || echo 0; }
export_args=(--config "$dir/config.yaml" --db "$work_db" --quiet --date)

write_config ""
# A first export computes the library mixes' clusters, which later runs reuse: keep it out of the figures.
"$BIN/segue-export" "${export_args[@]}" 2026-11-28 >/dev/null 2>&1
measure "export alone, no players (baseline)" "$BIN/segue-export" "${export_args[@]}" 2026-11-29
base_wall=$WALL base_mb=$PEAK_MB
printf '%-52s %8s\n' "  its CPU (user + sys)" "$CPU s"

write_config "players:
  subsonic:
    - {name: Bench, base_url: '$url', user: segue, password: s3cret}"
printf '%-52s %8s %8s %10s %9s\n' "night ($TRACKS songs on the server)" wall "CPU" peak requests
night() {
    local label=$1 date=$2
    local before; before=$(requests)
    measure "$label" "$BIN/segue-export" "${export_args[@]}" "$date" >/dev/null
    local made=$(( $(requests) - before ))
    printf '%-52s %6.2f s %6.2f s %7d MB %9d\n' "$label" "$WALL" "$CPU" "$PEAK_MB" "$made"
    LAST_REQUESTS=$made
}
night "first night: library listed, 8 playlists created" 2026-11-29
first_wall=$WALL first_mb=$PEAK_MB
night "same night again: nothing changed" 2026-11-29
same=$LAST_REQUESTS
night "next night, library unchanged: 8 replaced" 2026-11-30
next=$LAST_REQUESTS
next_wall=$WALL

printf '%-52s %8s\n' "load average (1 min) while measuring" "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-52s %8s\n' "first night: push cost over export alone" "$(awk -v a="$first_wall" -v b="$base_wall" 'BEGIN { printf "+%.2f s", a - b }')"
printf '%-52s %8s\n' "first night: memory over export alone" "+$(( first_mb - base_mb )) MB"
printf '%-52s %8s\n' "next night: push cost over export alone" "$(awk -v a="$next_wall" -v b="$base_wall" 'BEGIN { printf "+%.2f s", a - b }')"
awk -v s="$same" -v n="$next" 'BEGIN {
    printf "%-52s %8s\n", "target: no change <= 8 + 1 requests (" s ")", (s <= 9 ? "met" : "MISSED");
    printf "%-52s %8s\n", "target: next night <= 8 + 1 requests (" n ")", (n <= 9 ? "met" : "MISSED") }'
