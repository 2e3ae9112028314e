// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotsweep.h"

#include "backgroundwork.h"
#include "elasticacheclient.h"
#include "nameset.h"

#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <tuple>
#include <vector>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSweep, "cachesnap.sweep", QtWarningMsg)

namespace {

// Transient failures in a row (each after the job's own retries) that end the sweep: see pageFailed().
constexpr int kMaxTransientStreak = 3;

QString number(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

enum class ChainKind {
    Clusters, // DescribeCacheClusters, ShowCacheClustersNotInReplicationGroups
    Groups, // DescribeReplicationGroups
    ServerlessCaches, // DescribeServerlessCaches
    NodeManual, // DescribeSnapshots SnapshotSource=user
    ServerlessManual, // DescribeServerlessCacheSnapshots SnapshotType=manual
    ClusterSource, // DescribeSnapshots CacheClusterId=id SnapshotSource=system
    GroupSource, // DescribeSnapshots ReplicationGroupId=id SnapshotSource=system
    ServerlessSource, // DescribeServerlessCacheSnapshots ServerlessCacheName=id
    PlainNode, // DescribeSnapshots, no filter
    PlainServerless, // DescribeServerlessCacheSnapshots, no filter
};

// One listing, paged by the sweep: a page at a time, the next asked for once this one is in.
struct Chain
{
    ChainKind kind = ChainKind::PlainNode;
    QString id; // the source, for the per-source listings
    QString token; // the next page's Marker / NextToken; empty for the first page
    bool verify = false; // a source listing of the second round (at the end)
    int retries = 0; // times the sweep asked this page again
    int pages = 0; // pages read so far
};

bool isSourceListing(ChainKind kind)
{
    return kind == ChainKind::Clusters || kind == ChainKind::Groups || kind == ChainKind::ServerlessCaches;
}

bool isPerSource(ChainKind kind)
{
    return kind == ChainKind::ClusterSource || kind == ChainKind::GroupSource || kind == ChainKind::ServerlessSource;
}

QString describe(const Chain &chain)
{
    switch (chain.kind) {
    case ChainKind::Clusters:
        return u"DescribeCacheClusters"_s;
    case ChainKind::Groups:
        return u"DescribeReplicationGroups"_s;
    case ChainKind::ServerlessCaches:
        return u"DescribeServerlessCaches"_s;
    case ChainKind::NodeManual:
        return u"DescribeSnapshots (SnapshotSource=user)"_s;
    case ChainKind::ServerlessManual:
        return u"DescribeServerlessCacheSnapshots (SnapshotType=manual)"_s;
    case ChainKind::ClusterSource:
        return u"DescribeSnapshots for cluster %1"_s.arg(chain.id);
    case ChainKind::GroupSource:
        return u"DescribeSnapshots for replication group %1"_s.arg(chain.id);
    case ChainKind::ServerlessSource:
        return u"DescribeServerlessCacheSnapshots for serverless cache %1"_s.arg(chain.id);
    case ChainKind::PlainNode:
        return u"DescribeSnapshots"_s;
    case ChainKind::PlainServerless:
        return u"DescribeServerlessCacheSnapshots"_s;
    }
    return {};
}

bool sameId(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool involvesCluster(const Snapshot &s, const QString &clusterId)
{
    if (sameId(s.cacheClusterId, clusterId))
        return true;
    return std::any_of(s.nodeSnapshots.cbegin(), s.nodeSnapshots.cend(),
                       [&](const NodeSnapshot &node) { return sameId(node.cacheClusterId, clusterId); });
}

// Why a snapshot in an answer is not one the filter asked for; empty when it is.
QString unexpected(const Chain &chain, const Snapshot &s)
{
    switch (chain.kind) {
    case ChainKind::NodeManual:
        if (s.snapshotSource != u"manual")
            return u"%1 answered %2, whose source is \"%3\", not manual"_s.arg(describe(chain), s.snapshotName,
                                                                               s.snapshotSource);
        return {};
    case ChainKind::ClusterSource:
        if (s.snapshotSource != u"automated" || !involvesCluster(s, chain.id))
            return u"%1 answered %2, which is not one of its automatic snapshots"_s.arg(describe(chain),
                                                                                        s.snapshotName);
        return {};
    case ChainKind::GroupSource:
        if (s.snapshotSource != u"automated" || !sameId(s.replicationGroupId, chain.id))
            return u"%1 answered %2, which is not one of its automatic snapshots"_s.arg(describe(chain),
                                                                                        s.snapshotName);
        return {};
    default:
        return {};
    }
}

QString unexpected(const Chain &chain, const ServerlessCacheSnapshot &s)
{
    switch (chain.kind) {
    case ChainKind::ServerlessManual:
        if (s.snapshotType != u"manual")
            return u"%1 answered %2, whose type is \"%3\", not manual"_s.arg(
                describe(chain), s.serverlessCacheSnapshotName, s.snapshotType);
        return {};
    case ChainKind::ServerlessSource:
        if (!s.serverlessCacheConfiguration || !sameId(s.serverlessCacheConfiguration->serverlessCacheName, chain.id))
            return u"%1 answered %2, which is not one of its snapshots"_s.arg(describe(chain),
                                                                              s.serverlessCacheSnapshotName);
        return {};
    default:
        return {};
    }
}

bool isNotFound(const ApiError &error)
{
    return error.kind == ApiError::Kind::Service
        && (error.code == u"CacheClusterNotFound" || error.code == u"ReplicationGroupNotFoundFault"
            || error.code == u"ServerlessCacheNotFoundFault");
}

} // namespace

QString SweepResult::words() const
{
    const qint64 total = nodeSnapshots + serverlessSnapshots;
    QString text;
    if (cancelled)
        text = u"cancelled after %1 snapshots"_s.arg(number(total));
    else if (error)
        text = u"failed after %1 snapshots: %2"_s.arg(number(total),
                                                      error->message.isEmpty() ? error->code : error->message);
    else
        text = u"%1 snapshots in %2 s"_s.arg(number(total)).arg(double(elapsedMs) / 1000.0, 0, 'f', 1);
    text += u" (%1 requests, %2 throttled)"_s.arg(number(requests), number(throttled));
    if (fellBack)
        text += u"; listed plainly: %1"_s.arg(fallbackReason);
    return text;
}

class SnapshotSweep::Private
{
public:
    enum class Phase { Idle, Sweep, Plain, Done };

    Private(SnapshotSweep *q, ElastiCacheClient *client, Options options)
        : q(q)
        , client(client)
        , options(options)
    {
        this->options.maxConcurrency = std::max(1, options.maxConcurrency);
        this->options.initialConcurrency = std::clamp(options.initialConcurrency, 1, this->options.maxConcurrency);
        window = this->options.initialConcurrency;
    }

    int limit() const { return std::clamp(int(std::floor(window)), 1, options.maxConcurrency); }

    void start();
    void startPlain();
    void fallBack(const QString &reason);
    void cancel();
    void fail(const ApiError &error);
    void finish();

    void enqueue(const Chain &chain);
    void pump();
    void send(const Chain &chain);
    template<typename Job, typename Handle> void watch(Job *job, const Chain &chain, Handle handle);
    void pageFailed(Chain chain, const ApiError &error, int sentEpoch);
    void pageDone(Chain chain, const QString &nextToken);
    void chainDone(const Chain &chain);
    void checkDone();
    void grow();
    void throttledAt(int sentEpoch);
    void dropJobs();

    void addSource(const QString &key, ChainKind kind, const QString &id, bool verify);
    void readSnapshots(const Chain &chain, const QList<Snapshot> &page);
    void readServerlessSnapshots(const Chain &chain, const QList<ServerlessCacheSnapshot> &page);
    // A per-source or manual page's snapshots not emitted before (the page itself when all are new, as most pages
    // are: no copy), or nullopt when none is new or the page made the sweep fall back.
    template<typename Value>
    std::optional<QList<Value>> freshOf(const Chain &chain, const QList<Value> &page, NameSet &names,
                                        QString Value::*name);

    SnapshotSweep *q;
    QPointer<ElastiCacheClient> client;
    Options options;
    Phase phase = Phase::Idle;
    int generation = 0; // answers of an earlier generation (before a fallback or cancel) are ignored
    std::deque<Chain> priorityQueue; // source listings and the manual sweeps: the long sequential chains
    std::deque<Chain> sourceQueue; // the per-source listings
    int inFlight = 0;
    int transientStreak = 0; // pages given up on a transient error since the last page answered
    QList<QPointer<ApiJob>> jobs;

    double window = 4; // the concurrency limit (AIMD)
    bool slowStart = true;
    int epoch = 0; // bumped at each decrease: a throttled request sent before it does not decrease again

    NameSet nodeNames;
    NameSet serverlessNames;
    QSet<QString> firstSources; // "c:id", "g:id", "s:name" from the first round of source listings
    QSet<QString> secondSources; // from the second round, at the end
    QStringList appearedSources; // of the second round's, those the first did not list
    int firstPending = 0; // source listings of the first round still running
    int secondPending = 0;
    bool verifyStarted = false;
    int manualPending = 0;
    int perSourcePending = 0; // per-source listings not done (queued, in flight or waiting to be asked again)
    int perSourceWaiting = 0; // per-source listings waiting to be asked again
    int plainPending = 0;

    // What the switch to the plain listing under throttling weighs (maybeSwitchToPlain()).
    qint64 firstThrottleMs = -1;
    std::deque<qint64> answeredAtMs; // successful answers of the last few seconds
    std::deque<qint64> latenciesMs; // of the latest answers that needed one attempt
    int nodeSourcesDone = 0; // per-source node-based listings finished
    qint64 automaticListed = 0; // snapshots those listed
    qint64 lastSwitchCheckMs = 0;
    void maybeSwitchToPlain();

    int maxPages = ClientConfig::kDefaultMaxPages; // of one listing: the client's limit

    SweepResult result;
    QElapsedTimer timer;
};

void SnapshotSweep::Private::start()
{
    if (phase != Phase::Idle)
        return;
    timer.start();
    if (!client) {
        fail(ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"The client was destroyed."_s));
        return;
    }
    maxPages = client->config().maxPages > 0 ? client->config().maxPages : ClientConfig::kDefaultMaxPages;
    if (!options.allowPerSource) {
        startPlain();
        return;
    }
    phase = Phase::Sweep;
    firstPending = 3;
    manualPending = 2;
    enqueue({ChainKind::NodeManual, {}, {}, false, 0});
    enqueue({ChainKind::ServerlessManual, {}, {}, false, 0});
    enqueue({ChainKind::Clusters, {}, {}, false, 0});
    enqueue({ChainKind::Groups, {}, {}, false, 0});
    enqueue({ChainKind::ServerlessCaches, {}, {}, false, 0});
    pump();
}

void SnapshotSweep::Private::startPlain()
{
    phase = Phase::Plain;
    plainPending = 2;
    window = std::max(window, 2.0);
    enqueue({ChainKind::PlainNode, {}, {}, false, 0});
    enqueue({ChainKind::PlainServerless, {}, {}, false, 0});
    pump();
}

void SnapshotSweep::Private::dropJobs()
{
    ++generation;
    const QList<QPointer<ApiJob>> running = std::exchange(jobs, {});
    for (const QPointer<ApiJob> &job : running) {
        if (job)
            job->abort();
    }
    priorityQueue.clear();
    sourceQueue.clear();
    inFlight = 0;
}

void SnapshotSweep::Private::fallBack(const QString &reason)
{
    qCInfo(lcSweep).noquote() << u"listing plainly: %1"_s.arg(reason);
    dropJobs();
    result.fellBack = true;
    result.fallbackReason = reason;
    nodeNames.clear();
    serverlessNames.clear();
    const QPointer<SnapshotSweep> guard(q);
    Q_EMIT q->restarted(reason);
    if (!guard || phase == Phase::Done)
        return;
    startPlain();
}

void SnapshotSweep::Private::cancel()
{
    if (phase == Phase::Idle || phase == Phase::Done)
        return;
    dropJobs();
    result.cancelled = true;
    finish();
}

void SnapshotSweep::Private::fail(const ApiError &error)
{
    dropJobs();
    result.error = error;
    finish();
}

void SnapshotSweep::Private::finish()
{
    if (phase == Phase::Done)
        return;
    phase = Phase::Done;
    result.complete = !result.cancelled && !result.error;
    result.nodeSnapshots = nodeNames.size();
    result.serverlessSnapshots = serverlessNames.size();
    result.sources = int(firstSources.size());
    result.finalConcurrency = limit();
    result.elapsedMs = timer.isValid() ? timer.elapsed() : 0;
    qCDebug(lcSweep).noquote() << result.words();
    Q_EMIT q->finished(result);
}

void SnapshotSweep::Private::enqueue(const Chain &chain)
{
    if (isPerSource(chain.kind))
        sourceQueue.push_back(chain);
    else
        priorityQueue.push_back(chain);
}

void SnapshotSweep::Private::pump()
{
    while (phase == Phase::Sweep || phase == Phase::Plain) {
        if (inFlight >= limit())
            break;
        Chain chain;
        if (!priorityQueue.empty()) {
            chain = std::move(priorityQueue.front());
            priorityQueue.pop_front();
        } else if (!sourceQueue.empty()) {
            chain = std::move(sourceQueue.front());
            sourceQueue.pop_front();
        } else {
            break;
        }
        send(chain);
    }
    if (jobs.size() > 4 * options.maxConcurrency + 16)
        jobs.removeIf([](const QPointer<ApiJob> &job) { return job.isNull(); });
}

void SnapshotSweep::Private::grow()
{
    if (slowStart)
        window += 1.0; // one more for each answer: doubles each round trip
    else
        window += 1.0 / std::max(1.0, window); // about one more each round trip
    window = std::min(window, double(options.maxConcurrency));
}

void SnapshotSweep::Private::throttledAt(int sentEpoch)
{
    if (firstThrottleMs < 0)
        firstThrottleMs = timer.elapsed();
    if (sentEpoch != epoch)
        return; // sent before the last decrease, which has already answered for it
    slowStart = false;
    window = std::max(1.0, window / 2.0);
    ++epoch;
    qCDebug(lcSweep).noquote() << u"throttled: concurrency now %1"_s.arg(limit());
}

template<typename Job, typename Handle> void SnapshotSweep::Private::watch(Job *job, const Chain &chain, Handle handle)
{
    const int gen = generation;
    auto sentEpoch = std::make_shared<int>(epoch);
    const qint64 sentAtMs = timer.elapsed();
    jobs.append(QPointer<ApiJob>(job));
    ++inFlight;
    ++result.requests;
    result.peakConcurrency = std::max(result.peakConcurrency, inFlight);
    auto retried = std::make_shared<bool>(false);
    QObject::connect(job, &ApiJob::retrying, q, [this, gen, sentEpoch, retried](int, int, const ApiError &error) {
        if (gen != generation)
            return;
        ++result.requests;
        if (error.isThrottling()) {
            ++result.throttled;
            throttledAt(*sentEpoch);
        }
        *sentEpoch = epoch;
        *retried = true;
    });
    job->onFinished(q, [this, gen, chain, sentEpoch, sentAtMs, retried, handle](const auto &answer) {
        if (gen != generation)
            return;
        --inFlight;
        if (!answer) {
            pageFailed(chain, answer.error(), *sentEpoch);
            return;
        }
        const qint64 now = timer.elapsed();
        answeredAtMs.push_back(now);
        while (!answeredAtMs.empty() && answeredAtMs.front() < now - 5000)
            answeredAtMs.pop_front();
        if (!*retried) {
            latenciesMs.push_back(now - sentAtMs);
            if (latenciesMs.size() > 64)
                latenciesMs.pop_front();
        }
        grow();
        handle(chain, answer.value());
    });
}

void SnapshotSweep::Private::send(const Chain &chain)
{
    ElastiCacheClient *c = client.data();
    if (!c) {
        fail(ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"The client was destroyed."_s));
        return;
    }
    switch (chain.kind) {
    case ChainKind::Clusters: {
        DescribeCacheClustersRequest request;
        request.showCacheClustersNotInReplicationGroups = true;
        request.maxRecords = options.sourcePageSize;
        request.marker = chain.token;
        watch(c->describeCacheClustersPage(request), chain, [this](const Chain &ch, const CacheClusterMessage &page) {
            for (const CacheCluster &cluster : page.cacheClusters) {
                // Memcached has no snapshots; a member of a group is asked through its group.
                if (cluster.engine == u"memcached" || !cluster.replicationGroupId.isEmpty())
                    continue;
                addSource(u"c:"_s + cluster.cacheClusterId.toLower(), ChainKind::ClusterSource, cluster.cacheClusterId,
                          ch.verify);
            }
            pageDone(ch, page.marker);
        });
        return;
    }
    case ChainKind::Groups: {
        DescribeReplicationGroupsRequest request;
        request.maxRecords = options.sourcePageSize;
        request.marker = chain.token;
        watch(c->describeReplicationGroupsPage(request), chain,
              [this](const Chain &ch, const ReplicationGroupMessage &page) {
                  for (const ReplicationGroup &group : page.replicationGroups) {
                      addSource(u"g:"_s + group.replicationGroupId.toLower(), ChainKind::GroupSource,
                                group.replicationGroupId, ch.verify);
                      // A cluster mode disabled group's clusters may have been clusters of their own before
                      // the group (CreateReplicationGroup with PrimaryClusterId): their automatic snapshots name
                      // the cluster only.
                      if (!group.clusterEnabled.value_or(false)) {
                          for (const QString &member : group.memberClusters)
                              addSource(u"c:"_s + member.toLower(), ChainKind::ClusterSource, member, ch.verify);
                      }
                  }
                  pageDone(ch, page.marker);
              });
        return;
    }
    case ChainKind::ServerlessCaches: {
        DescribeServerlessCachesRequest request;
        request.maxResults = options.sourcePageSize;
        request.nextToken = chain.token;
        watch(c->describeServerlessCachesPage(request), chain,
              [this](const Chain &ch, const DescribeServerlessCachesResponse &page) {
                  for (const ServerlessCache &cache : page.serverlessCaches)
                      addSource(u"s:"_s + cache.serverlessCacheName.toLower(), ChainKind::ServerlessSource,
                                cache.serverlessCacheName, ch.verify);
                  pageDone(ch, page.nextToken);
              });
        return;
    }
    case ChainKind::NodeManual:
    case ChainKind::ClusterSource:
    case ChainKind::GroupSource:
    case ChainKind::PlainNode: {
        DescribeSnapshotsRequest request;
        request.maxRecords = options.snapshotPageSize;
        request.marker = chain.token;
        if (chain.kind == ChainKind::NodeManual)
            request.snapshotSource = u"user"_s;
        if (chain.kind == ChainKind::ClusterSource) {
            request.snapshotSource = u"system"_s;
            request.cacheClusterId = chain.id;
        }
        if (chain.kind == ChainKind::GroupSource) {
            request.snapshotSource = u"system"_s;
            request.replicationGroupId = chain.id;
        }
        watch(c->describeSnapshotsPage(request), chain,
              [this](const Chain &ch, const DescribeSnapshotsListMessage &page) {
                  const QPointer<SnapshotSweep> guard(q); // a nodePage() slot may delete the sweep
                  readSnapshots(ch, page.snapshots);
                  if (!guard || phase == Phase::Done || (ch.kind != ChainKind::PlainNode && phase != Phase::Sweep))
                      return; // fell back or failed while reading
                  pageDone(ch, page.marker);
              });
        return;
    }
    case ChainKind::ServerlessManual:
    case ChainKind::ServerlessSource:
    case ChainKind::PlainServerless: {
        DescribeServerlessCacheSnapshotsRequest request;
        request.maxResults = options.snapshotPageSize;
        request.nextToken = chain.token;
        if (chain.kind == ChainKind::ServerlessManual)
            request.snapshotType = u"manual"_s;
        // All of a serverless cache's snapshots, without SnapshotType: the documentation does not give the
        // filter's value for automatic snapshots (see snapshot-rules.md, "Listing per source").
        if (chain.kind == ChainKind::ServerlessSource)
            request.serverlessCacheName = chain.id;
        watch(c->describeServerlessCacheSnapshotsPage(request), chain,
              [this](const Chain &ch, const DescribeServerlessCacheSnapshotsResponse &page) {
                  const QPointer<SnapshotSweep> guard(q);
                  readServerlessSnapshots(ch, page.serverlessCacheSnapshots);
                  if (!guard || phase == Phase::Done
                      || (ch.kind != ChainKind::PlainServerless && phase != Phase::Sweep))
                      return;
                  pageDone(ch, page.nextToken);
              });
        return;
    }
    }
}

void SnapshotSweep::Private::addSource(const QString &key, ChainKind kind, const QString &id, bool verify)
{
    if (verify) {
        // Compared as they come: comparing two sets of hundreds of thousands of sources at the end was one event
        // of a tenth of a second.
        if (!firstSources.contains(key))
            appearedSources.append(key);
        secondSources.insert(key);
        return;
    }
    if (firstSources.contains(key))
        return;
    firstSources.insert(key);
    ++perSourcePending;
    enqueue({kind, id, {}, false, 0});
}

template<typename Value>
std::optional<QList<Value>> SnapshotSweep::Private::freshOf(const Chain &chain, const QList<Value> &page,
                                                            NameSet &names, QString Value::*name)
{
    qsizetype firstSeen = -1; // the first snapshot already emitted: from there on, the new ones are copied
    QList<Value> fresh;
    for (qsizetype i = 0; i < page.size(); ++i) {
        const Value &s = page.at(i);
        if (const QString problem = unexpected(chain, s); !problem.isEmpty()) {
            fallBack(problem);
            return std::nullopt;
        }
        const bool added = names.insert(s.*name);
        if (!added && firstSeen < 0) {
            firstSeen = i;
            fresh = page.first(i);
        } else if (added && firstSeen >= 0) {
            fresh.append(s);
        }
    }
    if (firstSeen < 0)
        return page.isEmpty() ? std::nullopt : std::optional(page);
    return fresh.isEmpty() ? std::nullopt : std::optional(std::move(fresh));
}

void SnapshotSweep::Private::readSnapshots(const Chain &chain, const QList<Snapshot> &page)
{
    if (chain.kind == ChainKind::PlainNode) {
        for (const Snapshot &s : page)
            nodeNames.insert(s.snapshotName);
        if (!page.isEmpty())
            Q_EMIT q->nodePage(page);
        return;
    }
    if (chain.kind == ChainKind::ClusterSource || chain.kind == ChainKind::GroupSource)
        automaticListed += page.size();
    if (const std::optional<QList<Snapshot>> fresh = freshOf(chain, page, nodeNames, &Snapshot::snapshotName))
        Q_EMIT q->nodePage(*fresh);
}

void SnapshotSweep::Private::readServerlessSnapshots(const Chain &chain, const QList<ServerlessCacheSnapshot> &page)
{
    if (chain.kind == ChainKind::PlainServerless) {
        for (const ServerlessCacheSnapshot &s : page)
            serverlessNames.insert(s.serverlessCacheSnapshotName);
        if (!page.isEmpty())
            Q_EMIT q->serverlessPage(page);
        return;
    }
    if (const std::optional<QList<ServerlessCacheSnapshot>> fresh
        = freshOf(chain, page, serverlessNames, &ServerlessCacheSnapshot::serverlessCacheSnapshotName))
        Q_EMIT q->serverlessPage(*fresh);
}

void SnapshotSweep::Private::pageDone(Chain chain, const QString &nextToken)
{
    if (phase != Phase::Sweep && phase != Phase::Plain)
        return;
    transientStreak = 0;
    if (!nextToken.isEmpty()) {
        if (nextToken == chain.token) {
            fail(ApiError::make(ApiError::Kind::Parse, u"PaginationError"_s,
                                u"%1 sent the same page token twice (%2); stopping instead of looping."_s.arg(
                                    describe(chain), nextToken)));
            return;
        }
        if (++chain.pages >= maxPages) {
            fail(ApiError::make(ApiError::Kind::Parse, u"PaginationLimit"_s,
                                u"%1 stopped after %2 pages: more than any real account holds (the service keeps "
                                "sending a new token)."_s.arg(describe(chain))
                                    .arg(chain.pages)));
            return;
        }
        chain.token = nextToken;
        chain.retries = 0;
        enqueue(chain);
    } else {
        chainDone(chain);
    }
    // finished() and restarted() slots may delete the sweep.
    const QPointer<SnapshotSweep> guard(q);
    checkDone();
    if (!guard)
        return;
    maybeSwitchToPlain();
    if (!guard)
        return;
    pump();
}

void SnapshotSweep::Private::maybeSwitchToPlain()
{
    // Listing per source takes a request per source (a dozen automatic snapshots each, where a plain page holds
    // 50): it wins while requests are cheap and slow, and loses when the service limits their rate. Once
    // throttling has shown that rate, compare what is left with the plain listing from the start.
    const qint64 now = timer.elapsed();
    if (phase != Phase::Sweep || !options.switchWhenThrottled || firstThrottleMs < 0 || firstPending > 0
        || now - firstThrottleMs < 2000 || now - lastSwitchCheckMs < 500 || nodeSourcesDone < 10
        || latenciesMs.size() < 8)
        return;
    lastSwitchCheckMs = now;
    const double window = std::min<double>(5000, double(now - firstThrottleMs)) / 1000.0;
    const double rate = double(answeredAtMs.size()) / window; // answers a second now
    if (rate <= 0)
        return;
    // What one plain page would wait: a low quartile of the latest answers, since many requests at once (and the
    // throttling) make the typical one slower than a lone sequential chain's.
    std::vector<qint64> latencies(latenciesMs.cbegin(), latenciesMs.cend());
    std::nth_element(latencies.begin(), latencies.begin() + qsizetype(latencies.size() / 4), latencies.end());
    const double latency = double(latencies[latencies.size() / 4]) / 1000.0;
    const double perSource = std::max(1.0, double(automaticListed) / nodeSourcesDone);
    const double left = perSourcePending + (verifyStarted ? secondPending : 3) * 2;
    const double estimate = double(nodeNames.size()) + perSourcePending * perSource;
    const double plainPages = std::ceil(estimate / std::max(1, options.snapshotPageSize));
    const double plainSeconds = std::max(plainPages * latency, plainPages / rate);
    const double sweepSeconds = left / rate;
    if (plainSeconds >= 0.9 * sweepSeconds)
        return;
    fallBack(u"throttled to about %1 requests a second: the plain listing (about %2 pages, %3 s) is quicker than "
             "the %4 per-source listings left (%5 s)"_s.arg(qRound(rate))
                 .arg(qint64(plainPages))
                 .arg(qRound(plainSeconds))
                 .arg(perSourcePending)
                 .arg(qRound(sweepSeconds)));
}

void SnapshotSweep::Private::chainDone(const Chain &chain)
{
    if (isSourceListing(chain.kind)) {
        if (chain.verify)
            --secondPending;
        else
            --firstPending;
    } else if (isPerSource(chain.kind)) {
        --perSourcePending;
        if (chain.kind != ChainKind::ServerlessSource)
            ++nodeSourcesDone;
    } else if (chain.kind == ChainKind::NodeManual || chain.kind == ChainKind::ServerlessManual) {
        --manualPending;
    } else {
        --plainPending;
    }
}

void SnapshotSweep::Private::checkDone()
{
    if (phase == Phase::Plain) {
        if (plainPending == 0 && inFlight == 0)
            finish();
        return;
    }
    if (phase != Phase::Sweep)
        return;
    // The sources again, once every per-source listing has been asked for: a source that appeared or vanished
    // meanwhile would make the list differ from the plain listing's.
    if (!verifyStarted && firstPending == 0 && sourceQueue.empty() && perSourceWaiting == 0) {
        verifyStarted = true;
        secondPending = 3;
        enqueue({ChainKind::Clusters, {}, {}, true, 0});
        enqueue({ChainKind::Groups, {}, {}, true, 0});
        enqueue({ChainKind::ServerlessCaches, {}, {}, true, 0});
        return;
    }
    if (!verifyStarted || secondPending > 0 || perSourcePending > 0 || manualPending > 0)
        return;
    // Every source of the second round was in the first, and as many: the same sources.
    if (!appearedSources.isEmpty() || secondSources.size() != firstSources.size()) {
        QStringList appeared = QSet<QString>(appearedSources.begin(), appearedSources.end()).values();
        QStringList vanished = QSet<QString>(firstSources).subtract(secondSources).values();
        appeared.sort();
        vanished.sort();
        const auto names = [](const QStringList &keys) -> QString {
            QStringList shown;
            for (const QString &key : keys.mid(0, 3))
                shown.append(key.mid(2));
            return shown.join(u", "_s) + (keys.size() > 3 ? u" and %1 more"_s.arg(keys.size() - 3) : QString());
        };
        QStringList parts;
        if (!appeared.isEmpty())
            parts.append(u"%1 appeared"_s.arg(names(appeared)));
        if (!vanished.isEmpty())
            parts.append(u"%1 vanished"_s.arg(names(vanished)));
        fallBack(u"sources changed during the listing: %1"_s.arg(parts.join(u"; "_s)));
        return;
    }
    finish();
}

void SnapshotSweep::Private::pageFailed(Chain chain, const ApiError &error, int sentEpoch)
{
    if (error.kind == ApiError::Kind::Cancelled) {
        fail(error);
        return;
    }
    if (error.isThrottling()) {
        ++result.throttled;
        throttledAt(sentEpoch);
    }
    // Pages that gave up on 5xx or the network one after another, with no answer between: the service (or the way
    // to it) is down, and asking every page again for minutes would only hide that; fail as the plain listing does.
    if (!error.isThrottling() && error.isTransient() && ++transientStreak >= kMaxTransientStreak) {
        fail(error);
        return;
    }
    if ((error.isThrottling() || error.isTransient()) && chain.retries < options.maxPageRetries) {
        // The job has used its attempts (or the client's retry quota): pause, then ask for the same page again.
        ++chain.retries;
        ++result.pageRetries;
        const double base = std::min(20000.0, 500.0 * std::pow(2.0, chain.retries - 1));
        const int delayMs = int(base * (0.5 + QRandomGenerator::global()->generateDouble() / 2.0));
        qCDebug(lcSweep).noquote() << u"%1: %2; asking again in %3 ms"_s.arg(describe(chain), error.code).arg(delayMs);
        const bool perSource = isPerSource(chain.kind);
        if (perSource)
            ++perSourceWaiting;
        const int gen = generation;
        QTimer::singleShot(delayMs, q, [this, gen, chain, perSource] {
            if (gen != generation)
                return;
            if (perSource)
                --perSourceWaiting;
            enqueue(chain);
            pump();
        });
        pump();
        return;
    }
    // A refused key or signature (a wrong or expired key, a region the account has not enabled) would refuse the
    // plain listing too: no fallback.
    if (phase == Phase::Sweep && error.kind == ApiError::Kind::Service && !error.isCredentialRefusal()) {
        if (isPerSource(chain.kind) && isNotFound(error))
            fallBack(u"%1: the source vanished during the listing (%2)"_s.arg(describe(chain), error.code));
        else
            fallBack(u"%1 failed: %2"_s.arg(describe(chain), error.toString()));
        return;
    }
    fail(error);
}

SnapshotSweep::SnapshotSweep(ElastiCacheClient *client, Options options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, client, options))
{
}

SnapshotSweep::SnapshotSweep(ElastiCacheClient *client, QObject *parent)
    : SnapshotSweep(client, Options {}, parent)
{
}

SnapshotSweep::~SnapshotSweep()
{
    d->phase = Private::Phase::Done;
    d->dropJobs();
    // What the sweep kept of a long listing (every snapshot's name, every source's key twice) is freed on a worker:
    // some 60 ms of the window's thread at a million snapshots.
    BackgroundWork::dispose(std::make_shared<std::tuple<NameSet, NameSet, QSet<QString>, QSet<QString>>>(
        std::move(d->nodeNames), std::move(d->serverlessNames), std::move(d->firstSources),
        std::move(d->secondSources)));
}

void SnapshotSweep::start()
{
    d->start();
}

void SnapshotSweep::cancel()
{
    d->cancel();
}

bool SnapshotSweep::isRunning() const
{
    return d->phase == Private::Phase::Sweep || d->phase == Private::Phase::Plain;
}

int SnapshotSweep::concurrency() const
{
    return d->limit();
}
