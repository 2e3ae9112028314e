#!/usr/bin/env bash
# Installs the dependencies, builds CacheSnap with warnings as errors, and runs the whole test suite
# (unit, integration over loopback HTTP, the AWS CLI interoperability suite, headless GUI tests), then
# the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

cmake --preset dev
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs"

if [ "${CACHESNAP_SKIP_ASAN:-0}" != 1 ]; then
    cmake --preset dev-asan
    cmake --build --preset dev-asan -j "$jobs"
    ctest --preset dev-asan -j "$jobs" -LE nosan
fi
