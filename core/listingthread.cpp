// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "listingthread.h"

#include "backgroundwork.h"
#include "credentialproviders.h"
#include "credentials.h"
#include "elasticacheclient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QThread>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// The threads, and the weight of the listings each has (both used from the application's thread only).
struct Threads
{
    std::vector<QThread *> threads;
    std::vector<int> weights;
};
Threads g_threads;

void stopThreads()
{
    // What a thread still holds (listings whose deletion was asked for) goes as its loop ends.
    for (QThread *thread : std::exchange(g_threads, {}).threads) {
        thread->quit();
        thread->wait();
        delete thread;
    }
}

// The thread whose listings weigh least (the first of those), with weight added until releaseThread().
int acquireThread(int weight)
{
    ListingThread::threads(); // started
    const auto least = std::min_element(g_threads.weights.begin(), g_threads.weights.end());
    *least += weight;
    return int(least - g_threads.weights.begin());
}

void releaseThread(int index, int weight)
{
    if (size_t(index) < g_threads.weights.size()) // not after the application's end
        g_threads.weights[size_t(index)] -= weight;
}

ApiError stopped()
{
    return ApiError::make(ApiError::Kind::Cancelled, u"Cancelled"_s, u"The listing was stopped."_s);
}

// One listing, on a listing thread: its client, its lister, and its credentials, asked of the caller's thread.
// Deleted only by its Handle (deleteLater), so the Handle may post to it while it lives.
class Host final : public QObject
{
    Q_OBJECT

public:
    ~Host() override
    {
        // The lister first: it aborts its jobs through the client.
        delete m_lister.data();
        const ApiError error = stopped();
        for (const Waiter &waiter : std::as_const(m_waiters)) {
            if (waiter.context)
                QMetaObject::invokeMethod(
                    waiter.context.data(), [done = waiter.done, error] { done(error); }, Qt::QueuedConnection);
        }
    }

    // entries: pages are made into rows here (entryPage), off the caller's thread.
    void start(ClientConfig config, const std::function<double()> &random, const FleetInventory::ListerFactory &factory,
               bool entries);

    // A request's wait for credentials (in this thread). The last ones answered serve every request until they are
    // within the providers' refresh margin of their expiry: a listing of thousands of requests asks the caller's
    // thread (a busy window's) once, not thousands of times. Requests that come while it is asked wait for its
    // answer (answerCredentials()); an error is answered to them and never kept.
    void waitForCredentials(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done)
    {
        if (m_credentials
            && m_credentials->usableAt(QDateTime::currentDateTimeUtc(),
                                       RefreshingCredentialsProvider::kRefreshMarginSeconds)) {
            QMetaObject::invokeMethod(
                context, [done = std::move(done), credentials = *m_credentials] { done(credentials); },
                Qt::QueuedConnection);
            return;
        }
        m_waiters.append({context, std::move(done)});
        if (std::exchange(m_asking, true))
            return;
        Q_EMIT credentialsWanted();
    }
    void answerCredentials(const ApiResult<AwsCredentials> &credentials)
    {
        m_asking = false;
        m_credentials = credentials ? std::optional(credentials.value()) : std::nullopt;
        // A request answered may ask again (another attempt) or end others' jobs: each waiter is checked as it comes.
        const QList<Waiter> waiters = std::exchange(m_waiters, {});
        for (const Waiter &waiter : waiters) {
            if (waiter.context && waiter.done)
                waiter.done(credentials);
        }
    }

Q_SIGNALS:
    void nodePage(const QList<Snapshot> &page);
    void serverlessPage(const QList<ServerlessCacheSnapshot> &page);
    void entryPage(const QList<SnapshotEntry> &page);
    void restarted(const QString &reason);
    void sources(SnapshotSource::Type type, const QList<SnapshotSource> &sources);
    void finished(const std::optional<ApiError> &error);
    void credentialsWanted();

private:
    struct Waiter
    {
        QPointer<QObject> context;
        std::function<void(const ApiResult<AwsCredentials> &)> done;
    };
    QList<Waiter> m_waiters;
    std::optional<AwsCredentials> m_credentials;
    bool m_asking = false;
    QPointer<QObject> m_lister;
};

// The listing client's credentials: each fetch asks the caller's thread, where the connection's own provider lives.
class ForwardedCredentials final : public CredentialsProvider
{
public:
    ForwardedCredentials(Host *host, QString description)
        : m_host(host)
        , m_description(std::move(description))
    {
    }
    void fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done) override
    {
        if (m_host) {
            m_host->waitForCredentials(context, std::move(done));
            return;
        }
        QMetaObject::invokeMethod(
            context, [done = std::move(done)] { done(stopped()); }, Qt::QueuedConnection);
    }
    QString description() const override { return m_description; }

private:
    QPointer<Host> m_host; // read on its thread only
    QString m_description;
};

void Host::start(ClientConfig config, const std::function<double()> &random,
                 const FleetInventory::ListerFactory &factory, bool entries)
{
    const QString description = config.credentials ? config.credentials->description() : QString();
    config.credentials = std::make_shared<ForwardedCredentials>(this, description);
    auto *client = new ElastiCacheClient(std::move(config), this);
    if (random)
        client->setRetryRandomSource(random);
    // A page as parsed through signal, or as rows made here.
    const auto passOn = [this, entries]<typename Item>(void (Host::*signal)(const QList<Item> &)) {
        return [this, entries, signal](const QList<Item> &page) {
            if (entries)
                Q_EMIT entryPage(SnapshotEntry::fromPage(page));
            else
                Q_EMIT(this->*signal)(page);
        };
    };
    FleetInventory::ListerSink sink;
    sink.nodePage = passOn(&Host::nodePage);
    sink.serverlessPage = passOn(&Host::serverlessPage);
    sink.restarted = [this](const QString &reason) {
        Q_EMIT restarted(reason);
    };
    sink.sources = [this](SnapshotSource::Type type, const QList<SnapshotSource> &list) {
        Q_EMIT sources(type, list);
    };
    sink.finished = [this](const std::optional<ApiError> &error) {
        Q_EMIT finished(error);
    };
    QObject *lister = factory(client, sink);
    if (!lister) {
        Q_EMIT finished(ApiError::make(ApiError::Kind::Config, u"NoLister"_s, u"The listing could not be started."_s));
        return;
    }
    if (!lister->parent())
        lister->setParent(this);
    m_lister = lister;
}

// The caller's side of one listing: passes what the Host says to the sink, and the Host's requests for credentials
// to the connection's provider. Deleting it stops the listing.
class Handle final : public QObject
{
public:
    Handle(ElastiCacheClient *client, FleetInventory::ListerSink sink, const FleetInventory::ListerFactory &factory,
           int weight)
        : m_sink(std::move(sink))
        , m_weight(weight)
        , m_thread(acquireThread(weight))
        , m_host(new Host)
    {
        m_host->moveToThread(g_threads.threads[size_t(m_thread)]);
        // Queued (the Host is on another thread) and dropped once this is gone.
        connect(m_host, &Host::nodePage, this, [this](const QList<Snapshot> &page) { m_sink.nodePage(page); });
        connect(m_host, &Host::serverlessPage, this,
                [this](const QList<ServerlessCacheSnapshot> &page) { m_sink.serverlessPage(page); });
        connect(m_host, &Host::entryPage, this, [this](const QList<SnapshotEntry> &page) { m_sink.entryPage(page); });
        connect(m_host, &Host::restarted, this, [this](const QString &reason) { m_sink.restarted(reason); });
        connect(m_host, &Host::sources, this, [this](SnapshotSource::Type type, const QList<SnapshotSource> &list) {
            if (m_sink.sources)
                m_sink.sources(type, list);
        });
        connect(m_host, &Host::finished, this,
                [this](const std::optional<ApiError> &error) { m_sink.finished(error); });
        connect(m_host, &Host::credentialsWanted, this, [this, provider = client->config().credentials] {
            Host *host = m_host; // alive while this is: only this deletes it
            const auto answer = [host](const ApiResult<AwsCredentials> &credentials) {
                QMetaObject::invokeMethod(
                    host, [host, credentials] { host->answerCredentials(credentials); }, Qt::QueuedConnection);
            };
            if (!provider) {
                answer(ApiError::make(ApiError::Kind::Credentials, u"NoCredentials"_s,
                                      u"Unable to locate credentials."_s));
                return;
            }
            provider->fetch(this, answer);
        });
        QMetaObject::invokeMethod(
            m_host,
            [host = m_host, config = client->config(), random = client->retryRandomSource(), factory,
             entries = bool(m_sink.entryPage)] { host->start(config, random, factory, entries); },
            Qt::QueuedConnection);
    }
    ~Handle() override
    {
        m_host->deleteLater();
        releaseThread(m_thread, m_weight);
    }

private:
    FleetInventory::ListerSink m_sink;
    int m_weight;
    int m_thread;
    Host *m_host;
};

} // namespace

const std::vector<QThread *> &ListingThread::threads()
{
    if (g_threads.threads.empty()) {
        const int count = std::clamp(QThread::idealThreadCount(), 2, kMostThreads);
        for (int i = 0; i < count; ++i) {
            auto *thread = new QThread;
            thread->setObjectName(u"cachesnap listing"_s);
            thread->start();
            auto *lowering = new QObject;
            lowering->moveToThread(thread);
            QMetaObject::invokeMethod(
                lowering,
                [lowering] {
                    BackgroundWork::lowerCurrentThread();
                    delete lowering;
                },
                Qt::QueuedConnection);
            g_threads.threads.push_back(thread);
        }
        g_threads.weights.assign(g_threads.threads.size(), 0);
        qAddPostRoutine(stopThreads);
    }
    return g_threads.threads;
}

FleetInventory::ListerFactory ListingThread::onListingThread(FleetInventory::ListerFactory factory, Weight weight)
{
    return [factory = std::move(factory), weight = weight == Weight::Heavy ? 1 : 0](
               ElastiCacheClient *client, const FleetInventory::ListerSink &sink) -> QObject * {
        return new Handle(client, sink, factory, weight);
    };
}

#include "listingthread.moc"
