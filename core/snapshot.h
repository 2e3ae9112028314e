// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"

#include <QDateTime>
#include <QList>
#include <QLocale>
#include <QString>
#include <QStringList>

#include <optional>

// The model's structures (Snapshot, NodeSnapshot, ServerlessCacheSnapshot, CacheCluster, the requests, …) are
// generated from botocore's service model into model/elasticache.h; Snapshot's helpers are defined here.

// Parses ElastiCache's CacheSize text ("5 MB", "0 MB", "1.5 GB", "1024 bytes") into bytes; -1 if unreadable or
// 8 EiB or more (beyond qint64). Snapshot::totalSizeBytes() saturates at the qint64 maximum.
qint64 parseCacheSize(QStringView text);
// Bytes as ElastiCache writes sizes, and as AWS bills them: KB, MB, GB, TB of 1,024, to a tenth ("845.0 MB",
// "1.5 GB", "812 bytes"); every size the app and the CLI show is written so. locale: the window's, for its
// decimal separator; the C locale for the CLI and files.
QString cacheSizeText(qint64 bytes, const QLocale &locale);
