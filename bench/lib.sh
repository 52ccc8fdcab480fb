# Shared helpers for the bench scripts: whole-process wall time and peak memory.
# shellcheck shell=bash

BIN=${SEGUE_BIN:-.build/release}
BENCH_DIR=${BENCH_DIR:-/tmp/segue-bench}
mkdir -p "$BENCH_DIR"

# measure LABEL CMD...: runs CMD under /usr/bin/time and prints "LABEL  wall  peak-RSS", and
# for a command that starts processes of its own (segue-analyze's workers) the whole tree's
# peak as well. Leaves the wall seconds in $WALL, the peak RSS of the largest single process in
# MB in $PEAK_MB, the CPU seconds (user + sys, children included) in $CPU, and the tree's peaks
# (bench/tree_memory.py) in $TREE_MB (unique: each page once), $TREE_RSS_MB (RSS summed) and
# $TREE_PSS_MB. Only `measure_tree` samples the tree: the sampler's reads of /proc/PID/smaps
# every 20 ms take the process's memory map lock and a core's share of time, which slows a
# short multi-threaded run such as a scan by a measurable amount.
measure() {
    local label=$1; shift
    local report
    report=$(mktemp)
    # `<&0`: a background command would otherwise read /dev/null instead of our stdin.
    /usr/bin/time -f '%e %M %U %S' -o "$report" "$@" <&0 >/dev/null 2>"$report.err" &
    local pid=$!
    local sampler="" code=0
    if [[ ${SAMPLE_TREE:-0} == 1 ]]; then
        python3 bench/tree_memory.py "$pid" "$report.tree" &
        sampler=$!
    else
        echo "0 0 0" >"$report.tree"
    fi
    wait "$pid" || code=$?
    [[ -z $sampler ]] || wait "$sampler" || true
    if [[ $code -ne 0 ]]; then
        echo "bench: '$label' failed with status $code:" >&2
        tail -n 5 "$report.err" >&2
        rm -f "$report" "$report.err" "$report.tree"
        return $code
    fi
    local user_s sys_s tree_rss_kb tree_pss_kb tree_kb
    read -r WALL rss_kb user_s sys_s <"$report"
    read -r tree_rss_kb tree_pss_kb tree_kb <"$report.tree"
    PEAK_MB=$(( rss_kb / 1024 ))
    TREE_MB=$(( tree_kb / 1024 )) TREE_RSS_MB=$(( tree_rss_kb / 1024 )) TREE_PSS_MB=$(( tree_pss_kb / 1024 ))
    CPU=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { printf "%.2f", u + s }')
    rm -f "$report" "$report.err" "$report.tree"
    printf '%-52s %8.2f s %7d MB' "$label" "$WALL" "$PEAK_MB"
    # The tree includes /usr/bin/time itself (about 2 MB): shown when more than one process counts.
    if [[ $TREE_RSS_MB -gt $(( PEAK_MB + 4 )) ]]; then
        printf '  (process tree: %d MB, each page once; %d MB RSS summed)' "$TREE_MB" "$TREE_RSS_MB"
    fi
    printf '\n'
}

# measure_tree LABEL CMD...: measure, with the peaks of the whole process tree sampled.
measure_tree() { SAMPLE_TREE=1 measure "$@"; }

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
