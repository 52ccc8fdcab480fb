#!/usr/bin/env bash
# DSP-only throughput (SegueDSP on a 90 s synthetic track, one core). Build first:
#   swift build -c release --product segue-dsp-bench
set -euo pipefail
cd "$(dirname "$0")/.."
exec "$(swift build -c release --show-bin-path)/segue-dsp-bench"
