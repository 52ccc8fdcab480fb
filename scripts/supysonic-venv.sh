#!/usr/bin/env bash
# Installs Supysonic 0.7.9 (a real Subsonic API server, from PyPI) and waitress into a virtual
# environment for the player tests: `make test-deps` runs it, and so does the test support on
# first use. Once per clone; a finished environment is marked and never reinstalled.
# Usage: supysonic-venv.sh [FOLDER]   (default: .build-test/supysonic)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-.build-test/supysonic}
mkdir -p "$(dirname "$venv")"
# Tests running in parallel may all ask at once: one installs, the others wait for it.
exec 9>"$venv.lock"
flock 9
[[ -f $venv/.complete ]] && exit 0
rm -rf "$venv"
echo "installing Supysonic 0.7.9 for the player tests into $venv" >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/supysonic-requirements.txt
touch "$venv/.complete"
