// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tagcache.h"

#include "elasticacheclient.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTags, "cachesnap.tags", QtWarningMsg)

namespace {

constexpr int kFirstPauseMs = 2000;
constexpr int kLongestPauseMs = 30000;

bool isDone(TagCache::State state)
{
    return state == TagCache::State::Read || state == TagCache::State::Failed;
}

// The caller may not read tags at all: every other call would be refused the same way.
bool stopsReading(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Credentials)
        return true;
    return error.code.startsWith(u"AccessDenied") || error.code == u"UnauthorizedOperation"
        || error.code == u"UnrecognizedClientException" || error.code == u"InvalidClientTokenId";
}

} // namespace

TagCache::TagCache(QObject *parent)
    : QObject(parent)
{
    m_resume = new QTimer(this);
    m_resume->setSingleShot(true);
    connect(m_resume, &QTimer::timeout, this, &TagCache::startNext);
}

TagCache::~TagCache() = default;

void TagCache::setClient(ElastiCacheClient *client)
{
    ++m_generation;
    m_client = client;
    m_route = nullptr;
    m_entries.clear();
    m_stale.clear();
    for (Wanted &wanted : m_wanted)
        wanted = Wanted();
    m_running = 0;
    m_started = 0;
    m_pauseMs = 0;
    m_resume->stop();
    m_stopped.reset();
    Q_EMIT cleared();
    Q_EMIT progressChanged();
}

ElastiCacheClient *TagCache::client() const
{
    return m_client;
}

void TagCache::setClientForArn(ClientForArn route)
{
    m_route = std::move(route);
    startNext();
}

ElastiCacheClient *TagCache::clientFor(const QString &arn) const
{
    return m_route ? m_route(arn) : m_client.data();
}

void TagCache::setMaxConcurrent(int calls)
{
    m_maxConcurrent = std::max(1, calls);
    startNext();
}

int TagCache::maxConcurrent() const
{
    return m_maxConcurrent;
}

const TagCache::Entry &TagCache::peek(const QString &arn) const
{
    static const Entry unknown;
    const auto it = m_entries.constFind(arn);
    return it == m_entries.constEnd() ? unknown : *it;
}

std::optional<QList<Tag>> TagCache::tags(const QString &arn)
{
    const Entry &entry = peek(arn);
    if (entry.state == State::Read)
        return entry.tags;
    Wanted &other = m_wanted[size_t(Demand::Other)];
    if (!arn.isEmpty() && !other.members.contains(arn)) {
        other.order.append(arn);
        other.members.insert(arn);
        startNext();
    }
    return std::nullopt;
}

void TagCache::setDemand(Demand demand, const QStringList &arns)
{
    Wanted &wanted = m_wanted[size_t(demand)];
    Wanted fresh;
    fresh.order.reserve(arns.size());
    fresh.members.reserve(arns.size());
    for (const QString &arn : arns) {
        if (arn.isEmpty() || fresh.members.contains(arn))
            continue;
        fresh.members.insert(arn);
        fresh.order.append(arn);
        const State state = peek(arn).state;
        fresh.done += isDone(state);
        fresh.failed += state == State::Failed;
    }
    if (fresh.order == wanted.order)
        return;
    const bool progressed = fresh.order.size() != wanted.order.size() || fresh.done != wanted.done;
    wanted = std::move(fresh);
    if (progressed)
        Q_EMIT progressChanged();
    startNext();
}

TagCache::Progress TagCache::progress(Demand demand) const
{
    const Wanted &wanted = m_wanted[size_t(demand)];
    return Progress {wanted.order.size(), wanted.done, wanted.failed};
}

void TagCache::invalidate(const QString &arn)
{
    const auto it = m_entries.find(arn);
    if (it == m_entries.end())
        return;
    if (it->state == State::Pending) {
        // The answer on its way may predate the change: it is dropped, and the tags read again.
        m_stale.insert(arn);
        return;
    }
    settle(arn, Entry());
    startNext();
}

void TagCache::forgetFailures()
{
    QStringList failed;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->state == State::Failed)
            failed.append(it.key());
    }
    const bool wasStopped = m_stopped.has_value();
    m_stopped.reset();
    for (const QString &arn : std::as_const(failed))
        settle(arn, Entry());
    if (wasStopped && failed.isEmpty())
        Q_EMIT progressChanged();
    startNext();
}

QString TagCache::notice() const
{
    if (m_stopped)
        return QCoreApplication::translate("TagCache", "Tags cannot be read with these credentials: %1")
            .arg(m_stopped->message.isEmpty() ? m_stopped->code : m_stopped->message);
    if (m_pauseMs > 0)
        return QCoreApplication::translate("TagCache", "The service is throttling tag reads; reading more slowly.");
    return QString();
}

qint64 TagCache::callsStarted() const
{
    return m_started;
}

int TagCache::callsRunning() const
{
    return m_running;
}

std::optional<QString> TagCache::nextArn()
{
    for (Wanted &wanted : m_wanted) {
        while (wanted.next < wanted.order.size()) {
            const QString &arn = wanted.order.at(wanted.next);
            ++wanted.next;
            if (peek(arn).state == State::Unknown)
                return arn;
        }
    }
    return std::nullopt;
}

void TagCache::startNext()
{
    const int limit = m_pauseMs > 0 ? 1 : m_maxConcurrent;
    while ((m_client || m_route) && !m_stopped && !m_resume->isActive() && m_running < limit) {
        const std::optional<QString> arn = nextArn();
        if (!arn)
            return;
        ElastiCacheClient *client = clientFor(*arn);
        if (!client) {
            // No connection reaches it: a failure of its own, not a stop of every read.
            Entry failed;
            failed.state = State::Failed;
            failed.error = ApiError {ApiError::Kind::Config,
                                     u"NoConnection"_s,
                                     QCoreApplication::translate("TagCache", "No connection reaches this resource."),
                                     0,
                                     {},
                                     {},
                                     1};
            settle(*arn, std::move(failed));
            continue;
        }
        Entry pending;
        pending.state = State::Pending;
        m_entries.insert(*arn, pending);
        ++m_running;
        ++m_started;
        ListTagsForResourceRequest request;
        request.resourceName = *arn;
        qCDebug(lcTags) << "ListTagsForResource" << *arn;
        client->listTagsForResource(request)->onFinished(
            this, [this, generation = m_generation, arn = *arn](const ApiResult<TagListMessage> &result) {
                if (generation == m_generation)
                    finished(arn, result);
            });
    }
}

void TagCache::finished(const QString &arn, const ApiResult<TagListMessage> &result)
{
    --m_running;
    if (m_stale.remove(arn)) {
        settle(arn, Entry());
    } else if (result) {
        Entry entry;
        entry.state = State::Read;
        entry.tags = result.value().tagList;
        if (m_pauseMs > 0) {
            m_pauseMs = 0;
            Q_EMIT progressChanged();
        }
        settle(arn, std::move(entry));
    } else if (result.error().isThrottling()) {
        // Still throttled after the client's own retries: slow down, and read it again in its turn. The calls that
        // were running together fail together: one pause for them, doubled only when throttled again after it.
        if (!m_resume->isActive()) {
            m_pauseMs = m_pauseMs > 0 ? std::min(2 * m_pauseMs, kLongestPauseMs) : kFirstPauseMs;
            qCInfo(lcTags) << "throttled; pausing tag reads for" << m_pauseMs << "ms";
            m_resume->start(m_pauseMs);
        }
        settle(arn, Entry());
        Q_EMIT progressChanged();
    } else {
        Entry entry;
        entry.state = State::Failed;
        entry.error = result.error();
        if (stopsReading(entry.error)) {
            m_stopped = entry.error;
            Q_EMIT progressChanged();
        }
        settle(arn, std::move(entry));
    }
    startNext();
}

void TagCache::settle(const QString &arn, Entry entry)
{
    const State before = peek(arn).state;
    const State after = entry.state;
    if (after == State::Unknown)
        m_entries.remove(arn);
    else
        m_entries.insert(arn, std::move(entry));
    count(arn, before, after);
    Q_EMIT tagsChanged(arn);
}

void TagCache::count(const QString &arn, State from, State to)
{
    bool changed = false;
    for (Wanted &wanted : m_wanted) {
        if (!wanted.members.contains(arn))
            continue;
        wanted.done += qsizetype(isDone(to)) - qsizetype(isDone(from));
        wanted.failed += qsizetype(to == State::Failed) - qsizetype(from == State::Failed);
        // Wanted again: look for it from the start (everything before it that is known is skipped quickly).
        if (to == State::Unknown)
            wanted.next = 0;
        changed = changed || isDone(to) != isDone(from);
    }
    if (changed)
        Q_EMIT progressChanged();
}
