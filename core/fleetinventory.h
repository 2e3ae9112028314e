// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "connectionchoice.h"
#include "snapshot.h"
#include "snapshotentry.h"
#include "snapshotsource.h"
#include "snapshotsweep.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class AccountLookup;
class CredentialsProvider;
class ElastiCacheClient;

// Lists the snapshots (node-based and serverless) of a set of connections (profiles × regions): each profile's
// account is resolved once (AccountLookup), the listings run concurrently within bounds per profile and in total, and
// each connection streams its pages and its state (FleetConnectionState) as they come. One connection failing never
// stops, delays or hides the others; a region the account has not enabled ends NotEnabled, not Failed. The set is
// finished when every connection is Done, Failed or NotEnabled; retry() lists one connection again.
//
// Pages come in any order and may repeat snapshots of an earlier page of the same connection: consumers merge by
// (connection, kind, snapshot name). After restarted(index) the connection's pages make its whole list again.
// Connections are indexes into connections(); nothing here holds a secret.
class FleetInventory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetInventory)

public:
    struct Options
    {
        // Connections listed at once, in total and per profile; a profile goes beyond its bound only into slots no
        // other profile's waiting connection may take (see fleetinventory.cpp for why these numbers).
        int maxConcurrent = 24;
        int maxPerProfile = 12;
        // Pages also come as rows (entryPage()) where a lister can make them on its own thread (the listing
        // thread's): making each row's SnapshotEntry was over a third of the window's time in a merge.
        bool entryPages = false;
    };

    // What a connection's lister reports (the inventory sets every member): pages as they come, then finished exactly
    // once (nullopt: the whole list).
    // restarted(reason): it starts over (SnapshotSweep falling back to plain paging); the pages from then on make
    // the whole list, those before are superseded.
    // entryPage, when set, takes the pages of a lister on another thread (ListingThread) as rows made on that
    // thread, in place of nodePage and serverlessPage; a lister on the caller's thread calls those two as always.
    struct ListerSink
    {
        std::function<void(const QList<Snapshot> &)> nodePage;
        std::function<void(const QList<ServerlessCacheSnapshot> &)> serverlessPage;
        std::function<void(const QList<SnapshotEntry> &)> entryPage;
        std::function<void(const std::optional<ApiError> &)> finished;
        std::function<void(const QString &reason)> restarted;
        // A source lister's (sourceLister()): one kind's whole list, once that kind is listed.
        std::function<void(SnapshotSource::Type, const QList<SnapshotSource> &)> sources;
    };
    // Starts listing one connection through client and returns the object doing it; deleting that object stops the
    // listing (the sink is not called after). SnapshotSweep plugs in here.
    using ListerFactory = std::function<QObject *(ElastiCacheClient *client, const ListerSink &sink)>;
    // The plain listing: DescribeSnapshots and DescribeServerlessCacheSnapshots side by side, page after page; the
    // first error stops both.
    static ListerFactory plainLister();
    // SnapshotSweep: automatic snapshots per source, many sources at once, beside one sweep of the manual ones; a
    // fallback to the plain listing comes through the sink's restarted. It runs on the listing thread
    // (ListingThread::onListingThread), with a client of its own made from the one given.
    static ListerFactory sweepLister(const SnapshotSweep::Options &options);
    static ListerFactory sweepLister();
    // What a snapshot can be taken of (the groups, every cluster with its group, the serverless caches), every page,
    // on the listing thread: at a million snapshots over 20 connections, some 2,000 pages of hundreds of kilobytes
    // whose answers arrived on the window's thread in bursts at the start of a listing. Each kind's whole list goes
    // to the sink's sources as that kind completes; finished comes once all three have ended (a kind that failed
    // lists nothing, and the first failure is the error).
    static ListerFactory sourceLister();

    // resolver gives each connection's client configuration (credentialChainConnectionResolver(), a sandbox's).
    FleetInventory(QList<ConnectionChoice> connections, ConnectionResolver resolver, QObject *parent = nullptr);
    ~FleetInventory() override;

    // Before start().
    void setOptions(const Options &options);
    void setListerFactory(ListerFactory factory);
    // An account lookup shared with others (the window keeps one across listings); by default the inventory's own.
    void setAccountLookup(AccountLookup *accounts);

    // Lists every connection (again: what runs is stopped first).
    void start();
    // Lists one finished connection again. One that failed is resolved anew: its configuration, and, when it failed
    // before listing, its profile's credentials and account too (the files or the keychain may have been fixed).
    void retry(int index);
    // Stops everything; connections not finished end Failed with a Cancelled error.
    void cancel();

    const QList<ConnectionChoice> &connections() const;
    const FleetConnectionState &state(int index) const;
    // Nothing waiting or running (also before start()).
    bool isFinished() const;
    // The connection's client once its configuration is resolved (to act on its rows), else null. The inventory owns
    // it. It stays the same across start() and retry() while the connection works (its last run ended Done or
    // NotEnabled); a connection that failed is resolved anew, with a new client (the old one is deleted on the next
    // turn of the event loop).
    ElastiCacheClient *client(int index) const;

Q_SIGNALS:
    void nodePage(int index, const QList<Snapshot> &page);
    void serverlessPage(int index, const QList<ServerlessCacheSnapshot> &page);
    // With Options::entryPages, the pages of listers on another thread (node-based and serverless in one list).
    void entryPage(int index, const QList<SnapshotEntry> &page);
    void stateChanged(int index, const FleetConnectionState &state);
    // The connection's lister started over (a fallback to plain paging): its pages from now on make its whole list;
    // rows of the connection that they do not list again are gone. The state's snapshot count starts again at 0.
    void restarted(int index, const QString &reason);
    // Every connection has finished: after the last one's stateChanged(), and again after each retry.
    void finished();

private:
    struct Connection
    {
        FleetConnectionState state;
        bool queued = false;
        bool running = false;
        bool listed = false; // its lister was started
        bool accountSettled = false; // its account answered, or the lookup could not reach STS (the key not refused)
        // Its lister finished before the account answered: how (nullopt: the whole list), until the account does.
        std::optional<std::optional<ApiError>> heldEnd;
        bool working = false; // the last run ended Done or NotEnabled: the next one keeps its client
        quint64 generation = 0; // callbacks of an earlier run are ignored
        QPointer<ElastiCacheClient> client;
        QPointer<QObject> lister;
        QElapsedTimer clock;
    };

    void enqueue(int index);
    void pump();
    void begin(int index);
    void list(int index, quint64 generation);
    void listingEnded(int index, const std::optional<ApiError> &error);
    bool leadsProfile(int index) const;
    void end(int index, FleetConnectionState::Phase phase, std::optional<ApiError> error);
    void stop(int index);
    void setState(int index);
    void setRunning(int index, bool running);
    void retire(QPointer<QObject> &lister);

    QList<ConnectionChoice> m_choices;
    ConnectionResolver m_resolver;
    Options m_options;
    ListerFactory m_listerFactory;
    AccountLookup *m_accounts = nullptr;
    QList<Connection> m_connections;
    // Each profile's credentials provider, shared by its connections: one AssumeRole, SSO or process call (and
    // one MFA prompt) per profile rather than per region.
    QHash<QString, std::shared_ptr<CredentialsProvider>> m_providers;
    int m_running = 0;
    QHash<QString, int> m_runningPerProfile;
    QList<QPointer<QObject>> m_retired; // listers stopped, deleted on the next turn
    bool m_pumping = false;
    bool m_pumpAgain = false;
    bool m_finishedSignalled = true;
};
