#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 2's performance benchmark: list 3,000 node-based snapshots (60 pages of 50) from a cachesnap-sandbox that
# adds 10 ms to every answer, with cachesnap-cli and with the AWS CLI (v1 `aws` on PATH, v2 /usr/bin/aws), and
# compare with the time the endpoint itself takes to serve those 60 pages in sequence: a minimal client (Python's
# http.client on one keep-alive connection, as both CLIs use one) sends the 60 signed requests one after another
# and adds up, for each, the time from sending the request to having the whole answer; signing and reading the
# Marker happen outside those intervals, so no client work is counted.
# Targets: cachesnap-cli <= 0.25 x the AWS CLI's wall time, and within 15 % of the endpoint's serving time.
#
#   benchmarks/cli-vs-awscli.sh [BUILD_DIR]      (default build/dev; RUNS=3 runs per tool, the median is reported)
#
# Needs a build with cachesnap-cli and cachesnap-sandbox, and python3 (the minimal client, checking the JSON).
# The figures move with the machine's load (the AWS CLI is CPU-bound, the endpoint's pages are not), so every run
# times all clients one after another and the ratios are the median of the per-run ratios. Exit status 1 when a
# target is missed.
set -euo pipefail

cd "$(dirname "$0")/.."
build=${1:-build/dev}
runs=${RUNS:-3}
snapshots=3000
latency_ms=10
page_size=50 # DescribeSnapshots' default MaxRecords, which neither CLI changes
expected_pages=$((snapshots / page_size))

find_binary() {
    local name=$1 dir
    for dir in "$build/app" "$build/sandbox" "$build/bin" "$build"; do
        if [ -x "$dir/$name" ]; then
            echo "$dir/$name"
            return 0
        fi
    done
    echo "error: $name not found under $build (build it: cmake --build $build --target $name)" >&2
    exit 1
}
cli=$(find_binary cachesnap-cli)
sandbox=$(find_binary cachesnap-sandbox)
command -v python3 >/dev/null || { echo "error: python3 is needed" >&2; exit 1; }

aws_v1=""
if path=$(command -v aws) && [ "$(readlink -f "$path")" != "$(readlink -f /usr/bin/aws)" ] \
    && "$path" --version 2>&1 | grep -q '^aws-cli/1'; then
    aws_v1=$path
fi
aws_v2=""
if [ -x /usr/bin/aws ] && /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2'; then
    aws_v2=/usr/bin/aws
fi

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then
        kill "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Life cycles of ten hours: nothing the seeder left mid-operation changes (or disappears) during the run.
mkdir -p "$work/s3" "$work/home"
"$sandbox" --listen 127.0.0.1:0 --seed-snapshots "$snapshots" --latency-ms "$latency_ms" \
    --snapshot-create-seconds 36000 --s3-root "$work/s3" >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$work/sandbox.out")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "error: the sandbox did not start:" >&2; cat "$work/sandbox.err" >&2; exit 1; }

# The sandbox's key pair and nothing from the caller's AWS set-up.
for name in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$name"; done
export HOME=$work/home AWS_CONFIG_FILE=$work/home/no-config AWS_SHARED_CREDENTIALS_FILE=$work/home/no-credentials
export AWS_ACCESS_KEY_ID=AKIDSANDBOX AWS_SECRET_ACCESS_KEY=sandbox-secret-key
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One pass over the pages with the minimal client; prints the summed serving time in ms, leaves the names in $1.
endpoint_pass() {
    python3 - "$url" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_REGION" "$1" <<'PYTHON'
import datetime, hashlib, hmac, http.client, re, sys, time, urllib.parse

url, key, secret, region, names_path = sys.argv[1:6]
host = urllib.parse.urlsplit(url).netloc
content_type = 'application/x-www-form-urlencoded; charset=utf-8'


def signed_headers(body):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime('%Y%m%dT%H%M%SZ'), now.strftime('%Y%m%d')
    canonical = '\n'.join(['POST', '/', '', 'content-type:' + content_type, 'host:' + host,
                           'x-amz-date:' + amz_date, '', 'content-type;host;x-amz-date',
                           hashlib.sha256(body).hexdigest()])
    scope = f'{day}/{region}/elasticache/aws4_request'
    to_sign = '\n'.join(['AWS4-HMAC-SHA256', amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = ('AWS4' + secret).encode()
    for part in (day, region, 'elasticache', 'aws4_request'):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    return {'Host': host, 'Content-Type': content_type, 'X-Amz-Date': amz_date,
            'Authorization': f'AWS4-HMAC-SHA256 Credential={key}/{scope}, '
                             f'SignedHeaders=content-type;host;x-amz-date, Signature={signature}'}


connection = http.client.HTTPConnection(host)
marker, pages, serving, names = None, 0, 0.0, []
while True:
    params = [('Action', 'DescribeSnapshots'), ('Version', '2015-02-02')] + ([('Marker', marker)] if marker else [])
    body = urllib.parse.urlencode(params).encode()
    headers = signed_headers(body)
    start = time.perf_counter()
    connection.request('POST', '/', body, headers)
    response = connection.getresponse()
    xml = response.read()
    serving += time.perf_counter() - start
    if response.status != 200:
        sys.exit(f'error: the endpoint answered HTTP {response.status}: {xml[:300]!r}')
    pages += 1
    text = xml.decode()
    names += re.findall(r'<SnapshotName>([^<]*)</SnapshotName>', text)
    found = re.search(r'<Marker>([^<]*)</Marker>', text)
    marker = found.group(1) if found else None
    if not marker:
        break
    if pages >= 1000:
        sys.exit('error: no end to the pages')
with open(names_path, 'w') as f:
    f.write(''.join(name + '\n' for name in names))
with open(names_path + '.pages', 'w') as f:
    f.write(f'{pages}\n')
print(round(serving * 1000))
PYTHON
}

json_names() {
    python3 -c 'import json, sys
for s in json.load(open(sys.argv[1]))["Snapshots"]:
    print(s["SnapshotName"])' "$1"
}

# One timed run of a client; its stdout goes to $2.
timed() {
    local out=$1
    shift
    local start end
    start=$(now_ms)
    "$@" >"$out" 2>"$out.err" || { echo "error: $* failed:" >&2; cat "$out.err" >&2; exit 1; }
    end=$(now_ms)
    echo $((end - start))
}

echo "cachesnap-cli vs the AWS CLI: $snapshots snapshots, $expected_pages pages of $page_size, $latency_ms ms latency" \
    "per request, $runs runs each (median), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sandbox: $url ($sandbox)"

declare -A times
clients=(endpoint cachesnap-cli)
[ -n "$aws_v1" ] && clients+=(aws-v1)
[ -n "$aws_v2" ] && clients+=(aws-v2)
for client in "${clients[@]}"; do times[$client]=""; done

# Interleaved, so a change in the machine's load hits every client alike.
for run in $(seq "$runs"); do
    line="run $run:"
    for client in "${clients[@]}"; do
        case $client in
        endpoint) ms=$(endpoint_pass "$work/endpoint.names") ;;
        cachesnap-cli) ms=$(timed "$work/$client.json" "$cli" --endpoint-url "$url" --output json describe-snapshots) ;;
        aws-v1) ms=$(timed "$work/$client.json" "$aws_v1" elasticache describe-snapshots --endpoint-url "$url" --output json) ;;
        aws-v2) ms=$(timed "$work/$client.json" "$aws_v2" elasticache describe-snapshots --endpoint-url "$url" --output json) ;;
        esac
        times[$client]+="$ms "
        line+="  $client $ms ms"
    done
    echo "$line"
done

# The same 3,000 snapshots everywhere: the endpoint's pages, and each client's merged document.
pages=$(cat "$work/endpoint.names.pages")
[ "$pages" -eq "$expected_pages" ] || { echo "error: the endpoint served $pages pages, not $expected_pages" >&2; exit 1; }
sort "$work/endpoint.names" >"$work/expected.names"
count=$(sort -u "$work/expected.names" | wc -l)
[ "$count" -eq "$snapshots" ] || { echo "error: the endpoint listed $count distinct snapshots" >&2; exit 1; }
for client in "${clients[@]:1}"; do
    json_names "$work/$client.json" | sort >"$work/$client.names"
    if ! cmp -s "$work/expected.names" "$work/$client.names"; then
        echo "error: $client does not list the endpoint's $snapshots snapshots" >&2
        diff "$work/expected.names" "$work/$client.names" | head >&2
        exit 1
    fi
done
same=""
[ -n "$aws_v2" ] && cmp -s "$work/cachesnap-cli.json" "$work/aws-v2.json" && same=" (and cachesnap-cli's JSON is byte for byte aws-v2's)"
echo "verified: every client lists the same $snapshots snapshots the endpoint served in $pages pages$same"

median_of() { tr ' ' '\n' <<<"${times[$1]}" | grep . | median; }
# Ratios are taken run by run (the clients of one run saw the same load), then the median of those.
ratio_of() {
    paste -d' ' <(tr ' ' '\n' <<<"${times[cachesnap-cli]}" | grep .) <(tr ' ' '\n' <<<"${times[$1]}" | grep .) \
        | awk -v mode="$2" '{ printf "%.3f\n", mode == "overhead" ? ($1 / $2 - 1) * 100 : $1 / $2 }'
}
echo
printf '%-14s %9s   %s\n' client "wall (ms)" "all runs (ms)"
for client in "${clients[@]}"; do
    printf '%-14s %9s   %s\n' "$client" "$(median_of "$client")" "${times[$client]}"
done
echo
status=0
overhead=$(ratio_of endpoint overhead | median)
if awk -v o="$overhead" 'BEGIN { exit !(o <= 15) }'; then verdict=met; else verdict=MISSED; status=1; fi
printf 'cachesnap-cli vs the endpoint serving time: %+.1f %% (target: within 15 %%) - %s   [runs: %s]\n' \
    "$overhead" "$verdict" "$(ratio_of endpoint overhead | awk '{ printf "%+.1f%% ", $1 }')"
for client in aws-v1 aws-v2; do
    [ -n "${times[$client]:-}" ] || { echo "$client: not installed"; continue; }
    ratio=$(ratio_of "$client" ratio | median)
    if awk -v r="$ratio" 'BEGIN { exit !(r <= 0.25) }'; then verdict=met; else verdict=MISSED; status=1; fi
    printf 'cachesnap-cli / %s: %.3fx (target: at most 0.25x) - %s   [runs: %s]\n' "$client" "$ratio" "$verdict" \
        "$(ratio_of "$client" ratio | tr '\n' ' ')"
done
echo
echo "rerun: benchmarks/cli-vs-awscli.sh $build   (RUNS=$runs)"
exit $status
