#!/usr/bin/env bash
# Installs the dependencies, builds CacheSnap with warnings as errors, and runs the whole test suite
# (unit, integration over loopback HTTP, headless GUI tests), then the same suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer with the AWS CLI interoperability suites, then every fuzz target for 30 seconds
# (scripts/fuzz.sh, docs/fuzzing.md). docs/architecture.md ("CI time") has what each step costs.
# CACHESNAP_SKIP_ASAN=1 and CACHESNAP_SKIP_FUZZ=1 leave those steps out (without the sanitized build, the AWS CLI
# suites run in the first); CACHESNAP_FUZZ_SECONDS sets the time per fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's wall time, printed as it ends and summed up at the end (docs/architecture.md, "CI time").
times=()
step() {
    local name=$1 start
    shift
    start=$(date +%s)
    "$@"
    times+=("$(printf '%-22s %5d s' "$name" $(($(date +%s) - start)))")
    echo "test.sh: ${times[-1]}"
}
trap 'for t in "${times[@]}"; do echo "test.sh: $t"; done' EXIT

step "dependencies" scripts/install-deps.sh
jobs=$(nproc)

# The check preset is dev lightly optimised (-O1, line tables): the same warnings, 40% less compile time.
step "check: configure" cmake --preset check
step "check: build" cmake --build --preset check -j "$jobs"
# The AWS CLI interoperability suites (label awscli) spend their time in the AWS CLI's Python, not in our code: they
# run once, below, against the sandbox built with the sanitizers. Every other test runs in both builds.
# One test more than the cores: about a third of a test's time is spent waiting (on the sandbox's simulated
# durations, on timers), so the cores would otherwise idle. The sanitized tests below use every core already.
if [ "${CACHESNAP_SKIP_ASAN:-0}" != 1 ]; then
    step "check: tests" ctest --preset check -j "$((jobs + 1))" -LE awscli
else
    step "check: tests" ctest --preset check -j "$((jobs + 1))"
fi

if [ "${CACHESNAP_SKIP_ASAN:-0}" != 1 ]; then
    step "asan: configure" cmake --preset dev-asan
    step "asan: build" cmake --build --preset dev-asan -j "$jobs"
    step "asan: tests" ctest --preset dev-asan -j "$jobs" -LE nosan
fi

if [ "${CACHESNAP_SKIP_FUZZ:-0}" != 1 ]; then
    step "fuzz: build and run" scripts/fuzz.sh "${CACHESNAP_FUZZ_SECONDS:-30}"
fi
