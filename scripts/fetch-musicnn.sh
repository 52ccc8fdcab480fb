#!/usr/bin/env bash
# Fetches the MusiCNN MSD_musicnn weights (the musicnn 0.1.0 wheel from PyPI) and converts
# them into DIR (msd_musicnn.f32, msd_musicnn.json, LICENSE.musicnn), checked by SHA-256.
# Usage: fetch-musicnn.sh DIR. Needs python3 with pip; no TensorFlow.
set -euo pipefail

dir=${1:?usage: fetch-musicnn.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT

echo "fetching the MusiCNN weights (musicnn 0.1.0 wheel, 29 MB) into $dir" >&2
if ! python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$download" musicnn==0.1.0 >&2; then
    echo "fetch-musicnn.sh: pip could not download musicnn==0.1.0; without network access set analysis.embedding: none" >&2
    exit 1
fi
python3 "$here/musicnn_convert.py" "$download/musicnn-0.1.0-py3-none-any.whl" "$dir"
