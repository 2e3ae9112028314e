// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"

#include <QString>

#include <optional>

// ElastiCache resource ARNs, "arn:<partition>:elasticache:<region>:<account>:<type>:<id>", as the tag calls name
// their resources: snapshots (`snapshot`, `serverlesscachesnapshot`) and their sources (`replicationgroup`,
// `cluster`, `serverlesscache`).
namespace ResourceArn {

struct Parts
{
    QString prefix; // "arn:aws:elasticache:us-east-1:123456789012:", shared by the account's resources
    QString type; // "snapshot", "cluster", …
    QString id;
};

std::optional<Parts> parse(QStringView arn);
// The snapshot a snapshot ARN names: its kind and name; nullopt for any other resource.
std::optional<std::pair<SnapshotEntry::Kind, QString>> snapshotOf(QStringView arn);
// The ARN of the cache the snapshot was taken of (its replication group, else its cluster, or its serverless
// cache), built from the snapshot's own ARN; empty when the snapshot names none.
QString sourceOf(const SnapshotEntry &entry);
// What sourceOf() names, in words: "replication group my-rg".
QString sourceDescription(const SnapshotEntry &entry);

} // namespace ResourceArn
