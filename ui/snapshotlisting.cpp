// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotlisting.h"

#include "apijob.h"
#include "backgroundwork.h"
#include "elasticacheclient.h"
#include "fleetinventory.h"
#include "hashgrowth.h"
#include "snapshottablemodel.h"

#include <QLoggingCategory>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <numeric>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcListing, "cachesnap.ui.listing")

namespace {

constexpr int kPageMergeMs = 150;
constexpr int kRowsPerMergeMs = 2500; // the rows one millisecond of merge interval is added for
constexpr int kShardFetchMs = 250;

} // namespace

SnapshotListing::SnapshotListing(SnapshotTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    m_pageMerge = new QTimer(this);
    m_pageMerge->setObjectName(u"pageMergeTimer"_s);
    m_pageMerge->setSingleShot(true);
    m_pageMerge->setInterval(kPageMergeMs);
    connect(m_pageMerge, &QTimer::timeout, this, &SnapshotListing::mergePendingPages);
    m_shardFetch = new QTimer(this);
    m_shardFetch->setObjectName(u"shardFetchTimer"_s);
    m_shardFetch->setSingleShot(true);
    m_shardFetch->setInterval(kShardFetchMs);
    connect(m_shardFetch, &QTimer::timeout, this, &SnapshotListing::fetchShardConfig);
    m_autoRefresh = new QTimer(this);
    m_autoRefresh->setObjectName(u"autoRefreshTimer"_s);
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (!isLoading())
            refresh();
    });
}

struct SnapshotListing::Lister
{
    QPointer<ElastiCacheClient> client;
    std::optional<ApiError> setupError;
    QString group;
    QList<QPointer<ApiJob>> jobs; // the two listings
    std::unique_ptr<QObject> sourceLister; // the sources' listing (on the listing thread): deleting it stops it
    QPointer<QObject> sweep; // or the per-source listing (SnapshotSweep) in place of the two listings
    quint64 round = 0; // the per-source listing running (SnapshotListing::m_rounds), 0: none
    int pendingLists = 0; // kinds still listing: 2 while it runs
    bool queued = false;
    bool failed = false;
    bool notEnabled = false;
    bool begun = false; // its listing has begun (a set's: the inventory said Listing)
    qint64 loaded = 0;
    qint64 merged = 0; // of those, merged into the table: the count its state gives while it lists
    void restartCounts()
    {
        loaded = 0;
        merged = 0;
    }
    QList<std::pair<SnapshotEntry::Kind, ApiError>> errors;
    // Waiting to be merged, as they came: as parsed, or as rows made on the listing thread.
    PageQueue<Snapshot> pendingNode;
    PageQueue<ServerlessCacheSnapshot> pendingServerless;
    PageQueue<SnapshotEntry> pendingEntries;
    bool hasPending() const
    {
        return !pendingNode.isEmpty() || !pendingServerless.isEmpty() || !pendingEntries.isEmpty();
    }
    void clearPending()
    {
        pendingNode.clear();
        pendingServerless.clear();
        pendingEntries.clear();
    }
    FleetConnectionState state;
    FleetConnectionState::Phase countedPhase = FleetConnectionState::Phase::Waiting; // where m_phaseCounts has it
    QElapsedTimer elapsed;
    std::array<QList<SnapshotSource>, 3> sources; // by SnapshotSource::Type, each replaced whole
    quint64 sourceRound = 0; // the listing of sources whose lists may replace these (0: none)
};

SnapshotListing::~SnapshotListing()
{
    for (const QPointer<QObject> &sweep : std::as_const(m_retired))
        delete sweep.data(); // what it had queued for its sink goes with it
    for (const std::unique_ptr<Lister> &lister : m_listers) {
        delete lister->sweep.data(); // says nothing to its sink as it goes
        for (const QPointer<ApiJob> &job : std::as_const(lister->jobs)) {
            if (job)
                job->disconnect(this);
        }
    }
}

void SnapshotListing::setMaxMergeRows(qsizetype rows)
{
    m_mergeTurn.setMaxItems(rows);
}

void SnapshotListing::setMaxConcurrent(int total, int perProfile)
{
    m_maxConcurrent = std::max(1, total);
    m_maxPerProfile = std::max(1, perProfile);
}

void SnapshotListing::setPerSourceListing(bool perSource)
{
    m_perSource = perSource;
}

void SnapshotListing::setListerFactory(FleetInventory::ListerFactory factory)
{
    m_listerFactory = std::move(factory);
}

void SnapshotListing::setAutoRefreshSeconds(int seconds)
{
    if (seconds > 0)
        m_autoRefresh->start(seconds * 1000);
    else
        m_autoRefresh->stop();
}

void SnapshotListing::setClient(ElastiCacheClient *client)
{
    setConnections({Connection {client, std::nullopt, QString()}});
}

void SnapshotListing::setConnections(const QList<Connection> &connections)
{
    abandon();
    if (m_inventory) {
        m_inventory->disconnect(this);
        m_inventory->deleteLater();
        m_inventory = nullptr;
    }
    m_listers.clear();
    for (const Connection &connection : connections) {
        auto lister = std::make_unique<Lister>();
        lister->client = connection.client;
        lister->setupError = connection.setupError;
        lister->group = connection.group;
        m_listers.push_back(std::move(lister));
    }
    recountPhases();
    m_roundRunning = false;
    m_errors.clear();
    m_model->clear(); // another account or region: nothing of the old list applies
    m_shardConfigs.clear();
    m_shardRequests.clear();
    m_shardFetch->stop();
    Q_EMIT sourcesChanged();
}

void SnapshotListing::setFleet(const QList<ConnectionChoice> &connections, ConnectionResolver resolver)
{
    QList<Connection> none;
    for (const ConnectionChoice &choice : connections)
        none.append({nullptr, std::nullopt, choice.profileLabel()});
    setConnections(none);
    m_inventory = new FleetInventory(connections, std::move(resolver), this);
    FleetInventory::Options options;
    if (m_maxConcurrent > 0) {
        options.maxConcurrent = m_maxConcurrent;
        options.maxPerProfile = m_maxPerProfile;
    }
    options.entryPages = true;
    m_inventory->setOptions(options);
    m_inventory->setListerFactory(m_listerFactory   ? m_listerFactory
                                      : m_perSource ? FleetInventory::sweepLister()
                                                    : FleetInventory::plainLister());
    const auto queue = [this](int connection, const auto &page) {
        queuePage(*m_listers[size_t(connection)], page);
    };
    connect(m_inventory, &FleetInventory::nodePage, this, queue);
    connect(m_inventory, &FleetInventory::serverlessPage, this, queue);
    connect(m_inventory, &FleetInventory::entryPage, this, queue);
    connect(m_inventory, &FleetInventory::restarted, this, &SnapshotListing::restartConnection);
    connect(m_inventory, &FleetInventory::stateChanged, this, &SnapshotListing::fleetStateChanged);
}

FleetInventory *SnapshotListing::inventory() const
{
    return m_inventory;
}

void SnapshotListing::restartConnection(int connection, const QString &reason)
{
    // The sweep fell back to paging: the pages from now on make the connection's whole list. Its rows merge by name
    // as before (so nothing blinks), into a new generation, so that one the plain listing no longer holds goes when
    // it completes; pages not merged yet are superseded, and the count starts again.
    qCInfo(lcListing) << "connection" << connection << "lists again:" << reason;
    Lister &lister = *m_listers[size_t(connection)];
    lister.clearPending();
    lister.restartCounts();
    lister.state.snapshots = 0;
    m_model->beginRefresh(connection);
    stateChanged(connection);
}

void SnapshotListing::fleetStateChanged(int connection, const FleetConnectionState &state)
{
    Lister &lister = *m_listers[size_t(connection)];
    using Phase = FleetConnectionState::Phase;
    // A page listed changes only the inventory's count, and the window counts the rows merged (a merge says when
    // that grows): a change for every page repainted the connections list and the status bar some 170 times a
    // second while twenty connections listed.
    if (lister.begun && state.phase == Phase::Listing && lister.state.phase == Phase::Listing
        && state.accountId == lister.state.accountId)
        return;
    lister.state = state;
    if (!state.accountId.isEmpty())
        m_model->setConnectionAccount(connection, state.accountId);
    if (state.phase == Phase::Listing && !lister.begun) {
        // Its rows are merged into this refresh's generation; the sources (for Create and the combos) beside them.
        lister.begun = true;
        lister.restartCounts();
        m_model->beginRefresh(connection);
        if (m_inventory->client(connection))
            listSources(connection);
    }
    if (state.finished()) {
        // Completed once its last pages are merged (in a turn of their own, as in listFinished()).
        lister.pendingLists = 1;
        m_fleetEnded.push_back(connection);
        m_pageMerge->start(0);
    }
    // The rows merged, not the inventory's count of pages handed over (the account can come while it lists).
    lister.state.snapshots = lister.merged;
    stateChanged(connection);
}

void SnapshotListing::fleetEnded(int connection)
{
    Lister &lister = *m_listers[size_t(connection)];
    using Phase = FleetConnectionState::Phase;
    const FleetConnectionState state = m_inventory->state(connection);
    lister.pendingLists = 0;
    lister.state = state;
    lister.state.snapshots = lister.loaded;
    lister.begun = false;
    lister.failed = state.phase != Phase::Done;
    lister.notEnabled = state.phase == Phase::NotEnabled;
    lister.errors.clear();
    if (state.phase == Phase::Done) {
        m_model->endRefresh(connection, SnapshotEntry::Kind::NodeBased);
        m_model->endRefresh(connection, SnapshotEntry::Kind::Serverless);
    } else if (state.error) {
        lister.errors.append({SnapshotEntry::Kind::NodeBased, *state.error});
        if (!lister.notEnabled) {
            m_errors.append(lister.errors.first());
            if (!m_failed) {
                m_failed = true;
                Q_EMIT failed(SnapshotEntry::Kind::NodeBased, *state.error);
            }
        }
    }
    stateChanged(connection);
    if (!m_inventory->isFinished() || !m_fleetEnded.empty() || !m_roundRunning)
        return;
    endRound();
}

void SnapshotListing::endRound()
{
    // Complete when every connection listed, or said its region is not enabled.
    m_roundRunning = false;
    const bool complete = std::all_of(m_listers.begin(), m_listers.end(),
                                      [](const std::unique_ptr<Lister> &l) { return !l->failed || l->notEnabled; });
    if (complete)
        m_lastCompleted = QDateTime::currentDateTime();
    Q_EMIT finished(complete);
}

void SnapshotListing::setConnection(int connection, const Connection &replacement)
{
    if (connection < 0 || size_t(connection) >= m_listers.size())
        return;
    Lister &lister = *m_listers[size_t(connection)];
    abandon(lister);
    lister.client = replacement.client;
    lister.setupError = replacement.setupError;
    lister.group = replacement.group;
    BackgroundWork::dispose(std::exchange(lister.sources, {}));
    lister.sourceRound = 0;
    m_model->clearConnection(connection);
}

void SnapshotListing::abandon()
{
    for (const std::unique_ptr<Lister> &lister : m_listers)
        abandon(*lister);
    m_pageMerge->stop();
    m_finishedLists.clear();
    m_fleetEnded.clear();
}

void SnapshotListing::abandon(Lister &lister)
{
    for (const QPointer<ApiJob> &job : std::as_const(lister.jobs)) {
        if (job) {
            job->disconnect(this);
            job->abort();
        }
    }
    lister.jobs.clear();
    lister.sourceLister.reset();
    if (QObject *sweep = lister.sweep.data()) {
        // It stops as it goes, on the next turn; deleted with this if this goes first (what it still says is
        // ignored until then).
        sweep->deleteLater();
        m_retired.removeAll(nullptr);
        m_retired.append(sweep);
    }
    lister.sweep = nullptr;
    lister.round = 0;
    lister.clearPending();
    lister.pendingLists = 0;
    lister.queued = false;
    const int index = int(std::find_if(m_listers.begin(), m_listers.end(),
                                       [&lister](const std::unique_ptr<Lister> &l) { return l.get() == &lister; })
                          - m_listers.begin());
    std::erase_if(m_finishedLists, [index](const auto &finished) { return std::get<0>(finished) == index; });
}

void SnapshotListing::refresh()
{
    if (m_inventory) {
        abandon();
        m_fleetEnded.clear();
        m_failed = false;
        m_errors.clear();
        m_roundRunning = true;
        for (const std::unique_ptr<Lister> &lister : m_listers) {
            lister->begun = false;
            lister->failed = false;
            lister->notEnabled = false;
            lister->errors.clear();
            lister->restartCounts();
        }
        Q_EMIT started();
        m_inventory->start();
        return;
    }
    if (!hasClient())
        return;
    abandon();
    m_failed = false;
    m_errors.clear();
    m_roundRunning = true;
    for (int connection = 0; connection < connectionCount(); ++connection)
        queue(connection);
    Q_EMIT started();
    startQueued();
}

void SnapshotListing::refresh(int connection)
{
    if (connection < 0 || connection >= connectionCount())
        return;
    Lister &lister = *m_listers[size_t(connection)];
    if (m_inventory) {
        if (!lister.state.finished()
            || std::find(m_fleetEnded.begin(), m_fleetEnded.end(), connection) != m_fleetEnded.end())
            return; // still listing
        lister.errors.clear();
        lister.failed = false;
        lister.notEnabled = false;
        m_errors.clear();
        for (const std::unique_ptr<Lister> &other : m_listers)
            m_errors += other->errors;
        const bool wasRunning = m_roundRunning;
        if (!wasRunning) {
            m_failed = false;
            m_roundRunning = true;
            Q_EMIT started();
        }
        m_inventory->retry(connection);
        return;
    }
    abandon(lister);
    // Its earlier failures no longer stand.
    lister.errors.clear();
    m_errors.clear();
    for (const std::unique_ptr<Lister> &other : m_listers)
        m_errors += other->errors;
    const bool wasRunning = m_roundRunning;
    if (!wasRunning) {
        m_failed = false;
        m_roundRunning = true;
    }
    queue(connection);
    if (!wasRunning)
        Q_EMIT started();
    startQueued();
}

void SnapshotListing::queue(int connection)
{
    Lister &lister = *m_listers[size_t(connection)];
    lister.queued = true;
    lister.failed = false;
    lister.notEnabled = false;
    lister.errors.clear();
    lister.state = FleetConnectionState();
    lister.state.phase = FleetConnectionState::Phase::Waiting;
    stateChanged(connection);
}

void SnapshotListing::startQueued()
{
    // Connections given their own clients all list at once: a set that needs bounds is a FleetInventory's.
    for (int connection = 0; connection < connectionCount(); ++connection) {
        if (m_listers[size_t(connection)]->queued)
            start(connection);
    }
}

void SnapshotListing::start(int connection)
{
    Lister &lister = *m_listers[size_t(connection)];
    lister.queued = false;
    lister.restartCounts();
    lister.elapsed.start();
    if (!lister.client) {
        // Its client could not be made (credentials, settings): a failure of its own, the others go on.
        const ApiError error = lister.setupError.value_or(
            ApiError {ApiError::Kind::Config, u"NoClient"_s, tr("The connection is not set up."), 0, {}, {}, 1});
        lister.pendingLists = 1;
        QTimer::singleShot(0, this, [this, connection, error] {
            if (size_t(connection) < m_listers.size() && m_listers[size_t(connection)]->pendingLists == 1
                && !m_listers[size_t(connection)]->client)
                completeList(connection, SnapshotEntry::Kind::NodeBased, error);
        });
        return;
    }
    lister.pendingLists = 2;
    lister.state.phase = FleetConnectionState::Phase::Listing;
    m_model->beginRefresh(connection);
    if (m_perSource || m_listerFactory) {
        // Per source, many at once (SnapshotSweep); one error ends both kinds. It runs on the listing thread
        // (ListingThread), and what it said before it was abandoned may still be queued for this thread when it is
        // deleted (later: it may be inside a callback): only the words of the listing this connection is running
        // reach the rows. Found by number, not by pointer: a reconnect deletes the Lister.
        const quint64 round = lister.round = ++m_rounds;
        const auto current = [this, connection, round]() -> Lister * {
            Lister *l = size_t(connection) < m_listers.size() ? m_listers[size_t(connection)].get() : nullptr;
            return l && l->round == round ? l : nullptr;
        };
        // Pages of any of the three kinds, as parsed or as rows.
        const auto queue = [this, current](const auto &page) {
            if (Lister *l = current())
                queuePage(*l, page);
        };
        FleetInventory::ListerSink sink;
        sink.nodePage = queue;
        sink.serverlessPage = queue;
        sink.entryPage = queue;
        sink.restarted = [this, current, connection](const QString &reason) {
            if (current())
                restartConnection(connection, reason);
        };
        sink.finished = [this, current, connection](const std::optional<ApiError> &error) {
            Lister *l = current();
            if (!l)
                return; // an abandoned listing's last word: it would end (and delete) the one after it
            l->round = 0;
            if (QObject *sweep = std::exchange(l->sweep, nullptr))
                sweep->deleteLater();
            if (error) {
                l->pendingLists = 1;
                listFinished(connection, SnapshotEntry::Kind::NodeBased, error);
            } else {
                listFinished(connection, SnapshotEntry::Kind::NodeBased, std::nullopt);
                listFinished(connection, SnapshotEntry::Kind::Serverless, std::nullopt);
            }
        };
        lister.sweep = (m_listerFactory ? m_listerFactory : FleetInventory::sweepLister())(lister.client, sink);
        listSources(connection);
        stateChanged(connection);
        return;
    }

    // Jobs of this thread: abandon() disconnects them, and nothing of theirs arrives after.
    Lister *l = &lister;
    SnapshotListJob *nodeJob = lister.client->describeSnapshots(DescribeSnapshotsRequest {});
    nodeJob->setAccumulate(false);
    connect(nodeJob, &SnapshotListJob::pageReceived, this,
            [this, l](const QList<Snapshot> &page) { queuePage(*l, page); });
    connect(nodeJob, &SnapshotListJob::finished, this, [this, connection](const ApiResult<QList<Snapshot>> &result) {
        listFinished(connection, SnapshotEntry::Kind::NodeBased, result ? std::nullopt : std::optional(result.error()));
    });
    ServerlessSnapshotListJob *serverlessJob
        = lister.client->describeServerlessCacheSnapshots(DescribeServerlessCacheSnapshotsRequest {});
    serverlessJob->setAccumulate(false);
    connect(serverlessJob, &ServerlessSnapshotListJob::pageReceived, this,
            [this, l](const QList<ServerlessCacheSnapshot> &page) { queuePage(*l, page); });
    connect(serverlessJob, &ServerlessSnapshotListJob::finished, this,
            [this, connection](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                listFinished(connection, SnapshotEntry::Kind::Serverless,
                             result ? std::nullopt : std::optional(result.error()));
            });
    lister.jobs = {nodeJob, serverlessJob};
    listSources(connection);
    stateChanged(connection);
}

void SnapshotListing::queuePage(Lister &lister, const QList<Snapshot> &page)
{
    lister.loaded += page.size();
    lister.pendingNode.append(page);
    schedulePageMerge();
}

void SnapshotListing::queuePage(Lister &lister, const QList<ServerlessCacheSnapshot> &page)
{
    lister.loaded += page.size();
    lister.pendingServerless.append(page);
    schedulePageMerge();
}

void SnapshotListing::queuePage(Lister &lister, const QList<SnapshotEntry> &page)
{
    lister.loaded += page.size();
    lister.pendingEntries.append(page);
    schedulePageMerge();
}

void SnapshotListing::schedulePageMerge()
{
    // The first rows show at once; after that, pages that arrive close together are merged (and painted)
    // together: a repaint per page would cost more than the page itself with 100,000 rows. As the list grows,
    // merges come less often (at a million rows, one in 480 ms): each one places its rows in the sorted order and
    // repaints the table, and when the view was a tree it laid out every row again, so a fixed interval made the
    // load's cost grow with the square of the rows.
    if (m_model->rowCount() == 0)
        mergePendingPages();
    else if (!m_pageMerge->isActive())
        m_pageMerge->start(std::max(kPageMergeMs, m_model->rowCount() / kRowsPerMergeMs));
}

void SnapshotListing::mergePendingPages()
{
    // A turn of the event loop merges what fits in about kMergeTurnMs (TurnBudget), the rest on the next turns:
    // the window must not stop for more than a few tens of milliseconds, and a row costs more as the table grows.
    m_pageMerge->stop();
    if (growHashFirst())
        return;
    const qsizetype rows = m_mergeTurn.start();
    // In two blocks when there are rows enough, the second only if it fits in the wall time the turn was given at the
    // pace of the first: a turn is sized at its start, and the thread may begin to wait for a core midway. A block is a
    // pass of the sorting proxy over its order (a few milliseconds at a million rows), so not more of them.
    const qsizetype block = rows >= 2 * kLeastMergeBlock ? (rows + 1) / 2 : rows;
    qsizetype merged = 0;
    std::vector<char> touched(static_cast<size_t>(connectionCount())); // connections that had pages to merge this turn
    bool more = false;
    for (int blocks = 1;; ++blocks) {
        qsizetype budget = std::min(block, rows - merged);
        const qsizetype given = budget;
        const auto take = [&budget](auto &pending) {
            auto slice = pending.take(budget);
            budget -= slice.size();
            return slice;
        };
        // Every connection's slice in one merge: each merge is a pass of the sorting proxy over its order, and twenty
        // connections' pages merged one by one made turns of 60-80 ms at a million rows.
        std::vector<std::pair<int, QList<SnapshotEntry>>> slices;
        more = false;
        for (int connection = 0; connection < connectionCount(); ++connection) {
            Lister &lister = *m_listers[size_t(connection)];
            touched[size_t(connection)] |= char(lister.hasPending());
            if (budget > 0 && !lister.pendingEntries.isEmpty()) {
                slices.emplace_back(connection, take(lister.pendingEntries));
                lister.merged += slices.back().second.size();
            }
            if (budget > 0 && !lister.pendingNode.isEmpty()) {
                slices.emplace_back(connection, SnapshotEntry::fromPage(take(lister.pendingNode)));
                lister.merged += slices.back().second.size();
            }
            if (budget > 0 && !lister.pendingServerless.isEmpty()) {
                slices.emplace_back(connection, SnapshotEntry::fromPage(take(lister.pendingServerless)));
                lister.merged += slices.back().second.size();
            }
            more = more || lister.hasPending();
        }
        merged += given - budget;
        if (!slices.empty())
            m_model->mergePages(std::move(slices));
        const double spent = m_mergeTurn.wallSpentMs();
        const double limit = m_mergeTurn.wallLimitMs();
        // Nor when the block has left a hash nearly full: the next turn grows it first.
        if (!more || merged >= rows || (limit > 0 && spent + spent / blocks > limit) || HashGrowth::anyNearlyFull())
            break;
    }
    for (int connection = 0; connection < connectionCount(); ++connection) {
        Lister &lister = *m_listers[size_t(connection)];
        if (touched[size_t(connection)] && lister.state.snapshots != lister.merged) {
            lister.state.snapshots = lister.merged;
            stateChanged(connection);
        }
    }
    Q_EMIT progressed(loadedCount());
    m_mergeTurn.finish(merged, more);
    if (more)
        m_pageMerge->start(0);
    else if (!m_finishedLists.empty() || !m_fleetEnded.empty())
        QTimer::singleShot(0, this, &SnapshotListing::completeFinishedLists); // a turn of its own, too
}

bool SnapshotListing::growHashFirst()
{
    // A hash the rows would fill (the model's counts, the Caches tab's newest snapshots) grows first, as this turn's
    // work: doubling inside the merge, it made a turn of twice its budget. Where it does not fit in what another turn
    // of this pass left (a growth cannot be made shorter), it opens the next pass instead: the turn merges nothing and
    // the next one starts once this pass is over. Once: merging on at the pass's rest, late in a load, when most merges
    // repaint nothing and their turns follow each other closely, let the rows fill the hash before any turn grew it.
    double growthMs = 0;
    if (!HashGrowth::anyNearlyFull(&growthMs)) {
        m_growthWaited = false;
        return false;
    }
    const double passMs = m_mergeTurn.passMs();
    if (passMs <= 0 || TurnBudget::passSpentMs() + growthMs <= passMs || m_growthWaited) {
        m_growthWaited = false;
        m_mergeTurn.start();
        HashGrowth::growOne();
        m_mergeTurn.finish(0, true);
        m_pageMerge->start(0);
    } else {
        m_growthWaited = true;
        m_pageMerge->start(int(TurnBudget::kSamePassMs) + 1);
    }
    return true;
}

bool SnapshotListing::anyPending() const
{
    return std::any_of(m_listers.begin(), m_listers.end(),
                       [](const std::unique_ptr<Lister> &l) { return l->hasPending(); });
}

void SnapshotListing::listFinished(int connection, SnapshotEntry::Kind kind, const std::optional<ApiError> &error)
{
    // Completed once its last pages are merged, in a merge turn of its own: merged here, in a queued call, they
    // would follow the turn a timer has just merged in the same pass of the event loop (queued calls come before
    // timers and input), one stretch of two turns.
    m_finishedLists.emplace_back(connection, kind, error);
    m_pageMerge->start(0);
}

void SnapshotListing::completeFinishedLists()
{
    if ((m_finishedLists.empty() && m_fleetEnded.empty()) || anyPending())
        return;
    // One a turn of the event loop: each ends a refresh of the model, a pass over every row (some 25 ms at a
    // million), and the ends of twenty connections met in one event of a second at the end of a fleet's listing.
    if (!m_finishedLists.empty()) {
        const auto [connection, kind, error] = m_finishedLists.front();
        m_finishedLists.erase(m_finishedLists.begin());
        completeList(connection, kind, error);
    } else {
        // The last one ends the round: fleetEnded() sees the ones still to come.
        const int connection = m_fleetEnded.front();
        m_fleetEnded.erase(m_fleetEnded.begin());
        fleetEnded(connection);
    }
    if (!m_finishedLists.empty() || !m_fleetEnded.empty())
        QTimer::singleShot(0, this, &SnapshotListing::completeFinishedLists);
}

void SnapshotListing::completeList(int connection, SnapshotEntry::Kind kind, const std::optional<ApiError> &error)
{
    Lister &lister = *m_listers[size_t(connection)];
    if (error) {
        // Keep what was listed: a partial list with a visible error beats an empty one, and it is never
        // presented as complete.
        lister.errors.append({kind, *error});
        lister.failed = true;
        if (connectionCount() > 1 && FleetConnectionState::isRegionNotEnabled(*error)) {
            lister.notEnabled = true;
        } else {
            m_errors.append({kind, *error});
            if (!m_failed) {
                m_failed = true;
                Q_EMIT failed(kind, *error);
            }
        }
    } else {
        m_model->endRefresh(connection, kind);
    }
    if (--lister.pendingLists > 0)
        return;
    connectionEnded(connection);
}

void SnapshotListing::connectionEnded(int connection)
{
    Lister &lister = *m_listers[size_t(connection)];
    lister.pendingLists = 0;
    lister.state.snapshots = lister.loaded;
    if (lister.failed) {
        // A region not enabled answers both listings alike; any other failure is the connection's failure.
        const bool notEnabled = lister.notEnabled
            && std::all_of(lister.errors.cbegin(), lister.errors.cend(),
                           [](const auto &e) { return FleetConnectionState::isRegionNotEnabled(e.second); });
        lister.state.phase = notEnabled ? FleetConnectionState::Phase::NotEnabled : FleetConnectionState::Phase::Failed;
        lister.state.error = lister.errors.first().second;
        if (!notEnabled && lister.notEnabled) {
            // The other kind failed otherwise: it counts as a failure after all.
            lister.notEnabled = false;
            for (const auto &e : std::as_const(lister.errors)) {
                if (FleetConnectionState::isRegionNotEnabled(e.second))
                    m_errors.append(e);
            }
        }
    } else {
        lister.state.phase = FleetConnectionState::Phase::Done;
        lister.state.elapsedMs = lister.elapsed.elapsed();
    }
    stateChanged(connection);
    startQueued();
    const bool busy = std::any_of(m_listers.begin(), m_listers.end(),
                                  [](const std::unique_ptr<Lister> &l) { return l->queued || l->pendingLists > 0; });
    if (busy || !m_roundRunning)
        return;
    endRound();
}

void SnapshotListing::listSources(int connection)
{
    // For the create dialog's source lists and the filter combos; a failure here does not hide snapshots, and keeps
    // the kind's sources listed before. On the listing thread (FleetInventory::sourceLister()): twenty connections'
    // first pages of sources, hundreds of kilobytes each, came to this thread at once.
    Lister &lister = *m_listers[size_t(connection)];
    // By the time a kind's list is here, the connection may list again or be another one: only this round's lists
    // replace its sources.
    const quint64 round = ++m_sourceRounds;
    lister.sourceRound = round;
    // The connection's lister while this round is still its listing of sources, else null.
    const auto ofThisRound = [this, connection, round]() -> Lister * {
        if (connection >= connectionCount() || m_listers[size_t(connection)]->sourceRound != round)
            return nullptr;
        return m_listers[size_t(connection)].get();
    };
    FleetInventory::ListerSink sink;
    sink.sources = [this, connection, ofThisRound](SnapshotSource::Type type, const QList<SnapshotSource> &fresh) {
        if (ofThisRound())
            replaceSources(connection, type, fresh);
    };
    sink.finished = [ofThisRound](const std::optional<ApiError> &) {
        // Each failure is logged where it happened. The listing's client, and its network thread, go now rather
        // than at the next listing (later: this is the listing's own call).
        if (Lister *current = ofThisRound()) {
            if (QObject *done = current->sourceLister.release())
                done->deleteLater();
        }
    };
    lister.sourceLister.reset(FleetInventory::sourceLister()(client(connection), sink));
}

void SnapshotListing::replaceSources(int connection, SnapshotSource::Type type, QList<SnapshotSource> fresh)
{
    QList<SnapshotSource> &sources = m_listers[size_t(connection)]->sources[size_t(type)];
    BackgroundWork::dispose(std::exchange(sources, std::move(fresh)));
    Q_EMIT sourcesChanged();
}

bool SnapshotListing::hasClient() const
{
    if (m_inventory)
        return true;
    return std::any_of(m_listers.begin(), m_listers.end(),
                       [](const std::unique_ptr<Lister> &l) { return l->client || l->setupError; });
}

int SnapshotListing::connectionCount() const
{
    return int(m_listers.size());
}

ElastiCacheClient *SnapshotListing::client(int connection) const
{
    if (connection < 0 || connection >= connectionCount())
        return nullptr;
    if (m_inventory)
        return m_inventory->client(connection);
    return m_listers[size_t(connection)]->client;
}

static_assert(int(FleetConnectionState::Phase::NotEnabled) == 5, "m_phaseCounts holds a count for each phase");

const FleetConnectionState &SnapshotListing::state(int connection) const
{
    static const FleetConnectionState none;
    if (connection < 0 || connection >= connectionCount())
        return none;
    return m_listers[size_t(connection)]->state;
}

void SnapshotListing::stateChanged(int connection)
{
    Lister &lister = *m_listers[size_t(connection)];
    --m_phaseCounts[size_t(lister.countedPhase)];
    lister.countedPhase = lister.state.phase;
    ++m_phaseCounts[size_t(lister.countedPhase)];
    Q_EMIT connectionStateChanged(connection);
}

void SnapshotListing::recountPhases()
{
    m_phaseCounts.fill(0);
    for (const std::unique_ptr<Lister> &lister : m_listers) {
        lister->countedPhase = lister->state.phase;
        ++m_phaseCounts[size_t(lister->countedPhase)];
    }
}

int SnapshotListing::phaseCount(FleetConnectionState::Phase phase) const
{
    return m_phaseCounts[size_t(phase)];
}

int SnapshotListing::finishedCount() const
{
    using Phase = FleetConnectionState::Phase;
    return phaseCount(Phase::Done) + phaseCount(Phase::Failed) + phaseCount(Phase::NotEnabled);
}

bool SnapshotListing::isNotEnabled(int connection) const
{
    return state(connection).phase == FleetConnectionState::Phase::NotEnabled;
}

bool SnapshotListing::isLoading() const
{
    return m_roundRunning;
}

qint64 SnapshotListing::loadedCount() const
{
    qint64 loaded = 0;
    for (const std::unique_ptr<Lister> &lister : m_listers)
        loaded += lister->loaded;
    return loaded;
}

const QList<std::pair<SnapshotEntry::Kind, ApiError>> &SnapshotListing::errors() const
{
    return m_errors;
}

QList<int> SnapshotListing::failedConnections() const
{
    QList<int> failed;
    for (int connection = 0; connection < connectionCount(); ++connection) {
        if (m_listers[size_t(connection)]->state.phase == FleetConnectionState::Phase::Failed)
            failed.append(connection);
    }
    return failed;
}

int SnapshotListing::notEnabledCount() const
{
    return phaseCount(FleetConnectionState::Phase::NotEnabled);
}

QDateTime SnapshotListing::lastCompleted() const
{
    return m_lastCompleted;
}

QList<SnapshotSource> SnapshotListing::sources() const
{
    QList<SnapshotSource> all;
    for (int connection = 0; connection < connectionCount(); ++connection)
        all += sources(connection);
    return all;
}

QList<SnapshotSource> SnapshotListing::sources(int connection) const
{
    if (connection < 0 || connection >= connectionCount())
        return {};
    const auto &byType = m_listers[size_t(connection)]->sources;
    QList<SnapshotSource> all;
    all.reserve(std::accumulate(byType.begin(), byType.end(), qsizetype(0),
                                [](qsizetype n, const QList<SnapshotSource> &l) { return n + l.size(); }));
    for (const QList<SnapshotSource> &list : byType)
        all += list;
    return all;
}

namespace {
QString shardKey(int connection, const QString &name)
{
    return QString::number(connection) + u'/' + name;
}
} // namespace

SnapshotEntry SnapshotListing::withShardConfig(const SnapshotEntry &entry, int connection)
{
    const auto snapshot = entry.nodeSnapshot();
    if (!snapshot || snapshot->nodeSnapshots.isEmpty())
        return entry;
    const bool complete = std::all_of(snapshot->nodeSnapshots.cbegin(), snapshot->nodeSnapshots.cend(),
                                      [](const NodeSnapshot &node) { return bool(node.nodeGroupConfiguration); });
    if (complete)
        return entry;
    const auto cached = m_shardConfigs.constFind(shardKey(connection, entry.name()));
    if (cached == m_shardConfigs.constEnd()) {
        if (!m_shardRequests.contains(shardKey(connection, entry.name())) && client(connection)) {
            m_shardWanted = entry.name();
            m_shardConnection = connection;
            m_shardFetch->start();
        }
        return entry;
    }
    Snapshot copy = *snapshot;
    for (NodeSnapshot &node : copy.nodeSnapshots) {
        for (const NodeSnapshot &known : *cached) {
            if (known.nodeGroupId == node.nodeGroupId && known.cacheClusterId == node.cacheClusterId
                && known.cacheNodeId == node.cacheNodeId) {
                node.nodeGroupConfiguration = known.nodeGroupConfiguration;
                break;
            }
        }
    }
    return SnapshotEntry(std::move(copy));
}

void SnapshotListing::fetchShardConfig()
{
    const QString name = m_shardWanted;
    const QString key = shardKey(m_shardConnection, name);
    ElastiCacheClient *connectionClient = client(m_shardConnection);
    if (!connectionClient || name.isEmpty() || m_shardRequests.contains(key))
        return;
    m_shardRequests.insert(key);
    DescribeSnapshotsRequest request;
    request.snapshotName = name;
    request.showNodeGroupConfig = true;
    SnapshotListJob *job = connectionClient->describeSnapshots(request);
    connect(job, &SnapshotListJob::finished, this, [this, name, key](const ApiResult<QList<Snapshot>> &result) {
        if (!result || result.value().isEmpty()) {
            qCDebug(lcListing) << "no shard configuration for" << name;
            return;
        }
        m_shardConfigs.insert(key, result.value().first().nodeSnapshots);
        Q_EMIT shardConfigReceived(name);
    });
}
