#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 3's benchmark: how many DescribeSnapshots pages of 50 a cachesnap-sandbox serves per second.

Starts cachesnap-sandbox with --seed-snapshots N (3,000 and 100,000 by default; the start-up time and memory of
each are reported), then walks the snapshots page by page (MaxRecords=50, following the opaque Marker, from the
start again after the last page) over keep-alive connections, every request signed with SigV4 as the AWS CLI signs
it and every answer checked (HTTP 200, the page's snapshots counted, a full walk must see all N). Sequential (one
connection) and concurrent (several connections, one client process each), each bounded by a request count and a
time limit. Prints requests per second, latency percentiles, and the sandbox's own CPU time per request (from
/proc), which says what serving a page costs whatever the client.

    benchmarks/sandbox-throughput.py [--build DIR] [--snapshots 3000,100000] [--connections 4]
                                     [--max-requests 2000] [--max-seconds 10]

Needs a build with cachesnap-sandbox (default build/dev; a release build gives the figures that count) and
python3 (standard library only). Asserts no timing; exit status 1 only when an answer is wrong.
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import multiprocessing
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

ACCESS_KEY = "AKIDSANDBOX"  # the documented sandbox key pair
SECRET_KEY = "sandbox-secret-key"
REGION = "us-east-1"
PAGE = 50
MARKER = re.compile(rb"<Marker>([^<]*)</Marker>")


def find_sandbox(build):
    for sub in ("app", "sandbox", "bin", ""):
        path = os.path.join(build, sub, "cachesnap-sandbox")
        if os.access(path, os.X_OK):
            return path
    sys.exit(f"error: cachesnap-sandbox not found under {build} "
             f"(build it: cmake --build {build} --target cachesnap-sandbox)")


def start_sandbox(binary, snapshots):
    started = time.perf_counter()
    process = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--seed-snapshots", str(snapshots),
         # nothing changes status while we measure
         "--snapshot-create-seconds", "36000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = process.stdout.readline().decode().strip()
    startup = time.perf_counter() - started
    match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)", line)
    if not match:
        process.kill()
        sys.exit(f"error: the sandbox said {line!r}: {process.stderr.read().decode()}")
    return process, int(match.group(1)), startup


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Signer:
    """SigV4 for the Query API, as botocore signs it: content-type;host;x-amz-date, body hashed, not sent."""

    def __init__(self, port):
        self.host = f"127.0.0.1:{port}"
        self.day = None
        self.key = None

    def headers(self, body):
        now = datetime.datetime.now(datetime.timezone.utc)
        amz_date = now.strftime("%Y%m%dT%H%M%SZ")
        day = amz_date[:8]
        if day != self.day:
            key = ("AWS4" + SECRET_KEY).encode()
            for part in (day, REGION, "elasticache", "aws4_request"):
                key = hmac.new(key, part.encode(), hashlib.sha256).digest()
            self.day, self.key = day, key
        content_type = "application/x-www-form-urlencoded; charset=utf-8"
        canonical = "\n".join([
            "POST", "/", "",
            f"content-type:{content_type}", f"host:{self.host}", f"x-amz-date:{amz_date}", "",
            "content-type;host;x-amz-date", hashlib.sha256(body).hexdigest()])
        scope = f"{day}/{REGION}/elasticache/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        signature = hmac.new(self.key, to_sign.encode(), hashlib.sha256).hexdigest()
        return {
            "Content-Type": content_type,
            "X-Amz-Date": amz_date,
            "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, "
                             f"SignedHeaders=content-type;host;x-amz-date, Signature={signature}",
        }


def walk(port, max_requests, deadline, expected_total, results=None):
    """Requests pages in order over one keep-alive connection until max_requests or the deadline."""
    signer = Signer(port)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    marker = None
    seen = 0  # snapshots since the first page of the current walk
    full_walks = 0
    errors = []
    received = 0
    while len(latencies) < max_requests and time.perf_counter() < deadline:
        body = f"Action=DescribeSnapshots&Version=2015-02-02&MaxRecords={PAGE}"
        if marker:
            body += "&Marker=" + marker  # base64url: nothing to escape
        body = body.encode()
        sent = time.perf_counter()
        connection.request("POST", "/", body, signer.headers(body))
        response = connection.getresponse()
        data = response.read()
        latencies.append(time.perf_counter() - sent)
        received += len(data)
        if response.status != 200:
            errors.append(f"HTTP {response.status}: {data[:200]!r}")
            break
        count = data.count(b"<Snapshot>")
        seen += count
        found = MARKER.search(data)
        marker = found.group(1).decode() if found else None
        if marker and count != PAGE:
            errors.append(f"a page of {count} snapshots before the last one")
            break
        if not marker:
            if seen != expected_total:
                errors.append(f"a full walk saw {seen} snapshots, not {expected_total}")
                break
            full_walks += 1
            seen = 0
    connection.close()
    outcome = {"latencies": latencies, "errors": errors, "bytes": received, "full_walks": full_walks}
    if results is not None:
        results.put(outcome)
    return outcome


def measure(port, pid, connections, max_requests, max_seconds, expected_total):
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    deadline = started + max_seconds
    if connections == 1:
        outcomes = [walk(port, max_requests, deadline, expected_total)]
    else:
        queue = multiprocessing.Queue()
        share = max(1, max_requests // connections)
        workers = [multiprocessing.Process(target=walk, args=(port, share, deadline, expected_total, queue))
                   for _ in range(connections)]
        for worker in workers:
            worker.start()
        outcomes = [queue.get() for _ in workers]
        for worker in workers:
            worker.join()
    wall = time.perf_counter() - started
    sandbox_cpu = cpu_seconds(pid) - cpu_before
    latencies = sorted(l for o in outcomes for l in o["latencies"])
    requests = len(latencies)
    errors = [e for o in outcomes for e in o["errors"]]
    return {
        "connections": connections,
        "requests": requests,
        "wall": wall,
        "rps": requests / wall if wall else 0.0,
        "mb_per_s": sum(o["bytes"] for o in outcomes) / wall / 1e6 if wall else 0.0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p99_ms": 1000 * latencies[min(requests - 1, int(requests * 0.99))] if latencies else 0.0,
        "sandbox_cpu_ms_per_request": 1000 * sandbox_cpu / requests if requests else 0.0,
        "sandbox_cpu_share": sandbox_cpu / wall if wall else 0.0,
        "full_walks": sum(o["full_walks"] for o in outcomes),
        "errors": errors,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build/dev", help="build folder with cachesnap-sandbox")
    parser.add_argument("--snapshots", default="3000,100000", help="comma-separated --seed-snapshots values")
    parser.add_argument("--connections", type=int, default=4, help="connections in the concurrent run")
    parser.add_argument("--max-requests", type=int, default=2000, help="requests per run, at most")
    parser.add_argument("--max-seconds", type=float, default=10.0, help="seconds per run, at most")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    binary = find_sandbox(args.build)

    print(f"cachesnap-sandbox throughput: DescribeSnapshots pages of {PAGE}, SigV4-signed, keep-alive")
    print(f"  sandbox: {binary}")
    print(f"  machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    failed = False
    for snapshots in [int(n) for n in args.snapshots.split(",")]:
        process, port, startup = start_sandbox(binary, snapshots)
        try:
            print(f"\n--seed-snapshots {snapshots}: listening after {startup:.2f} s, "
                  f"RSS {rss_mb(process.pid):.0f} MB")
            walk(port, 5, time.perf_counter() + 5, snapshots)  # warm-up
            for connections in sorted({1, args.connections}):
                r = measure(port, process.pid, connections, args.max_requests, args.max_seconds, snapshots)
                label = "sequential" if connections == 1 else f"{connections} connections"
                print(f"  {label:>14}: {r['requests']:5d} requests in {r['wall']:5.2f} s = {r['rps']:7.0f} req/s "
                      f"({r['rps'] * PAGE:8.0f} snapshots/s, {r['mb_per_s']:5.1f} MB/s), "
                      f"latency p50 {r['p50_ms']:.2f} ms p99 {r['p99_ms']:.2f} ms, "
                      f"sandbox CPU {r['sandbox_cpu_ms_per_request']:.2f} ms/request "
                      f"({100 * r['sandbox_cpu_share']:.0f} % of one core), full walks {r['full_walks']}")
                for error in r["errors"]:
                    print(f"    ERROR: {error}")
                    failed = True
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"\nrerun: {shlex.join([sys.argv[0]] + sys.argv[1:])}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
