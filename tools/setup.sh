#!/usr/bin/env bash
# Installs what building and testing Metered needs, idempotently:
#   - Debian packages (libsecp256k1-dev for signing, libsqlite3-dev for service state, libssl-dev for the C peer,
#     curl and jq for the README's session by hand);
#   - a Python virtual environment in .venv with the pinned reference tools of tools/requirements.txt.
# Usage: tools/setup.sh [--no-python]
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(libsecp256k1-dev libsqlite3-dev libssl-dev pkg-config curl jq)
missing=()
for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ "${1:-}" = "--no-python" ] && exit 0

# The virtual environment is rebuilt only when the pinned requirements change.
stamp=.venv/.requirements.sha256
want=$(sha256sum tools/requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: creating .venv with tools/requirements.txt" >&2
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r tools/requirements.txt
    echo "$want" > "$stamp"
fi
