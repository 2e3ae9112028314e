// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandboxdefaults.h"

#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

// One more key pair the sandbox accepts, and the account it belongs to (an account is the set of its key pairs).
// regions: the regions this entry enables for the account; empty: the sandbox's served regions (SandboxConfig).
struct SandboxAccountKey
{
    QString accountId;
    QString accessKeyId;
    QString secretAccessKey;
    QStringList regions;
};

// Everything that shapes one sandbox: where it listens, whom it accepts, what it holds and how it misbehaves.
// The cachesnap-sandbox flags map one to one onto these members.
struct SandboxConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 picks a free port
    // The sandbox accepts its documented key pair: it listens on loopback addresses only unless this is set.
    bool allowRemote = false;
    // A connection that sends and receives nothing for this long is closed (fractions allowed, so tests run fast).
    double idleTimeoutSeconds = 60;

    QString region = QString(SandboxDefaults::region);
    QString accountId = QString(SandboxDefaults::accountId);
    QString accessKeyId = QString(SandboxDefaults::accessKeyId);
    QString secretAccessKey = QString(SandboxDefaults::secretAccessKey);
    // Several regions and accounts from one process (sandboxfleet.h). The key pair above belongs to accountId,
    // which always serves region; every account serves region plus these regions unless its keys name their own.
    QStringList regions;
    QList<SandboxAccountKey> accountKeys;

    quint64 seed = 1;
    int seedSnapshots = 60;
    // Seed every account's state in every region it serves at start (before listening) instead of on first use:
    // for measuring clients, whose first answer from a region should not wait for that region's seeding.
    bool seedAllAtStart = false;
    // Seeded times are laid out backwards from this instant; invalid means "now" (tests pin it).
    QDateTime seedAnchor;

    QString statePath; // JSON file; empty: state lives in memory only
    QString s3Root; // folder holding one folder per bucket; empty: no bucket exists

    // Life cycle durations, in seconds (fractions allowed, so tests can run fast).
    double snapshotCreateSeconds = 4.0;
    double snapshotCopySeconds = -1; // < 0: same as create
    double snapshotDeleteSeconds = -1; // < 0: half of create
    // A new cache (a restore, CreateReplicationGroup / CreateCacheCluster / CreateServerlessCache) is "creating"
    // this long before it is "available".
    double createSeconds = 20.0;
    // An export writes its objects one at a time over this long (< 0: as long as a create); 0 writes them at once.
    double exportSeconds = -1;
    // >= 0: every export fails after writing this many objects (a failure event records why).
    int exportFailAfterObjects = -1;

    // Quotas. SnapshotQuotaExceededFault when the count of manual snapshots would pass maxManualSnapshots (0: no
    // limit), or a source's manual snapshots in the last 24 hours would pass manualSnapshotsPerSourcePerDay.
    int maxManualSnapshots = 0;
    int manualSnapshotsPerSourcePerDay = 20;
    int maxManualServerlessSnapshots = 0;
    int manualServerlessSnapshotsPerCachePerDay = 24;

    // Fault injection; rates are probabilities per request in [0, 1].
    int latencyMs = 0;
    // The sandbox's clock runs this far ahead of the machine's (negative: behind) when it checks signatures and
    // dates its answers, so a client's handling of clock skew can be seen without changing the client's clock.
    int clockOffsetSeconds = 0;
    double throttleRate = 0;
    double errorRate = 0;
    double dropRate = 0;
    double truncateRate = 0;
    // Added to latencyMs: a uniformly drawn extra delay of 0 to this many milliseconds per answer.
    int latencyJitterMs = 0;
    // Requests per second each (account, region, service) may make, as a token bucket holding rateBurst requests
    // (0: one second's worth); above it the answer is the service's throttling error. 0: no limit.
    double rateLimit = 0;
    int rateBurst = 0;

    // Checking signatures can be turned off only by code (the benchmark of the XML writer); the binary always checks.
    bool verifySignatures = true;

    double copySeconds() const;
    double deleteSeconds() const;
    double exportDurationSeconds() const;
    // More than the one account in the one region: a request signed for a region its account does not serve is
    // then answered as for a region the account has not enabled.
    bool servesFleet() const;
    int effectiveRateBurst() const;
};
