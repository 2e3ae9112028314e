// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportfollowing.h"

#include "elasticacheclient.h"
#include "s3client.h"

#include <QLoggingCategory>
#include <QSettings>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFollowing, "cachesnap.ui.following")

ExportFollowing::ExportFollowing(QObject *parent)
    : QObject(parent)
{
}

ExportFollowing::~ExportFollowing() = default;

SnapshotEntry::Kind ExportFollowing::entryKind(FollowedExport::Kind kind)
{
    return kind == FollowedExport::Kind::Serverless ? SnapshotEntry::Kind::Serverless : SnapshotEntry::Kind::NodeBased;
}

void ExportFollowing::setConnection(ElastiCacheClient *elastiCache, S3Client *s3, const QString &profile,
                                    const QString &region, const QString &endpoint)
{
    for (ExportFollower *follower : std::as_const(m_followers)) {
        follower->stop();
        follower->deleteLater();
    }
    m_followers.clear();
    m_elastiCache = elastiCache;
    m_s3 = s3;
    m_profile = profile;
    m_region = region;
    m_endpoint = endpoint;
    if (!elastiCache || !s3)
        return;
    for (const FollowedExport &record : kept()) {
        if (record.belongsTo(profile, region, endpoint))
            start(record);
    }
}

void ExportFollowing::follow(FollowedExport record)
{
    if (!m_elastiCache || !m_s3)
        return;
    record.profile = m_profile;
    record.region = m_region;
    record.endpoint = m_endpoint;
    QList<FollowedExport> records = kept();
    records.removeIf([&record](const FollowedExport &r) {
        return r.id() == record.id() && r.belongsTo(record.profile, record.region, record.endpoint);
    });
    records.append(record);
    // The oldest go first when there are too many (exports of connections no longer used).
    while (records.size() > FollowedExport::kMaxRecords)
        records.removeFirst();
    keep(records);
    start(record);
}

void ExportFollowing::setFirstDelayMs(int ms)
{
    m_firstDelayMs = ms;
}

int ExportFollowing::count() const
{
    return int(m_followers.size());
}

QList<FollowedExport> ExportFollowing::followed() const
{
    QList<FollowedExport> records;
    for (const ExportFollower *follower : m_followers)
        records.append(follower->record());
    return records;
}

QList<FollowedExport> ExportFollowing::kept()
{
    const QByteArray document = QSettings().value(settingsKey).toByteArray();
    if (document.isEmpty())
        return {};
    ApiResult<QList<FollowedExport>> records = FollowedExport::listFromJson(document);
    if (!records) {
        qCWarning(lcFollowing).noquote() << u"Ignoring the kept exports: %1"_s.arg(records.error().message);
        return {};
    }
    return records.value();
}

void ExportFollowing::keep(const QList<FollowedExport> &records)
{
    QSettings settings;
    if (records.isEmpty())
        settings.remove(settingsKey);
    else
        settings.setValue(settingsKey, FollowedExport::listToJson(records));
}

void ExportFollowing::forget(const FollowedExport &record)
{
    QList<FollowedExport> records = kept();
    records.removeIf([&record](const FollowedExport &r) { return r == record; });
    keep(records);
}

void ExportFollowing::start(const FollowedExport &record)
{
    const QString id = record.id();
    if (ExportFollower *old = m_followers.take(id)) {
        old->stop();
        old->deleteLater();
    }
    auto *follower = new ExportFollower(m_elastiCache, m_s3, record, this);
    follower->setFirstDelayMs(m_firstDelayMs);
    m_followers.insert(id, follower);
    connect(follower, &ExportFollower::progressed, this,
            [this, follower](const ExportFollower::Progress &, const QString &text) {
                Q_EMIT progressed(follower->record(), text);
            });
    connect(follower, &ExportFollower::finished, this, [this, follower, id](bool ok, const QString &text) {
        const FollowedExport done = follower->record();
        if (m_followers.value(id) == follower)
            m_followers.remove(id);
        follower->deleteLater();
        forget(done);
        Q_EMIT finished(done, ok, text);
    });
    follower->start();
}
