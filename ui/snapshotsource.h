// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Something a snapshot can be taken of.
struct SnapshotSource
{
    enum class Type { ReplicationGroup, CacheCluster, ServerlessCache };
    Type type = Type::ReplicationGroup;
    QString id;
    QString status; // "available", "modifying", …: a source must be available to be backed up
    QString detail; // engine, node type: shown next to the id

    bool operator==(const SnapshotSource &) const = default;
};
