// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "sandboxstate.h"
#include "snapshot.h"

#include "model/xmlwriter.h"

#include <QByteArray>
#include <QString>

#include <functional>

// The XML documents of the Query protocol, as the service writes them: <OpResponse xmlns=…><OpResult>members in model
// order</OpResult><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>, and <ErrorResponse>.
// Absent members (null strings, unset optionals, invalid times) are left out.
namespace SandboxXml {

QByteArray describeSnapshots(const SandboxPage<Snapshot> &page, const QString &requestId);
// CreateSnapshot, CopySnapshot, DeleteSnapshot: <Snapshot> inside <OpResult>.
QByteArray snapshotResult(const QString &operation, const Snapshot &snapshot, const QString &requestId);
QByteArray describeCacheClusters(const SandboxPage<CacheCluster> &page, const QString &requestId);
QByteArray describeReplicationGroups(const SandboxPage<ReplicationGroup> &page, const QString &requestId);
QByteArray describeServerlessCaches(const SandboxPage<ServerlessCache> &page, const QString &requestId);
QByteArray describeServerlessCacheSnapshots(const SandboxPage<ServerlessCacheSnapshot> &page, const QString &requestId);
// Create/Copy/Delete/ExportServerlessCacheSnapshot: <ServerlessCacheSnapshot> inside <OpResult>.
QByteArray serverlessSnapshotResult(const QString &operation, const ServerlessCacheSnapshot &snapshot,
                                    const QString &requestId);
// <Marker> (when there is a next page), then <Events> with one <Event> each.
QByteArray describeEvents(const SandboxEventPage &page, const QString &requestId);
QByteArray error(const ApiError &error, const QString &requestId);

// <OpResponse><OpResult>body</OpResult><ResponseMetadata>…</OpResponse>.
QByteArray document(const QString &operation, const std::function<void(XmlWriter &)> &body, const QString &requestId);
// An operation's result shape written member by member (the model's order and element names).
template<ModelShape T> QByteArray modelResult(const QString &operation, const T &result, const QString &requestId)
{
    return document(
        operation, [&result](XmlWriter &w) { writeModelXml(w, result); }, requestId);
}

// The service's timestamp form: ISO 8601 in UTC with milliseconds ("2024-03-02T04:05:06.789Z").
QString timestamp(const QDateTime &time);

} // namespace SandboxXml
