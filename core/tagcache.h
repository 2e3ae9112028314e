// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "model/elasticache.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <array>
#include <functional>
#include <optional>

class ElastiCacheClient;
class QTimer;

// The tags of one connection's resources, read with ListTagsForResource only when something shows them, and kept
// until the connection changes (or the app changes a resource's tags). Nothing is read until a part of the app
// says what it needs: the parts each name their own demand (the details pane: the selected snapshot and its
// source; the table: its visible rows while the Tags column is shown; the tag filter: every row the other
// filters let through), replacing it whole as it changes. What no demand names any more is not read; at most
// maxConcurrent() calls run at once, the details pane's first, then the visible rows, then the filter's.
//
// The service client's retry policy retries a throttled call; a call still throttled after it slows the reading
// down (one call at a time, a pause that doubles up to 30 s) rather than adding calls, and its resource is read
// again once it is its turn. A refusal of the call itself (AccessDenied) stops all reading until the connection
// changes or failures are forgotten.
class TagCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TagCache)

public:
    enum class State { Unknown, Pending, Read, Failed };
    struct Entry
    {
        State state = State::Unknown;
        QList<Tag> tags; // when Read, as the service listed them
        ApiError error; // when Failed
    };
    // In priority order. Details: the snapshot details pane; CacheDetails: the Caches tab's.
    enum class Demand { Details, CacheDetails, Visible, Filter, Other, Count };
    struct Progress
    {
        qsizetype total = 0; // resources named
        qsizetype done = 0; // read, or failed
        qsizetype failed = 0;
    };

    explicit TagCache(QObject *parent = nullptr);
    ~TagCache() override;

    // Another connection, or none: everything read and wanted is forgotten; answers of the old one are ignored.
    void setClient(ElastiCacheClient *client);
    ElastiCacheClient *client() const;
    // Several connections (the window's fleet): the client that reads (and edits) a resource's tags, chosen by its
    // ARN (which names its account and region); null for an ARN no connection reaches. Unset: client() for all.
    using ClientForArn = std::function<ElastiCacheClient *(const QString &arn)>;
    void setClientForArn(ClientForArn route);
    ElastiCacheClient *clientFor(const QString &arn) const;
    void setMaxConcurrent(int calls); // default 4
    int maxConcurrent() const;

    // What is known of arn's tags; never reads.
    const Entry &peek(const QString &arn) const;
    // The tags when read; otherwise nullopt, and arn is read soon (the Other demand, kept until read).
    std::optional<QList<Tag>> tags(const QString &arn);
    // The resources a part of the app needs now, most wanted first; replaces what it named before.
    void setDemand(Demand demand, const QStringList &arns);
    Progress progress(Demand demand) const;
    // The app changed arn's tags: forget them, and read them again if something still shows them.
    void invalidate(const QString &arn);
    // Read again what failed (a refresh), and resume after an AccessDenied.
    void forgetFailures();
    // Why reading stopped (AccessDenied), or why it is slowed down (throttling); empty otherwise.
    QString notice() const;

    // ListTagsForResource calls started through the current client (for tests and the benchmark).
    qint64 callsStarted() const;
    int callsRunning() const;

Q_SIGNALS:
    // arn's entry changed: read, failed, pending again, or forgotten.
    void tagsChanged(const QString &arn);
    // A demand's progress or the notice changed.
    void progressChanged();
    // setClient(): everything was forgotten, every demand included.
    void cleared();

private:
    struct Wanted
    {
        QStringList order;
        QSet<QString> members;
        qsizetype next = 0; // everything before it is read, running or failed
        qsizetype done = 0;
        qsizetype failed = 0;
    };

    void startNext();
    std::optional<QString> nextArn();
    void finished(const QString &arn, const ApiResult<TagListMessage> &result);
    void settle(const QString &arn, Entry entry);
    void count(const QString &arn, State from, State to);

    QPointer<ElastiCacheClient> m_client;
    ClientForArn m_route;
    quint64 m_generation = 0;
    int m_maxConcurrent = 4;
    int m_running = 0;
    qint64 m_started = 0;
    QHash<QString, Entry> m_entries;
    QSet<QString> m_stale; // read while the app changed them: the answer is dropped
    std::array<Wanted, size_t(Demand::Count)> m_wanted;
    QTimer *m_resume = nullptr; // the pause after throttling
    int m_pauseMs = 0; // 0: not slowed down
    std::optional<ApiError> m_stopped; // AccessDenied
};
