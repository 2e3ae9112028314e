// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class SandboxState;

// Fills a state with a realistic account, the same for the same seed, snapshot count and anchor time:
// single-node clusters and cluster-mode replication groups (several shards, slots), automatic
// (automatic.<id>-YYYY-MM-DD-HH-MM) and manual snapshots, Redis OSS and Valkey, encrypted and not, a few
// snapshots mid-operation, a data-tiering (r6gd) group, serverless caches and their snapshots, plus the fixed
// fixtures the tests and the README name:
//   demo-redis-001        a single-node Redis OSS cluster with snapshots demo-before-upgrade (manual) and an
//                         automatic one
//   demo-valkey-rg        a cluster-mode Valkey group with 3 shards and the manual snapshot demo-valkey-rg-manual
//   demo-tiered-rg        a data-tiering r6gd group with the manual snapshot demo-tiered-manual
//   demo-busy-001         a cluster that is "modifying" (CreateSnapshot answers InvalidCacheClusterState)
//   demo-legacy-t1        a cache.t1.micro cluster, demo-memcached a Memcached cluster (no snapshots possible)
//   demo-serverless       a Valkey serverless cache with demo-serverless-manual; demo-serverless-busy is
//                         "modifying"; demo-memcached-serverless a Serverless Memcached cache
// The fixtures' snapshots are always available (only generated ones are caught mid-operation) and count towards
// config().seedSnapshots; serverless snapshots number seedSnapshots / 5.
namespace SandboxSeeder {

void seed(SandboxState &state);

} // namespace SandboxSeeder
