#!/usr/bin/env bash
# The analyze stage on a Slurm cluster, as pipeline.sh runs it when analysis.cluster is slurm:
# submits cluster/segue-analyze.sbatch as a job array of analysis.slurm.tasks shards, waits for
# it (sbatch --wait), then merges the shard files into the database, what finished of a failed
# task included. Exits as a stage does: 0 done; 1 a task or the merge failed (a rerun resumes);
# 2 a configuration error; 75 Slurm unreachable (nothing analysed; rerun later).
#
#   cluster/slurm-analyze.sh [--config FILE]
set -uo pipefail
cd "$(dirname "$0")/.."

config_flag=()
if [[ ${1:-} == --config && $# -ge 2 ]]; then
    config_flag=(--config "$(realpath "$2")")
fi
bin=$(realpath "${SEGUE_BIN:-.build/release}")
fail() { echo "segue-analyze: error: $2" >&2; exit "$1"; }

settings=$("$bin/segue-analyze" "${config_flag[@]}" --show-paths 2>&1) || fail 2 "${settings#segue-analyze: error: }"
setting() { sed -n "s/^$1=//p" <<<"$settings"; }
tasks=$(setting analysis.slurm.tasks)
partition=$(setting analysis.slurm.partition)
shard_dir=$(setting analysis.shard_dir)
mapfile -t extra < <(setting analysis.slurm.extra_args)

command -v sbatch >/dev/null || fail 2 "analysis.cluster is slurm, but sbatch is not installed here (Debian: slurm-client)"
mkdir -p "$shard_dir" || fail 1 "cannot create the shard folder $shard_dir (analysis.shard_dir)"
shard_dir=$(realpath "$shard_dir")

arguments=(--wait "--array=1-$tasks" "--output=$shard_dir/slurm-%A_%a.log")
[[ -n $partition ]] && arguments+=("--partition=$partition")
arguments+=("${extra[@]}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SEGUE_BIN=$bin sbatch "${arguments[@]}" cluster/segue-analyze.sbatch "$shard_dir" "${config_flag[@]}" --quiet \
    >"$work/sbatch.out" 2>"$work/sbatch.err"
waited=$?
job=$(sed -n 's/^Submitted batch job \([0-9]*\).*/\1/p' "$work/sbatch.out")
reason=$(grep -v '^$' "$work/sbatch.err" | tail -n 1)
if [[ -z $job ]]; then
    if grep -qiE 'unable to contact|connect failure|connection refused|timed out|zero bytes|munge' "$work/sbatch.err"; then
        fail 75 "Slurm unreachable (${reason:-sbatch failed}); nothing analysed, rerun later"
    fi
    fail 2 "sbatch refused the job (${reason:-status $waited}); see analysis.slurm.partition and analysis.slurm.extra_args"
fi
echo "segue-analyze: job $job ($tasks tasks) ended with status $waited"

shopt -s nullglob
shards=("$shard_dir"/shard-*-of-"$tasks".db)
[[ ${#shards[@]} -gt 0 ]] || fail 1 "job $job wrote no shard file (task logs: $shard_dir/slurm-${job}_*.log)"
"$bin/segue-analyze" "${config_flag[@]}" --merge "${shards[@]}"
merged=$?
if [[ $waited -ne 0 ]]; then
    fail 1 "a task of job $job failed (task logs: $shard_dir/slurm-${job}_*.log); merged what the tasks finished, a rerun resumes"
fi
exit "$merged"
