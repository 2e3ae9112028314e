// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxxml.h"

#include "sandboxdefaults.h"

#include <QXmlStreamWriter>

namespace SandboxXml {

namespace {

class Document
{
public:
    explicit Document(const QString &operation)
        : m_writer(&m_buffer)
        , m_operation(operation)
    {
        m_writer.writeStartElement(operation + u"Response"_qs);
        m_writer.writeDefaultNamespace(QString(SandboxDefaults::xmlNamespace));
        m_writer.writeStartElement(operation + u"Result"_qs);
    }

    QByteArray finish(const QString &requestId)
    {
        m_writer.writeEndElement(); // Result
        m_writer.writeStartElement(u"ResponseMetadata"_qs);
        m_writer.writeTextElement(u"RequestId"_qs, requestId);
        m_writer.writeEndElement();
        m_writer.writeEndElement(); // Response
        return m_buffer;
    }

    QXmlStreamWriter &writer() { return m_writer; }

private:
    QByteArray m_buffer;
    QXmlStreamWriter m_writer;
    QString m_operation;
};

void text(QXmlStreamWriter &w, const QString &name, const QString &value)
{
    if (!value.isNull())
        w.writeTextElement(name, value);
}

void integer(QXmlStreamWriter &w, const QString &name, const std::optional<int> &value)
{
    if (value)
        w.writeTextElement(name, QString::number(*value));
}

void boolean(QXmlStreamWriter &w, const QString &name, const std::optional<bool> &value)
{
    if (value)
        w.writeTextElement(name, *value ? u"true"_qs : u"false"_qs);
}

void time(QXmlStreamWriter &w, const QString &name, const QDateTime &value)
{
    if (value.isValid())
        w.writeTextElement(name, timestamp(value));
}

void stringList(QXmlStreamWriter &w, const QString &name, const QString &element, const QStringList &values)
{
    if (values.isEmpty())
        return;
    w.writeStartElement(name);
    for (const QString &value : values)
        w.writeTextElement(element, value);
    w.writeEndElement();
}

void writeSnapshot(QXmlStreamWriter &w, const Snapshot &s)
{
    w.writeStartElement(u"Snapshot"_qs);
    text(w, u"SnapshotName"_qs, s.snapshotName);
    text(w, u"ReplicationGroupId"_qs, s.replicationGroupId);
    text(w, u"ReplicationGroupDescription"_qs, s.replicationGroupDescription);
    text(w, u"CacheClusterId"_qs, s.cacheClusterId);
    text(w, u"SnapshotStatus"_qs, s.snapshotStatus);
    text(w, u"SnapshotSource"_qs, s.snapshotSource);
    text(w, u"CacheNodeType"_qs, s.cacheNodeType);
    text(w, u"Engine"_qs, s.engine);
    text(w, u"EngineVersion"_qs, s.engineVersion);
    integer(w, u"NumCacheNodes"_qs, s.numCacheNodes);
    text(w, u"PreferredAvailabilityZone"_qs, s.preferredAvailabilityZone);
    text(w, u"PreferredOutpostArn"_qs, s.preferredOutpostArn);
    time(w, u"CacheClusterCreateTime"_qs, s.cacheClusterCreateTime);
    text(w, u"PreferredMaintenanceWindow"_qs, s.preferredMaintenanceWindow);
    text(w, u"TopicArn"_qs, s.topicArn);
    integer(w, u"Port"_qs, s.port);
    text(w, u"CacheParameterGroupName"_qs, s.cacheParameterGroupName);
    text(w, u"CacheSubnetGroupName"_qs, s.cacheSubnetGroupName);
    text(w, u"VpcId"_qs, s.vpcId);
    boolean(w, u"AutoMinorVersionUpgrade"_qs, s.autoMinorVersionUpgrade);
    integer(w, u"SnapshotRetentionLimit"_qs, s.snapshotRetentionLimit);
    text(w, u"SnapshotWindow"_qs, s.snapshotWindow);
    integer(w, u"NumNodeGroups"_qs, s.numNodeGroups);
    text(w, u"AutomaticFailover"_qs, s.automaticFailover);
    if (!s.nodeSnapshots.isEmpty()) {
        w.writeStartElement(u"NodeSnapshots"_qs);
        for (const NodeSnapshot &n : s.nodeSnapshots) {
            w.writeStartElement(u"NodeSnapshot"_qs);
            text(w, u"CacheClusterId"_qs, n.cacheClusterId);
            text(w, u"NodeGroupId"_qs, n.nodeGroupId);
            text(w, u"CacheNodeId"_qs, n.cacheNodeId);
            if (n.nodeGroupConfiguration) {
                const NodeGroupConfiguration &c = *n.nodeGroupConfiguration;
                w.writeStartElement(u"NodeGroupConfiguration"_qs);
                text(w, u"NodeGroupId"_qs, c.nodeGroupId);
                text(w, u"Slots"_qs, c.slots);
                integer(w, u"ReplicaCount"_qs, c.replicaCount);
                text(w, u"PrimaryAvailabilityZone"_qs, c.primaryAvailabilityZone);
                stringList(w, u"ReplicaAvailabilityZones"_qs, u"AvailabilityZone"_qs, c.replicaAvailabilityZones);
                text(w, u"PrimaryOutpostArn"_qs, c.primaryOutpostArn);
                stringList(w, u"ReplicaOutpostArns"_qs, u"OutpostArn"_qs, c.replicaOutpostArns);
                w.writeEndElement();
            }
            text(w, u"CacheSize"_qs, n.cacheSize);
            time(w, u"CacheNodeCreateTime"_qs, n.cacheNodeCreateTime);
            time(w, u"SnapshotCreateTime"_qs, n.snapshotCreateTime);
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    text(w, u"KmsKeyId"_qs, s.kmsKeyId);
    text(w, u"ARN"_qs, s.arn);
    text(w, u"DataTiering"_qs, s.dataTiering);
    w.writeEndElement();
}

void writeServerlessSnapshot(QXmlStreamWriter &w, const ServerlessCacheSnapshot &s)
{
    w.writeStartElement(u"ServerlessCacheSnapshot"_qs);
    text(w, u"ServerlessCacheSnapshotName"_qs, s.serverlessCacheSnapshotName);
    text(w, u"ARN"_qs, s.arn);
    text(w, u"KmsKeyId"_qs, s.kmsKeyId);
    text(w, u"SnapshotType"_qs, s.snapshotType);
    text(w, u"Status"_qs, s.status);
    time(w, u"CreateTime"_qs, s.createTime);
    time(w, u"ExpiryTime"_qs, s.expiryTime);
    text(w, u"BytesUsedForCache"_qs, s.bytesUsedForCache);
    if (s.serverlessCacheConfiguration) {
        w.writeStartElement(u"ServerlessCacheConfiguration"_qs);
        text(w, u"ServerlessCacheName"_qs, s.serverlessCacheConfiguration->serverlessCacheName);
        text(w, u"Engine"_qs, s.serverlessCacheConfiguration->engine);
        text(w, u"MajorEngineVersion"_qs, s.serverlessCacheConfiguration->majorEngineVersion);
        w.writeEndElement();
    }
    w.writeEndElement();
}

void writeCacheCluster(QXmlStreamWriter &w, const CacheCluster &c)
{
    w.writeStartElement(u"CacheCluster"_qs);
    text(w, u"CacheClusterId"_qs, c.cacheClusterId);
    text(w, u"CacheNodeType"_qs, c.cacheNodeType);
    text(w, u"Engine"_qs, c.engine);
    text(w, u"EngineVersion"_qs, c.engineVersion);
    text(w, u"CacheClusterStatus"_qs, c.cacheClusterStatus);
    integer(w, u"NumCacheNodes"_qs, c.numCacheNodes);
    text(w, u"PreferredAvailabilityZone"_qs, c.preferredAvailabilityZone);
    time(w, u"CacheClusterCreateTime"_qs, c.cacheClusterCreateTime);
    boolean(w, u"AutoMinorVersionUpgrade"_qs, c.autoMinorVersionUpgrade);
    text(w, u"ReplicationGroupId"_qs, c.replicationGroupId);
    integer(w, u"SnapshotRetentionLimit"_qs, c.snapshotRetentionLimit);
    text(w, u"SnapshotWindow"_qs, c.snapshotWindow);
    boolean(w, u"AtRestEncryptionEnabled"_qs, c.atRestEncryptionEnabled);
    text(w, u"ARN"_qs, c.arn);
    w.writeEndElement();
}

void writeReplicationGroup(QXmlStreamWriter &w, const ReplicationGroup &g)
{
    w.writeStartElement(u"ReplicationGroup"_qs);
    text(w, u"ReplicationGroupId"_qs, g.replicationGroupId);
    text(w, u"Description"_qs, g.description);
    text(w, u"Status"_qs, g.status);
    stringList(w, u"MemberClusters"_qs, u"ClusterId"_qs, g.memberClusters);
    if (!g.nodeGroups.isEmpty()) {
        w.writeStartElement(u"NodeGroups"_qs);
        for (const NodeGroup &n : g.nodeGroups) {
            w.writeStartElement(u"NodeGroup"_qs);
            text(w, u"NodeGroupId"_qs, n.nodeGroupId);
            text(w, u"Status"_qs, n.status);
            text(w, u"Slots"_qs, n.slots);
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    text(w, u"SnapshottingClusterId"_qs, g.snapshottingClusterId);
    text(w, u"AutomaticFailover"_qs, g.automaticFailover);
    integer(w, u"SnapshotRetentionLimit"_qs, g.snapshotRetentionLimit);
    text(w, u"SnapshotWindow"_qs, g.snapshotWindow);
    boolean(w, u"ClusterEnabled"_qs, g.clusterEnabled);
    text(w, u"CacheNodeType"_qs, g.cacheNodeType);
    boolean(w, u"AtRestEncryptionEnabled"_qs, g.atRestEncryptionEnabled);
    text(w, u"KmsKeyId"_qs, g.kmsKeyId);
    text(w, u"ARN"_qs, g.arn);
    time(w, u"ReplicationGroupCreateTime"_qs, g.replicationGroupCreateTime);
    text(w, u"DataTiering"_qs, g.dataTiering);
    text(w, u"Engine"_qs, g.engine);
    w.writeEndElement();
}

void writeServerlessCache(QXmlStreamWriter &w, const ServerlessCache &c)
{
    // The model names this list's items <member>.
    w.writeStartElement(u"member"_qs);
    text(w, u"ServerlessCacheName"_qs, c.serverlessCacheName);
    text(w, u"Description"_qs, c.description);
    time(w, u"CreateTime"_qs, c.createTime);
    text(w, u"Status"_qs, c.status);
    text(w, u"Engine"_qs, c.engine);
    text(w, u"MajorEngineVersion"_qs, c.majorEngineVersion);
    text(w, u"FullEngineVersion"_qs, c.fullEngineVersion);
    text(w, u"KmsKeyId"_qs, c.kmsKeyId);
    text(w, u"ARN"_qs, c.arn);
    integer(w, u"SnapshotRetentionLimit"_qs, c.snapshotRetentionLimit);
    text(w, u"DailySnapshotTime"_qs, c.dailySnapshotTime);
    w.writeEndElement();
}

template<typename T, typename Write>
QByteArray listDocument(const QString &operation, const QString &tokenName, const QString &listName,
                        const SandboxPage<T> &page, const QString &requestId, Write write)
{
    Document document(operation);
    QXmlStreamWriter &w = document.writer();
    // The paging token comes before the list in every one of these output shapes.
    text(w, tokenName, page.marker.isEmpty() ? QString() : page.marker);
    w.writeStartElement(listName);
    for (const T &item : page.items)
        write(w, item);
    w.writeEndElement();
    return document.finish(requestId);
}

} // namespace

QString timestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray describeSnapshots(const SandboxPage<Snapshot> &page, const QString &requestId)
{
    return listDocument(u"DescribeSnapshots"_qs, u"Marker"_qs, u"Snapshots"_qs, page, requestId, writeSnapshot);
}

QByteArray snapshotResult(const QString &operation, const Snapshot &snapshot, const QString &requestId)
{
    Document document(operation);
    writeSnapshot(document.writer(), snapshot);
    return document.finish(requestId);
}

QByteArray describeCacheClusters(const SandboxPage<CacheCluster> &page, const QString &requestId)
{
    return listDocument(u"DescribeCacheClusters"_qs, u"Marker"_qs, u"CacheClusters"_qs, page, requestId,
                        writeCacheCluster);
}

QByteArray describeReplicationGroups(const SandboxPage<ReplicationGroup> &page, const QString &requestId)
{
    return listDocument(u"DescribeReplicationGroups"_qs, u"Marker"_qs, u"ReplicationGroups"_qs, page, requestId,
                        writeReplicationGroup);
}

QByteArray describeServerlessCaches(const SandboxPage<ServerlessCache> &page, const QString &requestId)
{
    return listDocument(u"DescribeServerlessCaches"_qs, u"NextToken"_qs, u"ServerlessCaches"_qs, page, requestId,
                        writeServerlessCache);
}

QByteArray describeServerlessCacheSnapshots(const SandboxPage<ServerlessCacheSnapshot> &page, const QString &requestId)
{
    return listDocument(u"DescribeServerlessCacheSnapshots"_qs, u"NextToken"_qs, u"ServerlessCacheSnapshots"_qs, page,
                        requestId, writeServerlessSnapshot);
}

QByteArray serverlessSnapshotResult(const QString &operation, const ServerlessCacheSnapshot &snapshot,
                                    const QString &requestId)
{
    Document document(operation);
    writeServerlessSnapshot(document.writer(), snapshot);
    return document.finish(requestId);
}

QByteArray error(const ApiError &error, const QString &requestId)
{
    QByteArray buffer;
    QXmlStreamWriter w(&buffer);
    w.writeStartElement(u"ErrorResponse"_qs);
    w.writeDefaultNamespace(QString(SandboxDefaults::xmlNamespace));
    w.writeStartElement(u"Error"_qs);
    w.writeTextElement(u"Type"_qs, error.type.isEmpty() ? u"Sender"_qs : error.type);
    w.writeTextElement(u"Code"_qs, error.code);
    w.writeTextElement(u"Message"_qs, error.message);
    w.writeEndElement();
    w.writeTextElement(u"RequestId"_qs, requestId);
    w.writeEndElement();
    return buffer;
}

} // namespace SandboxXml
