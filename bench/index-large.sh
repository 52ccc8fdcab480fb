#!/usr/bin/env bash
# The similarity index benchmark on a million tracks (about 10 minutes, 2 GB, 9 GB of disk):
# only when asked for, `make bench BENCH_ONLY=index-large`, and at low priority.
set -euo pipefail
cd "$(dirname "$0")/.."
exec nice ./bench/index.sh 1000000
