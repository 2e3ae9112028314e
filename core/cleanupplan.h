// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connectionchoice.h"
#include "snapshotentry.h"
#include "tagrules.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

// What a clean-up may delete, decided before anything is deleted (snapshot-rules.md, "Clean-up").
//
// The algebra, over the rows of the connections in scope:
// - Only manual snapshots can be planned for deletion. Automatic ones are the service's: they go when their
//   retention passes, and with their source; the plan lists those the selecting rules match, per source, as not
//   deleted, with what to do instead (lower the retention).
// - Selecting rules narrow what goes; every one set must hold (AND): olderThanDays (created more than N days
//   before now) and sourceGone (the cluster, replication group or serverless cache is not among the connection's
//   live sources). None set: every manual snapshot is a candidate (only sensible with keepNewest).
// - Protecting rules take candidates back: keepNewest (the K newest manual snapshots of each source, whatever their
//   status, are never deleted) and skipTags (a snapshot carrying any of the tags is kept; a candidate whose tags
//   are not read is held, never deleted).
// - connections scopes everything (empty: every connection).
// At least one of olderThanDays, sourceGone and keepNewest must be set; otherwise nothing is planned.
// A candidate that is not available (creating, copying, restoring, deleting) cannot be deleted now: the service
// refuses (InvalidSnapshotState); it is listed with its status.
struct CleanupRules
{
    std::optional<int> olderThanDays;
    bool sourceGone = false;
    std::optional<int> keepNewest;
    QList<TagRules::TagCriterion> skipTags; // any one matching keeps the snapshot
    QList<int> connections; // connection indices in scope; empty: all

    bool selectsAnything() const; // olderThanDays, sourceGone or keepNewest set
    // "manual snapshots older than 30 days, keeping the newest 2 of each source, skipping tag keep=true".
    QString words() const;
};

// The ids a connection's listing saw; known false when its sources were not listed (then sourceGone holds rows).
struct CleanupSources
{
    bool known = false;
    QSet<QString> clusters;
    QSet<QString> replicationGroups;
    QSet<QString> serverlessCaches;
};

// One connection of the plan: where its rows come from.
struct CleanupConnection
{
    ConnectionChoice choice;
    QString accountId; // empty when not known
    CleanupSources sources;
    // Why the plan's rows may lack some or all of its snapshots ("failed: …", "listing… 1,200"): its listing failed or
    // has not ended. Empty when its list is whole.
    QString notWhole;
    QString label() const; // "prod · 123456789012 · eu-west-1"
};

struct CleanupRow
{
    int connection = 0;
    SnapshotEntry entry;
};

// The default price of backup storage, US dollars per GB-month (us-east-1): snapshot-rules.md, "Clean-up".
inline constexpr double kCleanupDefaultPricePerGbMonth = 0.085;

struct CleanupInput
{
    QList<CleanupConnection> connections;
    QList<CleanupRow> rows;
    // The tags of a row, or nullopt when they were not read (or could not be). Asked only for candidates that would
    // otherwise be deleted, and only when skipTags is set.
    std::function<std::optional<QList<Tag>>(const CleanupRow &row)> tags;
    QDateTime now;
    double pricePerGbMonth = kCleanupDefaultPricePerGbMonth;
};

struct CleanupItem
{
    enum class SourceKind : quint8 { ReplicationGroup, Cluster, ServerlessCache, Unknown };
    enum class Reason : quint8 {
        Delete, // planned
        NotAvailable, // manual, selected, but its status does not allow a delete now
        TagsNotRead, // held: a skip-tag rule is set and its tags are unknown
        SourcesNotListed, // held: sourceGone is set and the connection's sources are unknown
    };

    int row = -1; // index into CleanupInput::rows
    int connection = 0;
    Reason reason = Reason::Delete;
    SnapshotEntry entry;

    QString sourceId() const;
    SourceKind sourceKind() const;
    QString sourceWords() const; // "replication group my-rg", "cluster c-1", "serverless cache s", "unknown source"
};

// Automatic snapshots of one source that the selecting rules match: not deleted by the plan.
struct CleanupAutomatic
{
    int connection = 0;
    QString source; // CleanupItem::sourceWords()
    qint64 count = 0;
    qint64 bytes = 0;
    std::optional<int> retentionDays;
    QDateTime nextExpiry; // the soonest of their expiries; invalid when unknown
    QString words() const; // why not, and what to do
};

struct CleanupTotals
{
    qint64 count = 0;
    qint64 bytes = 0; // of the snapshots whose size is known
    qint64 unknownSize = 0; // how many have no size in the listing
    double monthlyCost = 0; // bytes in GiB × price per GB-month
};

class CleanupPlan
{
public:
    // An empty plan with a reason when the rules select nothing.
    static CleanupPlan make(const CleanupInput &input, const CleanupRules &rules);

    const CleanupRules &rules() const;
    const QList<CleanupConnection> &connections() const;
    double pricePerGbMonth() const;
    QDateTime madeAt() const;
    QString problem() const; // non-empty when nothing could be planned (no selecting rule, a bad value)

    // Sorted by connection, then source, then creation time (oldest first), then name.
    const QList<CleanupItem> &toDelete() const;
    const QList<CleanupItem> &notAvailable() const;
    const QList<CleanupItem> &held() const;
    const QList<CleanupAutomatic> &automatic() const;
    qint64 keptNewest() const; // candidates kept by keepNewest
    qint64 keptByTag() const; // candidates kept by skipTags
    qint64 rowsInScope() const;
    CleanupTotals totals() const;
    // Rows held because their tags are unknown: what a caller reads before planning again.
    QList<int> rowsNeedingTags() const;
    // Why the item goes ("created 45 days ago; its source no longer exists"), why it cannot go now, why it is held.
    QString reasonWords(const CleanupItem &item) const;

    // One line per snapshot (to delete, not available, held) and per automatic source: connection, profile,
    // account, region, source, kind, snapshot, status, created, bytes, monthly cost, action, reason.
    QByteArray toCsv() const;
    // {"Rules", "PricePerGbMonth", "MadeAt", "Totals", "Delete", "NotAvailable", "Held", "Automatic", "Kept"}.
    QByteArray toJson() const;

    static double monthlyCost(qint64 bytes, double pricePerGbMonth);
    static QString formatBytes(qint64 bytes); // "1.5 GB" (GiB, as AWS bills)
    static QString formatCost(double dollars); // "$12.34"

private:
    CleanupRules m_rules;
    QList<CleanupConnection> m_connections;
    double m_price = kCleanupDefaultPricePerGbMonth;
    QDateTime m_madeAt;
    QString m_problem;
    QList<CleanupItem> m_delete;
    QList<CleanupItem> m_notAvailable;
    QList<CleanupItem> m_held;
    QList<CleanupAutomatic> m_automatic;
    qint64 m_keptNewest = 0;
    qint64 m_keptByTag = 0;
    qint64 m_inScope = 0;
};
