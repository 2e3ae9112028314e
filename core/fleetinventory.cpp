// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleetinventory.h"

#include "accountlookup.h"
#include "apijob.h"
#include "elasticacheclient.h"
#include "gatherpages.h"
#include "listingthread.h"

#include <QHash>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFleet, "cachesnap.core.fleet", QtWarningMsg)

// Why 24 connections at once in total and 12 per profile:
// - AWS throttles each account in each region on its own (snapshot-rules.md, "Fleet: regions and accounts"), so
//   listings of different regions, or of different accounts, do not slow each other down at the service: what bounds
//   them is this process. Every page is read on one thread, and a listing is mostly waiting for its next page, so a
//   couple of dozen listings keep that thread busy without making each slower; more would only open sockets.
// - The target, 20 connections listed in at most 1.25 times the slowest one's time, needs 20 to run at once:
//   24 leaves room for a few quick ones (an empty region, a region not enabled) beside them.
// - Per profile 12: one profile's "all regions" (34 in the commercial partition, most of them empty or not enabled,
//   each answered in a round trip) must not take every slot while another profile's connections wait; with 12, two
//   profiles always list side by side. A profile's credentials are fetched once and shared (see m_providers), so
//   the bound is not about its credential source. So it holds only while another profile waits: a slot no waiting
//   connection may take within its profile's bound goes to the profile with the fewest running, beyond its bound
//   (20 regions of one profile listed in two waves, 12 then 8, with every other slot empty). A connection that
//   starts waiting later (a retry) takes the next slot that frees, as the profiles beyond their bound take none
//   while it waits.

namespace {

// DescribeSnapshots and DescribeServerlessCacheSnapshots side by side, each page passed on as it is read.
class PlainLister final : public QObject
{
public:
    PlainLister(ElastiCacheClient *client, FleetInventory::ListerSink sink)
        : m_sink(std::move(sink))
    {
        m_node = client->describeSnapshots(DescribeSnapshotsRequest {});
        m_node->setAccumulate(false);
        m_node->onPageReceived(this, [this](const QList<Snapshot> &page) { m_sink.nodePage(page); });
        m_node->onFinished(this, [this](const ApiResult<QList<Snapshot>> &result) {
            m_node = nullptr;
            done(result ? std::nullopt : std::optional(result.error()));
        });
        m_serverless = client->describeServerlessCacheSnapshots(DescribeServerlessCacheSnapshotsRequest {});
        m_serverless->setAccumulate(false);
        m_serverless->onPageReceived(
            this, [this](const QList<ServerlessCacheSnapshot> &page) { m_sink.serverlessPage(page); });
        m_serverless->onFinished(this, [this](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
            m_serverless = nullptr;
            done(result ? std::nullopt : std::optional(result.error()));
        });
    }

    ~PlainLister() override
    {
        abort(m_node);
        abort(m_serverless);
    }

private:
    void done(const std::optional<ApiError> &error)
    {
        if (error && !m_error) {
            m_error = error;
            // The other half cannot make the list whole any more.
            abort(m_node);
            abort(m_serverless);
        }
        if (!m_node && !m_serverless && !std::exchange(m_reported, true))
            m_sink.finished(m_error);
    }

    template<typename Job> void abort(QPointer<Job> &job)
    {
        if (Job *running = std::exchange(job, nullptr)) {
            running->disconnect(this);
            running->abort();
        }
    }

    FleetInventory::ListerSink m_sink;
    QPointer<SnapshotListJob> m_node;
    QPointer<ServerlessSnapshotListJob> m_serverless;
    std::optional<ApiError> m_error;
    bool m_reported = false;
};

// The three kinds of sources side by side, each kind's pages put together and handed on whole.
class SourceLister final : public QObject
{
public:
    SourceLister(ElastiCacheClient *client, FleetInventory::ListerSink sink)
        : m_sink(std::move(sink))
    {
        DescribeCacheClustersRequest clusters;
        clusters.showCacheClustersNotInReplicationGroups = false;
        list(client->describeCacheClusters(clusters), &SnapshotSource::fromCluster, SnapshotSource::Type::CacheCluster);
        list(client->describeReplicationGroups(DescribeReplicationGroupsRequest {}),
             &SnapshotSource::fromReplicationGroup, SnapshotSource::Type::ReplicationGroup);
        list(client->describeServerlessCaches(DescribeServerlessCachesRequest {}), &SnapshotSource::fromServerlessCache,
             SnapshotSource::Type::ServerlessCache);
    }

    ~SourceLister() override
    {
        for (const QPointer<ApiJob> &job : std::as_const(m_jobs)) {
            if (job) {
                job->disconnect(this);
                job->abort();
            }
        }
    }

private:
    template<typename Job, typename Item>
    void list(Job *job, SnapshotSource (*convert)(const Item &), SnapshotSource::Type type)
    {
        m_jobs.append(job);
        gatherPages<SnapshotSource, Item>(this, job, convert,
                                          [this, type, operation = job->operation()](
                                              QList<SnapshotSource> all, const std::optional<ApiError> &error) {
                                              if (error)
                                                  qCWarning(lcFleet) << operation << "failed:" << error->toString();
                                              else
                                                  m_sink.sources(type, all);
                                              kindDone(error);
                                          });
    }

    void kindDone(const std::optional<ApiError> &error)
    {
        if (error && !m_error)
            m_error = error;
        if (++m_done == 3)
            m_sink.finished(m_error);
    }

    FleetInventory::ListerSink m_sink;
    QList<QPointer<ApiJob>> m_jobs;
    std::optional<ApiError> m_error;
    int m_done = 0;
};

// A state back to Waiting, member by member: GCC at -O1 takes a whole new state's empty optional for uninitialised.
void reset(FleetConnectionState &state)
{
    state.phase = FleetConnectionState::Phase::Waiting;
    state.accountId.clear();
    state.snapshots = 0;
    state.elapsedMs = 0;
    state.error.reset();
}

// Errors that say nothing about the credentials: the account lookup failing this way does not stop the listing.
bool unreachable(const ApiError &error)
{
    return error.kind == ApiError::Kind::Network || error.kind == ApiError::Kind::Timeout
        || error.kind == ApiError::Kind::Http;
}

} // namespace

FleetInventory::ListerFactory FleetInventory::plainLister()
{
    return [](ElastiCacheClient *client, const ListerSink &sink) -> QObject * {
        return new PlainLister(client, sink);
    };
}

FleetInventory::ListerFactory FleetInventory::sweepLister(const SnapshotSweep::Options &options)
{
    // Its hundreds of requests a second are sent, received and retried on the listing thread.
    return ListingThread::onListingThread([options](ElastiCacheClient *client, const ListerSink &sink) -> QObject * {
        auto *sweep = new SnapshotSweep(client, options);
        connect(sweep, &SnapshotSweep::nodePage, sweep, sink.nodePage);
        connect(sweep, &SnapshotSweep::serverlessPage, sweep, sink.serverlessPage);
        connect(sweep, &SnapshotSweep::restarted, sweep, sink.restarted);
        connect(sweep, &SnapshotSweep::finished, sweep, [finished = sink.finished](const SweepResult &result) {
            qCInfo(lcFleet).noquote() << u"listed: %1"_s.arg(result.words());
            if (result.complete)
                finished(std::nullopt);
            else
                finished(result.error.value_or(
                    ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"The listing was stopped."_s)));
        });
        sweep->start();
        return sweep; // deleting it stops it, without a word to the sink
    });
}

FleetInventory::ListerFactory FleetInventory::sweepLister()
{
    return sweepLister(SnapshotSweep::Options {});
}

FleetInventory::ListerFactory FleetInventory::sourceLister()
{
    return ListingThread::onListingThread(
        [](ElastiCacheClient *client, const ListerSink &sink) -> QObject * { return new SourceLister(client, sink); },
        ListingThread::Weight::Light);
}

FleetInventory::FleetInventory(QList<ConnectionChoice> connections, ConnectionResolver resolver, QObject *parent)
    : QObject(parent)
    , m_choices(std::move(connections))
    , m_resolver(std::move(resolver))
    , m_listerFactory(plainLister())
    , m_accounts(new AccountLookup(this))
{
    m_connections.resize(m_choices.size());
}

FleetInventory::~FleetInventory()
{
    // Before the members go: a lister's last words reach the sink, which reads them.
    for (Connection &connection : m_connections)
        delete connection.lister.data();
    for (const QPointer<QObject> &lister : std::as_const(m_retired))
        delete lister.data();
}

void FleetInventory::setOptions(const Options &options)
{
    m_options = options;
    m_options.maxConcurrent = std::max(1, m_options.maxConcurrent);
    m_options.maxPerProfile = std::max(1, m_options.maxPerProfile);
}

void FleetInventory::setListerFactory(ListerFactory factory)
{
    m_listerFactory = factory ? std::move(factory) : plainLister();
}

void FleetInventory::setAccountLookup(AccountLookup *accounts)
{
    if (accounts)
        m_accounts = accounts;
}

const QList<ConnectionChoice> &FleetInventory::connections() const
{
    return m_choices;
}

const FleetConnectionState &FleetInventory::state(int index) const
{
    return m_connections.at(index).state;
}

bool FleetInventory::isFinished() const
{
    return std::none_of(m_connections.cbegin(), m_connections.cend(),
                        [](const Connection &c) { return c.queued || c.running; });
}

ElastiCacheClient *FleetInventory::client(int index) const
{
    return m_connections.at(index).client.data();
}

void FleetInventory::start()
{
    for (int i = 0; i < m_connections.size(); ++i) {
        stop(i);
        reset(m_connections[i].state);
        enqueue(i);
    }
    m_finishedSignalled = false;
    QMetaObject::invokeMethod(this, &FleetInventory::pump, Qt::QueuedConnection);
}

void FleetInventory::retry(int index)
{
    if (index < 0 || index >= m_connections.size())
        return;
    Connection &c = m_connections[index];
    if (c.queued || c.running)
        return;
    if (!c.accountSettled) {
        // Its credentials or account failed: ask for both again (the files or the keychain may have been fixed).
        const ConnectionChoice &choice = m_choices.at(index);
        m_providers.remove(AccountLookup::profileKey(choice));
        m_accounts->forget(choice);
    }
    reset(c.state);
    enqueue(index);
    m_finishedSignalled = false;
    QMetaObject::invokeMethod(this, &FleetInventory::pump, Qt::QueuedConnection);
}

void FleetInventory::cancel()
{
    for (int i = 0; i < m_connections.size(); ++i) {
        Connection &c = m_connections[i];
        if (!c.queued && !c.running)
            continue;
        stop(i);
        c.state.phase = FleetConnectionState::Phase::Failed;
        c.state.error = ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"The listing was stopped."_s);
        setState(i);
    }
    pump();
}

void FleetInventory::enqueue(int index)
{
    Connection &c = m_connections[index];
    c.queued = true;
    c.state.phase = FleetConnectionState::Phase::Waiting;
    setState(index);
}

void FleetInventory::stop(int index)
{
    Connection &c = m_connections[index];
    ++c.generation;
    c.queued = false;
    setRunning(index, false);
    retire(c.lister);
}

void FleetInventory::pump()
{
    if (m_pumping) {
        m_pumpAgain = true; // a connection ended while another started: the outer pass looks again
        return;
    }
    m_pumping = true;
    const auto runningOf = [this](int index) {
        return m_runningPerProfile.value(AccountLookup::profileKey(m_choices.at(index)));
    };
    do {
        m_pumpAgain = false;
        // Each profile up to its bound, in the order of the set.
        for (int i = 0; i < m_connections.size() && m_running < m_options.maxConcurrent; ++i) {
            if (m_connections.at(i).queued && runningOf(i) < m_options.maxPerProfile)
                begin(i);
        }
        // Then the slots left, which no waiting connection may take within its bound: to the waiting connection whose
        // profile runs the fewest, one at a time.
        while (m_running < m_options.maxConcurrent && !m_pumpAgain) {
            int next = -1;
            for (int i = 0; i < m_connections.size(); ++i) {
                if (m_connections.at(i).queued && (next < 0 || runningOf(i) < runningOf(next)))
                    next = i;
            }
            if (next < 0)
                break;
            begin(next);
        }
    } while (m_pumpAgain);
    m_pumping = false;
    if (!m_finishedSignalled && isFinished()) {
        m_finishedSignalled = true;
        Q_EMIT finished();
    }
}

void FleetInventory::setRunning(int index, bool running)
{
    Connection &c = m_connections[index];
    if (c.running == running)
        return;
    c.running = running;
    const int change = running ? 1 : -1;
    m_running += change;
    const QString profile = AccountLookup::profileKey(m_choices.at(index));
    if ((m_runningPerProfile[profile] += change) == 0)
        m_runningPerProfile.remove(profile);
}

void FleetInventory::retire(QPointer<QObject> &lister)
{
    if (!lister)
        return;
    // It may be inside one of its own callbacks: it goes on the next turn, and what it still says is ignored
    // (generation); the destructor deletes it if the inventory goes first.
    lister->deleteLater();
    m_retired.append(std::exchange(lister, nullptr));
    m_retired.removeAll(nullptr);
}

void FleetInventory::begin(int index)
{
    Connection &c = m_connections[index];
    const ConnectionChoice &choice = m_choices.at(index);
    c.queued = false;
    setRunning(index, true);
    c.listed = false;
    c.accountSettled = false;
    c.heldEnd.reset();
    const quint64 generation = ++c.generation;
    c.clock.start();
    reset(c.state);
    c.state.phase = FleetConnectionState::Phase::Resolving;
    setState(index);

    ClientConfig resolved;
    if (c.working && c.client) {
        resolved = c.client->config(); // a refresh: the same credentials, the same client
    } else {
        ApiResult<ClientConfig> config = m_resolver
            ? m_resolver(choice)
            : ApiError::make(ApiError::Kind::Config, u"NoResolver"_s, u"No way to resolve connections was given."_s);
        if (!config) {
            // Called from pump(): end() pumps again, which starts the next one in the same loop's place.
            end(index, FleetConnectionState::Phase::Failed, config.error());
            return;
        }
        resolved = std::move(config.value());
        const QString profile = AccountLookup::profileKey(choice);
        if (const auto shared = m_providers.value(profile))
            resolved.credentials = shared;
        else if (resolved.credentials)
            m_providers.insert(profile, resolved.credentials);
        if (c.client)
            c.client->deleteLater(); // whoever acts on its rows may still hold it until the next turn
        c.client = new ElastiCacheClient(resolved, this);
    }

    // The first rows come after one round trip: a connection lists while its profile's account is asked for, unless
    // another connection of that profile already does. The others wait for the account, so that a key STS refuses
    // costs one connection's first requests, not every region's.
    if (const QString known = m_accounts->known(choice); !known.isEmpty())
        c.state.accountId = known;
    const bool listAtOnce = !c.state.accountId.isEmpty() || leadsProfile(index);
    m_accounts->lookup(choice, resolved, this, [this, index, generation](const ApiResult<QString> &account) {
        Connection &c = m_connections[index];
        if (c.generation != generation || !c.running)
            return;
        if (account) {
            c.state.accountId = account.value();
        } else if (!unreachable(account.error())) {
            end(index, FleetConnectionState::Phase::Failed, account.error()); // stops a listing begun meanwhile
            return;
        } else {
            qCInfo(lcFleet) << "account of" << m_choices.at(index).key()
                            << "unknown, listing anyway:" << account.error().toString();
        }
        c.accountSettled = true;
        if (!c.listed)
            list(index, generation);
        else if (c.heldEnd)
            listingEnded(index, *std::exchange(c.heldEnd, std::nullopt));
        else
            setState(index); // the account, for a connection listing already
    });
    if (listAtOnce)
        list(index, generation);
}

bool FleetInventory::leadsProfile(int index) const
{
    const QString profile = AccountLookup::profileKey(m_choices.at(index));
    for (int i = 0; i < m_connections.size(); ++i) {
        const Connection &other = m_connections.at(i);
        if (i != index && other.running && other.listed && !other.accountSettled
            && AccountLookup::profileKey(m_choices.at(i)) == profile)
            return false;
    }
    return true;
}

void FleetInventory::list(int index, quint64 generation)
{
    Connection &c = m_connections[index];
    c.listed = true;
    c.state.phase = FleetConnectionState::Phase::Listing;
    setState(index);

    const auto current = [this, index, generation] {
        const Connection &c = m_connections.at(index);
        return c.generation == generation && c.running;
    };
    // A page of the current run: counted, passed on through signal.
    const auto passOn
        = [this, index, current]<typename Item>(void (FleetInventory::*signal)(int, const QList<Item> &)) {
              return [this, index, current, signal](const QList<Item> &page) {
                  if (!current())
                      return;
                  m_connections[index].state.snapshots += page.size();
                  Q_EMIT(this->*signal)(index, page);
                  setState(index);
              };
          };
    ListerSink sink;
    sink.nodePage = passOn(&FleetInventory::nodePage);
    sink.serverlessPage = passOn(&FleetInventory::serverlessPage);
    if (m_options.entryPages)
        sink.entryPage = passOn(&FleetInventory::entryPage);
    sink.restarted = [this, index, current](const QString &reason) {
        if (!current())
            return;
        qCInfo(lcFleet) << m_choices.at(index).key() << "listing again:" << reason;
        m_connections[index].state.snapshots = 0;
        Q_EMIT restarted(index, reason);
        setState(index);
    };
    sink.finished = [this, index, current](const std::optional<ApiError> &error) {
        if (!current())
            return;
        Connection &c = m_connections[index];
        if (!c.accountSettled)
            c.heldEnd = error; // what the error means, and the account the rows belong to, wait for STS
        else
            listingEnded(index, error);
    };
    QObject *lister = m_listerFactory(c.client.data(), sink);
    if (!lister && current()) {
        end(index, FleetConnectionState::Phase::Failed,
            ApiError::make(ApiError::Kind::Config, u"NoLister"_s, u"The listing could not be started."_s));
        return;
    }
    Connection &after = m_connections[index];
    if (lister && !lister->parent())
        lister->setParent(this);
    after.lister = lister;
    if (after.generation != generation || !after.running)
        retire(after.lister); // it finished at once
}

void FleetInventory::listingEnded(int index, const std::optional<ApiError> &error)
{
    using Phase = FleetConnectionState::Phase;
    if (!error)
        end(index, Phase::Done, std::nullopt);
    else if (!m_connections.at(index).state.accountId.isEmpty() && FleetConnectionState::isRegionNotEnabled(*error))
        end(index, Phase::NotEnabled, error); // STS took the key, so the region does not know it
    else
        end(index, Phase::Failed, error);
}

void FleetInventory::end(int index, FleetConnectionState::Phase phase, std::optional<ApiError> error)
{
    Connection &c = m_connections[index];
    setRunning(index, false);
    ++c.generation;
    retire(c.lister);
    c.working = phase == FleetConnectionState::Phase::Done || phase == FleetConnectionState::Phase::NotEnabled;
    c.state.phase = phase;
    c.state.error = std::move(error);
    c.state.elapsedMs = c.clock.isValid() ? c.clock.elapsed() : 0;
    if (phase == FleetConnectionState::Phase::Failed)
        qCInfo(lcFleet) << m_choices.at(index).key() << "failed:" << c.state.error->toString();
    setState(index);
    pump();
}

void FleetInventory::setState(int index)
{
    Q_EMIT stateChanged(index, m_connections.at(index).state);
}
