// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requests.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// An ordered list of Query-protocol members (name, value), in the model's member order.
using QueryParams = QList<QPair<QString, QString>>;

namespace QuerySerializer {

// "Action=<op>&Version=2015-02-02&<members>" with botocore's quote_plus encoding: space as '+',
// A-Z a-z 0-9 _ . - ~ kept, every other byte of the UTF-8 form percent-encoded in upper-case hex.
QByteArray formBody(const QString &action, const QueryParams &params);
// The same for another Query-protocol service (STS: "2011-06-15").
QByteArray formBody(const QString &action, const QString &version, const QueryParams &params);
QByteArray encodeComponent(const QString &text);
// The inverse, for the sandbox and tests: splits and decodes a form body ('+' is a space).
QueryParams parseFormBody(const QByteArray &body);

// Members of each request, in model order; lists as <Member>.<Element>.<n> from 1, e.g. Tags.Tag.1.Key.
QueryParams params(const DescribeSnapshotsRequest &r);
QueryParams params(const CreateSnapshotRequest &r);
QueryParams params(const CopySnapshotRequest &r);
QueryParams params(const DeleteSnapshotRequest &r);
QueryParams params(const DescribeCacheClustersRequest &r);
QueryParams params(const DescribeReplicationGroupsRequest &r);
QueryParams params(const DescribeServerlessCachesRequest &r);
QueryParams params(const DescribeServerlessCacheSnapshotsRequest &r);
QueryParams params(const CreateServerlessCacheSnapshotRequest &r);
QueryParams params(const CopyServerlessCacheSnapshotRequest &r);
QueryParams params(const DeleteServerlessCacheSnapshotRequest &r);
QueryParams params(const ExportServerlessCacheSnapshotRequest &r);

} // namespace QuerySerializer
