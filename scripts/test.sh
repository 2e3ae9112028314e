#!/usr/bin/env bash
# Installs the dependencies, builds CacheSnap with warnings as errors, and runs the whole test suite
# (unit, integration over loopback HTTP, the AWS CLI interoperability suite, headless GUI tests), then
# the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer, then every fuzz target for a minute
# (scripts/fuzz.sh, docs/fuzzing.md). CACHESNAP_SKIP_ASAN=1 and CACHESNAP_SKIP_FUZZ=1 leave those steps out;
# CACHESNAP_FUZZ_SECONDS sets the time per fuzz target.
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

if [ "${CACHESNAP_SKIP_FUZZ:-0}" != 1 ]; then
    scripts/fuzz.sh "${CACHESNAP_FUZZ_SECONDS:-60}"
fi
