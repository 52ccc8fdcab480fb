#!/usr/bin/env bash
# Checks the system packages Segue needs and installs the missing ones.
# Usage: install-deps.sh [pkgconfig-module:debian-package ...] -- [command:debian-package ...]
#                        [-- python3-module:debian-package ...]
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail

missing=()
kind=module
for pair in "$@"; do
    if [[ $pair == "--" ]]; then
        [[ $kind == module ]] && kind=command || kind=python
        continue
    fi
    name=${pair%%:*} package=${pair#*:}
    case $kind in
        module) pkg-config --exists "$name" 2>/dev/null || missing+=("$package") ;;
        command) command -v "$name" >/dev/null 2>&1 || missing+=("$package") ;;
        python) python3 -c "import $name" >/dev/null 2>&1 || missing+=("$package") ;;
    esac
done
# pkg-config itself is needed to check the modules.
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[[ ${#missing[@]} -eq 0 ]] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
command="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    echo "Segue needs these system packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get update && sudo $command" >&2
    exit 1
fi
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
