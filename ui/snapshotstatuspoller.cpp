// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotstatuspoller.h"

#include "elasticacheclient.h"

#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPoller, "cachesnap.ui.poller")

SnapshotStatusPoller::SnapshotStatusPoller(QObject *parent)
    : QObject(parent)
{
}

SnapshotStatusPoller::~SnapshotStatusPoller() = default;

void SnapshotStatusPoller::setClient(ElastiCacheClient *client)
{
    clear();
    m_client = client;
}

void SnapshotStatusPoller::watch(SnapshotEntry::Kind kind, const QString &name, Expect expect,
                                 const QString &description)
{
    const QString key = keyOf(kind, name);
    Watch watch {kind, name, expect, description, m_initialDelayMs, {}, ++m_generation, {}};
    watch.since.start();
    m_watches.insert(key, watch);
    schedule(key);
}

bool SnapshotStatusPoller::isWatching(SnapshotEntry::Kind kind, const QString &name) const
{
    return m_watches.contains(keyOf(kind, name));
}

int SnapshotStatusPoller::watchedCount() const
{
    return int(m_watches.size());
}

void SnapshotStatusPoller::watchBatch(const QList<std::pair<SnapshotEntry::Kind, QString>> &targets, Expect expect,
                                      const QString &description)
{
    if (targets.size() == 1) {
        watch(targets.first().first, targets.first().second, expect, description);
        return;
    }
    const QString batch = QString::number(++m_batchSerial);
    m_batches.insert(batch, Batch {description, expect, int(targets.size()), {}, {}});
    for (const auto &[kind, name] : targets) {
        watch(kind, name, expect, QString());
        m_watches[keyOf(kind, name)].batch = batch;
    }
}

void SnapshotStatusPoller::observe(const SnapshotEntry &entry)
{
    const auto it = m_watches.constFind(keyOf(entry.kind(), entry.name()));
    if (it == m_watches.constEnd() || it->expect != Expect::Available || !entry.isSettled())
        return;
    const Watch done = *it;
    m_watches.erase(it);
    finish(done, true, tr("%1 is %2.").arg(done.name, entry.statusText()));
}

void SnapshotStatusPoller::finish(const Watch &done, bool success, const QString &detail)
{
    if (done.batch.isEmpty()) {
        Q_EMIT settled(done.description, success, detail);
        return;
    }
    auto batch = m_batches.find(done.batch);
    if (batch == m_batches.end())
        return;
    (success ? batch->succeeded : batch->failed).append(success ? done.name : detail);
    if (--batch->pending > 0)
        return;
    const Batch b = *batch;
    m_batches.erase(batch);
    constexpr qsizetype kNamedAtMost = 5;
    const bool gone = b.expect == Expect::Gone;
    QString text;
    if (b.succeeded.size() > kNamedAtMost)
        text = gone ? tr("%n snapshot(s) deleted.", nullptr, int(b.succeeded.size()))
                    : tr("%n snapshot(s) available.", nullptr, int(b.succeeded.size()));
    else if (!b.succeeded.isEmpty())
        text = (gone ? tr("deleted %1.") : tr("available: %1.")).arg(b.succeeded.join(u", "_s));
    if (!b.failed.isEmpty())
        text += (text.isEmpty() ? QString() : u" "_s) + b.failed.join(u' ');
    Q_EMIT settled(b.description, b.failed.isEmpty(), text);
}

void SnapshotStatusPoller::clear()
{
    m_watches.clear();
    m_batches.clear();
    ++m_generation; // answers still in flight are ignored
}

void SnapshotStatusPoller::setDelays(int initialMs, int maximumMs, int giveUpAfterMs)
{
    m_initialDelayMs = initialMs;
    m_maximumDelayMs = maximumMs;
    m_giveUpAfterMs = giveUpAfterMs;
}

QString SnapshotStatusPoller::keyOf(SnapshotEntry::Kind kind, const QString &name)
{
    return (kind == SnapshotEntry::Kind::Serverless ? u"s/"_s : u"n/"_s) + name;
}

void SnapshotStatusPoller::schedule(const QString &key)
{
    const auto it = m_watches.constFind(key);
    if (it == m_watches.constEnd())
        return;
    const quint64 generation = it->generation;
    QTimer::singleShot(it->delayMs, this, [this, key, generation] { poll(key, generation); });
}

void SnapshotStatusPoller::poll(const QString &key, quint64 generation)
{
    const auto it = m_watches.constFind(key);
    if (it == m_watches.constEnd() || it->generation != generation || !m_client)
        return;
    if (it->kind == SnapshotEntry::Kind::NodeBased) {
        DescribeSnapshotsRequest request;
        request.snapshotName = it->name;
        SnapshotListJob *job = m_client->describeSnapshots(request);
        connect(job, &SnapshotListJob::finished, this,
                [this, key, generation](const ApiResult<QList<Snapshot>> &result) {
                    if (!result)
                        return handleResult(key, generation, std::nullopt, &result.error());
                    if (result.value().isEmpty())
                        return handleResult(key, generation, std::nullopt, nullptr);
                    handleResult(key, generation, SnapshotEntry(result.value().first()), nullptr);
                });
    } else {
        DescribeServerlessCacheSnapshotsRequest request;
        request.serverlessCacheSnapshotName = it->name;
        ServerlessSnapshotListJob *job = m_client->describeServerlessCacheSnapshots(request);
        connect(job, &ServerlessSnapshotListJob::finished, this,
                [this, key, generation](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                    if (!result)
                        return handleResult(key, generation, std::nullopt, &result.error());
                    if (result.value().isEmpty())
                        return handleResult(key, generation, std::nullopt, nullptr);
                    handleResult(key, generation, SnapshotEntry(result.value().first()), nullptr);
                });
    }
}

void SnapshotStatusPoller::handleResult(const QString &key, quint64 generation, std::optional<SnapshotEntry> entry,
                                        const ApiError *error)
{
    auto it = m_watches.find(key);
    if (it == m_watches.end() || it->generation != generation)
        return;
    const bool notFound = error && error->code.contains(u"NotFound");
    if (error && !notFound) {
        // A transient failure of the poll itself says nothing about the snapshot: keep polling, slower.
        qCDebug(lcPoller) << "poll of" << it->name << "failed:" << error->toString();
    } else if (!entry || notFound) {
        const Watch done = *it;
        m_watches.erase(it);
        Q_EMIT removed(done.kind, done.name);
        if (done.expect == Expect::Gone)
            finish(done, true, tr("%1 is deleted.").arg(done.name));
        else
            finish(done, false, tr("%1 no longer exists: the operation failed.").arg(done.name));
        return;
    } else {
        Q_EMIT updated(*entry);
        it = m_watches.find(key); // a slot may have changed what is watched
        if (it == m_watches.end() || it->generation != generation)
            return;
        if (it->expect == Expect::Available && entry->isSettled()) {
            const Watch done = *it;
            m_watches.erase(it);
            finish(done, true, tr("%1 is %2.").arg(done.name, entry->statusText()));
            return;
        }
    }
    if (it->since.elapsed() > m_giveUpAfterMs) {
        const Watch done = *it;
        m_watches.erase(it);
        finish(done, false, tr("Stopped following %1: it did not settle in time.").arg(done.name));
        return;
    }
    it->delayMs = qMin(m_maximumDelayMs, it->delayMs * 3 / 2 + 250);
    schedule(key);
}
