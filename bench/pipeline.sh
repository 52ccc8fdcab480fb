#!/usr/bin/env bash
# The nightly pipeline as cron runs it (pipeline.sh, through make), against the simulated
# genre services on loopback: the first night on the generated library, a night with
# nothing changed on it, and a night with nothing changed on a library of 30,000 small
# files (target <= 10 s). Baseline: `find` stat-ing every file, the least a night can do.
# PIPELINE_TRACKS (default 200) sizes the generated library; the 30,000-file library is
# the one bench/scan.sh makes (its first night runs once and is kept in $BENCH_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null
source bench/lib.sh

tracks=${PIPELINE_TRACKS:-200}
library=$BENCH_DIR/pipeline-library-$tracks
large=$BENCH_DIR/scan-library-2000-x15
server_pid=""
trap '[[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null' EXIT

if [[ ! -f $library/manifest.json ]]; then
    echo "generating $tracks tracks in $library (once; reused by later runs)" >&2
    "$BIN/segue-dev" generate-library --out "$library" --tracks "$tracks" --seconds 30 --seed 7 >&2
fi
[[ -d $large ]] || BENCH_ONLY=scan bench/scan.sh >/dev/null

# night STATE MUSIC: a config for MUSIC under STATE, and the simulated services answering
# for the library's artists (found by a scan of their own), on a free loopback port.
setup() {
    local state=$1 music=$2 port
    mkdir -p "$state"
    if [[ ! -f $state/services.db ]]; then
        SEGUE_MUSIC_DIR="$music" "$BIN/segue-scan" --db "$state/services.db" --quiet >/dev/null
    fi
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
    port=$(( 20000 + RANDOM % 20000 ))
    "$BIN/segue-dev" fixture-server --port "$port" --library-db "$state/services.db" >/dev/null 2>&1 &
    server_pid=$!
    sleep 0.5
    cat >"$state/config.yaml" <<YAML
library:
  music_dirs: [$music]
  database: $state/segue.db
genres:
  musicbrainz:
    base_url: http://127.0.0.1:$port
    requests_per_second: 50
playlists:
  output_dir: $state/playlists
YAML
}

night=(env "SEGUE_BIN=$BIN" ./pipeline.sh --config)

small=$BENCH_DIR/pipeline-state-$tracks
rm -rf "$small"
setup "$small" "$library"
files=$(find "$library" -type f ! -name manifest.json | wc -l)
measure "first night, $files tracks of 30 s" "${night[@]}" "$small/config.yaml"
measure "no-change night, $files tracks" "${night[@]}" "$small/config.yaml"
measure "baseline: find + stat, $files files" find "$library" -type f -printf '%s %T@\n'

big=$BENCH_DIR/pipeline-state-large
setup "$big" "$large"
large_files=$(find "$large" -type f ! -name manifest.json | wc -l)
if [[ ! -f $big/checkpoints/export.done ]]; then
    echo "first night on $large_files files (once; kept in $big)" >&2
    "${night[@]}" "$big/config.yaml" >/dev/null || true
fi
measure "no-change night, $large_files files" "${night[@]}" "$big/config.yaml"
measure "baseline: find + stat, $large_files files" find "$large" -type f -printf '%s %T@\n'
