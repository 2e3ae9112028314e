#!/usr/bin/env bash
# Builds the fuzz preset (clang, libFuzzer, ASan + UBSan; core, the sandbox library and tests/fuzz only) and runs
# every fuzz target for a bounded time. See docs/fuzzing.md.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 seconds, every target
#
# Each target starts from its checked-in seeds (tests/fuzz/corpus/<target>) and what earlier runs on this machine
# found (build/fuzz/corpus/<target>, kept between runs). A crash, a timeout or a failed property leaves its input in
# build/fuzz/crashes/<target>/, the script prints that path and the target's log, and it exits non-zero.
# Environment: CACHESNAP_FUZZ_PARALLEL (targets at a time, default: the number of cores, at most 2),
# CACHESNAP_FUZZ_TIMEOUT (seconds one input may take, default 25).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
all_targets=(xmlreader xmlpullreader awsconfig queryparams sigv4 sandboxrequest sandboxstate)
targets=("${@:-${all_targets[@]}}")
parallel=${CACHESNAP_FUZZ_PARALLEL:-$(($(nproc) < 2 ? $(nproc) : 2))}
timeout=${CACHESNAP_FUZZ_TIMEOUT:-25}
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "fuzz.sh: SECONDS_PER_TARGET must be a whole number of seconds, at least 1 (libFuzzer takes 0 as no limit)" >&2
    exit 2
fi

if ! command -v clang++ >/dev/null; then
    echo "fuzz.sh: clang++ is missing; scripts/install-deps.sh installs it (clang, libclang-rt-14-dev, libfuzzer-14-dev)" >&2
    exit 2
fi

build_start=$(date +%s)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
echo "fuzz.sh: build took $(($(date +%s) - build_start)) s"

bin=build/fuzz/tests/fuzz
symbolizer=$(command -v llvm-symbolizer || true)
[ -n "$symbolizer" ] || symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
export ASAN_SYMBOLIZER_PATH=$symbolizer
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen

run_one() {
    local t=$1
    local work=build/fuzz/corpus/$t crashes=build/fuzz/crashes/$t log=build/fuzz/logs/$t.log
    mkdir -p "$work" "$crashes" build/fuzz/logs
    touch "$log.start"
    local dict=()
    [ -f "tests/fuzz/dict/$t.dict" ] && dict=(-dict="tests/fuzz/dict/$t.dict")
    # New inputs go to the first folder (the work corpus); the checked-in seeds are only read.
    "$bin/fuzz_$t" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "${dict[@]}" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
}

status=0
declare -A pids
start=$(date +%s)
for t in "${targets[@]}"; do
    if [ ! -x "$bin/fuzz_$t" ]; then
        echo "fuzz.sh: no target fuzz_$t (targets: ${all_targets[*]})" >&2
        exit 2
    fi
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
        wait -n || true
    done
    run_one "$t" &
    pids[$t]=$!
done

printf '%-16s %8s %10s %8s  %s\n' target runs "exec/s" corpus result
for t in "${targets[@]}"; do
    result=ok
    wait "${pids[$t]}" || result=FAILED
    log=build/fuzz/logs/$t.log
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    corpus=$(find "build/fuzz/corpus/$t" -type f | wc -l)
    printf '%-16s %8s %10s %8s  %s\n' "$t" "${runs:--}" "${rate:--}" "$corpus" "$result"
    if [ "$result" != ok ]; then
        status=1
        echo "---- fuzz_$t failed; the end of $log:" >&2
        tail -n 60 "$log" >&2
        for f in $(find "build/fuzz/crashes/$t" -type f -newer "$log.start"); do
            echo "fuzz.sh: reproducer: $f   (rerun: $bin/fuzz_$t $f)" >&2
        done
    fi
done
echo "fuzz.sh: ran ${#targets[@]} target(s) for ${seconds} s each in $(($(date +%s) - start)) s"
exit $status
