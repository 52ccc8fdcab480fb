#!/usr/bin/env bash
# Segue's nightly entry point (cron): one run at a time, a timestamped log per run, the
# stages run through make, a per-stage summary, and a non-zero exit when any stage failed.
#
#   pipeline.sh [--config FILE] [TARGET...]
#
# TARGETs default to the whole pipeline: scan, then analyze and genres side by side, then
# index and export. A failed stage does not stop the later ones (tonight's playlists are
# built from what is known), except a configuration error, which would fail them all.
set -uo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; }

config=""
targets=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --config) [[ $# -ge 2 ]] || { echo "pipeline.sh: --config needs a file" >&2; exit 2; }; config=$2; shift 2 ;;
        --config=*) config=${1#--config=}; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "pipeline.sh: unknown option '$1' (see pipeline.sh --help)" >&2; exit 2 ;;
        scan|analyze|genres|index|export) targets+=("$1"); shift ;;
        *) echo "pipeline.sh: unknown target '$1' (scan, analyze, genres, index, export)" >&2; exit 2 ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(scan analyze genres index export)

make_args=(--no-print-directory -s)
config_flag=()
if [[ -n $config ]]; then
    [[ -f $config ]] || { echo "pipeline.sh: config file $config not found" >&2; exit 2; }
    make_args+=("CONFIG=$config")
    config_flag=(--config "$config")
fi
export SEGUE_BIN=${SEGUE_BIN:-.build/release}
[[ -x $SEGUE_BIN/segue-scan ]] || { echo "pipeline.sh: $SEGUE_BIN/segue-scan not built; run 'make build'" >&2; exit 1; }

# The lock and the logs live beside the stages' checkpoints, as the configuration places them.
# A broken configuration fails every stage alike, so it stops the night before any runs.
paths=$("$SEGUE_BIN/segue-scan" "${config_flag[@]}" --show-paths 2>&1) || { code=$?; echo "pipeline.sh: ${paths#segue-scan: }" >&2; exit $code; }
checkpoints=$(sed -n 's/^checkpoints=//p' <<<"$paths")
cluster=$(sed -n 's/^analysis.cluster=//p' <<<"$paths")
logs="$(dirname "$checkpoints")/logs"
mkdir -p "$checkpoints" "$logs"

lock="$checkpoints/pipeline.lock"
exec 9<>"$lock"
if ! flock -n 9; then
    echo "pipeline.sh: $lock is held by $(cat "$lock" 2>/dev/null || echo 'another run'); rerun later" >&2
    exit 75
fi
echo "pid $$ (pipeline.sh) since $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$lock"

log="$logs/pipeline-$(date +%Y%m%d-%H%M%S).log"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs one stage (through make, or on Slurm); leaves its output, exit status and duration in $work.
run_stage() {
    local stage=$1 started code
    started=$(date +%s%N)
    if [[ $stage == analyze && $cluster == slurm ]]; then
        # A Slurm job array of shards, then their merge (analysis.cluster: slurm).
        ./cluster/slurm-analyze.sh "${config_flag[@]}" >"$work/$stage.out" 2>&1
        code=$?
    else
        make "${make_args[@]}" "$stage" >"$work/$stage.out" 2>&1
        code=$?
        # make turns a failed recipe into 2; the stage's own status is in make's error line
        # (`make[1]:` when pipeline.sh itself runs under make, as `make all` does).
        if [[ $code -ne 0 ]]; then
            code=$(sed -n 's/^make\(\[[0-9]*\]\)\{0,1\}: \*\*\* \[.*\] Error \([0-9]*\)$/\2/p' "$work/$stage.out" | tail -n 1)
            code=${code:-1}
        fi
    fi
    echo "$code" >"$work/$stage.code"
    echo $(( ($(date +%s%N) - started) / 1000000 )) >"$work/$stage.ms"
}

wanted() { [[ " ${targets[*]} " == *" $1 "* ]]; }

echo "segue pipeline started $(date -u +%Y-%m-%dT%H:%M:%SZ): ${targets[*]}" | tee -a "$log"
ran=() failed=() worst=0
groups=("scan" "analyze genres" "index" "export")
# Shards read the database as an unchanging snapshot, so genres must not write it meanwhile.
[[ $cluster == slurm ]] && groups=("scan" "analyze" "genres" "index" "export")
for group in "${groups[@]}"; do
    stages=()
    for stage in $group; do wanted "$stage" && stages+=("$stage"); done
    [[ ${#stages[@]} -gt 0 ]] || continue
    for stage in "${stages[@]}"; do run_stage "$stage" & done
    wait
    for stage in "${stages[@]}"; do
        sed "s/^/[$stage] /" "$work/$stage.out" >>"$log"
        ran+=("$stage")
        code=$(<"$work/$stage.code")
        if [[ $code -ne 0 ]]; then
            failed+=("$stage")
            # 2 (configuration) beats 1 (failure) beats 75 (try again later).
            if [[ $code -eq 2 || ( $code -eq 1 && $worst -ne 2 ) || $worst -eq 0 ]]; then worst=$code; fi
        fi
    done
    [[ $worst -eq 2 ]] && break
done

{
    echo
    printf '%-8s %-9s %9s  %s\n' stage status seconds summary
    for stage in "${ran[@]}"; do
        code=$(<"$work/$stage.code")
        case $code in 0) word=ok ;; 75) word="retry(75)" ;; 2) word="config(2)" ;; *) word="failed($code)" ;; esac
        line=$(grep -E "^segue-$stage: " "$work/$stage.out" | grep -v ': warning: ' | tail -n 1 | sed "s/^segue-$stage: //")
        [[ -n $line ]] || line=$(tail -n 1 "$work/$stage.out")
        ms=$(<"$work/$stage.ms")
        printf '%-8s %-9s %7d.%d  %s\n' "$stage" "$word" $((ms / 1000)) $((ms % 1000 / 100)) "$line"
    done
    echo
    if [[ ${#failed[@]} -eq 0 ]]; then
        echo "segue pipeline finished: all stages ok (log: $log)"
    else
        echo "segue pipeline finished with failures in: ${failed[*]} (log: $log); rerun with 'make ${failed[0]}'"
    fi
} | tee -a "$log"
exit "$worst"
