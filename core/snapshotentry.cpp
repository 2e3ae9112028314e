// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotentry.h"

#include "model/interning.h"
#include "model/packing.h"
#include "sharedstrings.h"

#include <QSet>
#include <QStringBuilder>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <new>

using namespace Qt::StringLiterals;

namespace {

const QString &emptyString()
{
    static const QString empty;
    return empty;
}

enum Slot : quint8 {
    ReplicationGroupSlot,
    ClusterSlot,
    ServerlessCacheSlot,
    EngineSlot,
    EngineVersionSlot,
    NodeTypeSlot,
    KmsKeyIdSlot,
    VpcIdSlot,
    DataTieringSlot,
    StatusTextSlot,
    ArnSlot, // the ARN's prefix when arnDerived (the name is the rest), else the whole ARN
    SlotCount
};

} // namespace

// One allocation: the body, then the name (Latin-1 when it can be, as every name the service accepts is; UTF-16
// otherwise), then the packed bytes (the value with its name and, when derived, its ARN taken out, after the member
// clusters' ids: varint count << 1 | "read the value instead", then the ids; see core/model/packing.h). Copies of
// an entry share it; the last one frees it.
struct SnapshotEntry::Body
{
    mutable std::atomic<int> ref {1};
    quint32 packedSize = 0;
    quint32 nameSize = 0; // characters
    bool nameLatin1 = true;
    bool nameNull = true;
    bool arnDerived = false;
    std::array<quint32, SlotCount> ids {};
    std::optional<int> retentionLimit;
    QDateTime expiry; // serverless
    std::unique_ptr<QString[]> spilled; // the shown strings themselves, when the table is full

    static Body *create(const QString &name, const QByteArray &packed)
    {
        const bool latin1 = std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() < 0x100; });
        const size_t nameBytes = size_t(name.size()) * (latin1 ? 1 : sizeof(QChar));
        void *memory = ::operator new(sizeof(Body) + nameBytes + size_t(packed.size()));
        Body *body = new (memory) Body;
        body->packedSize = quint32(packed.size());
        body->nameSize = quint32(name.size());
        body->nameLatin1 = latin1;
        body->nameNull = name.isNull();
        char *bytes = static_cast<char *>(memory) + sizeof(Body);
        if (latin1) {
            for (QChar c : name)
                *bytes++ = char(c.unicode());
        } else {
            std::memcpy(bytes, name.constData(), nameBytes);
            bytes += nameBytes;
        }
        std::memcpy(bytes, packed.constData(), size_t(packed.size()));
        return body;
    }
    static void release(const Body *body)
    {
        if (body && body->ref.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            body->~Body();
            ::operator delete(const_cast<Body *>(body));
        }
    }

    const char *nameBytes() const { return reinterpret_cast<const char *>(this) + sizeof(Body); }
    size_t nameByteSize() const { return size_t(nameSize) * (nameLatin1 ? 1 : sizeof(QChar)); }
    QAnyStringView nameView() const
    {
        if (nameLatin1)
            return QLatin1StringView(nameBytes(), qsizetype(nameSize));
        return QStringView(reinterpret_cast<const QChar *>(nameBytes()), qsizetype(nameSize));
    }
    QString name() const
    {
        if (nameNull)
            return QString();
        if (nameLatin1)
            return QString::fromLatin1(nameBytes(), qsizetype(nameSize));
        return QString(reinterpret_cast<const QChar *>(nameBytes()), qsizetype(nameSize));
    }
    const char *packed() const { return nameBytes() + nameByteSize(); }
    const char *packedEnd() const { return packed() + packedSize; }

    void setStrings(const std::array<const QString *, SlotCount> &strings)
    {
        for (int slot = 0; slot < SlotCount; ++slot)
            ids[size_t(slot)] = SharedStrings::idOf(*strings[size_t(slot)]);
        if (std::find(ids.cbegin(), ids.cend(), SharedStrings::NotInterned) == ids.cend())
            return;
        spilled = std::make_unique<QString[]>(SlotCount);
        for (int slot = 0; slot < SlotCount; ++slot)
            spilled[slot] = *strings[size_t(slot)];
    }

    bool operator==(const Body &other) const
    {
        if (nameSize != other.nameSize || nameLatin1 != other.nameLatin1 || nameNull != other.nameNull
            || packedSize != other.packedSize
            || std::memcmp(nameBytes(), other.nameBytes(), nameByteSize() + packedSize) != 0 || ids != other.ids
            || arnDerived != other.arnDerived || retentionLimit != other.retentionLimit || expiry != other.expiry
            || bool(spilled) != bool(other.spilled))
            return false;
        return !spilled || std::equal(spilled.get(), spilled.get() + SlotCount, other.spilled.get());
    }
};

namespace {

// Where a value is packed before its Body copies it: one buffer a thread, emptied and reused, since growing a new
// one byte string by byte string (reallocations, then the free) was a seventh of making an entry.
QByteArray &packingBuffer()
{
    thread_local QByteArray buffer;
    buffer.resize(0); // keeps its room
    return buffer;
}

// What the Arn slot keeps: the prefix of an ARN that ends with the name (shared by every snapshot of an account
// and region), else the whole ARN.
QString arnSlot(const QString &arn, const QString &name, bool *derived)
{
    *derived = !name.isEmpty() && arn.size() > name.size() && arn.endsWith(name);
    return *derived ? arn.first(arn.size() - name.size()) : arn;
}

// A value's name and ARN, taken out of it before it is packed: the body keeps them apart.
struct NameAndArn
{
    QString name;
    QString arnSlot; // see arnSlot()
    bool arnDerived = false;
};

template<typename Value> NameAndArn takeNameAndArn(Value &value, QString Value::*name)
{
    NameAndArn taken;
    taken.name = std::exchange(value.*name, QString());
    taken.arnSlot = arnSlot(value.arn, taken.name, &taken.arnDerived);
    value.arn = QString();
    return taken;
}

void packMembers(QByteArray &out, const Snapshot &snapshot)
{
    QList<quint32> members;
    bool complete = true;
    for (const NodeSnapshot &node : snapshot.nodeSnapshots) {
        if (node.cacheClusterId.isEmpty() || node.cacheClusterId == snapshot.cacheClusterId)
            continue;
        const quint32 id = SharedStrings::idOf(node.cacheClusterId);
        if (id == SharedStrings::NotInterned)
            complete = false;
        else if (!members.contains(id))
            members.append(id);
    }
    if (!complete)
        members.clear();
    ModelPackingDetail::putVarint(out, quint64(members.size()) << 1 | (complete ? 0 : 1));
    for (quint32 id : std::as_const(members))
        ModelPackingDetail::putVarint(out, id);
}

// Reads the member clusters' ids packMembers() wrote, passing each to found() until it answers true; complete is
// false when the table was full and the ids are not all there. False if the bytes are not what packMembers() wrote.
template<typename Found> bool readMembers(const char *&p, const char *end, bool *complete, Found found)
{
    quint64 header = 0;
    if (!ModelPackingDetail::getVarint(p, end, header))
        return false;
    *complete = !(header & 1);
    bool stopped = false;
    for (quint64 i = 0; i < header >> 1; ++i) {
        quint64 id = 0;
        if (!ModelPackingDetail::getVarint(p, end, id) || id >= SharedStrings::size())
            return false;
        stopped = stopped || found(quint32(id));
    }
    return true;
}

// The value packed in [p, end), with the name and ARN the body keeps apart put back.
template<typename Value>
std::shared_ptr<const Value> readBack(const char *p, const char *end, QString Value::*name, QString nameText,
                                      QString arn)
{
    auto value = std::make_shared<Value>();
    const bool ok = unpackShape(*value, p, end) && p == end;
    Q_ASSERT(ok); // the bytes are the entry's own
    Q_UNUSED(ok);
    (*value).*name = std::move(nameText);
    value->arn = std::move(arn);
    return value;
}

template<typename Value> QList<SnapshotEntry> entriesOf(QList<Value> page)
{
    QList<SnapshotEntry> entries;
    entries.reserve(page.size());
    for (Value &value : page)
        entries.append(SnapshotEntry(std::move(value)));
    return entries;
}

} // namespace

SnapshotEntry::SnapshotEntry() = default;

SnapshotEntry::SnapshotEntry(const SnapshotEntry &other) noexcept
    : m_body(other.m_body)
    , m_sizeBytes(other.m_sizeBytes)
    , m_created(other.m_created)
    , m_shards(other.m_shards)
    , m_kind(other.m_kind)
    , m_status(other.m_status)
    , m_source(other.m_source)
{
    if (m_body)
        m_body->ref.fetch_add(1, std::memory_order_relaxed);
}

SnapshotEntry::SnapshotEntry(SnapshotEntry &&other) noexcept
    : m_body(std::exchange(other.m_body, nullptr))
    , m_sizeBytes(other.m_sizeBytes)
    , m_created(std::move(other.m_created))
    , m_shards(other.m_shards)
    , m_kind(other.m_kind)
    , m_status(other.m_status)
    , m_source(other.m_source)
{
}

SnapshotEntry &SnapshotEntry::operator=(const SnapshotEntry &other) noexcept
{
    SnapshotEntry copy(other);
    swap(copy);
    return *this;
}

SnapshotEntry &SnapshotEntry::operator=(SnapshotEntry &&other) noexcept
{
    SnapshotEntry moved(std::move(other));
    swap(moved);
    return *this;
}

SnapshotEntry::~SnapshotEntry()
{
    Body::release(m_body);
}

void SnapshotEntry::swap(SnapshotEntry &other) noexcept
{
    std::swap(m_body, other.m_body);
    std::swap(m_sizeBytes, other.m_sizeBytes);
    m_created.swap(other.m_created);
    std::swap(m_shards, other.m_shards);
    std::swap(m_kind, other.m_kind);
    std::swap(m_status, other.m_status);
    std::swap(m_source, other.m_source);
}

SnapshotEntry::SnapshotEntry(Snapshot snapshot, StringPool *pool)
    : m_kind(Kind::NodeBased)
{
    if (pool)
        internStrings(*pool, snapshot);
    m_sizeBytes = snapshot.totalSizeBytes();
    m_created = snapshot.createTime();
    m_status = statusFromString(snapshot.snapshotStatus);
    m_source = snapshot.isAutomatic() ? Source::Automatic : Source::Manual;
    int shards = -1;
    if (snapshot.numNodeGroups) {
        shards = *snapshot.numNodeGroups;
    } else if (!snapshot.nodeSnapshots.isEmpty()) {
        QSet<QString> groups;
        for (const NodeSnapshot &node : std::as_const(snapshot.nodeSnapshots))
            groups.insert(node.nodeGroupId);
        shards = int(groups.size());
    }
    m_shards = qint16(qBound(-1, shards, 32767));

    const NameAndArn taken = takeNameAndArn(snapshot, &Snapshot::snapshotName);
    QByteArray &packed = packingBuffer();
    packMembers(packed, snapshot);
    packShape(snapshot, packed);
    Body *body = Body::create(taken.name, packed);
    m_body = body;
    body->arnDerived = taken.arnDerived;
    const QString none;
    body->setStrings({&snapshot.replicationGroupId, &snapshot.cacheClusterId, &none, &snapshot.engine,
                      &snapshot.engineVersion, &snapshot.cacheNodeType, &snapshot.kmsKeyId, &snapshot.vpcId,
                      &snapshot.dataTiering, &snapshot.snapshotStatus, &taken.arnSlot});
    body->retentionLimit = snapshot.snapshotRetentionLimit;
}

SnapshotEntry::SnapshotEntry(ServerlessCacheSnapshot snapshot, StringPool *pool)
    : m_kind(Kind::Serverless)
{
    if (pool)
        internStrings(*pool, snapshot);
    bool ok = false;
    const qint64 bytes = snapshot.bytesUsedForCache.trimmed().toLongLong(&ok);
    m_sizeBytes = ok && bytes >= 0 ? bytes : -1;
    m_created = snapshot.createTime.toDateTime();
    m_status = statusFromString(snapshot.status);
    m_source = snapshot.snapshotType.compare(u"automatic", Qt::CaseInsensitive) == 0
            || snapshot.snapshotType.compare(u"automated", Qt::CaseInsensitive) == 0
        ? Source::Automatic
        : Source::Manual;

    const NameAndArn taken = takeNameAndArn(snapshot, &ServerlessCacheSnapshot::serverlessCacheSnapshotName);
    QByteArray &packed = packingBuffer();
    packShape(snapshot, packed);
    Body *body = Body::create(taken.name, packed);
    m_body = body;
    body->arnDerived = taken.arnDerived;
    const QString none;
    const ServerlessCacheConfiguration *config
        = snapshot.serverlessCacheConfiguration ? &*snapshot.serverlessCacheConfiguration : nullptr;
    body->setStrings({&none, &none, config ? &config->serverlessCacheName : &none, config ? &config->engine : &none,
                      config ? &config->majorEngineVersion : &none, &none, &snapshot.kmsKeyId, &none, &none,
                      &snapshot.status, &taken.arnSlot});
    body->expiry = snapshot.expiryTime.toDateTime();
}

QList<SnapshotEntry> SnapshotEntry::fromPage(QList<Snapshot> page)
{
    return entriesOf(std::move(page));
}

QList<SnapshotEntry> SnapshotEntry::fromPage(QList<ServerlessCacheSnapshot> page)
{
    return entriesOf(std::move(page));
}

const QString &SnapshotEntry::string(int slot) const
{
    if (!m_body)
        return emptyString();
    if (m_body->spilled)
        return m_body->spilled[slot];
    return SharedStrings::at(m_body->ids[size_t(slot)]);
}

SnapshotEntry::Kind SnapshotEntry::kind() const
{
    return m_kind;
}

QAnyStringView SnapshotEntry::nameView() const
{
    return m_body ? m_body->nameView() : QAnyStringView();
}

QString SnapshotEntry::name() const
{
    return m_body ? m_body->name() : QString();
}

SnapshotEntry::Status SnapshotEntry::status() const
{
    return m_status;
}

QString SnapshotEntry::statusText() const
{
    if (m_status != Status::Unknown)
        return statusName(m_status);
    return string(StatusTextSlot);
}

SnapshotEntry::Source SnapshotEntry::source() const
{
    return m_source;
}

bool SnapshotEntry::isAutomatic() const
{
    return m_source == Source::Automatic;
}

const QString &SnapshotEntry::replicationGroup() const
{
    return string(ReplicationGroupSlot);
}

const QString &SnapshotEntry::cluster() const
{
    return string(ClusterSlot);
}

const QString &SnapshotEntry::serverlessCache() const
{
    return string(ServerlessCacheSlot);
}

const QString &SnapshotEntry::engine() const
{
    return string(EngineSlot);
}

const QString &SnapshotEntry::engineVersion() const
{
    return string(EngineVersionSlot);
}

QString SnapshotEntry::engineAndVersion() const
{
    const QString &version = engineVersion();
    if (version.isEmpty())
        return engine();
    return engine() % u' ' % version;
}

const QString &SnapshotEntry::nodeType() const
{
    return string(NodeTypeSlot);
}

int SnapshotEntry::shards() const
{
    return m_shards;
}

qint64 SnapshotEntry::sizeBytes() const
{
    return m_sizeBytes;
}

QDateTime SnapshotEntry::created() const
{
    return m_created;
}

const QString &SnapshotEntry::kmsKeyId() const
{
    return string(KmsKeyIdSlot);
}

bool SnapshotEntry::isEncryptedWithKms() const
{
    return !kmsKeyId().isEmpty();
}

QString SnapshotEntry::arn() const
{
    if (!m_body)
        return QString();
    const QString &stored = string(ArnSlot);
    return m_body->arnDerived ? stored + m_body->name() : stored;
}

const QString &SnapshotEntry::arnPrefix() const
{
    return m_body && m_body->arnDerived ? string(ArnSlot) : emptyString();
}

bool SnapshotEntry::hasMemberCluster(QStringView cacheClusterId) const
{
    if (m_kind != Kind::NodeBased || !m_body)
        return false;
    const char *p = m_body->packed();
    bool complete = true;
    bool found = false;
    if (!readMembers(p, m_body->packedEnd(), &complete, [&](quint32 id) {
            found = SharedStrings::at(id).compare(cacheClusterId, Qt::CaseInsensitive) == 0;
            return found;
        }))
        return false;
    if (found || complete)
        return found;
    // The table was full: look in the value itself.
    const auto node = nodeSnapshot();
    return std::any_of(node->nodeSnapshots.cbegin(), node->nodeSnapshots.cend(), [&](const NodeSnapshot &n) {
        return n.cacheClusterId.compare(cacheClusterId, Qt::CaseInsensitive) == 0;
    });
}

const QString &SnapshotEntry::vpcId() const
{
    return string(VpcIdSlot);
}

std::optional<int> SnapshotEntry::retentionLimitDays() const
{
    return m_body ? m_body->retentionLimit : std::nullopt;
}

QDateTime SnapshotEntry::expiry() const
{
    if (m_kind == Kind::Serverless)
        return m_body ? m_body->expiry : QDateTime();
    // Manual snapshots never expire; automatic ones go when the retention limit passes.
    const std::optional<int> retention = retentionLimitDays();
    if (isAutomatic() && retention && *retention > 0 && m_created.isValid())
        return m_created.addDays(*retention);
    return QDateTime();
}

const QString &SnapshotEntry::dataTiering() const
{
    return string(DataTieringSlot);
}

bool SnapshotEntry::isSettled() const
{
    return m_status == Status::Available || m_status == Status::Unknown;
}

bool SnapshotEntry::isNull() const
{
    return !m_body;
}

std::shared_ptr<const Snapshot> SnapshotEntry::nodeSnapshot() const
{
    if (m_kind != Kind::NodeBased || !m_body)
        return nullptr;
    const char *p = m_body->packed();
    bool complete = true;
    const bool membersRead = readMembers(p, m_body->packedEnd(), &complete, [](quint32) { return false; });
    Q_ASSERT(membersRead); // the bytes are the entry's own
    Q_UNUSED(membersRead);
    return readBack(p, m_body->packedEnd(), &Snapshot::snapshotName, m_body->name(), arn());
}

std::shared_ptr<const ServerlessCacheSnapshot> SnapshotEntry::serverlessSnapshot() const
{
    if (m_kind != Kind::Serverless || !m_body)
        return nullptr;
    return readBack(m_body->packed(), m_body->packedEnd(), &ServerlessCacheSnapshot::serverlessCacheSnapshotName,
                    m_body->name(), arn());
}

bool SnapshotEntry::operator==(const SnapshotEntry &other) const
{
    if (m_kind != other.m_kind || bool(m_body) != bool(other.m_body))
        return false;
    return !m_body || m_body == other.m_body || *m_body == *other.m_body;
}

QString SnapshotEntry::statusName(Status status)
{
    switch (status) {
    case Status::Creating:
        return u"creating"_s;
    case Status::Available:
        return u"available"_s;
    case Status::Restoring:
        return u"restoring"_s;
    case Status::Copying:
        return u"copying"_s;
    case Status::Deleting:
        return u"deleting"_s;
    case Status::Unknown:
        break;
    }
    return u"unknown"_s;
}

SnapshotEntry::Status SnapshotEntry::statusFromString(QStringView text)
{
    for (Status status : {Status::Creating, Status::Available, Status::Restoring, Status::Copying, Status::Deleting}) {
        if (text.compare(statusName(status), Qt::CaseInsensitive) == 0)
            return status;
    }
    return Status::Unknown;
}

QString SnapshotEntry::kindName(Kind kind)
{
    return kind == Kind::Serverless ? u"serverless"_s : u"node-based"_s;
}

QString SnapshotEntry::sourceName(Source source)
{
    return source == Source::Automatic ? u"automatic"_s : u"manual"_s;
}
