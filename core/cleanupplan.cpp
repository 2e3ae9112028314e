// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cleanupplan.h"

#include "csv.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMsPerDay = 24LL * 3600 * 1000;
constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0; // AWS bills storage in GB of 2^30 bytes

QString count(qint64 n, const QString &one, const QString &many)
{
    return n == 1 ? u"1 "_s + one : u"%1 "_s.arg(n) + many;
}

QString days(qint64 n)
{
    return count(n, u"day"_s, u"days"_s);
}

// An age as precise as a rule of days needs: "24 hours 12 minutes" under two days, "3 days 5 hours" under a week,
// else "356 days". A snapshot just past a rule of one day was "created 1 days ago (more than 1)".
QString age(qint64 ms)
{
    const qint64 minutes = qMax<qint64>(0, ms) / 60000;
    const qint64 hours = minutes / 60;
    if (hours < 48) {
        QStringList parts;
        if (hours > 0)
            parts << count(hours, u"hour"_s, u"hours"_s);
        if (minutes % 60 > 0 || hours == 0)
            parts << count(minutes % 60, u"minute"_s, u"minutes"_s);
        return parts.join(u' ');
    }
    if (hours < 7 * 24 && hours % 24 > 0)
        return days(hours / 24) + u' ' + count(hours % 24, u"hour"_s, u"hours"_s);
    return days(hours / 24);
}

CleanupItem::SourceKind sourceKindOf(const SnapshotEntry &entry)
{
    if (entry.kind() == SnapshotEntry::Kind::Serverless)
        return entry.serverlessCache().isEmpty() ? CleanupItem::SourceKind::Unknown
                                                 : CleanupItem::SourceKind::ServerlessCache;
    if (!entry.replicationGroup().isEmpty())
        return CleanupItem::SourceKind::ReplicationGroup;
    if (!entry.cluster().isEmpty())
        return CleanupItem::SourceKind::Cluster;
    return CleanupItem::SourceKind::Unknown;
}

const QString &sourceIdOf(const SnapshotEntry &entry, CleanupItem::SourceKind kind)
{
    static const QString none;
    switch (kind) {
    case CleanupItem::SourceKind::ReplicationGroup:
        return entry.replicationGroup();
    case CleanupItem::SourceKind::Cluster:
        return entry.cluster();
    case CleanupItem::SourceKind::ServerlessCache:
        return entry.serverlessCache();
    case CleanupItem::SourceKind::Unknown:
        break;
    }
    return none;
}

QString sourceWordsOf(CleanupItem::SourceKind kind, const QString &id)
{
    switch (kind) {
    case CleanupItem::SourceKind::ReplicationGroup:
        return u"replication group "_s + id;
    case CleanupItem::SourceKind::Cluster:
        return u"cluster "_s + id;
    case CleanupItem::SourceKind::ServerlessCache:
        return u"serverless cache "_s + id;
    case CleanupItem::SourceKind::Unknown:
        break;
    }
    return u"unknown source"_s;
}

// Whether the source a snapshot names is among the live ones. A snapshot without a source is never "gone": there
// is nothing to tell by.
bool sourceIsLive(const SnapshotEntry &entry, CleanupItem::SourceKind kind, const CleanupSources &sources)
{
    switch (kind) {
    case CleanupItem::SourceKind::ReplicationGroup:
        return sources.replicationGroups.contains(entry.replicationGroup());
    case CleanupItem::SourceKind::Cluster:
        return sources.clusters.contains(entry.cluster());
    case CleanupItem::SourceKind::ServerlessCache:
        return sources.serverlessCaches.contains(entry.serverlessCache());
    case CleanupItem::SourceKind::Unknown:
        break;
    }
    return true;
}

struct SourceKey
{
    int connection;
    CleanupItem::SourceKind kind;
    QString id;
    bool operator==(const SourceKey &) const = default;
};

size_t qHash(const SourceKey &key, size_t seed = 0)
{
    return qHashMulti(seed, key.connection, int(key.kind), key.id);
}

qint64 msOf(const SnapshotEntry &entry)
{
    const QDateTime created = entry.created();
    return created.isValid() ? created.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

// By connection, then source (groups, clusters, serverless caches; by id), then creation time (oldest first), then
// name. The keys are taken once per item: a comparison must not build date-times.
void sortBySourceAndAge(QList<CleanupItem> &items)
{
    struct Key
    {
        int connection;
        CleanupItem::SourceKind kind;
        const QString *id;
        qint64 ms;
        int index;
    };
    std::vector<Key> keys;
    keys.reserve(size_t(items.size()));
    for (qsizetype i = 0; i < items.size(); ++i) {
        const CleanupItem &item = items.at(i);
        const auto kind = sourceKindOf(item.entry);
        keys.push_back({item.connection, kind, &sourceIdOf(item.entry, kind), msOf(item.entry), int(i)});
    }
    std::sort(keys.begin(), keys.end(), [&items](const Key &a, const Key &b) {
        if (a.connection != b.connection)
            return a.connection < b.connection;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        const int bySource = a.id->compare(*b.id);
        if (bySource != 0)
            return bySource < 0;
        if (a.ms != b.ms)
            return a.ms < b.ms;
        return items.at(a.index).entry.name() < items.at(b.index).entry.name();
    });
    QList<CleanupItem> sorted;
    sorted.reserve(items.size());
    for (const Key &key : keys)
        sorted.append(std::move(items[key.index]));
    items = std::move(sorted);
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QString itemStatus(const CleanupItem &item)
{
    return item.entry.statusText();
}

QString actionOf(CleanupItem::Reason reason)
{
    switch (reason) {
    case CleanupItem::Reason::Delete:
        return u"delete"_s;
    case CleanupItem::Reason::NotAvailable:
        return u"cannot delete now"_s;
    case CleanupItem::Reason::TagsNotRead:
    case CleanupItem::Reason::SourcesNotListed:
        return u"held"_s;
    }
    return QString();
}

} // namespace

// ---- rules --------------------------------------------------------------------------------------------------------

bool CleanupRules::selectsAnything() const
{
    return olderThanDays.has_value() || sourceGone || keepNewest.has_value();
}

QString CleanupRules::words() const
{
    QStringList parts;
    QString what = u"manual snapshots"_s;
    QStringList selectors;
    if (olderThanDays)
        selectors << u"older than %1"_s.arg(days(*olderThanDays));
    if (sourceGone)
        selectors << u"whose source no longer exists"_s;
    if (!selectors.isEmpty())
        what += u' ' + selectors.join(u" and "_s);
    parts << what;
    if (keepNewest)
        parts << u"keeping the newest %1 of each source"_s.arg(*keepNewest);
    if (!skipTags.isEmpty())
        parts << u"skipping tag %1"_s.arg(TagRules::formatFilter(skipTags).replace(u","_s, u" or "_s));
    if (!connections.isEmpty())
        parts << u"in %1 of the connections"_s.arg(connections.size());
    return parts.join(u", "_s);
}

QString CleanupConnection::label() const
{
    QStringList parts {choice.profileLabel()};
    if (!accountId.isEmpty())
        parts << accountId;
    parts << choice.region;
    return parts.join(u" · "_s);
}

QString CleanupItem::sourceId() const
{
    return sourceIdOf(entry, sourceKind());
}

CleanupItem::SourceKind CleanupItem::sourceKind() const
{
    return sourceKindOf(entry);
}

QString CleanupItem::sourceWords() const
{
    const SourceKind kind = sourceKind();
    return sourceWordsOf(kind, sourceIdOf(entry, kind));
}

QString CleanupAutomatic::words() const
{
    QString text = count == 1 ? u"1 automatic snapshot (%2) of %3 matches the rules but is not deleted"_s.arg(
                       CleanupPlan::formatBytes(bytes), source)
                              : u"%1 automatic snapshots (%2) of %3 match the rules but are not deleted"_s.arg(
                                  QString::number(count), CleanupPlan::formatBytes(bytes), source);
    text += u": the service removes each when its retention"_s;
    if (retentionDays)
        text += u" (%1)"_s.arg(days(*retentionDays));
    text += u" passes"_s;
    if (nextExpiry.isValid())
        text += u" (the next on %1)"_s.arg(nextExpiry.toUTC().toString(u"yyyy-MM-dd"_s));
    text += u", and all of them with the source. To keep fewer, lower the source's backup retention (Backup "
            "settings in the Caches tab, or modify-replication-group / modify-cache-cluster / "
            "modify-serverless-cache --snapshot-retention-limit)."_s;
    return text;
}

// ---- the plan -----------------------------------------------------------------------------------------------------

CleanupPlan CleanupPlan::make(const CleanupInput &input, const CleanupRules &rules)
{
    CleanupPlan plan;
    plan.m_rules = rules;
    plan.m_connections = input.connections;
    plan.m_price = input.pricePerGbMonth;
    plan.m_madeAt = input.now;
    if (!rules.selectsAnything()) {
        plan.m_problem = u"Choose at least one rule that selects snapshots: older than N days, source gone, or keep "
                         "the newest K of each source."_s;
        return plan;
    }
    if ((rules.olderThanDays && *rules.olderThanDays < 0) || (rules.keepNewest && *rules.keepNewest < 0)) {
        plan.m_problem = u"Days and counts cannot be negative."_s;
        return plan;
    }
    if (!(input.pricePerGbMonth >= 0) || !std::isfinite(input.pricePerGbMonth)) {
        plan.m_problem = u"The price per GB-month must be a number of dollars, 0 or more."_s;
        return plan;
    }
    if (rules.olderThanDays && !input.now.isValid()) {
        plan.m_problem = u"The plan needs the current time."_s;
        return plan;
    }

    const qsizetype connectionCount = input.connections.size();
    std::vector<char> inScope(size_t(connectionCount), rules.connections.isEmpty() ? 1 : 0);
    for (int index : rules.connections) {
        if (index >= 0 && index < connectionCount)
            inScope[size_t(index)] = 1;
    }
    const auto rowInScope = [&](const CleanupRow &row) {
        return row.connection >= 0 && row.connection < connectionCount && inScope[size_t(row.connection)];
    };

    // keepNewest: the K newest manual snapshots of each source (by creation time, then name), marked by row.
    std::vector<char> keptNewest;
    if (rules.keepNewest) {
        keptNewest.assign(size_t(input.rows.size()), 0);
        struct Entry
        {
            int group;
            qint64 ms;
            int row;
        };
        std::vector<Entry> entries;
        QHash<SourceKey, int> groups;
        for (qsizetype i = 0; i < input.rows.size(); ++i) {
            const CleanupRow &row = input.rows.at(i);
            if (!rowInScope(row) || row.entry.isAutomatic())
                continue;
            const auto kind = sourceKindOf(row.entry);
            const SourceKey key {row.connection, kind, sourceIdOf(row.entry, kind)};
            auto it = groups.constFind(key);
            if (it == groups.constEnd())
                it = groups.insert(key, int(groups.size()));
            entries.push_back({it.value(), msOf(row.entry), int(i)});
        }
        std::sort(entries.begin(), entries.end(), [&input](const Entry &a, const Entry &b) {
            if (a.group != b.group)
                return a.group < b.group;
            if (a.ms != b.ms)
                return a.ms > b.ms;
            return input.rows.at(a.row).entry.name() < input.rows.at(b.row).entry.name();
        });
        int group = -1;
        int rank = 0;
        for (const Entry &entry : entries) {
            if (entry.group != group) {
                group = entry.group;
                rank = 0;
            }
            if (rank++ < *rules.keepNewest)
                keptNewest[size_t(entry.row)] = 1;
        }
    }

    const qint64 cutoffMs
        = rules.olderThanDays ? input.now.toMSecsSinceEpoch() - qint64(*rules.olderThanDays) * kMsPerDay : 0;
    QHash<SourceKey, int> automaticIndex;
    QList<QList<TagRules::TagCriterion>> skipEach; // one criterion each: any one matching keeps the snapshot
    for (const TagRules::TagCriterion &criterion : rules.skipTags)
        skipEach.append({criterion});
    for (qsizetype i = 0; i < input.rows.size(); ++i) {
        const CleanupRow &row = input.rows.at(i);
        if (!rowInScope(row))
            continue;
        ++plan.m_inScope;
        const SnapshotEntry &entry = row.entry;
        if (rules.olderThanDays) {
            const QDateTime created = entry.created();
            if (!created.isValid() || created.toMSecsSinceEpoch() >= cutoffMs)
                continue;
        }
        const auto kind = sourceKindOf(entry);
        bool sourcesUnknown = false;
        if (rules.sourceGone) {
            const CleanupSources &sources = input.connections.at(row.connection).sources;
            if (!sources.known)
                sourcesUnknown = true;
            else if (sourceIsLive(entry, kind, sources))
                continue;
        }
        if (entry.isAutomatic()) {
            // Reported only when a selecting rule matched them; keepNewest alone concerns manual snapshots.
            if (!(rules.olderThanDays || rules.sourceGone) || sourcesUnknown)
                continue;
            const SourceKey key {row.connection, kind, sourceIdOf(entry, kind)};
            auto it = automaticIndex.constFind(key);
            if (it == automaticIndex.constEnd()) {
                it = automaticIndex.insert(key, int(plan.m_automatic.size()));
                CleanupAutomatic summary;
                summary.connection = row.connection;
                summary.source = sourceWordsOf(kind, key.id);
                summary.retentionDays = entry.retentionLimitDays();
                plan.m_automatic.append(summary);
            }
            CleanupAutomatic &summary = plan.m_automatic[it.value()];
            ++summary.count;
            summary.bytes += qMax<qint64>(0, entry.sizeBytes());
            const QDateTime expiry = entry.expiry();
            if (expiry.isValid() && (!summary.nextExpiry.isValid() || expiry < summary.nextExpiry))
                summary.nextExpiry = expiry;
            continue;
        }
        if (!keptNewest.empty() && keptNewest[size_t(i)]) {
            ++plan.m_keptNewest;
            continue;
        }
        CleanupItem item;
        item.row = int(i);
        item.connection = row.connection;
        item.entry = entry;
        if (sourcesUnknown) {
            item.reason = CleanupItem::Reason::SourcesNotListed;
            plan.m_held.append(std::move(item));
            continue;
        }
        if (entry.status() != SnapshotEntry::Status::Available) {
            item.reason = CleanupItem::Reason::NotAvailable;
            plan.m_notAvailable.append(std::move(item));
            continue;
        }
        if (!rules.skipTags.isEmpty()) {
            const std::optional<QList<Tag>> tags = input.tags ? input.tags(row) : std::nullopt;
            if (!tags) {
                item.reason = CleanupItem::Reason::TagsNotRead;
                plan.m_held.append(std::move(item));
                continue;
            }
            const bool skip
                = std::any_of(skipEach.cbegin(), skipEach.cend(),
                              [&tags](const QList<TagRules::TagCriterion> &c) { return TagRules::matches(c, *tags); });
            if (skip) {
                ++plan.m_keptByTag;
                continue;
            }
        }
        item.reason = CleanupItem::Reason::Delete;
        plan.m_delete.append(std::move(item));
    }

    sortBySourceAndAge(plan.m_delete);
    sortBySourceAndAge(plan.m_notAvailable);
    sortBySourceAndAge(plan.m_held);
    std::sort(plan.m_automatic.begin(), plan.m_automatic.end(),
              [](const CleanupAutomatic &a, const CleanupAutomatic &b) {
                  return a.connection != b.connection ? a.connection < b.connection : a.source < b.source;
              });
    return plan;
}

const CleanupRules &CleanupPlan::rules() const
{
    return m_rules;
}

const QList<CleanupConnection> &CleanupPlan::connections() const
{
    return m_connections;
}

double CleanupPlan::pricePerGbMonth() const
{
    return m_price;
}

QDateTime CleanupPlan::madeAt() const
{
    return m_madeAt;
}

QString CleanupPlan::problem() const
{
    return m_problem;
}

const QList<CleanupItem> &CleanupPlan::toDelete() const
{
    return m_delete;
}

const QList<CleanupItem> &CleanupPlan::notAvailable() const
{
    return m_notAvailable;
}

const QList<CleanupItem> &CleanupPlan::held() const
{
    return m_held;
}

const QList<CleanupAutomatic> &CleanupPlan::automatic() const
{
    return m_automatic;
}

qint64 CleanupPlan::keptNewest() const
{
    return m_keptNewest;
}

qint64 CleanupPlan::keptByTag() const
{
    return m_keptByTag;
}

qint64 CleanupPlan::rowsInScope() const
{
    return m_inScope;
}

CleanupTotals CleanupPlan::totals() const
{
    CleanupTotals totals;
    totals.count = m_delete.size();
    for (const CleanupItem &item : m_delete) {
        const qint64 bytes = item.entry.sizeBytes();
        if (bytes < 0)
            ++totals.unknownSize;
        else
            totals.bytes += bytes;
    }
    totals.monthlyCost = monthlyCost(totals.bytes, m_price);
    return totals;
}

QList<int> CleanupPlan::rowsNeedingTags() const
{
    QList<int> rows;
    for (const CleanupItem &item : m_held) {
        if (item.reason == CleanupItem::Reason::TagsNotRead)
            rows.append(item.row);
    }
    return rows;
}

QString CleanupPlan::reasonWords(const CleanupItem &item) const
{
    switch (item.reason) {
    case CleanupItem::Reason::Delete: {
        QStringList parts;
        if (m_rules.olderThanDays && m_madeAt.isValid()) {
            if (item.entry.created().isValid())
                parts << u"created %1 ago (more than %2)"_s.arg(
                    age(m_madeAt.toMSecsSinceEpoch() - item.entry.created().toMSecsSinceEpoch()),
                    days(*m_rules.olderThanDays));
            else
                parts << u"older than %1"_s.arg(days(*m_rules.olderThanDays));
        }
        if (m_rules.sourceGone)
            parts << u"its source (%1) no longer exists"_s.arg(item.sourceWords());
        if (m_rules.keepNewest)
            parts << u"not among the newest %1 of its source"_s.arg(*m_rules.keepNewest);
        return parts.join(u"; "_s);
    }
    case CleanupItem::Reason::NotAvailable:
        return u"it is %1; only an available snapshot can be deleted (plan again later)"_s.arg(item.entry.statusText());
    case CleanupItem::Reason::TagsNotRead:
        return u"its tags could not be read, so the skip-tag rule cannot be checked: held, not deleted"_s;
    case CleanupItem::Reason::SourcesNotListed:
        return u"the connection's clusters, replication groups and serverless caches were not listed, so whether "
               "its source exists is unknown: held, not deleted"_s;
    }
    return QString();
}

double CleanupPlan::monthlyCost(qint64 bytes, double pricePerGbMonth)
{
    return double(qMax<qint64>(0, bytes)) / kBytesPerGb * pricePerGbMonth;
}

QString CleanupPlan::formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return u"unknown size"_s;
    return cacheSizeText(bytes, QLocale::c());
}

QString CleanupPlan::formatCost(double dollars)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return u"$"_s + c.toString(dollars, 'f', 2);
}

QByteArray CleanupPlan::toCsv() const
{
    QString out
        = Csv::line({u"connection"_s, u"profile"_s, u"account"_s, u"region"_s, u"source"_s, u"kind"_s, u"snapshot"_s,
                     u"status"_s, u"created"_s, u"bytes"_s, u"monthly_cost"_s, u"action"_s, u"reason"_s});
    const auto connectionFields = [this](int index) {
        const CleanupConnection &c = m_connections.at(index);
        return QStringList {QString::number(index), c.choice.profileLabel(), c.accountId, c.choice.region};
    };
    const auto writeItems = [&](const QList<CleanupItem> &items) {
        for (const CleanupItem &item : items) {
            QStringList fields = connectionFields(item.connection);
            const qint64 bytes = item.entry.sizeBytes();
            fields << item.sourceWords() << SnapshotEntry::kindName(item.entry.kind()) << item.entry.name()
                   << itemStatus(item) << isoTime(item.entry.created())
                   << (bytes < 0 ? QString() : QString::number(bytes))
                   << (bytes < 0 ? QString() : QString::number(monthlyCost(bytes, m_price), 'f', 4))
                   << actionOf(item.reason) << reasonWords(item);
            out += Csv::line(fields);
        }
    };
    writeItems(m_delete);
    writeItems(m_notAvailable);
    writeItems(m_held);
    for (const CleanupAutomatic &a : m_automatic) {
        QStringList fields = connectionFields(a.connection);
        fields << a.source << QString() << u"%1 automatic"_s.arg(a.count) << QString() << QString()
               << QString::number(a.bytes) << QString::number(monthlyCost(a.bytes, m_price), 'f', 4) << u"not deleted"_s
               << a.words();
        out += Csv::line(fields);
    }
    return out.toUtf8();
}

QByteArray CleanupPlan::toJson() const
{
    const auto connectionObject = [this](int index) {
        const CleanupConnection &c = m_connections.at(index);
        QJsonObject o;
        o.insert(u"Index"_s, index);
        o.insert(u"Profile"_s, c.choice.profileLabel());
        o.insert(u"Account"_s, c.accountId);
        o.insert(u"Region"_s, c.choice.region);
        if (!c.notWhole.isEmpty())
            o.insert(u"NotFullyListed"_s, c.notWhole);
        return o;
    };
    const auto itemArray = [&](const QList<CleanupItem> &items) {
        QJsonArray array;
        for (const CleanupItem &item : items) {
            QJsonObject o;
            o.insert(u"Connection"_s, item.connection);
            o.insert(u"Source"_s, item.sourceWords());
            o.insert(u"Kind"_s, SnapshotEntry::kindName(item.entry.kind()));
            o.insert(u"SnapshotName"_s, item.entry.name());
            o.insert(u"Status"_s, itemStatus(item));
            o.insert(u"Created"_s, isoTime(item.entry.created()));
            const qint64 bytes = item.entry.sizeBytes();
            o.insert(u"Bytes"_s, bytes < 0 ? QJsonValue() : QJsonValue(double(bytes)));
            o.insert(u"Reason"_s, reasonWords(item));
            array.append(o);
        }
        return array;
    };
    QJsonObject root;
    QJsonObject rules;
    if (m_rules.olderThanDays)
        rules.insert(u"OlderThanDays"_s, *m_rules.olderThanDays);
    rules.insert(u"SourceGone"_s, m_rules.sourceGone);
    if (m_rules.keepNewest)
        rules.insert(u"KeepNewest"_s, *m_rules.keepNewest);
    QJsonArray skip;
    for (const TagRules::TagCriterion &c : m_rules.skipTags)
        skip.append(TagRules::formatFilter({c}));
    rules.insert(u"SkipTags"_s, skip);
    rules.insert(u"Words"_s, m_rules.words());
    root.insert(u"Rules"_s, rules);
    QJsonArray connections;
    for (int i = 0; i < m_connections.size(); ++i)
        connections.append(connectionObject(i));
    root.insert(u"Connections"_s, connections);
    root.insert(u"PricePerGbMonth"_s, m_price);
    root.insert(u"MadeAt"_s, isoTime(m_madeAt));
    if (!m_problem.isEmpty())
        root.insert(u"Problem"_s, m_problem);
    const CleanupTotals t = totals();
    QJsonObject totalsObject;
    totalsObject.insert(u"Count"_s, double(t.count));
    totalsObject.insert(u"Bytes"_s, double(t.bytes));
    totalsObject.insert(u"UnknownSize"_s, double(t.unknownSize));
    totalsObject.insert(u"MonthlyCost"_s, std::round(t.monthlyCost * 100.0) / 100.0);
    root.insert(u"Totals"_s, totalsObject);
    root.insert(u"Delete"_s, itemArray(m_delete));
    root.insert(u"NotAvailable"_s, itemArray(m_notAvailable));
    root.insert(u"Held"_s, itemArray(m_held));
    QJsonArray automatic;
    for (const CleanupAutomatic &a : m_automatic) {
        QJsonObject o;
        o.insert(u"Connection"_s, a.connection);
        o.insert(u"Source"_s, a.source);
        o.insert(u"Count"_s, double(a.count));
        o.insert(u"Bytes"_s, double(a.bytes));
        o.insert(u"Reason"_s, a.words());
        automatic.append(o);
    }
    root.insert(u"Automatic"_s, automatic);
    QJsonObject kept;
    kept.insert(u"Newest"_s, double(m_keptNewest));
    kept.insert(u"Tagged"_s, double(m_keptByTag));
    root.insert(u"Kept"_s, kept);
    root.insert(u"RowsInScope"_s, double(m_inScope));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}
