// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet's listing: several accounts and regions of the in-process sandbox over loopback HTTP, each profile's
// account from STS GetCallerIdentity, bounded concurrency, and one connection failing or not enabled while the
// others finish.
#include "accountlookup.h"
#include "elasticacheclient.h"
#include "fleetinventory.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "stsclient.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr auto kHomeAccount = "123456789012"_L1;
constexpr auto kOtherAccount = "210987654321"_L1;
constexpr auto kThirdAccount = "333333333333"_L1;
constexpr auto kOtherKey = "AKIDFLEETOTHER"_L1;
constexpr auto kOtherSecret = "other-secret"_L1;
constexpr auto kThirdKey = "AKIDFLEETTHIRD"_L1;
constexpr auto kThirdSecret = "third-secret"_L1;

using Phase = FleetConnectionState::Phase;

// What the inventory said about one connection.
struct Seen
{
    QSet<QString> names; // node-based and serverless snapshot names
    QSet<QString> arns;
    qint64 pageItems = 0;
    qint64 entryItems = 0; // of those, the ones that came as rows (FleetInventory::entryPage)
    QList<Phase> phases;
};

// The requests the sandbox handled (SandboxServer::requestHandled) with this action.
int callsOf(const QSignalSpy &requests, const QString &action)
{
    return int(std::count_if(requests.cbegin(), requests.cend(),
                             [&action](const QList<QVariant> &request) { return request.at(0).toString() == action; }));
}

// The most connections running at once (resolving or listing), in total and per profile, over an inventory's run; and
// each start that broke the rule of the bound per profile: a connection starts beyond its profile's bound only when
// every other profile with a connection waiting runs at least its bound, and at least as many.
struct RunningPeaks
{
    int total = 0;
    QHash<QString, int> perProfile;
    QStringList unfair;

    void watch(FleetInventory &inventory, const QList<ConnectionChoice> &choices, int bound, QObject *context)
    {
        QObject::connect(&inventory, &FleetInventory::stateChanged, context,
                         [this, &inventory, choices, bound, phases = QList<Phase>(choices.size(), Phase::Waiting)](
                             int index, const FleetConnectionState &state) mutable {
                             int running = 0;
                             QHash<QString, int> now;
                             for (int i = 0; i < choices.size(); ++i) {
                                 const Phase phase = inventory.state(i).phase;
                                 if (phase == Phase::Resolving || phase == Phase::Listing) {
                                     ++running;
                                     ++now[choices.at(i).profile];
                                 }
                             }
                             total = std::max(total, running);
                             for (auto it = now.cbegin(); it != now.cend(); ++it)
                                 perProfile[it.key()] = std::max(perProfile.value(it.key()), it.value());
                             const bool started = phases.at(index) == Phase::Waiting && state.phase == Phase::Resolving;
                             phases[index] = state.phase;
                             const QString &profile = choices.at(index).profile;
                             const int before = now.value(profile) - 1;
                             if (!started || before < bound)
                                 return;
                             for (int i = 0; i < choices.size(); ++i) {
                                 const QString &other = choices.at(i).profile;
                                 if (other != profile && inventory.state(i).phase == Phase::Waiting
                                     && (now.value(other) < bound || now.value(other) < before))
                                     unfair.append(u"%1 started with %2 of %3 running while %4 waited with %5"_s.arg(
                                         choices.at(index).key(), QString::number(before), profile, choices.at(i).key(),
                                         QString::number(now.value(other))));
                             }
                         });
    }
};

} // namespace

class TestFleetInventory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void callerIdentityResponse_data();
    void callerIdentityResponse();
    void severalAccountsAndRegions_data();
    void severalAccountsAndRegions();
    void failureAndRegionNotEnabledLeaveTheOthers();
    void concurrencyBoundsAndOneAccountLookupPerProfile();
    void oneProfileTakesEverySlot();
    void slotsLeftGoToTheProfileRunningFewest();
    void cancelStopsEverything();
    void firstConnectionOfAProfileListsWhileItsAccountIsAsked();
    void listerThatStartsOver();

private:
    // Two accounts in us-east-1, eu-west-1 and us-west-2, a third in us-west-2 only.
    void startServer(int latencyMs = 0);
    // Each profile's key pair; "wrong" has a key no account has.
    ConnectionResolver resolver();
    void watch(FleetInventory &inventory);
    // Every snapshot (node-based and serverless) the sandbox holds for account in region.
    QSet<QString> expectedNames(const QString &account, const QString &region) const;

    std::unique_ptr<SandboxServer> m_server;
    QHash<QString, std::pair<QString, QString>> m_keys; // profile → key id, secret
    QList<Seen> m_seen;
};

void TestFleetInventory::init()
{
    m_keys = {
        {u"home"_s, {QString(SandboxDefaults::accessKeyId), QString(SandboxDefaults::secretAccessKey)}},
        {u"other"_s, {QString(kOtherKey), QString(kOtherSecret)}},
        {u"third"_s, {QString(kThirdKey), QString(kThirdSecret)}},
        {u"wrong"_s, {u"AKIDNOSUCHKEY"_s, u"no-such-secret"_s}},
    };
    m_seen.clear();
}

void TestFleetInventory::cleanup()
{
    m_server.reset();
}

void TestFleetInventory::startServer(int latencyMs)
{
    SandboxConfig config;
    config.seed = 13;
    config.seedSnapshots = 30;
    config.seedAnchor = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);
    config.regions = {u"eu-west-1"_s, u"us-west-2"_s};
    config.accountKeys = {
        {QString(kOtherAccount), QString(kOtherKey), QString(kOtherSecret), {}},
        {QString(kThirdAccount), QString(kThirdKey), QString(kThirdSecret), {u"us-west-2"_s}},
    };
    config.latencyMs = latencyMs;
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

ConnectionResolver TestFleetInventory::resolver()
{
    return [this](const ConnectionChoice &choice) -> ApiResult<ClientConfig> {
        const auto keys = m_keys.constFind(choice.profile);
        if (keys == m_keys.cend())
            return ApiError::make(ApiError::Kind::Credentials, u"ProfileNotFound"_s,
                                  u"The config profile (%1) could not be found"_s.arg(choice.profile));
        ClientConfig config;
        config.region = choice.region;
        config.endpoint = m_server->url();
        AwsCredentials credentials;
        credentials.accessKeyId = keys->first;
        credentials.secretAccessKey = keys->second;
        config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
        return config;
    };
}

void TestFleetInventory::watch(FleetInventory &inventory)
{
    m_seen = QList<Seen>(inventory.connections().size());
    connect(&inventory, &FleetInventory::nodePage, this, [this](int index, const QList<Snapshot> &page) {
        for (const Snapshot &snapshot : page) {
            m_seen[index].names.insert(snapshot.snapshotName);
            m_seen[index].arns.insert(snapshot.arn);
        }
        m_seen[index].pageItems += page.size();
    });
    connect(&inventory, &FleetInventory::serverlessPage, this,
            [this](int index, const QList<ServerlessCacheSnapshot> &page) {
                for (const ServerlessCacheSnapshot &snapshot : page) {
                    m_seen[index].names.insert(snapshot.serverlessCacheSnapshotName);
                    m_seen[index].arns.insert(snapshot.arn);
                }
                m_seen[index].pageItems += page.size();
            });
    connect(&inventory, &FleetInventory::entryPage, this, [this](int index, const QList<SnapshotEntry> &page) {
        for (const SnapshotEntry &entry : page) {
            m_seen[index].names.insert(entry.name());
            m_seen[index].arns.insert(entry.arn());
        }
        m_seen[index].pageItems += page.size();
        m_seen[index].entryItems += page.size();
    });
    connect(&inventory, &FleetInventory::stateChanged, this, [this](int index, const FleetConnectionState &state) {
        QList<Phase> &phases = m_seen[index].phases;
        if (phases.isEmpty() || phases.last() != state.phase)
            phases.append(state.phase);
    });
}

QSet<QString> TestFleetInventory::expectedNames(const QString &account, const QString &region) const
{
    SandboxState *state = m_server->state(account, region);
    if (!state)
        return {};
    QSet<QString> names;
    const QJsonObject json = state->toJson();
    for (const QString &list : {u"snapshots"_s, u"serverlessSnapshots"_s}) {
        for (const QJsonValue &item : json.value(list).toArray()) {
            const QJsonObject object = item.toObject();
            names.insert(
                object.value(u"SnapshotName"_s).toString(object.value(u"ServerlessCacheSnapshotName"_s).toString()));
        }
    }
    return names;
}

void TestFleetInventory::callerIdentityResponse_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("account"); // empty: an error
    QTest::addColumn<QString>("error");

    const QByteArray good = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                            "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn>"
                            "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                            "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                            "</GetCallerIdentityResponse>";
    QTest::newRow("answer") << good << u"123456789012"_s << QString();
    QTest::newRow("no account") << QByteArray("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn>"
                                              "</GetCallerIdentityResult></GetCallerIdentityResponse>")
                                << QString() << u"lacks the Account"_s;
    QTest::newRow("not an account") << QByteArray("<GetCallerIdentityResponse><GetCallerIdentityResult>"
                                                  "<Account>../../x</Account></GetCallerIdentityResult>"
                                                  "</GetCallerIdentityResponse>")
                                    << QString() << u"not an account ID"_s;
    QTest::newRow("other document") << QByteArray("<AssumeRoleResponse/>") << QString()
                                    << u"Expected a GetCallerIdentityResponse"_s;
    QTest::newRow("long member") << QByteArray("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>"
                                               + QByteArray(5000, 'a')
                                               + "</Arn><Account>123456789012</Account></GetCallerIdentityResult>"
                                                 "</GetCallerIdentityResponse>")
                                 << QString() << u"longer than 2048"_s;
    QTest::newRow("broken") << QByteArray("<GetCallerIdentityResponse><GetCallerIdentityResult>") << QString()
                            << u"not well-formed"_s;
}

void TestFleetInventory::callerIdentityResponse()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, account);
    QFETCH(QString, error);
    const ApiResult<CallerIdentity> result = StsXml::callerIdentityResponse(xml);
    if (account.isEmpty()) {
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(error), qPrintable(result.error().message));
        return;
    }
    QVERIFY2(result, result ? "" : qPrintable(result.error().toString()));
    QCOMPARE(result.value().account, account);
    QCOMPARE(result.value().userId, u"AIDAEXAMPLE"_s);
}

void TestFleetInventory::severalAccountsAndRegions_data()
{
    QTest::addColumn<bool>("perSource");
    QTest::addColumn<bool>("entryPages");
    QTest::newRow("plain pages") << false << false;
    QTest::newRow("plain pages, rows asked for") << false << true;
    QTest::newRow("per source") << true << false;
    QTest::newRow("per source, as rows") << true << true;
}

void TestFleetInventory::severalAccountsAndRegions()
{
    QFETCH(bool, perSource);
    QFETCH(bool, entryPages);
    startServer();
    const QList<ConnectionChoice> choices
        = ConnectionChoice::expand({u"home"_s, u"other"_s}, {u"us-east-1"_s, u"eu-west-1"_s})
        + ConnectionChoice::expand({u"third"_s}, {u"us-west-2"_s});
    FleetInventory inventory(choices, resolver());
    FleetInventory::Options options;
    options.entryPages = entryPages;
    inventory.setOptions(options);
    if (perSource)
        inventory.setListerFactory(FleetInventory::sweepLister());
    watch(inventory);
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(8000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(inventory.isFinished());

    const QStringList accounts = {QString(kHomeAccount), QString(kHomeAccount), QString(kOtherAccount),
                                  QString(kOtherAccount), QString(kThirdAccount)};
    QSet<QString> everyName;
    for (int i = 0; i < choices.size(); ++i) {
        const FleetConnectionState &state = inventory.state(i);
        const QString what = choices.at(i).key() + u": "_s + state.words();
        QVERIFY2(state.phase == Phase::Done, qPrintable(what));
        QCOMPARE(state.accountId, accounts.at(i));
        QCOMPARE(m_seen.at(i).phases, (QList<Phase> {Phase::Waiting, Phase::Resolving, Phase::Listing, Phase::Done}));
        // Exactly what that account holds in that region, each snapshot once.
        const QSet<QString> expected = expectedNames(accounts.at(i), choices.at(i).region);
        QVERIFY(expected.size() > 10);
        QCOMPARE(m_seen.at(i).names, expected);
        QCOMPARE(m_seen.at(i).pageItems, qint64(expected.size()));
        // As rows made on the listing thread when asked for; the plain lister, on this thread, pages as parsed.
        QCOMPARE(m_seen.at(i).entryItems, perSource && entryPages ? qint64(expected.size()) : 0);
        QCOMPARE(state.snapshots, qint64(expected.size()));
        QVERIFY(state.words().startsWith(u"done: %1 in "_s.arg(expected.size())));
        for (const QString &arn : m_seen.at(i).arns)
            QVERIFY2(arn.contains(u":%1:%2:"_s.arg(choices.at(i).region, accounts.at(i))), qPrintable(arn));
        QVERIFY(inventory.client(i));
        QCOMPARE(inventory.client(i)->config().region, choices.at(i).region);
        everyName += m_seen.at(i).names;
    }
    // The data differs between accounts and regions (beyond the fixtures every one has).
    QVERIFY(everyName.size() > m_seen.at(0).names.size() * 2);
}

void TestFleetInventory::failureAndRegionNotEnabledLeaveTheOthers()
{
    startServer();
    const QList<ConnectionChoice> choices = {
        {u"home"_s, u"us-east-1"_s, {}, false},    {u"wrong"_s, u"us-east-1"_s, {}, false},
        {u"home"_s, u"ap-east-1"_s, {}, false}, // an opt-in region the account has not enabled
        {u"missing"_s, u"us-east-1"_s, {}, false}, // not even a configuration
        {u"other"_s, u"eu-west-1"_s, {}, false},
    };
    FleetInventory inventory(choices, resolver());
    watch(inventory);
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(8000));

    QCOMPARE(inventory.state(0).phase, Phase::Done);
    QCOMPARE(inventory.state(4).phase, Phase::Done);
    QCOMPARE(m_seen.at(0).names, expectedNames(QString(kHomeAccount), u"us-east-1"_s));
    QCOMPARE(m_seen.at(4).names, expectedNames(QString(kOtherAccount), u"eu-west-1"_s));

    // A key STS does not take: failed, with the reason in plain words.
    const FleetConnectionState &wrong = inventory.state(1);
    QCOMPARE(wrong.phase, Phase::Failed);
    QVERIFY(wrong.error);
    QCOMPARE(wrong.error->code, u"InvalidClientTokenId"_s);
    QVERIFY(wrong.accountId.isEmpty());
    QVERIFY2(wrong.words().startsWith(u"failed: AWS did not accept the credentials (InvalidClientTokenId)"_s),
             qPrintable(wrong.words()));
    QVERIFY(m_seen.at(1).names.isEmpty());

    // The same answer from a region, to a key STS took: the region is not enabled.
    const FleetConnectionState &optIn = inventory.state(2);
    QCOMPARE(optIn.phase, Phase::NotEnabled);
    QCOMPARE(optIn.accountId, QString(kHomeAccount));
    QCOMPARE(optIn.words(), u"region not enabled for this account"_s);

    QCOMPARE(inventory.state(3).phase, Phase::Failed);
    QCOMPARE(inventory.state(3).error->code, u"ProfileNotFound"_s);

    // Retry lists one connection again: still wrong, then (the key fixed) listed, and finished() each time. A
    // connection that works keeps its client; one that failed is resolved again, with a new one.
    ElastiCacheClient *const working = inventory.client(0);
    const QPointer<ElastiCacheClient> failedClient = inventory.client(1);
    QVERIFY(working);
    QVERIFY(failedClient);
    inventory.retry(1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 2);
    QCOMPARE(inventory.state(1).phase, Phase::Failed);
    m_keys[u"wrong"_s] = {QString(kThirdKey), QString(kThirdSecret)};
    inventory.retry(0); // a finished, good connection lists again too
    inventory.retry(1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 3);
    QCOMPARE(inventory.state(0).phase, Phase::Done);
    QCOMPARE(inventory.client(0), working);
    QVERIFY(!failedClient); // replaced and deleted
    QVERIFY(inventory.client(1));
    // The third account does not serve us-east-1: now a region not enabled for it.
    QCOMPARE(inventory.state(1).phase, Phase::NotEnabled);
    QCOMPARE(inventory.state(1).accountId, QString(kThirdAccount));
    QCOMPARE(inventory.state(4).phase, Phase::Done); // untouched
}

void TestFleetInventory::concurrencyBoundsAndOneAccountLookupPerProfile()
{
    startServer(30); // every request takes a while, so the listings overlap
    const QList<ConnectionChoice> choices
        = ConnectionChoice::expand({u"home"_s, u"other"_s}, {u"us-east-1"_s, u"eu-west-1"_s, u"us-west-2"_s});
    FleetInventory inventory(choices, resolver());
    FleetInventory::Options options;
    options.maxConcurrent = 3;
    options.maxPerProfile = 2;
    inventory.setOptions(options);
    // Listers counted as the inventory makes and ends them.
    int listing = 0;
    int mostListing = 0;
    inventory.setListerFactory([&](ElastiCacheClient *client, const FleetInventory::ListerSink &sink) {
        ++listing;
        mostListing = std::max(mostListing, listing);
        FleetInventory::ListerSink counted = sink;
        counted.finished = [&listing, sink](const std::optional<ApiError> &error) {
            --listing;
            sink.finished(error);
        };
        return FleetInventory::plainLister()(client, counted);
    });
    RunningPeaks peaks;
    peaks.watch(inventory, choices, options.maxPerProfile, this);
    QSignalSpy requests(m_server.get(), &SandboxServer::requestHandled);
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(8000));

    for (int i = 0; i < choices.size(); ++i)
        QVERIFY2(inventory.state(i).phase == Phase::Done, qPrintable(inventory.state(i).words()));
    // The bounds are reached, and the one per profile passed only into slots the other profile could not take. At
    // the start, home's first two connections and other's first run; which run together later depends on which
    // connections end first (home's third may run beside its first two once other has none waiting).
    QCOMPARE(peaks.total, 3);
    QVERIFY(peaks.perProfile.value(u"home"_s) >= 2);
    QVERIFY(peaks.perProfile.value(u"other"_s) >= 1);
    QVERIFY2(peaks.unfair.isEmpty(), qPrintable(peaks.unfair.join(u"; "_s)));
    QVERIFY(mostListing <= 3);
    QCOMPARE(listing, 0);

    // One GetCallerIdentity per profile, whatever the number of its regions.
    QCOMPARE(callsOf(requests, u"GetCallerIdentity"_s), 2);

    // A lookup shared across listings asks no more.
    AccountLookup accounts;
    FleetInventory again(choices, resolver());
    again.setAccountLookup(&accounts);
    QSignalSpy againFinished(&again, &FleetInventory::finished);
    again.start();
    QVERIFY(againFinished.wait(8000));
    QCOMPARE(accounts.calls(), 2);
    ElastiCacheClient *const firstClient = again.client(0);
    again.start();
    QVERIFY(againFinished.wait(8000));
    QCOMPARE(accounts.calls(), 2);
    QCOMPARE(again.client(0), firstClient); // a refresh keeps the connection's client
    QCOMPARE(accounts.known(choices.first()), QString(kHomeAccount));
    QCOMPARE(again.state(5).accountId, QString(kOtherAccount));
}

void TestFleetInventory::oneProfileTakesEverySlot()
{
    // Alone in the set, a profile has no other to make room for: the bound per profile does not hold it back.
    startServer(30);
    const QList<ConnectionChoice> choices
        = ConnectionChoice::expand({u"home"_s}, {u"us-east-1"_s, u"eu-west-1"_s, u"us-west-2"_s});
    FleetInventory inventory(choices, resolver());
    FleetInventory::Options options;
    options.maxConcurrent = 2;
    options.maxPerProfile = 1;
    inventory.setOptions(options);
    RunningPeaks peaks;
    peaks.watch(inventory, choices, options.maxPerProfile, this);
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(8000));
    for (int i = 0; i < choices.size(); ++i)
        QVERIFY2(inventory.state(i).phase == Phase::Done, qPrintable(inventory.state(i).words()));
    QCOMPARE(peaks.total, 2); // the total bound still holds
    QCOMPARE(peaks.perProfile.value(u"home"_s), 2);
    QVERIFY2(peaks.unfair.isEmpty(), qPrintable(peaks.unfair.join(u"; "_s)));
}

void TestFleetInventory::slotsLeftGoToTheProfileRunningFewest()
{
    // home has three regions and other two, one connection each within the bound: the two slots left go one to each
    // (the profile running fewer first), not both to home, which comes first in the set.
    startServer(30);
    const QList<ConnectionChoice> choices
        = ConnectionChoice::expand({u"home"_s}, {u"us-east-1"_s, u"eu-west-1"_s, u"us-west-2"_s})
        + ConnectionChoice::expand({u"other"_s}, {u"us-east-1"_s, u"eu-west-1"_s});
    FleetInventory inventory(choices, resolver());
    FleetInventory::Options options;
    options.maxConcurrent = 4;
    options.maxPerProfile = 1;
    inventory.setOptions(options);
    RunningPeaks peaks;
    peaks.watch(inventory, choices, options.maxPerProfile, this);
    int startedAtOnce = 0;
    QHash<QString, int> firstWave;
    connect(&inventory, &FleetInventory::stateChanged, this, [&](int index, const FleetConnectionState &state) {
        if (state.phase == Phase::Resolving && startedAtOnce < options.maxConcurrent) {
            ++startedAtOnce;
            ++firstWave[choices.at(index).profile];
        }
    });
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(8000));
    for (int i = 0; i < choices.size(); ++i)
        QVERIFY2(inventory.state(i).phase == Phase::Done, qPrintable(inventory.state(i).words()));
    QCOMPARE(startedAtOnce, 4);
    QCOMPARE(firstWave.value(u"home"_s), 2);
    QCOMPARE(firstWave.value(u"other"_s), 2);
    QCOMPARE(peaks.total, 4); // no slot left empty while a connection waited
    QVERIFY2(peaks.unfair.isEmpty(), qPrintable(peaks.unfair.join(u"; "_s)));
}

void TestFleetInventory::cancelStopsEverything()
{
    startServer(200);
    const QList<ConnectionChoice> choices = ConnectionChoice::expand({u"home"_s}, {u"us-east-1"_s, u"eu-west-1"_s});
    FleetInventory inventory(choices, resolver());
    watch(inventory);
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    // The first lists while the profile's account is asked for; the second waits for the account.
    QTRY_COMPARE(inventory.state(0).phase, Phase::Listing);
    QCOMPARE(inventory.state(1).phase, Phase::Resolving);
    inventory.cancel();
    QCOMPARE(finished.size(), 1);
    QVERIFY(inventory.isFinished());
    for (int i = 0; i < choices.size(); ++i) {
        QCOMPARE(inventory.state(i).phase, Phase::Failed);
        QCOMPARE(inventory.state(i).error->kind, ApiError::Kind::Cancelled);
    }
    // Nothing more comes from the stopped listings.
    QTest::qWait(600);
    QCOMPARE(finished.size(), 1);
    for (const Seen &seen : std::as_const(m_seen))
        QCOMPARE(seen.phases.last(), Phase::Failed);
}

void TestFleetInventory::firstConnectionOfAProfileListsWhileItsAccountIsAsked()
{
    // The first rows after one round trip: one connection of each profile lists before its account is known; the
    // others wait for it, so a key STS refuses costs one listing's requests, not every region's.
    startServer(100);
    const QList<ConnectionChoice> choices
        = ConnectionChoice::expand({u"home"_s, u"wrong"_s}, {u"us-east-1"_s, u"eu-west-1"_s, u"us-west-2"_s});
    FleetInventory inventory(choices, resolver());
    watch(inventory);
    AccountLookup accounts;
    inventory.setAccountLookup(&accounts);
    // Each lister as it starts: whether its connection's account was known then. A lister that starts before the
    // account ends at once, so that its end has to wait for the account's answer to be judged.
    QList<std::pair<int, bool>> started;
    inventory.setListerFactory([&](ElastiCacheClient *client, const FleetInventory::ListerSink &sink) -> QObject * {
        int index = -1;
        for (int i = 0; i < choices.size(); ++i)
            index = inventory.client(i) == client ? i : index;
        const bool accountKnown = !inventory.state(index).accountId.isEmpty();
        started.append({index, accountKnown});
        if (!accountKnown) {
            sink.finished(std::nullopt);
            return new QObject;
        }
        return FleetInventory::plainLister()(client, sink);
    });
    QSignalSpy requests(m_server.get(), &SandboxServer::requestHandled);
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(8000));

    const auto profileOf = [&](const std::pair<int, bool> &lister) {
        return choices.at(lister.first).profile;
    };
    QList<std::pair<int, bool>> early;
    std::copy_if(started.cbegin(), started.cend(), std::back_inserter(early),
                 [](const std::pair<int, bool> &lister) { return !lister.second; });
    QCOMPARE(early.size(), 2); // one a profile
    QVERIFY(profileOf(early.at(0)) != profileOf(early.at(1)));
    QCOMPARE(started.size(), 4); // and home's other two regions once its account came; none of wrong's
    for (int i = 0; i < choices.size(); ++i) {
        const FleetConnectionState &state = inventory.state(i);
        if (choices.at(i).profile == u"home") {
            // The early one's end waited for the account: done, with it.
            QVERIFY2(state.phase == Phase::Done, qPrintable(state.words()));
            QCOMPARE(state.accountId, QString(kHomeAccount));
        } else {
            // STS refused the key: every region failed with its reason, the early one's listing included.
            QCOMPARE(state.phase, Phase::Failed);
            QCOMPARE(state.error->code, u"InvalidClientTokenId"_s);
            QVERIFY(m_seen.at(i).names.isEmpty());
        }
    }
    QCOMPARE(m_seen.at(1).names, expectedNames(QString(kHomeAccount), u"eu-west-1"_s));
    QCOMPARE(callsOf(requests, u"GetCallerIdentity"_s), 2);

    // A known account: every connection of home lists at once, its account shown from the start. The refused key
    // is not remembered (it may have been fixed): one of wrong's is early again.
    started.clear();
    inventory.start();
    QVERIFY(finished.wait(8000));
    QCOMPARE(started.size(), 4);
    for (const auto &[index, accountKnown] : std::as_const(started)) {
        QCOMPARE(accountKnown, choices.at(index).profile == u"home");
        QCOMPARE(inventory.state(index).phase, accountKnown ? Phase::Done : Phase::Failed);
    }
}

void TestFleetInventory::listerThatStartsOver()
{
    // A lister as SnapshotSweep is: pages, then a fallback that lists everything again, then the end.
    startServer();
    FleetInventory inventory({{u"home"_s, u"us-east-1"_s, {}, false}}, resolver());
    const auto snapshots = [](const QStringList &names) {
        QList<Snapshot> page;
        for (const QString &name : names) {
            Snapshot snapshot;
            snapshot.snapshotName = name;
            page.append(snapshot);
        }
        return page;
    };
    ElastiCacheClient *given = nullptr;
    inventory.setListerFactory([&](ElastiCacheClient *client, const FleetInventory::ListerSink &sink) {
        given = client;
        auto *lister = new QObject;
        QTimer::singleShot(0, lister, [sink, snapshots] {
            sink.nodePage(snapshots({u"a"_s, u"b"_s, u"c"_s}));
            sink.restarted(u"a source vanished"_s);
            sink.nodePage(snapshots({u"a"_s}));
            sink.nodePage(snapshots({u"c"_s}));
            sink.finished(std::nullopt);
        });
        return lister;
    });
    QStringList events;
    connect(&inventory, &FleetInventory::nodePage, this,
            [&events](int, const QList<Snapshot> &page) { events.append(u"page %1"_s.arg(page.size())); });
    connect(&inventory, &FleetInventory::restarted, this, [&events](int index, const QString &reason) {
        events.append(u"restarted %1: %2"_s.arg(index).arg(reason));
    });
    QSignalSpy finished(&inventory, &FleetInventory::finished);
    inventory.start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(events, (QStringList {u"page 3"_s, u"restarted 0: a source vanished"_s, u"page 1"_s, u"page 1"_s}));
    QCOMPARE(inventory.state(0).phase, Phase::Done);
    QCOMPARE(inventory.state(0).snapshots, 2); // counted again from the fallback on
    QCOMPARE(inventory.state(0).accountId, QString(kHomeAccount));
    QCOMPARE(given, inventory.client(0));
}

QTEST_GUILESS_MAIN(TestFleetInventory)
#include "tst_fleetinventory.moc"
