// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonoutput.h"

#include "model/jsonwriter.h"

using namespace Qt::StringLiterals;

namespace {

using L1 = QLatin1StringView;

// {"<Token>": "…", "<List>": [ … ]}: the token first when there is one (as the model places it), the list
// always, even when empty (the CLI prints what the merged pages hold).
template<typename T> QByteArray listDocument(L1 tokenName, const QString &token, L1 listName, const QList<T> &items)
{
    AwsCliJsonWriter writer;
    writer.beginObject();
    if (!token.isEmpty()) {
        writer.key(tokenName);
        writer.stringValue(token);
    }
    writer.key(listName);
    writer.beginArray();
    for (const T &item : items) {
        writer.arrayItem();
        writer.object(item);
    }
    writer.endArray();
    writer.endObject();
    return writer.take();
}

template<typename T> QByteArray singleDocument(L1 name, const T &item)
{
    AwsCliJsonWriter writer;
    writer.beginObject();
    writer.key(name);
    writer.object(item);
    writer.endObject();
    return writer.take();
}

template<typename T> ApiResult<T> fromJson(const QJsonObject &object, QStringView what)
{
    T value;
    QString message;
    if (!fromJsonObject(object, value, &message)) {
        ApiError error;
        error.kind = ApiError::Kind::Parse;
        error.code = u"MalformedJson"_s;
        error.message = u"Unreadable "_s + what + u": "_s + message;
        return error;
    }
    return value;
}

} // namespace

namespace JsonOutput {

QByteArray describeSnapshots(const QList<Snapshot> &snapshots, const QString &marker)
{
    return listDocument(L1("Marker"), marker, L1("Snapshots"), snapshots);
}

struct SnapshotListWriter::Private
{
    AwsCliJsonWriter writer;
};

SnapshotListWriter::SnapshotListWriter()
    : d(std::make_unique<Private>())
{
    // The same calls as listDocument() without a marker, spread over append() and finish().
    d->writer.beginObject();
    d->writer.key(L1("Snapshots"));
    d->writer.beginArray();
}

SnapshotListWriter::~SnapshotListWriter() = default;

void SnapshotListWriter::append(const QList<Snapshot> &snapshots)
{
    for (const Snapshot &snapshot : snapshots) {
        d->writer.arrayItem();
        d->writer.object(snapshot);
    }
}

QByteArray SnapshotListWriter::finish()
{
    d->writer.endArray();
    d->writer.endObject();
    return d->writer.take();
}

QByteArray snapshotResult(const Snapshot &snapshot)
{
    return singleDocument(L1("Snapshot"), snapshot);
}

QByteArray describeServerlessCacheSnapshots(const QList<ServerlessCacheSnapshot> &snapshots, const QString &nextToken)
{
    return listDocument(L1("NextToken"), nextToken, L1("ServerlessCacheSnapshots"), snapshots);
}

QByteArray serverlessSnapshotResult(const ServerlessCacheSnapshot &snapshot)
{
    return singleDocument(L1("ServerlessCacheSnapshot"), snapshot);
}

QByteArray describeCacheClusters(const QList<CacheCluster> &clusters, const QString &marker)
{
    return listDocument(L1("Marker"), marker, L1("CacheClusters"), clusters);
}

QByteArray describeReplicationGroups(const QList<ReplicationGroup> &groups, const QString &marker)
{
    return listDocument(L1("Marker"), marker, L1("ReplicationGroups"), groups);
}

QByteArray describeServerlessCaches(const QList<ServerlessCache> &caches, const QString &nextToken)
{
    return listDocument(L1("NextToken"), nextToken, L1("ServerlessCaches"), caches);
}

QByteArray describeEvents(const QList<Event> &events, const QString &marker)
{
    return listDocument(L1("Marker"), marker, L1("Events"), events);
}

QString cliTimestamp(const Timestamp &time)
{
    return time.toPythonIso();
}

QJsonObject toJson(const Snapshot &snapshot)
{
    return toJsonObject(snapshot);
}

QJsonObject toJson(const ServerlessCacheSnapshot &snapshot)
{
    return toJsonObject(snapshot);
}

ApiResult<Snapshot> snapshotFromJson(const QJsonObject &object)
{
    return fromJson<Snapshot>(object, u"snapshot");
}

ApiResult<ServerlessCacheSnapshot> serverlessSnapshotFromJson(const QJsonObject &object)
{
    return fromJson<ServerlessCacheSnapshot>(object, u"serverless cache snapshot");
}

} // namespace JsonOutput
