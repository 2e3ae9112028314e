// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The model's structures (Snapshot, NodeSnapshot, ServerlessCacheSnapshot, CacheCluster, the requests, …) are
// generated from botocore's service model into model/elasticache.h; Snapshot's helpers are defined here.

// Parses ElastiCache's CacheSize text ("5 MB", "0 MB", "1.5 GB", "1024 bytes") into bytes; -1 if unreadable or
// 8 EiB or more (beyond qint64). Snapshot::totalSizeBytes() saturates at the qint64 maximum.
qint64 parseCacheSize(QStringView text);
