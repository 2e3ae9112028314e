// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"
#include "tagrules.h"

#include <QDateTime>
#include <QString>
#include <QStringMatcher>

#include <optional>

// Which snapshots to show: every criterion that is set must hold. A value type shared by the app's proxy
// model and the CLI; setters report whether anything changed so callers re-filter only when needed.
class SnapshotFilter
{
public:
    enum class SourceFilter { Any, Automatic, Manual };

    SnapshotFilter();

    // Matches CacheClusterId, or the serverless cache a serverless snapshot was taken from.
    bool setCluster(const QString &cluster);
    bool setReplicationGroup(const QString &group);
    bool setSource(SourceFilter source);
    bool setKind(std::optional<SnapshotEntry::Kind> kind);
    bool setStatus(std::optional<SnapshotEntry::Status> status);
    // Only snapshots created more than `days` days before the reference time; 0 turns the criterion off.
    bool setMinimumAgeDays(int days);
    // The instant ages are measured from; defaults to the time of construction.
    bool setReferenceTime(const QDateTime &now);
    // Case-insensitive substring of the name, cluster, replication group, serverless cache or ARN.
    bool setText(const QString &text);
    // Tags the snapshot must have (`key`, or `key=value`): all of them. A snapshot does not carry its tags (they
    // are read per snapshot with ListTagsForResource), so matches() leaves this criterion out: the caller checks
    // the tags it has read with matchesTags().
    bool setTags(const QList<TagRules::TagCriterion> &criteria);
    // Which connections' snapshots (the window's fleet: a profile, an account, a region; each empty: any). A
    // snapshot does not carry its connection, so matches() leaves these out: the caller checks a row's connection
    // with matchesConnection().
    bool setProfile(const QString &profile);
    bool setAccount(const QString &account);
    bool setRegion(const QString &region);
    bool clear(); // everything but the reference time

    const QString &cluster() const;
    const QString &replicationGroup() const;
    SourceFilter source() const;
    std::optional<SnapshotEntry::Kind> kind() const;
    std::optional<SnapshotEntry::Status> status() const;
    int minimumAgeDays() const;
    QDateTime referenceTime() const;
    const QString &text() const;
    const QList<TagRules::TagCriterion> &tags() const;
    const QString &profile() const;
    const QString &account() const;
    const QString &region() const;
    bool hasTagCriteria() const;
    bool hasConnectionCriteria() const;
    bool isEmpty() const;

    // Every criterion but the tags.
    bool matches(const SnapshotEntry &entry) const;
    bool matchesTags(const QList<Tag> &tags) const;
    // The profile, account and region criteria, for a row of that connection (profile: its label, as shown).
    bool matchesConnection(const QString &profile, const QString &account, const QString &region) const;
    // Every criterion but the text: for callers that match the text themselves (the table's proxy keeps the
    // searched fields lowercased per row, which a keystroke scans far faster). matches() is this plus the text
    // found case-insensitively in the name, cluster, replication group, serverless cache or ARN.
    bool matchesIgnoringText(const SnapshotEntry &entry) const;

    bool operator==(const SnapshotFilter &other) const;

    static QString sourceFilterName(SourceFilter source);
    static std::optional<SourceFilter> sourceFilterFromString(QStringView text);

private:
    void updateCutoff();

    QString m_cluster;
    QString m_replicationGroup;
    SourceFilter m_source = SourceFilter::Any;
    std::optional<SnapshotEntry::Kind> m_kind;
    std::optional<SnapshotEntry::Status> m_status;
    int m_minimumAgeDays = 0;
    QDateTime m_referenceTime;
    QDateTime m_cutoff;
    QString m_text;
    QStringMatcher m_matcher;
    QList<TagRules::TagCriterion> m_tags;
    QString m_profile;
    QString m_account;
    QString m_region;
};
