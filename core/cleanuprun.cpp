// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cleanuprun.h"

#include "csv.h"
#include "elasticacheclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCleanupRun, "cachesnap.cleanuprun", QtWarningMsg)

namespace {

bool isNotFound(const ApiError &error)
{
    return error.kind == ApiError::Kind::Service
        && (error.code == u"SnapshotNotFoundFault" || error.code == u"ServerlessCacheSnapshotNotFoundFault");
}

bool isStateRefusal(const ApiError &error)
{
    return error.kind == ApiError::Kind::Service
        && (error.code == u"InvalidSnapshotState" || error.code == u"InvalidSnapshotStateFault"
            || error.code == u"InvalidServerlessCacheSnapshotStateFault");
}

qint64 createdMs(const SnapshotEntry &entry)
{
    const QDateTime created = entry.created();
    return created.isValid() ? created.toMSecsSinceEpoch() : -1;
}

} // namespace

QString CleanupResult::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::NotRun:
        return u"not run"_s;
    case Outcome::Deleted:
        return u"deleted"_s;
    case Outcome::Skipped:
        return u"skipped"_s;
    case Outcome::Failed:
        return u"failed"_s;
    }
    return QString();
}

CleanupRun::CleanupRun(const CleanupPlan &plan, ClientFor clientFor, QObject *parent)
    : CleanupRun(plan, std::move(clientFor), Options(), parent)
{
}

CleanupRun::CleanupRun(const CleanupPlan &plan, ClientFor clientFor, Options options, QObject *parent)
    : QObject(parent)
    , m_connections(plan.connections())
    , m_clientFor(std::move(clientFor))
    , m_options(options)
{
    m_options.requestsPerSecond = std::max(m_options.requestsPerSecond, 0.1);
    m_options.minRequestsPerSecond = std::clamp(m_options.minRequestsPerSecond, 0.05, m_options.requestsPerSecond);
    m_options.concurrency = std::max(1, m_options.concurrency);
    m_results.reserve(plan.toDelete().size());
    for (const CleanupItem &item : plan.toDelete()) {
        CleanupResult result;
        result.item = item;
        result.reason = u"not run yet"_s;
        m_results.append(result);
    }
    m_lanes.resize(size_t(m_connections.size()));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CleanupRun::pump);
}

CleanupRun::~CleanupRun() = default;

void CleanupRun::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    for (Lane &lane : m_lanes) {
        lane.rate = m_options.requestsPerSecond;
        lane.tokens = std::max(2.0, std::min(m_options.requestsPerSecond, 2.0 * m_options.concurrency));
        lane.pauseMs = m_options.firstPauseMs;
    }
    for (int i = 0; i < m_results.size(); ++i) {
        const int connection = m_results.at(i).item.connection;
        if (connection >= 0 && size_t(connection) < m_lanes.size())
            m_lanes[size_t(connection)].queue.push_back(i);
    }
    // The first turn is on the event loop, so finished() never comes from inside start().
    QTimer::singleShot(0, this, [this] {
        for (int i = 0; i < m_results.size(); ++i) {
            const int connection = m_results.at(i).item.connection;
            if (connection < 0 || size_t(connection) >= m_lanes.size())
                complete(i, CleanupResult::Outcome::Failed, u"the plan names no such connection"_s);
        }
        pump();
    });
}

void CleanupRun::stop()
{
    if (!m_started || m_finished || m_stopping)
        return;
    m_stopping = true;
    m_timer.stop();
    QTimer::singleShot(0, this, &CleanupRun::finishIfDone);
}

bool CleanupRun::isRunning() const
{
    return m_started && !m_finished;
}

bool CleanupRun::isStopping() const
{
    return m_stopping && !m_finished;
}

bool CleanupRun::isFinished() const
{
    return m_finished;
}

const QList<CleanupResult> &CleanupRun::results() const
{
    return m_results;
}

CleanupRun::Counts CleanupRun::counts() const
{
    Counts counts;
    for (const CleanupResult &result : m_results) {
        switch (result.outcome) {
        case CleanupResult::Outcome::Deleted:
            ++counts.deleted;
            break;
        case CleanupResult::Outcome::Skipped:
            ++counts.skipped;
            break;
        case CleanupResult::Outcome::Failed:
            ++counts.failed;
            break;
        case CleanupResult::Outcome::NotRun:
            ++counts.notRun;
            break;
        }
    }
    return counts;
}

int CleanupRun::throttledAnswers() const
{
    return m_throttled;
}

const QList<CleanupConnection> &CleanupRun::connections() const
{
    return m_connections;
}

bool CleanupRun::take(Lane &lane, qint64 nowMs)
{
    const double elapsed = double(nowMs - lane.refilledAtMs) / 1000.0;
    lane.refilledAtMs = nowMs;
    const double capacity = std::max(2.0, std::min(lane.rate, 2.0 * m_options.concurrency));
    lane.tokens = std::min(capacity, lane.tokens + elapsed * lane.rate);
    // A snapshot takes two requests: the re-read and the delete.
    if (lane.tokens < 2.0)
        return false;
    lane.tokens -= 2.0;
    return true;
}

void CleanupRun::pump()
{
    if (m_stopping || m_finished)
        return;
    const qint64 nowMs = m_clock.elapsed();
    qint64 wakeInMs = -1;
    for (Lane &lane : m_lanes) {
        while (!lane.queue.empty() && lane.inFlight < m_options.concurrency) {
            if (nowMs < lane.pausedUntilMs) {
                const qint64 wait = lane.pausedUntilMs - nowMs;
                wakeInMs = wakeInMs < 0 ? wait : std::min(wakeInMs, wait);
                break;
            }
            if (!take(lane, nowMs)) {
                const qint64 wait = qint64(std::ceil((2.0 - lane.tokens) / lane.rate * 1000.0));
                wakeInMs = wakeInMs < 0 ? wait : std::min(wakeInMs, std::max<qint64>(1, wait));
                break;
            }
            const int index = lane.queue.front();
            lane.queue.pop_front();
            ++lane.inFlight;
            reRead(index);
        }
    }
    if (wakeInMs >= 0)
        m_timer.start(int(std::max<qint64>(1, wakeInMs)));
}

void CleanupRun::reRead(int index)
{
    const CleanupItem &item = m_results.at(index).item;
    ElastiCacheClient *client = m_clientFor ? m_clientFor(item.connection) : nullptr;
    if (!client) {
        complete(index, CleanupResult::Outcome::Failed, u"no client for the snapshot's connection"_s);
        return;
    }
    const QString name = item.entry.name();
    // The same answer for either kind: the snapshot as it is now, gone, or why it could not be read.
    const auto answered = [this, index, name](const auto &result) {
        if (!result) {
            if (result.error().isThrottling())
                return onThrottled(index);
            if (isNotFound(result.error()))
                return complete(index, CleanupResult::Outcome::Skipped, u"gone: it no longer exists"_s,
                                result.error().code);
            return complete(index, CleanupResult::Outcome::Failed,
                            u"could not read it again: "_s + result.error().toString(), result.error().code);
        }
        onSucceededCall(index);
        for (const auto &snapshot : result.value()) {
            const SnapshotEntry now(snapshot);
            if (now.name() == name)
                return checkThenDelete(index, now);
        }
        complete(index, CleanupResult::Outcome::Skipped, u"gone: it no longer exists"_s);
    };
    if (item.entry.kind() == SnapshotEntry::Kind::NodeBased) {
        DescribeSnapshotsRequest request;
        request.snapshotName = name;
        client->describeSnapshots(request)->onFinished(this, answered);
    } else {
        DescribeServerlessCacheSnapshotsRequest request;
        request.serverlessCacheSnapshotName = name;
        client->describeServerlessCacheSnapshots(request)->onFinished(this, answered);
    }
}

void CleanupRun::checkThenDelete(int index, const SnapshotEntry &now)
{
    const CleanupItem &item = m_results.at(index).item;
    if (now.status() != SnapshotEntry::Status::Available)
        return complete(index, CleanupResult::Outcome::Skipped,
                        u"changed since the preview: it is %1 now (in use by a copy, an export or a restore, or "
                        "being deleted), and only an available snapshot is deleted"_s.arg(now.statusText()));
    if (now.isAutomatic())
        return complete(index, CleanupResult::Outcome::Skipped,
                        u"changed since the preview: it is an automatic snapshot now"_s);
    if (createdMs(now) != createdMs(item.entry))
        return complete(index, CleanupResult::Outcome::Skipped,
                        u"changed since the preview: another snapshot of the same name was created"_s);
    if (m_stopping) // stop() came while it was being read: nothing new starts, and a delete is new
        return complete(index, CleanupResult::Outcome::NotRun, u"stopped before it was deleted"_s);
    deleteNow(index);
}

void CleanupRun::deleteNow(int index)
{
    const CleanupItem &item = m_results.at(index).item;
    ElastiCacheClient *client = m_clientFor ? m_clientFor(item.connection) : nullptr;
    if (!client) {
        complete(index, CleanupResult::Outcome::Failed, u"no client for the snapshot's connection"_s);
        return;
    }
    const auto handle = [this, index](const ApiError *error) {
        if (!error) {
            onSucceededCall(index);
            return complete(index, CleanupResult::Outcome::Deleted, u"deleted (the service is deleting it)"_s);
        }
        if (error->isThrottling())
            return onThrottled(index);
        if (isNotFound(*error))
            return complete(index, CleanupResult::Outcome::Skipped, u"gone: it no longer exists"_s, error->code);
        if (isStateRefusal(*error))
            return complete(index, CleanupResult::Outcome::Skipped,
                            u"changed since the preview: the service refused, it is no longer available ("_s
                                + error->message + u')',
                            error->code);
        complete(index, CleanupResult::Outcome::Failed, error->toString(), error->code);
    };
    if (item.entry.kind() == SnapshotEntry::Kind::NodeBased) {
        DeleteSnapshotRequest request;
        request.snapshotName = item.entry.name();
        client->deleteSnapshot(request)->onFinished(
            this, [handle](const ApiResult<Snapshot> &result) { handle(result ? nullptr : &result.error()); });
    } else {
        DeleteServerlessCacheSnapshotRequest request;
        request.serverlessCacheSnapshotName = item.entry.name();
        client->deleteServerlessCacheSnapshot(request)->onFinished(
            this,
            [handle](const ApiResult<ServerlessCacheSnapshot> &result) { handle(result ? nullptr : &result.error()); });
    }
}

void CleanupRun::onThrottled(int index)
{
    ++m_throttled;
    const int connection = m_results.at(index).item.connection;
    Lane &lane = m_lanes[size_t(connection)];
    --lane.inFlight;
    lane.successes = 0;
    lane.rate = std::max(m_options.minRequestsPerSecond, lane.rate / 2.0);
    const int pause = lane.pauseMs;
    lane.pausedUntilMs = std::max(lane.pausedUntilMs, m_clock.elapsed() + pause);
    lane.pauseMs = std::min(m_options.maxPauseMs, lane.pauseMs * 2);
    lane.queue.push_front(index); // it is read again before its delete, in its turn
    qCDebug(lcCleanupRun) << "throttled on connection" << connection << "pausing" << pause << "ms, rate" << lane.rate;
    Q_EMIT throttled(connection, pause);
    if (m_stopping)
        return finishIfDone();
    pump();
}

void CleanupRun::onSucceededCall(int index)
{
    Lane &lane = m_lanes[size_t(m_results.at(index).item.connection)];
    if (++lane.successes >= 10) {
        lane.successes = 0;
        lane.pauseMs = m_options.firstPauseMs;
        lane.rate = std::min(m_options.requestsPerSecond, lane.rate * 1.25);
    }
}

void CleanupRun::complete(int index, CleanupResult::Outcome outcome, const QString &reason, const QString &code)
{
    CleanupResult &result = m_results[index];
    result.outcome = outcome;
    result.reason = reason;
    result.errorCode = code;
    const int connection = result.item.connection;
    if (connection >= 0 && size_t(connection) < m_lanes.size() && m_started) {
        Lane &lane = m_lanes[size_t(connection)];
        // Items completed before they were taken (a bad connection) were never in flight.
        const auto queued = std::find(lane.queue.begin(), lane.queue.end(), index);
        if (queued != lane.queue.end())
            lane.queue.erase(queued);
        else
            --lane.inFlight;
    }
    ++m_done;
    Q_EMIT itemFinished(index);
    Q_EMIT progressed(m_done, int(m_results.size()));
    if (m_stopping)
        return finishIfDone();
    if (m_done == m_results.size())
        return finishIfDone();
    pump();
}

void CleanupRun::finishIfDone()
{
    if (m_finished)
        return;
    for (const Lane &lane : m_lanes) {
        if (lane.inFlight > 0)
            return;
    }
    if (!m_stopping && m_done < m_results.size())
        return;
    m_timer.stop();
    m_finished = true;
    for (CleanupResult &result : m_results) {
        if (result.outcome == CleanupResult::Outcome::NotRun && result.reason == u"not run yet")
            result.reason = u"stopped before its turn"_s;
    }
    Q_EMIT finished();
}

QByteArray CleanupRun::resultsCsv() const
{
    QString out = Csv::line({u"connection"_s, u"profile"_s, u"account"_s, u"region"_s, u"source"_s, u"kind"_s,
                             u"snapshot"_s, u"bytes"_s, u"outcome"_s, u"reason"_s, u"error_code"_s});
    for (const CleanupResult &r : m_results) {
        const CleanupConnection *c = r.item.connection >= 0 && r.item.connection < m_connections.size()
            ? &m_connections.at(r.item.connection)
            : nullptr;
        const qint64 bytes = r.item.entry.sizeBytes();
        const QStringList fields {QString::number(r.item.connection),
                                  c ? c->choice.profileLabel() : QString(),
                                  c ? c->accountId : QString(),
                                  c ? c->choice.region : QString(),
                                  r.item.sourceWords(),
                                  SnapshotEntry::kindName(r.item.entry.kind()),
                                  r.item.entry.name(),
                                  bytes < 0 ? QString() : QString::number(bytes),
                                  CleanupResult::outcomeName(r.outcome),
                                  r.reason,
                                  r.errorCode};
        out += Csv::line(fields);
    }
    return out.toUtf8();
}

QByteArray CleanupRun::resultsJson() const
{
    QJsonArray results;
    for (const CleanupResult &r : m_results) {
        const CleanupConnection *c = r.item.connection >= 0 && r.item.connection < m_connections.size()
            ? &m_connections.at(r.item.connection)
            : nullptr;
        QJsonObject o;
        o.insert(u"Connection"_s, r.item.connection);
        o.insert(u"Profile"_s, c ? c->choice.profileLabel() : QString());
        o.insert(u"Account"_s, c ? c->accountId : QString());
        o.insert(u"Region"_s, c ? c->choice.region : QString());
        o.insert(u"Source"_s, r.item.sourceWords());
        o.insert(u"Kind"_s, SnapshotEntry::kindName(r.item.entry.kind()));
        o.insert(u"SnapshotName"_s, r.item.entry.name());
        const qint64 bytes = r.item.entry.sizeBytes();
        o.insert(u"Bytes"_s, bytes < 0 ? QJsonValue() : QJsonValue(double(bytes)));
        o.insert(u"Outcome"_s, CleanupResult::outcomeName(r.outcome));
        o.insert(u"Reason"_s, r.reason);
        if (!r.errorCode.isEmpty())
            o.insert(u"ErrorCode"_s, r.errorCode);
        results.append(o);
    }
    const Counts n = counts();
    QJsonObject counts;
    counts.insert(u"Deleted"_s, n.deleted);
    counts.insert(u"Skipped"_s, n.skipped);
    counts.insert(u"Failed"_s, n.failed);
    counts.insert(u"NotRun"_s, n.notRun);
    QJsonObject root;
    root.insert(u"Counts"_s, counts);
    root.insert(u"Results"_s, results);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}
