#!/usr/bin/env bash
# segue-genres against the fixture server at MusicBrainz's real rate (1 request/s):
# 2,100 artists with MBIDs (2 albums each, release-group MBIDs known). Rows: requests made
# and wall time per pass. It replaces a one-lookup-per-artist fetch of about 77 minutes.
# Targets: ≤ 25 artist requests, ≤ 1 minute for the artists, 0 requests on a rerun.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

ARTISTS=${GENRES_BENCH_ARTISTS:-2100}
RATE=${GENRES_BENCH_RATE:-1}
dir="$BENCH_DIR/genres"
rm -rf "$dir"
mkdir -p "$dir"

"$BIN/segue-dev" genre-library --db "$dir/library.db" --artists "$ARTISTS" --albums-per-artist 2 >/dev/null

"$BIN/segue-dev" fixture-server --library-db "$dir/library.db" --requests-log "$dir/requests.log" >"$dir/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "serving" "$dir/server.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$dir/server.out")

cat >"$dir/config.yaml" <<YAML
library:
  music_dirs: [$dir]
  database: $dir/library.db
genres:
  musicbrainz:
    base_url: $url
    requests_per_second: $RATE
    contact: bench@example.invalid
YAML

requests() { wc -l <"$dir/requests.log" | tr -d ' '; }

printf '%-52s %10s %9s %9s\n' "pass ($ARTISTS artists, $RATE req/s)" wall peak requests
run() {
    local label=$1; shift
    local before; before=$(requests)
    measure "$label" "$BIN/segue-genres" --config "$dir/config.yaml" --quiet "$@" >/dev/null
    printf '%-52s %8.2f s %6d MB %9d\n' "$label" "$WALL" "$PEAK_MB" "$(( $(requests) - before ))"
}
run "dry run (estimate, no requests)" --dry-run
run "artists (batched arid searches)" --only artists
run "albums (batched rgid searches)" --only albums
run "rerun, nothing new" 

artist_requests=$(grep -c '/ws/2/artist?' "$dir/requests.log" || true)
echo "artist requests: $artist_requests (target <= 25, wall target <= 60 s; the per-artist fetch replaced took ~77 min)"
