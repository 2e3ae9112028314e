#!/usr/bin/env bash
# Installs the dependencies, builds CacheSnap and starts the desktop app on the built-in sandbox:
# a local ElastiCache-compatible endpoint with realistic data, no AWS account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
exec build/release/app/cachesnap --sandbox "$@"
