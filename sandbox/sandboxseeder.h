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
//   demo-redis-rg         a cluster mode disabled Redis OSS group (primary demo-redis-rg-001, replica -002, daily
//                         backups from -002) with the manual snapshot demo-redis-rg-manual
//   demo-multidb-001      a single-node cluster on cachesnap-tuned (several databases), retention 0, with the recent
//                         manual snapshot demo-multidb-manual (not restorable into cluster mode)
//   demo-serverless       a Valkey serverless cache with demo-serverless-manual; demo-serverless-busy is
//                         "modifying"; demo-memcached-serverless a Serverless Memcached cache
// The fixtures' snapshots are always available (only generated ones are caught mid-operation) and count towards
// config().seedSnapshots; serverless snapshots number seedSnapshots / 5.
namespace SandboxSeeder {

void seed(SandboxState &state);
// The account's subnet groups (default, cachesnap-private in vpc-0e1a5c0de0000d001, cachesnap-other-vpc in
// vpc-0e1a5c0de0000d002) and parameter groups (the default ones of every seeded family, with and without cluster
// mode, and the custom cachesnap-tuned, whose "databases" lets data live in several databases). seed() adds them;
// a state file written before they existed gets them when loaded.
void seedCatalog(SandboxState &state);

} // namespace SandboxSeeder
