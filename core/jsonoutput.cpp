// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonoutput.h"

#include "responseparser.h"

#include <QJsonArray>
#include <QJsonValue>

#include <climits>
#include <cmath>
#include <concepts>
#include <type_traits>
#include <utility>

namespace {

using L1 = QLatin1StringView;

template<typename S, typename T>
concept Is = std::same_as<std::remove_const_t<S>, T>;

// One member list per shape, in model order, shared by the CLI writer, toJson and fromJson so the three
// cannot drift apart. S is the shape or its const form; V is a visitor.
template<typename S, typename V>
requires Is<S, NodeGroupConfiguration>
void visit(S &c, V &v);
template<typename S, typename V>
requires Is<S, NodeSnapshot>
void visit(S &n, V &v);
template<typename S, typename V>
requires Is<S, Snapshot>
void visit(S &s, V &v);
template<typename S, typename V>
requires Is<S, ServerlessCacheConfiguration>
void visit(S &c, V &v);
template<typename S, typename V>
requires Is<S, ServerlessCacheSnapshot>
void visit(S &s, V &v);
template<typename S, typename V>
requires Is<S, CacheCluster>
void visit(S &c, V &v);
template<typename S, typename V>
requires Is<S, NodeGroup>
void visit(S &g, V &v);
template<typename S, typename V>
requires Is<S, ReplicationGroup>
void visit(S &g, V &v);
template<typename S, typename V>
requires Is<S, ServerlessCache>
void visit(S &c, V &v);

// ---- the awscli v2 printer ----------------------------------------------------------------------------

// Python's json.dumps(indent=4, ensure_ascii=False), which is what awscli v2 uses.
class CliWriter
{
public:
    CliWriter() { m_out.reserve(4096); }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void arrayItem() { next(); }

    void key(L1 name)
    {
        next();
        m_out += '"';
        m_out.append(name.data(), name.size());
        m_out += "\": ";
    }

    void stringValue(QStringView text)
    {
        static constexpr char kHex[] = "0123456789abcdef";
        const QByteArray utf8 = text.toUtf8();
        m_out += '"';
        for (const char c : utf8) {
            switch (c) {
            case '"':
                m_out += "\\\"";
                break;
            case '\\':
                m_out += "\\\\";
                break;
            case '\n':
                m_out += "\\n";
                break;
            case '\r':
                m_out += "\\r";
                break;
            case '\t':
                m_out += "\\t";
                break;
            case '\b':
                m_out += "\\b";
                break;
            case '\f':
                m_out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    m_out += "\\u00";
                    m_out += kHex[(c >> 4) & 0xf];
                    m_out += kHex[c & 0xf];
                } else {
                    m_out += c;
                }
            }
        }
        m_out += '"';
    }

    QByteArray take()
    {
        m_out += '\n';
        return std::move(m_out);
    }

    // Visitor interface: absent members and empty lists are left out, as botocore leaves them out of its dict.
    void string(L1 name, const QString &value)
    {
        if (value.isNull())
            return;
        key(name);
        stringValue(value);
    }
    void integer(L1 name, const std::optional<int> &value)
    {
        if (!value)
            return;
        key(name);
        m_out += QByteArray::number(*value);
    }
    void boolean(L1 name, const std::optional<bool> &value)
    {
        if (!value)
            return;
        key(name);
        m_out += *value ? "true" : "false";
    }
    void time(L1 name, const QDateTime &value)
    {
        if (!value.isValid())
            return;
        key(name);
        stringValue(JsonOutput::cliTimestamp(value));
    }
    void stringList(L1 name, const QStringList &values)
    {
        if (values.isEmpty())
            return;
        key(name);
        beginArray();
        for (const QString &value : values) {
            arrayItem();
            stringValue(value);
        }
        endArray();
    }
    template<typename Optional> void object(L1 name, const Optional &value) // std::optional or HeapOptional
    {
        if (!value)
            return;
        key(name);
        beginObject();
        visit(*value, *this);
        endObject();
    }
    template<typename T> void objectList(L1 name, const QList<T> &values, bool evenIfEmpty = false)
    {
        if (values.isEmpty() && !evenIfEmpty)
            return;
        key(name);
        beginArray();
        for (const T &value : values) {
            arrayItem();
            beginObject();
            visit(value, *this);
            endObject();
        }
        endArray();
    }

private:
    void open(char bracket)
    {
        m_out += bracket;
        m_counts.append(0);
    }
    void close(char bracket)
    {
        const int count = m_counts.takeLast();
        if (count > 0) {
            m_out += '\n';
            m_out.append(m_counts.size() * 4, ' ');
        }
        m_out += bracket;
    }
    void next()
    {
        if (m_counts.last()++ > 0)
            m_out += ',';
        m_out += '\n';
        m_out.append(m_counts.size() * 4, ' ');
    }

    QByteArray m_out;
    QList<int> m_counts;
};

// ---- compact QJsonObject form -------------------------------------------------------------------------

QString isoWithOffset(const QDateTime &value)
{
    // A local-time value would print without a zone and read back as UTC; pin it to UTC first.
    return (value.timeSpec() == Qt::OffsetFromUTC ? value : value.toUTC()).toString(Qt::ISODateWithMs);
}

class JsonBuilder
{
public:
    QJsonObject result;

    void string(L1 name, const QString &value)
    {
        if (!value.isNull())
            result.insert(name, value);
    }
    void integer(L1 name, const std::optional<int> &value)
    {
        if (value)
            result.insert(name, *value);
    }
    void boolean(L1 name, const std::optional<bool> &value)
    {
        if (value)
            result.insert(name, *value);
    }
    void time(L1 name, const QDateTime &value)
    {
        if (value.isValid())
            result.insert(name, isoWithOffset(value));
    }
    void stringList(L1 name, const QStringList &values)
    {
        if (!values.isEmpty())
            result.insert(name, QJsonArray::fromStringList(values));
    }
    template<typename Optional> void object(L1 name, const Optional &value) // std::optional or HeapOptional
    {
        if (!value)
            return;
        JsonBuilder nested;
        visit(*value, nested);
        result.insert(name, nested.result);
    }
    template<typename T> void objectList(L1 name, const QList<T> &values, bool = false)
    {
        if (values.isEmpty())
            return;
        QJsonArray array;
        for (const T &value : values) {
            JsonBuilder nested;
            visit(value, nested);
            array.append(nested.result);
        }
        result.insert(name, array);
    }
};

class JsonLoader
{
public:
    JsonLoader(const QJsonObject &object, QString path)
        : m_object(object)
        , m_path(std::move(path))
    {
    }

    QString error;

    void string(L1 name, QString &out)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        if (!v.isString())
            return fail(name, u"a string");
        out = v.toString();
        if (out.isNull())
            out = QStringLiteral("");
    }
    void integer(L1 name, std::optional<int> &out)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        const double d = v.toDouble();
        if (!v.isDouble() || d != std::trunc(d) || d < INT_MIN || d > INT_MAX)
            return fail(name, u"an integer");
        out = static_cast<int>(d);
    }
    void boolean(L1 name, std::optional<bool> &out)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        if (!v.isBool())
            return fail(name, u"a boolean");
        out = v.toBool();
    }
    void time(L1 name, QDateTime &out)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        const std::optional<QDateTime> parsed
            = v.isString() ? ResponseParser::parseTimestamp(v.toString()) : std::nullopt;
        if (!parsed)
            return fail(name, u"an ISO 8601 timestamp");
        out = *parsed;
    }
    void stringList(L1 name, QStringList &out)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        if (!v.isArray())
            return fail(name, u"an array of strings");
        const QJsonArray array = v.toArray();
        out.clear();
        out.reserve(array.size());
        for (const QJsonValue &item : array) {
            if (!item.isString())
                return fail(name, u"an array of strings");
            out.append(item.toString());
        }
    }
    template<typename T> void object(L1 name, std::optional<T> &out)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        if (!v.isObject())
            return fail(name, u"an object");
        JsonLoader nested(v.toObject(), m_path + name + u'.');
        T value;
        visit(value, nested);
        if (!nested.error.isEmpty() && error.isEmpty())
            error = nested.error;
        out = std::move(value);
    }
    template<typename T> void object(L1 name, HeapOptional<T> &out)
    {
        std::optional<T> value;
        object(name, value);
        if (value)
            out = std::move(*value);
    }
    template<typename T> void objectList(L1 name, QList<T> &out, bool = false)
    {
        const QJsonValue v = present(name);
        if (v.isUndefined())
            return;
        if (!v.isArray())
            return fail(name, u"an array of objects");
        const QJsonArray array = v.toArray();
        out.clear();
        out.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isObject())
                return fail(name, u"an array of objects");
            JsonLoader nested(array.at(i).toObject(), m_path + name + u'[' + QString::number(i) + u"].");
            T value;
            visit(value, nested);
            if (!nested.error.isEmpty() && error.isEmpty())
                error = nested.error;
            out.append(std::move(value));
        }
    }

private:
    QJsonValue present(L1 name) const
    {
        const QJsonValue v = m_object.value(name);
        return v.isNull() ? QJsonValue(QJsonValue::Undefined) : v;
    }
    void fail(L1 name, QStringView expected)
    {
        if (error.isEmpty())
            error = m_path + name + u" is not "_qs + expected;
    }

    QJsonObject m_object;
    QString m_path;
};

// ---- the shapes, in model order -----------------------------------------------------------------------

template<typename S, typename V>
requires Is<S, NodeGroupConfiguration>
void visit(S &c, V &v)
{
    v.string(L1("NodeGroupId"), c.nodeGroupId);
    v.string(L1("Slots"), c.slots);
    v.integer(L1("ReplicaCount"), c.replicaCount);
    v.string(L1("PrimaryAvailabilityZone"), c.primaryAvailabilityZone);
    v.stringList(L1("ReplicaAvailabilityZones"), c.replicaAvailabilityZones);
    v.string(L1("PrimaryOutpostArn"), c.primaryOutpostArn);
    v.stringList(L1("ReplicaOutpostArns"), c.replicaOutpostArns);
}

template<typename S, typename V>
requires Is<S, NodeSnapshot>
void visit(S &n, V &v)
{
    v.string(L1("CacheClusterId"), n.cacheClusterId);
    v.string(L1("NodeGroupId"), n.nodeGroupId);
    v.string(L1("CacheNodeId"), n.cacheNodeId);
    v.object(L1("NodeGroupConfiguration"), n.nodeGroupConfiguration);
    v.string(L1("CacheSize"), n.cacheSize);
    v.time(L1("CacheNodeCreateTime"), n.cacheNodeCreateTime);
    v.time(L1("SnapshotCreateTime"), n.snapshotCreateTime);
}

template<typename S, typename V>
requires Is<S, Snapshot>
void visit(S &s, V &v)
{
    v.string(L1("SnapshotName"), s.snapshotName);
    v.string(L1("ReplicationGroupId"), s.replicationGroupId);
    v.string(L1("ReplicationGroupDescription"), s.replicationGroupDescription);
    v.string(L1("CacheClusterId"), s.cacheClusterId);
    v.string(L1("SnapshotStatus"), s.snapshotStatus);
    v.string(L1("SnapshotSource"), s.snapshotSource);
    v.string(L1("CacheNodeType"), s.cacheNodeType);
    v.string(L1("Engine"), s.engine);
    v.string(L1("EngineVersion"), s.engineVersion);
    v.integer(L1("NumCacheNodes"), s.numCacheNodes);
    v.string(L1("PreferredAvailabilityZone"), s.preferredAvailabilityZone);
    v.string(L1("PreferredOutpostArn"), s.preferredOutpostArn);
    v.time(L1("CacheClusterCreateTime"), s.cacheClusterCreateTime);
    v.string(L1("PreferredMaintenanceWindow"), s.preferredMaintenanceWindow);
    v.string(L1("TopicArn"), s.topicArn);
    v.integer(L1("Port"), s.port);
    v.string(L1("CacheParameterGroupName"), s.cacheParameterGroupName);
    v.string(L1("CacheSubnetGroupName"), s.cacheSubnetGroupName);
    v.string(L1("VpcId"), s.vpcId);
    v.boolean(L1("AutoMinorVersionUpgrade"), s.autoMinorVersionUpgrade);
    v.integer(L1("SnapshotRetentionLimit"), s.snapshotRetentionLimit);
    v.string(L1("SnapshotWindow"), s.snapshotWindow);
    v.integer(L1("NumNodeGroups"), s.numNodeGroups);
    v.string(L1("AutomaticFailover"), s.automaticFailover);
    v.objectList(L1("NodeSnapshots"), s.nodeSnapshots);
    v.string(L1("KmsKeyId"), s.kmsKeyId);
    v.string(L1("ARN"), s.arn);
    v.string(L1("DataTiering"), s.dataTiering);
}

template<typename S, typename V>
requires Is<S, ServerlessCacheConfiguration>
void visit(S &c, V &v)
{
    v.string(L1("ServerlessCacheName"), c.serverlessCacheName);
    v.string(L1("Engine"), c.engine);
    v.string(L1("MajorEngineVersion"), c.majorEngineVersion);
}

template<typename S, typename V>
requires Is<S, ServerlessCacheSnapshot>
void visit(S &s, V &v)
{
    v.string(L1("ServerlessCacheSnapshotName"), s.serverlessCacheSnapshotName);
    v.string(L1("ARN"), s.arn);
    v.string(L1("KmsKeyId"), s.kmsKeyId);
    v.string(L1("SnapshotType"), s.snapshotType);
    v.string(L1("Status"), s.status);
    v.time(L1("CreateTime"), s.createTime);
    v.time(L1("ExpiryTime"), s.expiryTime);
    v.string(L1("BytesUsedForCache"), s.bytesUsedForCache);
    v.object(L1("ServerlessCacheConfiguration"), s.serverlessCacheConfiguration);
}

template<typename S, typename V>
requires Is<S, CacheCluster>
void visit(S &c, V &v)
{
    v.string(L1("CacheClusterId"), c.cacheClusterId);
    v.string(L1("CacheNodeType"), c.cacheNodeType);
    v.string(L1("Engine"), c.engine);
    v.string(L1("EngineVersion"), c.engineVersion);
    v.string(L1("CacheClusterStatus"), c.cacheClusterStatus);
    v.integer(L1("NumCacheNodes"), c.numCacheNodes);
    v.string(L1("PreferredAvailabilityZone"), c.preferredAvailabilityZone);
    v.time(L1("CacheClusterCreateTime"), c.cacheClusterCreateTime);
    v.boolean(L1("AutoMinorVersionUpgrade"), c.autoMinorVersionUpgrade);
    v.string(L1("ReplicationGroupId"), c.replicationGroupId);
    v.integer(L1("SnapshotRetentionLimit"), c.snapshotRetentionLimit);
    v.string(L1("SnapshotWindow"), c.snapshotWindow);
    v.boolean(L1("AtRestEncryptionEnabled"), c.atRestEncryptionEnabled);
    v.string(L1("ARN"), c.arn);
}

template<typename S, typename V>
requires Is<S, NodeGroup>
void visit(S &g, V &v)
{
    v.string(L1("NodeGroupId"), g.nodeGroupId);
    v.string(L1("Status"), g.status);
    v.string(L1("Slots"), g.slots);
}

template<typename S, typename V>
requires Is<S, ReplicationGroup>
void visit(S &g, V &v)
{
    v.string(L1("ReplicationGroupId"), g.replicationGroupId);
    v.string(L1("Description"), g.description);
    v.string(L1("Status"), g.status);
    v.stringList(L1("MemberClusters"), g.memberClusters);
    v.objectList(L1("NodeGroups"), g.nodeGroups);
    v.string(L1("SnapshottingClusterId"), g.snapshottingClusterId);
    v.string(L1("AutomaticFailover"), g.automaticFailover);
    v.integer(L1("SnapshotRetentionLimit"), g.snapshotRetentionLimit);
    v.string(L1("SnapshotWindow"), g.snapshotWindow);
    v.boolean(L1("ClusterEnabled"), g.clusterEnabled);
    v.string(L1("CacheNodeType"), g.cacheNodeType);
    v.boolean(L1("AtRestEncryptionEnabled"), g.atRestEncryptionEnabled);
    v.string(L1("KmsKeyId"), g.kmsKeyId);
    v.string(L1("ARN"), g.arn);
    v.time(L1("ReplicationGroupCreateTime"), g.replicationGroupCreateTime);
    v.string(L1("DataTiering"), g.dataTiering);
    v.string(L1("Engine"), g.engine);
}

template<typename S, typename V>
requires Is<S, ServerlessCache>
void visit(S &c, V &v)
{
    v.string(L1("ServerlessCacheName"), c.serverlessCacheName);
    v.string(L1("Description"), c.description);
    v.time(L1("CreateTime"), c.createTime);
    v.string(L1("Status"), c.status);
    v.string(L1("Engine"), c.engine);
    v.string(L1("MajorEngineVersion"), c.majorEngineVersion);
    v.string(L1("FullEngineVersion"), c.fullEngineVersion);
    v.string(L1("KmsKeyId"), c.kmsKeyId);
    v.string(L1("ARN"), c.arn);
    v.integer(L1("SnapshotRetentionLimit"), c.snapshotRetentionLimit);
    v.string(L1("DailySnapshotTime"), c.dailySnapshotTime);
}

// A list answer: the token first when there is one (model order), then the list, printed even when empty.
template<typename T> QByteArray listDocument(L1 tokenName, const QString &token, L1 listName, const QList<T> &items)
{
    CliWriter writer;
    writer.beginObject();
    if (!token.isEmpty())
        writer.string(tokenName, token);
    writer.objectList(listName, items, true);
    writer.endObject();
    return writer.take();
}

template<typename T> QByteArray singleDocument(L1 name, const T &item)
{
    CliWriter writer;
    writer.beginObject();
    writer.object(name, std::optional<T>(item));
    writer.endObject();
    return writer.take();
}

template<typename T> ApiResult<T> fromJson(const QJsonObject &object, QStringView what)
{
    JsonLoader loader(object, QString());
    T value;
    visit(value, loader);
    if (!loader.error.isEmpty()) {
        ApiError error;
        error.kind = ApiError::Kind::Parse;
        error.code = u"MalformedJson"_qs;
        error.message = u"Unreadable "_qs + what + u": "_qs + loader.error;
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
    CliWriter writer;
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
        d->writer.beginObject();
        visit(snapshot, d->writer);
        d->writer.endObject();
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

QString cliTimestamp(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const bool keepOffset = time.timeSpec() == Qt::OffsetFromUTC;
    const QDateTime t = keepOffset ? time : time.toUTC();
    const int offset = keepOffset ? t.offsetFromUtc() : 0;
    const QDate date = t.date();
    const QTime clock = t.time();
    QString out = QString::asprintf("%04d-%02d-%02dT%02d:%02d:%02d", date.year(), date.month(), date.day(),
                                    clock.hour(), clock.minute(), clock.second());
    // Python's isoformat() prints microseconds only when there are any.
    if (clock.msec() != 0)
        out += QString::asprintf(".%03d000", clock.msec());
    const int absOffset = offset < 0 ? -offset : offset;
    out += QString::asprintf("%c%02d:%02d", offset < 0 ? '-' : '+', absOffset / 3600, absOffset % 3600 / 60);
    return out;
}

QJsonObject toJson(const Snapshot &snapshot)
{
    JsonBuilder builder;
    visit(snapshot, builder);
    return builder.result;
}

QJsonObject toJson(const ServerlessCacheSnapshot &snapshot)
{
    JsonBuilder builder;
    visit(snapshot, builder);
    return builder.result;
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
