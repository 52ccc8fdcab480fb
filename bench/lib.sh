# Shared helpers for the bench scripts: whole-process wall time and peak memory.
# shellcheck shell=bash

BIN=${SEGUE_BIN:-.build/release}
BENCH_DIR=${BENCH_DIR:-/tmp/segue-bench}
mkdir -p "$BENCH_DIR"

# measure LABEL CMD...: runs CMD under /usr/bin/time and prints "LABEL  wall  peak-RSS".
# Leaves the wall seconds in $WALL, the peak RSS in MB in $PEAK_MB and the CPU seconds
# (user + sys, children included) in $CPU.
measure() {
    local label=$1; shift
    local report
    report=$(mktemp)
    /usr/bin/time -f '%e %M %U %S' -o "$report" "$@" >/dev/null 2>"$report.err" || {
        local code=$?
        echo "bench: '$label' failed with status $code:" >&2
        tail -n 5 "$report.err" >&2
        rm -f "$report" "$report.err"
        return $code
    }
    local user_s sys_s
    read -r WALL rss_kb user_s sys_s <"$report"
    PEAK_MB=$(( rss_kb / 1024 ))
    CPU=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { printf "%.2f", u + s }')
    rm -f "$report" "$report.err"
    printf '%-52s %8.2f s %7d MB\n' "$label" "$WALL" "$PEAK_MB"
}

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
