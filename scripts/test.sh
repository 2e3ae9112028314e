#!/usr/bin/env bash
# Installs the dependencies, builds CacheSnap with warnings as errors, and runs the whole test suite
# (unit, integration over loopback HTTP, headless GUI tests), then the same suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer with the AWS CLI interoperability suites, then every fuzz target for 30 seconds
# (scripts/fuzz.sh, docs/fuzzing.md). docs/architecture.md ("CI time") has what each step costs.
# While one build's tests run, the next build starts at idle priority: about a fifth of the CPU idles while the tests
# wait (on the sandbox's simulated durations, timers, the AWS CLIs), and a build at SCHED_IDLE takes only what they
# leave, so the tests run as fast as alone. That build is finished at full speed before its own step.
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
# A build started ahead, at idle priority: its pid, and the log that holds its output until it is waited for.
declare -A ahead_pid ahead_log
ahead_pids() { [ ${#ahead_pid[@]} -eq 0 ] || echo "${ahead_pid[@]}"; }
trap 'for p in $(ahead_pids); do kill -- -"$p" 2>/dev/null || true; done
      for t in "${times[@]}"; do echo "test.sh: $t"; done' EXIT

# build_ahead NAME PRESET: configures and starts building PRESET in the background at idle priority (SCHED_IDLE, or
# nice 19 where that is refused), in a process group of its own so that an early exit stops it (Ninja stops the
# compilers it started). Not in a session of its own: where the kernel groups tasks by session (autogroup), a new
# session gets an equal share of the CPU whatever its tasks' priority, and the tests ran at half speed.
build_ahead() {
    local name=$1 preset=$2 idle=(chrt --idle 0)
    chrt --idle 0 true 2>/dev/null || idle=(nice -n 19)
    ahead_log[$name]=$(mktemp)
    set -m # job control, for this job only: its own process group
    "${idle[@]}" bash -c 'cmake --preset "$1" && cmake --build --preset "$1" -j "$2"' _ "$preset" "$jobs" \
        >"${ahead_log[$name]}" 2>&1 &
    ahead_pid[$name]=$!
    set +m
    echo "test.sh: $name: building ahead at idle priority (log: ${ahead_log[$name]})"
}
# finish_ahead NAME: waits for the build started ahead and prints the end of its output (all of it if it failed).
finish_ahead() {
    local name=$1 status=0
    wait "${ahead_pid[$name]}" || status=$?
    unset "ahead_pid[$name]"
    if [ $status = 0 ]; then tail -n 3 "${ahead_log[$name]}"; else cat "${ahead_log[$name]}"; fi
    rm -f "${ahead_log[$name]}"
    return $status
}

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
    build_ahead asan dev-asan
    step "check: tests" ctest --preset check -j "$((jobs + 1))" -LE awscli
    step "asan: build (the rest)" finish_ahead asan
    [ "${CACHESNAP_SKIP_FUZZ:-0}" = 1 ] || build_ahead fuzz fuzz
    step "asan: tests" ctest --preset dev-asan -j "$jobs" -LE nosan
else
    [ "${CACHESNAP_SKIP_FUZZ:-0}" = 1 ] || build_ahead fuzz fuzz
    step "check: tests" ctest --preset check -j "$((jobs + 1))"
fi

if [ "${CACHESNAP_SKIP_FUZZ:-0}" != 1 ]; then
    step "fuzz: build (the rest)" finish_ahead fuzz
    step "fuzz: run" scripts/fuzz.sh "${CACHESNAP_FUZZ_SECONDS:-30}"
fi
