// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>

class ElastiCacheClient;
struct CacheCluster;
struct ReplicationGroup;
struct ServerlessCache;

// Follows caches the app started (restores) until available or failed; survives the dialog. One Describe call
// for the one cache at a time (DescribeReplicationGroups / DescribeCacheClusters / DescribeServerlessCaches),
// with a growing delay between calls, bounded in time.
//
// "Restored from" is kept in the settings under restoredFromKey(arn) (no secrets: a snapshot name or S3 ARNs);
// follow() records it as soon as a description names the cache's ARN, and the Caches view shows it.
class CacheWatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheWatch)

public:
    enum class Kind { ReplicationGroup, CacheCluster, ServerlessCache };
    Q_ENUM(Kind)

    // What is known of a followed cache (kept after it finished, for the Caches view).
    struct Followed
    {
        Kind kind = Kind::ReplicationGroup;
        QString id;
        QString restoredFrom;
        QString status; // the last status described; empty before the first answer
        QString arn; // from the first description
        bool done = false;
        bool ok = false;
        QString message; // finished()'s message once done
    };

    explicit CacheWatch(QObject *parent = nullptr);
    ~CacheWatch() override;

    void setClient(ElastiCacheClient *client); // forgets everything followed through the previous one
    void follow(Kind kind, const QString &id, const QString &restoredFrom /* snapshot name or S3 ARNs */);

    bool isFollowing(Kind kind, const QString &id) const; // followed and not finished
    std::optional<Followed> followed(Kind kind, const QString &id) const;
    QList<Followed> followed() const; // in the order follow() was called, finished ones included
    void clear();

    // Delays between polls grow from initialMs to maximumMs; after giveUpAfterMs the watch ends with a failure
    // that says so.
    void setDelays(int initialMs, int maximumMs, int giveUpAfterMs);

    // The settings key of a cache's "restored from" record ("restoredFrom/<ARN>"), and its reading and writing
    // (QSettings of the application).
    static QString restoredFromKey(const QString &arn);
    static QString restoredFrom(const QString &arn);
    // Every record at once, by ARN: one read of the settings for a whole listing (a QSettings lookup per cache
    // cost a third of a second in one event with 37,000 caches).
    static QHash<QString, QString> restoredFromAll();
    static void recordRestoredFrom(const QString &arn, const QString &restoredFrom);

    static QString kindName(Kind kind); // "replication group", "cluster", "serverless cache"
    // Whether a status is final for a cache being created: available (ok) or a failure (not ok). nullopt: still
    // going (creating, modifying, snapshotting, …).
    static std::optional<bool> settledOutcome(const QString &status);

Q_SIGNALS:
    void changed(CacheWatch::Kind kind, const QString &id, const QString &status);
    void finished(CacheWatch::Kind kind, const QString &id, bool ok, const QString &message);
    // The whole description each poll answered (before changed()), for views that show more than the status.
    void clusterDescribed(const CacheCluster &cluster);
    void replicationGroupDescribed(const ReplicationGroup &group);
    void serverlessCacheDescribed(const ServerlessCache &cache);

private:
    struct Watch
    {
        Followed state;
        int delayMs = 0;
        QElapsedTimer since;
        quint64 generation = 0;
        int failedPolls = 0;
    };

    static QString keyOf(Kind kind, const QString &id);
    void schedule(const QString &key);
    void poll(const QString &key, quint64 generation);
    void handleAnswer(const QString &key, quint64 generation, const QString &status, const QString &arn);
    void noteArn(const QString &key, quint64 generation, const QString &arn);
    void handleError(const QString &key, quint64 generation, const ApiError &error);
    void handleGone(const QString &key, quint64 generation);
    void finish(const QString &key, bool ok, const QString &message);
    void rescheduleOrGiveUp(const QString &key);

    QPointer<ElastiCacheClient> m_client;
    QHash<QString, Watch> m_watches;
    QStringList m_order;
    quint64 m_generation = 0;
    int m_initialDelayMs = 2000;
    int m_maximumDelayMs = 30000;
    int m_giveUpAfterMs = 3 * 60 * 60 * 1000;
};
