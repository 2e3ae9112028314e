// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshotentry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <utility>

class ElastiCacheClient;

// Follows snapshots that an action has set in motion, one DescribeSnapshots / DescribeServerlessCacheSnapshots
// call per snapshot at a time, with a growing delay between calls, until each reaches the state the action
// was waiting for (available, or gone) or gives up.
class SnapshotStatusPoller final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotStatusPoller)

public:
    enum class Expect { Available, Gone };

    explicit SnapshotStatusPoller(QObject *parent = nullptr);
    ~SnapshotStatusPoller() override;

    void setClient(ElastiCacheClient *client); // forgets everything watched through the previous one
    // description: what the operator did, for the notification ("Copy of orders to orders-copy").
    void watch(SnapshotEntry::Kind kind, const QString &name, Expect expect, const QString &description);
    // One notification for several snapshots (a batch delete): settled() once, when the last of them settles,
    // naming every one (or their count, when there are many).
    void watchBatch(const QList<std::pair<SnapshotEntry::Kind, QString>> &targets, Expect expect,
                    const QString &description);
    // What the caller knows now (an answer, a listed row): a watch that waits for this state settles at once
    // instead of at its next poll, so its notification comes before what the caller does next.
    void observe(const SnapshotEntry &entry);
    bool isWatching(SnapshotEntry::Kind kind, const QString &name) const;
    int watchedCount() const;
    void clear();

    void setDelays(int initialMs, int maximumMs, int giveUpAfterMs);

Q_SIGNALS:
    void updated(const SnapshotEntry &entry);
    void removed(SnapshotEntry::Kind kind, const QString &name);
    // success: the expected state was reached; otherwise detail says what happened instead.
    void settled(const QString &description, bool success, const QString &detail);

private:
    struct Watch
    {
        SnapshotEntry::Kind kind;
        QString name;
        Expect expect;
        QString description;
        int delayMs = 0;
        QElapsedTimer since;
        quint64 generation = 0;
        QString batch; // key of the Batch it belongs to
    };
    struct Batch
    {
        QString description;
        Expect expect = Expect::Gone;
        int pending = 0;
        QStringList succeeded;
        QStringList failed; // the details of what went wrong
    };

    static QString keyOf(SnapshotEntry::Kind kind, const QString &name);
    void schedule(const QString &key);
    void poll(const QString &key, quint64 generation);
    void finish(const Watch &done, bool success, const QString &detail);
    void handleResult(const QString &key, quint64 generation, std::optional<SnapshotEntry> entry,
                      const ApiError *error);

    QPointer<ElastiCacheClient> m_client;
    QHash<QString, Watch> m_watches;
    QHash<QString, Batch> m_batches;
    quint64 m_batchSerial = 0;
    quint64 m_generation = 0;
    int m_initialDelayMs = 1000;
    int m_maximumDelayMs = 15000;
    int m_giveUpAfterMs = 60 * 60 * 1000;
};
