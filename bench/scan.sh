#!/usr/bin/env bash
# segue-scan: first scan of a generated library of small files (warm cache), a no-change
# rescan of it, and a no-change rescan of 30,000 files (hard-linked copies). Targets:
# first scan >= 3,000 files/s on 2 cores (audio identity included); 30,000-file no-change
# rescan <= 0.5 s.
# Baseline: `find` stat-ing every file, the least any rescan must do.
# SCAN_TRACKS (default 2000) and SCAN_COPIES (default 15) size the libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null
source bench/lib.sh

tracks=${SCAN_TRACKS:-2000}
copies=${SCAN_COPIES:-15}
library=$BENCH_DIR/scan-library-$tracks
large=$BENCH_DIR/scan-library-$tracks-x$copies
db=$BENCH_DIR/scan.db
large_db=$BENCH_DIR/scan-large.db

if [[ ! -f $library/manifest.json ]]; then
    echo "generating $tracks tracks in $library (once; reused by later runs)" >&2
    "$BIN/segue-dev" generate-library --out "$library" --tracks "$tracks" --seconds 2 --seed 11 >&2
fi
files=$(find "$library" -type f ! -name manifest.json | wc -l)
if [[ ! -d $large ]]; then
    mkdir -p "$large.tmp"
    for i in $(seq 1 "$copies"); do cp -al "$library" "$large.tmp/copy-$i"; done
    mv "$large.tmp" "$large"
fi
large_files=$(find "$large" -type f ! -name manifest.json | wc -l)

# Warm cache: the target is about our code, not the disk.
find "$library" "$large" -type f -exec cat {} + >/dev/null

rm -f "$db" "$db-wal" "$db-shm" "$large_db" "$large_db-wal" "$large_db-shm"

measure "baseline: find + stat, $files files" find "$library" -type f -printf '%s %T@\n'
measure "first scan, $files files" env SEGUE_MUSIC_DIR="$library" "$BIN/segue-scan" --db "$db" --quiet
first=$WALL
printf '%-52s %8.0f files/s\n' "first scan rate" "$(awk -v n="$files" -v t="$first" 'BEGIN { print (t > 0 ? n / t : 0) }')"
# CPU time too: on a busy machine the wall time mostly measures the other processes.
rm -f "$db" "$db-wal" "$db-shm"
cpu_report=$(mktemp)
/usr/bin/time -f '%U %S' -o "$cpu_report" env SEGUE_MUSIC_DIR="$library" "$BIN/segue-scan" --db "$db" --quiet >/dev/null 2>&1
read -r user_s sys_s <"$cpu_report"
rm -f "$cpu_report"
cpu_s=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { print u + s }')
printf '%-52s %8.2f s CPU, %6.0f files per CPU-second\n' "first scan CPU time (user+sys)" "$cpu_s" "$(awk -v n="$files" -v t="$cpu_s" 'BEGIN { print (t > 0 ? n / t : 0) }')"
measure "no-change rescan, $files files" env SEGUE_MUSIC_DIR="$library" "$BIN/segue-scan" --db "$db" --quiet

measure "baseline: find + stat, $large_files files" find "$large" -type f -printf '%s %T@\n'
measure "first scan, $large_files files" env SEGUE_MUSIC_DIR="$large" "$BIN/segue-scan" --db "$large_db" --quiet
printf '%-52s %8.0f files/s\n' "first scan rate" "$(awk -v n="$large_files" -v t="$WALL" 'BEGIN { print (t > 0 ? n / t : 0) }')"
measure "no-change rescan, $large_files files" env SEGUE_MUSIC_DIR="$large" "$BIN/segue-scan" --db "$large_db" --quiet
