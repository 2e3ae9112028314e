// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshot.h"
#include "stringpool.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// Turns ElastiCache Query-protocol answers (XML, API version 2015-02-02) into the typed values of
// model/elasticache.h, through the generic reader of model/xmlreader.h.
//
// Every function checks the document element (<OpResponse>) and the result element (<OpResult>), skips
// unknown elements at any depth, and turns a malformed or truncated document, or a value that does not
// parse (integer, boolean, timestamp), into ApiError{Kind::Parse} whose message names line and column. A
// document is only accepted when it is complete, so a list is never silently short.
namespace ResponseParser {

template<typename T> struct Page
{
    QList<T> items;
    QString nextToken; // Marker or NextToken; empty on the last page
    QString requestId;
};

// The listings take the pool of whoever keeps the snapshots: repeated strings are interned there as they are read.
ApiResult<Page<Snapshot>> describeSnapshots(const QByteArray &xml, StringPool *pool = nullptr);

// The page token of a list answer (<OpResponse><OpResult><Marker>…) when it is the result's first element, as
// the service writes it, read without going through the rest of the document; empty when it is not there (the
// last page, an error document, another order). Lets a client ask for the next page while it reads this one;
// only the full read can tell whether the document is whole.
QString peekPageToken(const QByteArray &xml, QStringView operation, QStringView tokenName);
// CreateSnapshot, CopySnapshot, DeleteSnapshot: <OpResponse><OpResult><Snapshot>.
ApiResult<Snapshot> snapshotResult(const QByteArray &xml, const QString &operation);

ApiResult<Page<ServerlessCacheSnapshot>> describeServerlessCacheSnapshots(const QByteArray &xml,
                                                                          StringPool *pool = nullptr);
// Create/Copy/Delete/ExportServerlessCacheSnapshot: <OpResponse><OpResult><ServerlessCacheSnapshot>.
ApiResult<ServerlessCacheSnapshot> serverlessSnapshotResult(const QByteArray &xml, const QString &operation);

ApiResult<Page<CacheCluster>> describeCacheClusters(const QByteArray &xml);
ApiResult<Page<ReplicationGroup>> describeReplicationGroups(const QByteArray &xml);
ApiResult<Page<ServerlessCache>> describeServerlessCaches(const QByteArray &xml);
ApiResult<Page<Event>> describeEvents(const QByteArray &xml);

// Any operation's whole <OpResult> (model/elasticache.h's Op::Result), checked as above; pool (optional) interns
// its repeated strings. Instantiated for the operations ElastiCacheCall serves (elasticachecall.h).
template<typename Op> ApiResult<typename Op::Result> operationResult(const QByteArray &xml, StringPool *pool = nullptr);

// ISO 8601 as the service and botocore write it: 2024-03-01T10:00:00.123Z, ...Z, ...+02:00, ...+0200, no zone
// (taken as UTC); fractions beyond milliseconds are truncated. Also epoch seconds ("1709287200.5"). A zero
// offset gives a Qt::UTC value, any other offset a Qt::OffsetFromUTC one (so output can repeat it).
std::optional<QDateTime> parseTimestamp(QStringView text);

} // namespace ResponseParser
