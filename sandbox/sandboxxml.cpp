// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxxml.h"

#include "sandboxdefaults.h"

#include <QVarLengthArray>

#include <algorithm>

namespace SandboxXml {

namespace {

// The few calls of QXmlStreamWriter these documents need, writing UTF-8 straight into one buffer: elements, a default
// namespace, escaped text. QXmlStreamWriter encoded and checked on every call and was most of the cost of serving a
// page (benchmarks/sandbox-throughput.py); element names here are ASCII literals.
class XmlWriter
{
public:
    explicit XmlWriter(QByteArray *out)
        : m_out(out)
    {
        m_out->reserve(16 * 1024);
    }

    void writeStartElement(QStringView name)
    {
        closeStartTag();
        m_out->append('<');
        m_open.append(m_names.size());
        appendAscii(m_names, name);
        m_out->append(m_names.constData() + m_open.last(), m_names.size() - m_open.last());
        m_inStartTag = true;
    }

    void writeDefaultNamespace(QLatin1StringView uri)
    {
        m_out->append(" xmlns=\"");
        m_out->append(uri.data(), uri.size());
        m_out->append('"');
    }

    void writeEndElement()
    {
        const qsizetype at = m_open.last();
        m_open.removeLast();
        if (m_inStartTag) {
            m_out->append("/>");
            m_inStartTag = false;
        } else {
            m_out->append("</");
            m_out->append(m_names.constData() + at, m_names.size() - at);
            m_out->append('>');
        }
        m_names.truncate(at);
    }

    void writeTextElement(QStringView name, QStringView text)
    {
        closeStartTag();
        m_out->append('<');
        appendAscii(*m_out, name);
        m_out->append('>');
        appendEscaped(text);
        m_out->append("</");
        appendAscii(*m_out, name);
        m_out->append('>');
    }

private:
    // Writes straight into the buffer: appending byte by byte went through QByteArray's insert path every time.
    static void appendAscii(QByteArray &out, QStringView text)
    {
        const qsizetype at = out.size();
        out.resize(at + text.size());
        char *to = out.data() + at;
        for (const QChar c : text)
            *to++ = char(c.unicode());
    }

    void closeStartTag()
    {
        if (m_inStartTag) {
            m_out->append('>');
            m_inStartTag = false;
        }
    }

    void appendEscaped(QStringView text)
    {
        const auto plain = [](QChar c) {
            const char16_t u = c.unicode();
            return u < 0x80 && u != u'&' && u != u'<' && u != u'>' && u != u'\r';
        };
        if (std::all_of(text.begin(), text.end(), plain)) {
            appendAscii(*m_out, text);
            return;
        }
        // Multi-byte UTF-8 sequences never contain ASCII bytes, so escaping byte by byte is safe.
        for (const char c : text.toUtf8()) {
            switch (c) {
            case '&':
                m_out->append("&amp;");
                break;
            case '<':
                m_out->append("&lt;");
                break;
            case '>':
                m_out->append("&gt;");
                break;
            case '\r':
                m_out->append("&#13;"); // a parser would turn a raw CR into LF
                break;
            default:
                m_out->append(c);
            }
        }
    }

    QByteArray *m_out;
    QByteArray m_names; // the names of the open elements, one after the other
    QVarLengthArray<qsizetype, 16> m_open; // where each open element's name starts in m_names
    bool m_inStartTag = false;
};

class Document
{
public:
    explicit Document(const QString &operation)
        : m_writer(&m_buffer)
    {
        m_writer.writeStartElement(QString(operation + u"Response"_qs));
        m_writer.writeDefaultNamespace(SandboxDefaults::xmlNamespace);
        m_writer.writeStartElement(QString(operation + u"Result"_qs));
    }

    QByteArray finish(const QString &requestId)
    {
        m_writer.writeEndElement(); // Result
        m_writer.writeStartElement(u"ResponseMetadata");
        m_writer.writeTextElement(u"RequestId", requestId);
        m_writer.writeEndElement();
        m_writer.writeEndElement(); // Response
        return m_buffer;
    }

    XmlWriter &writer() { return m_writer; }

private:
    QByteArray m_buffer;
    XmlWriter m_writer;
};

void text(XmlWriter &w, const QString &name, const QString &value)
{
    if (!value.isNull())
        w.writeTextElement(name, value);
}

void integer(XmlWriter &w, const QString &name, const std::optional<int> &value)
{
    if (value)
        w.writeTextElement(name, QString::number(*value));
}

void boolean(XmlWriter &w, const QString &name, const std::optional<bool> &value)
{
    if (value)
        w.writeTextElement(name, *value ? u"true"_qs : u"false"_qs);
}

void time(XmlWriter &w, const QString &name, const QDateTime &value)
{
    if (value.isValid())
        w.writeTextElement(name, timestamp(value));
}

void stringList(XmlWriter &w, const QString &name, const QString &element, const QStringList &values)
{
    if (values.isEmpty())
        return;
    w.writeStartElement(name);
    for (const QString &value : values)
        w.writeTextElement(element, value);
    w.writeEndElement();
}

void writeSnapshot(XmlWriter &w, const Snapshot &s)
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

void writeServerlessSnapshot(XmlWriter &w, const ServerlessCacheSnapshot &s)
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

void writeCacheCluster(XmlWriter &w, const CacheCluster &c)
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

void writeReplicationGroup(XmlWriter &w, const ReplicationGroup &g)
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

void writeServerlessCache(XmlWriter &w, const ServerlessCache &c)
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
    XmlWriter &w = document.writer();
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
    // By hand: QDateTime::toString() formats through QString::asprintf, which was a third of serving a page.
    const qint64 ms = time.toMSecsSinceEpoch();
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    const QDate date = utc.date();
    const QTime clock = utc.time();
    char text[25];
    const auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    const int year = date.year();
    if (year < 0 || year > 9999)
        return utc.toString(Qt::ISODateWithMs);
    put(0, year, 4);
    text[4] = '-';
    put(5, date.month(), 2);
    text[7] = '-';
    put(8, date.day(), 2);
    text[10] = 'T';
    put(11, clock.hour(), 2);
    text[13] = ':';
    put(14, clock.minute(), 2);
    text[16] = ':';
    put(17, clock.second(), 2);
    text[19] = '.';
    put(20, clock.msec(), 3);
    text[23] = 'Z';
    return QString::fromLatin1(text, 24);
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
    XmlWriter w(&buffer);
    w.writeStartElement(u"ErrorResponse"_qs);
    w.writeDefaultNamespace(SandboxDefaults::xmlNamespace);
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
