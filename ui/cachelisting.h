// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "backupsettings.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <array>

class ApiJob;
class ElastiCacheClient;

// Lists the caches (clusters, replication groups, serverless caches) with their automatic-backup settings: the
// three Describe calls, every page. Each kind replaces its sources when its listing completes; a failure keeps
// the ones listed before. Single caches are updated in place from a Modify answer or a followed cache's
// description (upsert()).
class CacheListing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheListing)

public:
    explicit CacheListing(QObject *parent = nullptr);
    ~CacheListing() override;

    // Another connection, or none: a running listing is abandoned (no finished()) and the sources are dropped.
    void setClient(ElastiCacheClient *client);
    ElastiCacheClient *client() const;
    void refresh();

    bool isLoading() const;
    bool hasListed() const; // a listing has completed (with or without failures) through this client
    // Every source, groups, then clusters, then serverless caches (a copy of the three lists); one kind's.
    QList<CacheSource> sources() const;
    const QList<CacheSource> &sources(CacheSource::Kind kind) const;
    // The three kinds' lists, each shared, not copied: what the Caches tab merges.
    QList<QList<CacheSource>> sourcesByKind() const;
    // The failures of the current (or last) listing.
    const QList<ApiError> &errors() const;

    void upsert(const CacheSource &source);
    void upsert(const CacheCluster &cluster);
    void upsert(const ReplicationGroup &group);
    void upsert(const ServerlessCache &cache);

    // From how many sources (clusters and groups) the groups are filled on a worker thread (a test sets 0).
    void setFillApartSources(qsizetype sources) { m_fillApartSources = sources; }

Q_SIGNALS:
    void started();
    void failed(const ApiError &error); // the first part of a listing that failed
    void finished(bool complete);
    void sourcesChanged();

private:
    void replaceKind(CacheSource::Kind kind, QList<CacheSource> fresh);
    void kindFinished(const std::optional<ApiError> &error);
    void upsert(const CacheSource &source, bool announce);
    // A group's maintenance window and engine version are its members': filled from the listed clusters, on a
    // worker thread from m_fillApartSources sources up, before the groups are shown.
    QString maintenanceWindowOf(const CacheSource &group) const;
    static QList<CacheSource> withMembersSettings(QList<CacheSource> groups, const QList<CacheSource> &clusters);
    void fillGroups(QList<CacheSource> groups);
    void installGroups(QList<CacheSource> groups);
    bool fillPending() const { return m_fillRound != m_filledRound; }

    QPointer<ElastiCacheClient> m_client;
    QList<QPointer<ApiJob>> m_jobs;
    // By CacheSource::Kind: a kind's new listing replaces its list whole (a list of 300,000 clusters moved into one
    // list of every source took a tenth of a second of the window's time).
    std::array<QList<CacheSource>, 3> m_sources;
    QList<ApiError> m_errors;
    int m_pending = 0;
    bool m_listed = false;
    quint64 m_generation = 0;
    quint64 m_fillRound = 0; // the latest filling of the groups started
    quint64 m_filledRound = 0; // the latest one shown
    QList<CacheSource> m_groupsToFill; // what is being filled apart
    QList<CacheSource> m_upsertedWhileFilling; // groups updated meanwhile, again once the filled list is shown
    bool m_finishWhenFilled = false; // every listing is in, the groups are being filled
    qsizetype m_fillApartSources = 4000; // 18,000 clusters and their groups filled here took 8 ms
};
