// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotfilter.h"

using namespace Qt::StringLiterals;

namespace {

template<typename T> bool assign(T &member, const T &value)
{
    if (member == value)
        return false;
    member = value;
    return true;
}

} // namespace

SnapshotFilter::SnapshotFilter()
    : m_referenceTime(QDateTime::currentDateTimeUtc())
{
    m_matcher.setCaseSensitivity(Qt::CaseInsensitive);
}

bool SnapshotFilter::setCluster(const QString &cluster)
{
    return assign(m_cluster, cluster.trimmed());
}

bool SnapshotFilter::setReplicationGroup(const QString &group)
{
    return assign(m_replicationGroup, group.trimmed());
}

bool SnapshotFilter::setSource(SourceFilter source)
{
    return assign(m_source, source);
}

bool SnapshotFilter::setKind(std::optional<SnapshotEntry::Kind> kind)
{
    return assign(m_kind, kind);
}

bool SnapshotFilter::setStatus(std::optional<SnapshotEntry::Status> status)
{
    return assign(m_status, status);
}

bool SnapshotFilter::setMinimumAgeDays(int days)
{
    if (!assign(m_minimumAgeDays, qMax(0, days)))
        return false;
    updateCutoff();
    return true;
}

bool SnapshotFilter::setReferenceTime(const QDateTime &now)
{
    if (!assign(m_referenceTime, now))
        return false;
    updateCutoff();
    // Moving the clock only changes the outcome when an age criterion is set.
    return m_minimumAgeDays > 0;
}

bool SnapshotFilter::setText(const QString &text)
{
    if (!assign(m_text, text.trimmed()))
        return false;
    m_matcher.setPattern(m_text);
    return true;
}

bool SnapshotFilter::setTags(const QList<TagRules::TagCriterion> &criteria)
{
    return assign(m_tags, criteria);
}

bool SnapshotFilter::setProfile(const QString &profile)
{
    return assign(m_profile, profile);
}

bool SnapshotFilter::setAccount(const QString &account)
{
    return assign(m_account, account.trimmed());
}

bool SnapshotFilter::setRegion(const QString &region)
{
    return assign(m_region, region.trimmed());
}

bool SnapshotFilter::clear()
{
    bool changed = setCluster(QString());
    changed |= setReplicationGroup(QString());
    changed |= setSource(SourceFilter::Any);
    changed |= setKind(std::nullopt);
    changed |= setStatus(std::nullopt);
    changed |= setMinimumAgeDays(0);
    changed |= setText(QString());
    changed |= setTags({});
    changed |= setProfile(QString());
    changed |= setAccount(QString());
    changed |= setRegion(QString());
    return changed;
}

const QString &SnapshotFilter::cluster() const
{
    return m_cluster;
}

const QString &SnapshotFilter::replicationGroup() const
{
    return m_replicationGroup;
}

SnapshotFilter::SourceFilter SnapshotFilter::source() const
{
    return m_source;
}

std::optional<SnapshotEntry::Kind> SnapshotFilter::kind() const
{
    return m_kind;
}

std::optional<SnapshotEntry::Status> SnapshotFilter::status() const
{
    return m_status;
}

int SnapshotFilter::minimumAgeDays() const
{
    return m_minimumAgeDays;
}

QDateTime SnapshotFilter::referenceTime() const
{
    return m_referenceTime;
}

const QString &SnapshotFilter::text() const
{
    return m_text;
}

const QList<TagRules::TagCriterion> &SnapshotFilter::tags() const
{
    return m_tags;
}

const QString &SnapshotFilter::profile() const
{
    return m_profile;
}

const QString &SnapshotFilter::account() const
{
    return m_account;
}

const QString &SnapshotFilter::region() const
{
    return m_region;
}

bool SnapshotFilter::hasConnectionCriteria() const
{
    return !m_profile.isEmpty() || !m_account.isEmpty() || !m_region.isEmpty();
}

bool SnapshotFilter::hasTagCriteria() const
{
    return !m_tags.isEmpty();
}

bool SnapshotFilter::isEmpty() const
{
    return m_cluster.isEmpty() && m_replicationGroup.isEmpty() && m_source == SourceFilter::Any && !m_kind && !m_status
        && m_minimumAgeDays == 0 && m_text.isEmpty() && m_tags.isEmpty() && !hasConnectionCriteria();
}

bool SnapshotFilter::matchesTags(const QList<Tag> &tags) const
{
    return TagRules::matches(m_tags, tags);
}

bool SnapshotFilter::matchesConnection(const QString &profile, const QString &account, const QString &region) const
{
    return (m_profile.isEmpty() || m_profile == profile) && (m_account.isEmpty() || m_account == account)
        && (m_region.isEmpty() || m_region.compare(region, Qt::CaseInsensitive) == 0);
}

bool SnapshotFilter::matches(const SnapshotEntry &entry) const
{
    if (!matchesIgnoringText(entry))
        return false;
    if (!m_text.isEmpty()) {
        if (m_matcher.indexIn(entry.name()) < 0 && m_matcher.indexIn(entry.cluster()) < 0
            && m_matcher.indexIn(entry.replicationGroup()) < 0 && m_matcher.indexIn(entry.serverlessCache()) < 0
            && m_matcher.indexIn(entry.arn()) < 0)
            return false;
    }
    return true;
}

bool SnapshotFilter::matchesIgnoringText(const SnapshotEntry &entry) const
{
    // Cheapest tests first: this runs for every row on every keystroke.
    if (m_kind && entry.kind() != *m_kind)
        return false;
    if (m_status && entry.status() != *m_status)
        return false;
    if (m_source == SourceFilter::Automatic && !entry.isAutomatic())
        return false;
    if (m_source == SourceFilter::Manual && entry.isAutomatic())
        return false;
    if (m_minimumAgeDays > 0) {
        const QDateTime created = entry.created();
        if (!created.isValid() || created >= m_cutoff)
            return false;
    }
    if (!m_replicationGroup.isEmpty() && entry.replicationGroup().compare(m_replicationGroup, Qt::CaseInsensitive) != 0)
        return false;
    if (!m_cluster.isEmpty() && entry.cluster().compare(m_cluster, Qt::CaseInsensitive) != 0
        && entry.serverlessCache().compare(m_cluster, Qt::CaseInsensitive) != 0) {
        // A snapshot of a whole replication group names its member clusters only in the node snapshots.
        if (!entry.hasMemberCluster(m_cluster))
            return false;
    }
    return true;
}

bool SnapshotFilter::operator==(const SnapshotFilter &other) const
{
    return m_cluster == other.m_cluster && m_replicationGroup == other.m_replicationGroup && m_source == other.m_source
        && m_kind == other.m_kind && m_status == other.m_status && m_minimumAgeDays == other.m_minimumAgeDays
        && m_referenceTime == other.m_referenceTime && m_text == other.m_text && m_tags == other.m_tags
        && m_profile == other.m_profile && m_account == other.m_account && m_region == other.m_region;
}

QString SnapshotFilter::sourceFilterName(SourceFilter source)
{
    switch (source) {
    case SourceFilter::Automatic:
        return u"automatic"_s;
    case SourceFilter::Manual:
        return u"manual"_s;
    case SourceFilter::Any:
        break;
    }
    return u"all"_s;
}

std::optional<SnapshotFilter::SourceFilter> SnapshotFilter::sourceFilterFromString(QStringView text)
{
    for (SourceFilter source : {SourceFilter::Any, SourceFilter::Automatic, SourceFilter::Manual}) {
        if (text.compare(sourceFilterName(source), Qt::CaseInsensitive) == 0)
            return source;
    }
    if (text.compare(u"automated", Qt::CaseInsensitive) == 0 || text.compare(u"system", Qt::CaseInsensitive) == 0)
        return SourceFilter::Automatic;
    if (text.compare(u"user", Qt::CaseInsensitive) == 0)
        return SourceFilter::Manual;
    return std::nullopt;
}

void SnapshotFilter::updateCutoff()
{
    m_cutoff = m_referenceTime.addDays(-m_minimumAgeDays);
}
