#!/usr/bin/env bash
# Installs the dependencies, builds CacheSnap and starts the desktop app on the built-in sandbox:
# a local ElastiCache-compatible endpoint with realistic data, no AWS account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release
# Only the app and what it links: the test suite and the other tools are scripts/test.sh's business.
cmake --build --preset release -j "$(nproc)" --target cachesnap
exec build/release/app/cachesnap --sandbox "$@"
