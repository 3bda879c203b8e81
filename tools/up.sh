#!/usr/bin/env bash
# Builds the `metered` command in release mode (installing what it needs) and runs it.
# With no arguments it runs `metered up`, the whole backend on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --no-python
swift build -c release --product metered >&2
# No arguments: the whole backend (chain, heartbeat, relayer, matchmaker); state in ./.metered.
if [ $# -eq 0 ]; then set -- up; fi
exec .build/release/metered "$@"
