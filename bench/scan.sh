#!/usr/bin/env bash
# segue-scan: first scan of a generated library of small files (warm cache), a no-change
# rescan of it, and a no-change rescan of 30,000 files (hard-linked copies). Targets:
# first scan >= 3,000 files/s on 2 cores (audio identity included); 30,000-file no-change
# rescan <= 0.5 s. The first scan is measured again with the library out of the page cache.
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

# Warm cache: the target is about our code, not the disk. The kernel may reclaim page cache
# meanwhile (this machine's DAMON pages out what was idle for a minute), so what is still
# cached is printed with the first scan, with what else the machine did during it.
find "$library" "$large" -type f -exec cat {} + >/dev/null
# The program and its shared libraries too: evicted, they cost a first scan about 0.2 s of
# page faults (150 of them, each reading up to the device's 8 MB read-ahead).
{ echo "$BIN/segue-scan"; ldd "$BIN/segue-scan" | awk '$3 ~ /^\// { print $3 }'; } | xargs cat >/dev/null

rm -f "$db" "$db-wal" "$db-shm" "$large_db" "$large_db-wal" "$large_db-shm"

# cached_percent DIR: the share of DIR's file pages in the page cache (util-linux `fincore`).
cached_percent() {
    command -v fincore >/dev/null || { echo "?"; return; }
    find "$1" -type f -print0 | xargs -0 fincore -b -n -o RES,SIZE 2>/dev/null \
        | awk '{ r += $1; s += $2 } END { printf "%.0f", (s > 0 ? 100 * (r < s ? r : s) / s : 0) }'
}
# busy_ticks: the machine's CPU ticks spent busy (user to softirq) and stolen by the host, from /proc/stat.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat; }

measure "baseline: find + stat, $files files" find "$library" -type f -printf '%s %T@\n'
cached=$(cached_percent "$library")
read -r busy_before steal_before < <(busy_ticks)
measure "first scan, $files files" env SEGUE_MUSIC_DIR="$library" "$BIN/segue-scan" --db "$db" --quiet
read -r busy_after steal_after < <(busy_ticks)
first=$WALL
printf '%-52s %8.0f files/s\n' "first scan rate" "$(awk -v n="$files" -v t="$first" 'BEGIN { print (t > 0 ? n / t : 0) }')"
tick=$(getconf CLK_TCK)
printf '%-52s %8s %% of the library cached before; %.2f s of CPU by other processes, %.2f s stolen by the host\n' \
    "  while it ran" "$cached" \
    "$(awk -v b=$((busy_after - busy_before)) -v own="$CPU" -v t="$tick" 'BEGIN { o = b / t - own; print (o > 0 ? o : 0) }')" \
    "$(awk -v s=$((steal_after - steal_before)) -v t="$tick" 'BEGIN { print s / t }')"
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

# The first scan again with the library dropped from the page cache, as the kernel's reclaim
# leaves it (last: the 30,000 files are the same inodes): the readers' prefetch hints must
# keep the disk reads off their critical path.
python3 - "$library" <<'PY'
import os, sys
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        descriptor = os.open(os.path.join(folder, name), os.O_RDONLY)
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(descriptor)
PY
rm -f "$db" "$db-wal" "$db-shm"
measure "first scan, $files files, none of them cached" env SEGUE_MUSIC_DIR="$library" "$BIN/segue-scan" --db "$db" --quiet
printf '%-52s %8.0f files/s, %.2f s of CPU\n' "first scan rate, uncached" "$(awk -v n="$files" -v t="$WALL" 'BEGIN { print (t > 0 ? n / t : 0) }')" "$CPU"
