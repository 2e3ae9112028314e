// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "queryserializer.h"

namespace QuerySerializer {

namespace {

const QString kVersion = QStringLiteral("2015-02-02");

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

QString decodeComponent(const QByteArray &encoded)
{
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c == '+') {
            bytes += ' ';
        } else if (c == '%' && i + 2 < encoded.size() && hexValue(encoded.at(i + 1)) >= 0
                   && hexValue(encoded.at(i + 2)) >= 0) {
            bytes += static_cast<char>(hexValue(encoded.at(i + 1)) * 16 + hexValue(encoded.at(i + 2)));
            i += 2;
        } else {
            bytes += c; // a stray '%' stays literal, as Python's unquote_plus leaves it
        }
    }
    return QString::fromUtf8(bytes);
}

void add(QueryParams &p, const QString &name, const QString &value)
{
    if (!value.isEmpty())
        p.append({name, value});
}

void add(QueryParams &p, const QString &name, std::optional<int> value)
{
    if (value)
        p.append({name, QString::number(*value)});
}

void add(QueryParams &p, const QString &name, std::optional<bool> value)
{
    if (value)
        p.append({name, *value ? QStringLiteral("true") : QStringLiteral("false")});
}

// Tags is a list of Tag with locationName "Tag": Tags.Tag.<n>.Key / .Value from n = 1. An empty list is
// left out (botocore sends "Tags=" only when the caller explicitly passes []; nobody here needs that).
void addTags(QueryParams &p, const QList<Tag> &tags)
{
    for (qsizetype i = 0; i < tags.size(); ++i) {
        const QString prefix = QStringLiteral("Tags.Tag.%1.").arg(i + 1);
        p.append({prefix + QStringLiteral("Key"), tags.at(i).key});
        p.append({prefix + QStringLiteral("Value"), tags.at(i).value});
    }
}

} // namespace

QByteArray encodeComponent(const QString &text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (const char c : utf8) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
            || c == '-' || c == '~') {
            out += c;
        } else if (c == ' ') {
            out += '+';
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

QByteArray formBody(const QString &action, const QueryParams &params)
{
    return formBody(action, kVersion, params);
}

QByteArray formBody(const QString &action, const QString &version, const QueryParams &params)
{
    QByteArray body = "Action=" + encodeComponent(action) + "&Version=" + encodeComponent(version);
    for (const auto &[name, value] : params)
        body += '&' + encodeComponent(name) + '=' + encodeComponent(value);
    return body;
}

QueryParams parseFormBody(const QByteArray &body)
{
    QueryParams params;
    for (const QByteArray &part : body.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            params.append({decodeComponent(part), QString()});
        else
            params.append({decodeComponent(part.left(eq)), decodeComponent(part.mid(eq + 1))});
    }
    return params;
}

QueryParams params(const DescribeSnapshotsRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ReplicationGroupId"), r.replicationGroupId);
    add(p, QStringLiteral("CacheClusterId"), r.cacheClusterId);
    add(p, QStringLiteral("SnapshotName"), r.snapshotName);
    add(p, QStringLiteral("SnapshotSource"), r.snapshotSource);
    add(p, QStringLiteral("MaxRecords"), r.maxRecords);
    add(p, QStringLiteral("ShowNodeGroupConfig"), r.showNodeGroupConfig);
    return p;
}

QueryParams params(const CreateSnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ReplicationGroupId"), r.replicationGroupId);
    add(p, QStringLiteral("CacheClusterId"), r.cacheClusterId);
    add(p, QStringLiteral("SnapshotName"), r.snapshotName);
    add(p, QStringLiteral("KmsKeyId"), r.kmsKeyId);
    addTags(p, r.tags);
    return p;
}

QueryParams params(const CopySnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("SourceSnapshotName"), r.sourceSnapshotName);
    add(p, QStringLiteral("TargetSnapshotName"), r.targetSnapshotName);
    add(p, QStringLiteral("TargetBucket"), r.targetBucket);
    add(p, QStringLiteral("KmsKeyId"), r.kmsKeyId);
    addTags(p, r.tags);
    return p;
}

QueryParams params(const DeleteSnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("SnapshotName"), r.snapshotName);
    return p;
}

QueryParams params(const DescribeCacheClustersRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("CacheClusterId"), r.cacheClusterId);
    add(p, QStringLiteral("MaxRecords"), r.maxRecords);
    add(p, QStringLiteral("ShowCacheNodeInfo"), r.showCacheNodeInfo);
    add(p, QStringLiteral("ShowCacheClustersNotInReplicationGroups"), r.showCacheClustersNotInReplicationGroups);
    return p;
}

QueryParams params(const DescribeReplicationGroupsRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ReplicationGroupId"), r.replicationGroupId);
    add(p, QStringLiteral("MaxRecords"), r.maxRecords);
    return p;
}

QueryParams params(const DescribeServerlessCachesRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ServerlessCacheName"), r.serverlessCacheName);
    add(p, QStringLiteral("MaxResults"), r.maxResults);
    return p;
}

QueryParams params(const DescribeServerlessCacheSnapshotsRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ServerlessCacheName"), r.serverlessCacheName);
    add(p, QStringLiteral("ServerlessCacheSnapshotName"), r.serverlessCacheSnapshotName);
    add(p, QStringLiteral("SnapshotType"), r.snapshotType);
    add(p, QStringLiteral("MaxResults"), r.maxResults);
    return p;
}

QueryParams params(const CreateServerlessCacheSnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ServerlessCacheSnapshotName"), r.serverlessCacheSnapshotName);
    add(p, QStringLiteral("ServerlessCacheName"), r.serverlessCacheName);
    add(p, QStringLiteral("KmsKeyId"), r.kmsKeyId);
    addTags(p, r.tags);
    return p;
}

QueryParams params(const CopyServerlessCacheSnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("SourceServerlessCacheSnapshotName"), r.sourceServerlessCacheSnapshotName);
    add(p, QStringLiteral("TargetServerlessCacheSnapshotName"), r.targetServerlessCacheSnapshotName);
    add(p, QStringLiteral("KmsKeyId"), r.kmsKeyId);
    addTags(p, r.tags);
    return p;
}

QueryParams params(const DeleteServerlessCacheSnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ServerlessCacheSnapshotName"), r.serverlessCacheSnapshotName);
    return p;
}

QueryParams params(const ExportServerlessCacheSnapshotRequest &r)
{
    QueryParams p;
    add(p, QStringLiteral("ServerlessCacheSnapshotName"), r.serverlessCacheSnapshotName);
    add(p, QStringLiteral("S3BucketName"), r.s3BucketName);
    return p;
}

} // namespace QuerySerializer
