// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "responseparser.h"

#include "service/queryprotocol.h"

#include <QSet>
#include <QXmlStreamReader>

#include <cstddef>
#include <utility>

namespace {

using L1 = QLatin1StringView;

// Why a pool: one page repeats the same engine, version, node type, status, source, VPC, parameter and subnet
// group, AZ, cluster and group ids, windows and KMS key in every item, and the UI keeps up to 100,000
// snapshots (~2 KB each). Handing out one implicitly shared QString per distinct value instead of one
// allocation per item and field keeps that budget. Names and ARNs are unique per item and are not pooled.
class StringPool
{
public:
    QString intern(QString &&text)
    {
        const auto it = m_strings.constFind(text);
        if (it != m_strings.constEnd())
            return *it;
        text.squeeze();
        m_strings.insert(text);
        return std::move(text);
    }

private:
    QSet<QString> m_strings;
};

QString quoted(QStringView text)
{
    constexpr qsizetype kMax = 40;
    QString shown;
    shown.reserve(qMin(text.size(), kMax) + 3);
    for (const QChar c : text.left(kMax))
        shown += (c.unicode() < 0x20 || c.unicode() == 0x7f) ? QChar(u' ') : c;
    if (text.size() > kMax)
        shown += u'…';
    return u'"' + shown + u'"';
}

class Parser
{
public:
    explicit Parser(const QByteArray &xml)
        : m_reader(xml)
    {
    }

    QXmlStreamReader &reader() { return m_reader; }
    bool failed() const { return m_reader.hasError(); }
    bool sawErrorResponse() const { return m_errorResponse; }
    QString requestId;

    void fail(const QString &what)
    {
        if (m_reader.hasError())
            return;
        m_message = what + location();
        m_reader.raiseError(what);
    }

    QString errorMessage() const { return m_message.isEmpty() ? m_reader.errorString() + location() : m_message; }

    // The text of a leaf element; an empty element gives an empty, non-null string (botocore: "").
    // readElementText() grows its result as it appends, so a string that is kept gets its spare capacity
    // back. With the squeeze in readList(), that is 20 MB less for a listing of 100,000 snapshots.
    QString text()
    {
        QString t = m_reader.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement);
        if (t.isNull())
            t = QStringLiteral("");
        else if (t.capacity() > t.size())
            t.squeeze();
        return t;
    }

    QString string() { return text(); }
    QString pooled() { return m_pool.intern(text()); }

    std::optional<int> integer()
    {
        const QString t = text();
        if (failed())
            return std::nullopt;
        bool ok = false;
        const int value = QStringView(t).trimmed().toInt(&ok);
        if (!ok) {
            fail(u'<' + m_reader.name().toString() + u"> is not an integer: "_qs + quoted(t));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean()
    {
        const QString t = text();
        if (failed())
            return std::nullopt;
        const QStringView v = QStringView(t).trimmed();
        if (v.compare(u"true", Qt::CaseInsensitive) == 0)
            return true;
        if (v.compare(u"false", Qt::CaseInsensitive) == 0)
            return false;
        fail(u'<' + m_reader.name().toString() + u"> is not a boolean: "_qs + quoted(t));
        return std::nullopt;
    }

    QDateTime timestamp()
    {
        const QString t = text();
        if (failed())
            return {};
        std::optional<QDateTime> value = ResponseParser::parseTimestamp(t);
        if (!value) {
            fail(u'<' + m_reader.name().toString() + u"> is not a timestamp: "_qs + quoted(t));
            return {};
        }
        return *value;
    }

    // Reads <OpResponse> ... </OpResponse> to the end of the document; readResult runs on <OpResult>.
    template<typename Fn> void envelope(QStringView operation, Fn readResult);

private:
    QString location() const
    {
        return u" (line "_qs + QString::number(m_reader.lineNumber()) + u", column "_qs
            + QString::number(m_reader.columnNumber()) + u')';
    }

    QXmlStreamReader m_reader;
    StringPool m_pool;
    QString m_message;
    bool m_errorResponse = false;
};

template<typename T> struct Member
{
    L1 name;
    void (*read)(Parser &, T &);
};

// Members usually arrive in model order, so the search starts after the previous match.
template<typename T, std::size_t N> void readStruct(Parser &p, T &out, const Member<T> (&members)[N])
{
    QXmlStreamReader &r = p.reader();
    std::size_t hint = 0;
    while (r.readNextStartElement()) {
        const QStringView name = r.name();
        std::size_t found = N;
        for (std::size_t i = 0; i < N; ++i) {
            const std::size_t k = (hint + i) % N;
            if (name == members[k].name) {
                found = k;
                break;
            }
        }
        if (found == N) {
            r.skipCurrentElement();
            continue;
        }
        members[found].read(p, out);
        if (p.failed())
            return;
        hint = found + 1;
    }
}

// Items are the elements named itemName (the model's locationName, or "member"); anything else is skipped.
template<typename T, typename ReadItem> void readList(Parser &p, L1 itemName, QList<T> &out, ReadItem readItem)
{
    QXmlStreamReader &r = p.reader();
    while (r.readNextStartElement()) {
        if (r.name() != itemName) {
            r.skipCurrentElement();
            continue;
        }
        T item = readItem(p);
        if (p.failed())
            return;
        out.append(std::move(item));
    }
    // Appending grows the list geometrically; the lists a listing keeps (a snapshot's node snapshots) would
    // otherwise carry room for about three times what they hold.
    if (out.capacity() > out.size())
        out.squeeze();
}

template<typename T, std::size_t N>
void readStructList(Parser &p, L1 itemName, QList<T> &out, const Member<T> (&members)[N])
{
    readList(p, itemName, out, [&members](Parser &parser) {
        T item;
        readStruct(parser, item, members);
        return item;
    });
}

void readPooledStringList(Parser &p, L1 itemName, QStringList &out)
{
    readList(p, itemName, out, [](Parser &parser) { return parser.pooled(); });
}

template<typename M> struct ClassOf;
template<typename C, typename V> struct ClassOf<V C::*>
{
    using type = C;
};
template<auto F> using Owner = typename ClassOf<decltype(F)>::type;

template<auto F> void plain(Parser &p, Owner<F> &out)
{
    out.*F = p.string();
}
template<auto F> void pooled(Parser &p, Owner<F> &out)
{
    out.*F = p.pooled();
}
template<auto F> void integer(Parser &p, Owner<F> &out)
{
    out.*F = p.integer();
}
template<auto F> void boolean(Parser &p, Owner<F> &out)
{
    out.*F = p.boolean();
}
template<auto F> void timestamp(Parser &p, Owner<F> &out)
{
    out.*F = p.timestamp();
}

struct ResponseMetadata
{
    QString requestId;
};

constexpr Member<ResponseMetadata> kResponseMetadataMembers[] = {
    {L1("RequestId"), plain<&ResponseMetadata::requestId>},
};

template<typename Fn> void Parser::envelope(QStringView operation, Fn readResult)
{
    QXmlStreamReader &r = m_reader;
    if (!r.readNextStartElement()) {
        if (!r.hasError())
            fail(u"the answer has no XML document element"_qs);
        return;
    }
    if (r.name() == u"ErrorResponse") {
        m_errorResponse = true;
        return;
    }
    const QString expectedRoot = operation + u"Response";
    if (r.name() != expectedRoot) {
        fail(u"expected <"_qs + expectedRoot + u"> but the document element is <"_qs + r.name().toString() + u'>');
        return;
    }
    const QString expectedResult = operation + u"Result";
    bool seenResult = false;
    while (r.readNextStartElement()) {
        if (r.name() == expectedResult) {
            if (seenResult) {
                fail(u"a second <"_qs + expectedResult + u"> element"_qs);
                return;
            }
            seenResult = true;
            readResult(*this);
        } else if (r.name() == u"ResponseMetadata") {
            ResponseMetadata metadata;
            readStruct(*this, metadata, kResponseMetadataMembers);
            requestId = metadata.requestId;
        } else {
            r.skipCurrentElement();
        }
        if (failed())
            return;
    }
    if (failed())
        return;
    // Whatever follows the document element must be well-formed too (comments, whitespace).
    while (!r.atEnd())
        r.readNext();
    if (failed())
        return;
    if (!seenResult)
        fail(u"the document has no <"_qs + expectedResult + u"> element"_qs);
}

// ---- model shapes -------------------------------------------------------------------------------------

constexpr Member<NodeGroupConfiguration> kNodeGroupConfigurationMembers[] = {
    {L1("NodeGroupId"), pooled<&NodeGroupConfiguration::nodeGroupId>},
    {L1("Slots"), pooled<&NodeGroupConfiguration::slots>},
    {L1("ReplicaCount"), integer<&NodeGroupConfiguration::replicaCount>},
    {L1("PrimaryAvailabilityZone"), pooled<&NodeGroupConfiguration::primaryAvailabilityZone>},
    {L1("ReplicaAvailabilityZones"),
     [](Parser &p, NodeGroupConfiguration &c) {
         readPooledStringList(p, L1("AvailabilityZone"), c.replicaAvailabilityZones);
     }},
    {L1("PrimaryOutpostArn"), pooled<&NodeGroupConfiguration::primaryOutpostArn>},
    {L1("ReplicaOutpostArns"),
     [](Parser &p, NodeGroupConfiguration &c) {
         readPooledStringList(p, L1("OutpostArn"), c.replicaOutpostArns);
     }},
};

constexpr Member<NodeSnapshot> kNodeSnapshotMembers[] = {
    {L1("CacheClusterId"), pooled<&NodeSnapshot::cacheClusterId>},
    {L1("NodeGroupId"), pooled<&NodeSnapshot::nodeGroupId>},
    {L1("CacheNodeId"), pooled<&NodeSnapshot::cacheNodeId>},
    {L1("NodeGroupConfiguration"),
     [](Parser &p, NodeSnapshot &n) {
         NodeGroupConfiguration configuration;
         readStruct(p, configuration, kNodeGroupConfigurationMembers);
         n.nodeGroupConfiguration = std::move(configuration);
     }},
    {L1("CacheSize"), pooled<&NodeSnapshot::cacheSize>},
    {L1("CacheNodeCreateTime"), timestamp<&NodeSnapshot::cacheNodeCreateTime>},
    {L1("SnapshotCreateTime"), timestamp<&NodeSnapshot::snapshotCreateTime>},
};

constexpr Member<Snapshot> kSnapshotMembers[] = {
    {L1("SnapshotName"), plain<&Snapshot::snapshotName>},
    {L1("ReplicationGroupId"), pooled<&Snapshot::replicationGroupId>},
    {L1("ReplicationGroupDescription"), pooled<&Snapshot::replicationGroupDescription>},
    {L1("CacheClusterId"), pooled<&Snapshot::cacheClusterId>},
    {L1("SnapshotStatus"), pooled<&Snapshot::snapshotStatus>},
    {L1("SnapshotSource"), pooled<&Snapshot::snapshotSource>},
    {L1("CacheNodeType"), pooled<&Snapshot::cacheNodeType>},
    {L1("Engine"), pooled<&Snapshot::engine>},
    {L1("EngineVersion"), pooled<&Snapshot::engineVersion>},
    {L1("NumCacheNodes"), integer<&Snapshot::numCacheNodes>},
    {L1("PreferredAvailabilityZone"), pooled<&Snapshot::preferredAvailabilityZone>},
    {L1("PreferredOutpostArn"), pooled<&Snapshot::preferredOutpostArn>},
    {L1("CacheClusterCreateTime"), timestamp<&Snapshot::cacheClusterCreateTime>},
    {L1("PreferredMaintenanceWindow"), pooled<&Snapshot::preferredMaintenanceWindow>},
    {L1("TopicArn"), pooled<&Snapshot::topicArn>},
    {L1("Port"), integer<&Snapshot::port>},
    {L1("CacheParameterGroupName"), pooled<&Snapshot::cacheParameterGroupName>},
    {L1("CacheSubnetGroupName"), pooled<&Snapshot::cacheSubnetGroupName>},
    {L1("VpcId"), pooled<&Snapshot::vpcId>},
    {L1("AutoMinorVersionUpgrade"), boolean<&Snapshot::autoMinorVersionUpgrade>},
    {L1("SnapshotRetentionLimit"), integer<&Snapshot::snapshotRetentionLimit>},
    {L1("SnapshotWindow"), pooled<&Snapshot::snapshotWindow>},
    {L1("NumNodeGroups"), integer<&Snapshot::numNodeGroups>},
    {L1("AutomaticFailover"), pooled<&Snapshot::automaticFailover>},
    {L1("NodeSnapshots"),
     [](Parser &p, Snapshot &s) {
         readStructList(p, L1("NodeSnapshot"), s.nodeSnapshots, kNodeSnapshotMembers);
     }},
    {L1("KmsKeyId"), pooled<&Snapshot::kmsKeyId>},
    {L1("ARN"), plain<&Snapshot::arn>},
    {L1("DataTiering"), pooled<&Snapshot::dataTiering>},
};

constexpr Member<ServerlessCacheConfiguration> kServerlessCacheConfigurationMembers[] = {
    {L1("ServerlessCacheName"), pooled<&ServerlessCacheConfiguration::serverlessCacheName>},
    {L1("Engine"), pooled<&ServerlessCacheConfiguration::engine>},
    {L1("MajorEngineVersion"), pooled<&ServerlessCacheConfiguration::majorEngineVersion>},
};

constexpr Member<ServerlessCacheSnapshot> kServerlessCacheSnapshotMembers[] = {
    {L1("ServerlessCacheSnapshotName"), plain<&ServerlessCacheSnapshot::serverlessCacheSnapshotName>},
    {L1("ARN"), plain<&ServerlessCacheSnapshot::arn>},
    {L1("KmsKeyId"), pooled<&ServerlessCacheSnapshot::kmsKeyId>},
    {L1("SnapshotType"), pooled<&ServerlessCacheSnapshot::snapshotType>},
    {L1("Status"), pooled<&ServerlessCacheSnapshot::status>},
    {L1("CreateTime"), timestamp<&ServerlessCacheSnapshot::createTime>},
    {L1("ExpiryTime"), timestamp<&ServerlessCacheSnapshot::expiryTime>},
    {L1("BytesUsedForCache"), pooled<&ServerlessCacheSnapshot::bytesUsedForCache>},
    {L1("ServerlessCacheConfiguration"),
     [](Parser &p, ServerlessCacheSnapshot &s) {
         ServerlessCacheConfiguration configuration;
         readStruct(p, configuration, kServerlessCacheConfigurationMembers);
         s.serverlessCacheConfiguration = std::move(configuration);
     }},
};

constexpr Member<CacheCluster> kCacheClusterMembers[] = {
    {L1("CacheClusterId"), pooled<&CacheCluster::cacheClusterId>},
    {L1("CacheNodeType"), pooled<&CacheCluster::cacheNodeType>},
    {L1("Engine"), pooled<&CacheCluster::engine>},
    {L1("EngineVersion"), pooled<&CacheCluster::engineVersion>},
    {L1("CacheClusterStatus"), pooled<&CacheCluster::cacheClusterStatus>},
    {L1("NumCacheNodes"), integer<&CacheCluster::numCacheNodes>},
    {L1("PreferredAvailabilityZone"), pooled<&CacheCluster::preferredAvailabilityZone>},
    {L1("CacheClusterCreateTime"), timestamp<&CacheCluster::cacheClusterCreateTime>},
    {L1("AutoMinorVersionUpgrade"), boolean<&CacheCluster::autoMinorVersionUpgrade>},
    {L1("ReplicationGroupId"), pooled<&CacheCluster::replicationGroupId>},
    {L1("SnapshotRetentionLimit"), integer<&CacheCluster::snapshotRetentionLimit>},
    {L1("SnapshotWindow"), pooled<&CacheCluster::snapshotWindow>},
    {L1("AtRestEncryptionEnabled"), boolean<&CacheCluster::atRestEncryptionEnabled>},
    {L1("ARN"), plain<&CacheCluster::arn>},
};

constexpr Member<NodeGroup> kNodeGroupMembers[] = {
    {L1("NodeGroupId"), pooled<&NodeGroup::nodeGroupId>},
    {L1("Status"), pooled<&NodeGroup::status>},
    {L1("Slots"), pooled<&NodeGroup::slots>},
};

constexpr Member<ReplicationGroup> kReplicationGroupMembers[] = {
    {L1("ReplicationGroupId"), pooled<&ReplicationGroup::replicationGroupId>},
    {L1("Description"), pooled<&ReplicationGroup::description>},
    {L1("Status"), pooled<&ReplicationGroup::status>},
    {L1("MemberClusters"),
     [](Parser &p, ReplicationGroup &g) {
         readPooledStringList(p, L1("ClusterId"), g.memberClusters);
     }},
    {L1("NodeGroups"),
     [](Parser &p, ReplicationGroup &g) {
         readStructList(p, L1("NodeGroup"), g.nodeGroups, kNodeGroupMembers);
     }},
    {L1("SnapshottingClusterId"), pooled<&ReplicationGroup::snapshottingClusterId>},
    {L1("AutomaticFailover"), pooled<&ReplicationGroup::automaticFailover>},
    {L1("SnapshotRetentionLimit"), integer<&ReplicationGroup::snapshotRetentionLimit>},
    {L1("SnapshotWindow"), pooled<&ReplicationGroup::snapshotWindow>},
    {L1("ClusterEnabled"), boolean<&ReplicationGroup::clusterEnabled>},
    {L1("CacheNodeType"), pooled<&ReplicationGroup::cacheNodeType>},
    {L1("AtRestEncryptionEnabled"), boolean<&ReplicationGroup::atRestEncryptionEnabled>},
    {L1("KmsKeyId"), pooled<&ReplicationGroup::kmsKeyId>},
    {L1("ARN"), plain<&ReplicationGroup::arn>},
    {L1("ReplicationGroupCreateTime"), timestamp<&ReplicationGroup::replicationGroupCreateTime>},
    {L1("DataTiering"), pooled<&ReplicationGroup::dataTiering>},
    {L1("Engine"), pooled<&ReplicationGroup::engine>},
};

constexpr Member<ServerlessCache> kServerlessCacheMembers[] = {
    {L1("ServerlessCacheName"), pooled<&ServerlessCache::serverlessCacheName>},
    {L1("Description"), pooled<&ServerlessCache::description>},
    {L1("CreateTime"), timestamp<&ServerlessCache::createTime>},
    {L1("Status"), pooled<&ServerlessCache::status>},
    {L1("Engine"), pooled<&ServerlessCache::engine>},
    {L1("MajorEngineVersion"), pooled<&ServerlessCache::majorEngineVersion>},
    {L1("FullEngineVersion"), pooled<&ServerlessCache::fullEngineVersion>},
    {L1("KmsKeyId"), pooled<&ServerlessCache::kmsKeyId>},
    {L1("ARN"), plain<&ServerlessCache::arn>},
    {L1("SnapshotRetentionLimit"), integer<&ServerlessCache::snapshotRetentionLimit>},
    {L1("DailySnapshotTime"), pooled<&ServerlessCache::dailySnapshotTime>},
};

// ---- documents ----------------------------------------------------------------------------------------

ApiError parseError(const Parser &p, QStringView operation)
{
    ApiError error;
    error.kind = ApiError::Kind::Parse;
    error.code = u"MalformedResponse"_qs;
    error.message = u"Unreadable "_qs + operation + u" answer: "_qs + p.errorMessage();
    error.requestId = p.requestId;
    return error;
}

// A 2xx answer carrying an <ErrorResponse> is still the service's error; the caller knows the status.
ApiError serviceErrorIn(const QByteArray &xml)
{
    return QueryProtocol::errorResponse(xml, 0);
}

template<typename T, std::size_t N>
ApiResult<ResponseParser::Page<T>> readPage(const QByteArray &xml, QStringView operation, L1 tokenName, L1 listName,
                                            L1 itemName, const Member<T> (&members)[N])
{
    Parser p(xml);
    ResponseParser::Page<T> page;
    p.envelope(operation, [&](Parser &parser) {
        QXmlStreamReader &r = parser.reader();
        while (r.readNextStartElement()) {
            if (r.name() == tokenName)
                page.nextToken = parser.string();
            else if (r.name() == listName)
                readStructList(parser, itemName, page.items, members);
            else
                r.skipCurrentElement();
            if (parser.failed())
                return;
        }
    });
    if (p.sawErrorResponse())
        return serviceErrorIn(xml);
    if (p.failed())
        return parseError(p, operation);
    page.requestId = p.requestId;
    return page;
}

template<typename T, std::size_t N>
ApiResult<T> readSingle(const QByteArray &xml, QStringView operation, L1 itemName, const Member<T> (&members)[N])
{
    Parser p(xml);
    std::optional<T> item;
    p.envelope(operation, [&](Parser &parser) {
        QXmlStreamReader &r = parser.reader();
        while (r.readNextStartElement()) {
            if (r.name() == itemName) {
                T value;
                readStruct(parser, value, members);
                item = std::move(value);
            } else {
                r.skipCurrentElement();
            }
            if (parser.failed())
                return;
        }
        if (!item)
            parser.fail(u"the result has no <"_qs + itemName + u"> element"_qs);
    });
    if (p.sawErrorResponse())
        return serviceErrorIn(xml);
    if (p.failed())
        return parseError(p, operation);
    return std::move(*item);
}

} // namespace

namespace ResponseParser {

ApiResult<Page<Snapshot>> describeSnapshots(const QByteArray &xml)
{
    return readPage(xml, u"DescribeSnapshots", L1("Marker"), L1("Snapshots"), L1("Snapshot"), kSnapshotMembers);
}

QString peekPageToken(const QByteArray &xml, QStringView operation, QStringView tokenName)
{
    QXmlStreamReader r(xml);
    if (!r.readNextStartElement() || r.name() != QString(operation + u"Response"))
        return {};
    if (!r.readNextStartElement() || r.name() != QString(operation + u"Result"))
        return {};
    if (!r.readNextStartElement() || r.name() != tokenName)
        return {};
    const QString token = r.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement);
    return r.hasError() ? QString() : token;
}

ApiResult<Snapshot> snapshotResult(const QByteArray &xml, const QString &operation)
{
    return readSingle(xml, operation, L1("Snapshot"), kSnapshotMembers);
}

ApiResult<Page<ServerlessCacheSnapshot>> describeServerlessCacheSnapshots(const QByteArray &xml)
{
    return readPage(xml, u"DescribeServerlessCacheSnapshots", L1("NextToken"), L1("ServerlessCacheSnapshots"),
                    L1("ServerlessCacheSnapshot"), kServerlessCacheSnapshotMembers);
}

ApiResult<ServerlessCacheSnapshot> serverlessSnapshotResult(const QByteArray &xml, const QString &operation)
{
    return readSingle(xml, operation, L1("ServerlessCacheSnapshot"), kServerlessCacheSnapshotMembers);
}

ApiResult<Page<CacheCluster>> describeCacheClusters(const QByteArray &xml)
{
    return readPage(xml, u"DescribeCacheClusters", L1("Marker"), L1("CacheClusters"), L1("CacheCluster"),
                    kCacheClusterMembers);
}

ApiResult<Page<ReplicationGroup>> describeReplicationGroups(const QByteArray &xml)
{
    return readPage(xml, u"DescribeReplicationGroups", L1("Marker"), L1("ReplicationGroups"), L1("ReplicationGroup"),
                    kReplicationGroupMembers);
}

ApiResult<Page<ServerlessCache>> describeServerlessCaches(const QByteArray &xml)
{
    // ServerlessCacheList has no locationName: its items are <member>.
    return readPage(xml, u"DescribeServerlessCaches", L1("NextToken"), L1("ServerlessCaches"), L1("member"),
                    kServerlessCacheMembers);
}

std::optional<QDateTime> parseTimestamp(QStringView text)
{
    const QStringView s = text.trimmed();
    const qsizetype size = s.size();
    auto digit = [&s](qsizetype i) {
        return s.at(i).unicode() >= u'0' && s.at(i).unicode() <= u'9';
    };
    auto number = [&](qsizetype pos, int count, int &value) {
        if (pos + count > size)
            return false;
        value = 0;
        for (qsizetype i = pos; i < pos + count; ++i) {
            if (!digit(i))
                return false;
            value = value * 10 + (s.at(i).unicode() - u'0');
        }
        return true;
    };
    if (size == 0)
        return std::nullopt;

    // Epoch seconds, as botocore also accepts.
    if (size <= 20 && s.indexOf(u'-') < 0 && s.indexOf(u':') < 0) {
        const qsizetype dot = s.indexOf(u'.');
        const QStringView whole = dot < 0 ? s : s.left(dot);
        const QStringView fraction = dot < 0 ? QStringView() : s.mid(dot + 1);
        bool ok = !whole.isEmpty();
        const qint64 seconds = ok ? whole.toLongLong(&ok) : 0;
        if (!ok || (dot >= 0 && fraction.isEmpty()))
            return std::nullopt;
        qint64 millis = 0;
        int places = 0;
        for (const QChar c : fraction) {
            if (c.unicode() < u'0' || c.unicode() > u'9')
                return std::nullopt;
            if (places++ < 3)
                millis = millis * 10 + (c.unicode() - u'0');
        }
        for (; places < 3; ++places)
            millis *= 10;
        return QDateTime::fromMSecsSinceEpoch(seconds * 1000 + millis, Qt::UTC);
    }

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!number(0, 4, year) || size < 19 || s.at(4) != u'-' || !number(5, 2, month) || s.at(7) != u'-'
        || !number(8, 2, day) || (s.at(10) != u'T' && s.at(10) != u't' && s.at(10) != u' ') || !number(11, 2, hour)
        || s.at(13) != u':' || !number(14, 2, minute) || s.at(16) != u':' || !number(17, 2, second))
        return std::nullopt;
    qsizetype pos = 19;
    if (pos < size && (s.at(pos) == u'.' || s.at(pos) == u',')) {
        ++pos;
        int places = 0;
        while (pos < size && digit(pos)) {
            if (places < 3)
                millis = millis * 10 + (s.at(pos).unicode() - u'0');
            ++places;
            ++pos;
        }
        if (places == 0)
            return std::nullopt;
        for (; places < 3; ++places)
            millis *= 10;
    }
    int offsetSeconds = 0;
    if (pos < size) {
        const QChar zone = s.at(pos);
        if ((zone == u'Z' || zone == u'z') && pos + 1 == size) {
            pos = size;
        } else if (zone == u'+' || zone == u'-') {
            int hh = 0, mm = 0;
            if (!number(pos + 1, 2, hh))
                return std::nullopt;
            pos += 3;
            if (pos < size && s.at(pos) == u':')
                ++pos;
            if (pos < size) {
                if (!number(pos, 2, mm))
                    return std::nullopt;
                pos += 2;
            }
            if (pos != size || hh > 23 || mm > 59)
                return std::nullopt;
            offsetSeconds = (zone == u'-' ? -1 : 1) * (hh * 3600 + mm * 60);
        } else {
            return std::nullopt;
        }
    }
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, millis);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    if (offsetSeconds == 0)
        return QDateTime(date, time, Qt::UTC);
    return QDateTime(date, time, Qt::OffsetFromUTC, offsetSeconds);
}

} // namespace ResponseParser
