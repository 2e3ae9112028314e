// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exportfollower.h"
#include "snapshotentry.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class ElastiCacheClient;
class S3Client;

// The exports the window follows: one ExportFollower each, for the current connection only. They do not depend on
// the Export dialog (closing it changes nothing), and are kept in the settings (FollowedExport's JSON, no secrets)
// from the moment the service accepts them until they end, so that the next start of the app, on the same
// connection, follows them on. A kept list that does not validate is dropped, whole, with a warning.
class ExportFollowing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportFollowing)

public:
    static constexpr QLatin1StringView settingsKey {"follow/exports"};

    explicit ExportFollowing(QObject *parent = nullptr);
    ~ExportFollowing() override;

    // Stops following the previous connection's exports (they stay kept) and resumes the kept ones of this one.
    // profile is the connection's name in the settings ("default", "(environment)", "sandbox"); endpoint its
    // custom ElastiCache endpoint, if any. Null clients: no connection.
    void setConnection(ElastiCacheClient *elastiCache, S3Client *s3, const QString &profile, const QString &region,
                       const QString &endpoint);
    // Follows an export the service has just accepted (the connection's members are filled in here) and keeps it.
    void follow(FollowedExport record);
    // Tests: shorter pauses between rounds.
    void setFirstDelayMs(int ms);

    int count() const;
    QList<FollowedExport> followed() const;
    // The kept records of every connection, as read from the settings (empty when they do not validate).
    static QList<FollowedExport> kept();

    static SnapshotEntry::Kind entryKind(FollowedExport::Kind kind);

Q_SIGNALS:
    void progressed(const FollowedExport &record, const QString &text);
    void finished(const FollowedExport &record, bool ok, const QString &text);

private:
    void start(const FollowedExport &record);
    static void keep(const QList<FollowedExport> &records);
    void forget(const FollowedExport &record);

    QPointer<ElastiCacheClient> m_elastiCache;
    QPointer<S3Client> m_s3;
    QString m_profile;
    QString m_region;
    QString m_endpoint;
    int m_firstDelayMs = 1000;
    QHash<QString, ExportFollower *> m_followers; // by FollowedExport::id()
};
