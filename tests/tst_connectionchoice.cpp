// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet's connection type: keys, labels, profiles × regions, and a connection's state in words.
#include "connectionchoice.h"
#include "endpointresolver.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

class TestConnectionChoice final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void key_data();
    void key();
    void keysAreUnique();
    void fromKeyRefusesOtherStrings_data();
    void fromKeyRefusesOtherStrings();
    void profileLabel_data();
    void profileLabel();
    void overrides();
    void expand();
    void expandAllRegions();
    void words_data();
    void words();
    void regionNotEnabled_data();
    void regionNotEnabled();
};

void TestConnectionChoice::key_data()
{
    QTest::addColumn<ConnectionChoice>("choice");
    QTest::addColumn<QString>("key");

    QTest::newRow("profile") << ConnectionChoice {u"prod"_s, u"eu-west-1"_s, {}, false} << u"profile/prod/eu-west-1"_s;
    QTest::newRow("chain default") << ConnectionChoice {{}, u"us-east-1"_s, {}, false} << u"chain/us-east-1"_s;
    QTest::newRow("environment") << ConnectionChoice {u"ignored"_s, u"us-east-1"_s, {}, true}
                                 << u"environment/us-east-1"_s;
    QTest::newRow("endpoint") << ConnectionChoice {u"sandbox"_s, u"us-east-1"_s, u"http://127.0.0.1:4566"_s, false}
                              << u"profile/sandbox/us-east-1/http%3A%2F%2F127.0.0.1%3A4566"_s;
    QTest::newRow("slash in profile") << ConnectionChoice {u"team/a b"_s, u"us-west-2"_s, {}, false}
                                      << u"profile/team%2Fa%20b/us-west-2"_s;
    QTest::newRow("no region") << ConnectionChoice {u"prod"_s, {}, {}, false} << u"profile/prod/"_s;
}

void TestConnectionChoice::key()
{
    QFETCH(ConnectionChoice, choice);
    QFETCH(QString, key);
    QCOMPARE(choice.key(), key);
    const std::optional<ConnectionChoice> back = ConnectionChoice::fromKey(key);
    QVERIFY(back);
    // The environment's connection ignores its profile, and its key does not keep it.
    ConnectionChoice expected = choice;
    if (expected.environment)
        expected.profile.clear();
    QCOMPARE(*back, expected);
}

void TestConnectionChoice::keysAreUnique()
{
    const QList<ConnectionChoice> choices = {
        {u"default"_s, u"us-east-1"_s, {}, false},
        {{}, u"us-east-1"_s, {}, false},
        {{}, u"us-east-1"_s, {}, true},
        {u"chain"_s, u"us-east-1"_s, {}, false},
        {u"environment"_s, u"us-east-1"_s, {}, false},
        {u"default"_s, u"us-east-1"_s, u"http://127.0.0.1:1"_s, false},
        {u"default"_s, u"us-east-2"_s, {}, false},
        {u"a/b"_s, u"c"_s, {}, false},
        {u"a"_s, u"b/c"_s, {}, false},
    };
    QSet<QString> keys;
    for (const ConnectionChoice &choice : choices)
        keys.insert(choice.key());
    QCOMPARE(keys.size(), choices.size());
}

void TestConnectionChoice::fromKeyRefusesOtherStrings_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown kind") << u"role/x/us-east-1"_s;
    QTest::newRow("profile without region") << u"profile/prod"_s;
    QTest::newRow("empty profile") << u"profile//us-east-1"_s;
    QTest::newRow("too many parts") << u"profile/a/b/c/d"_s;
    QTest::newRow("not encoded") << u"profile/a b/us-east-1"_s;
    QTest::newRow("empty endpoint") << u"chain/us-east-1/"_s;
}

void TestConnectionChoice::fromKeyRefusesOtherStrings()
{
    QFETCH(QString, key);
    QVERIFY(!ConnectionChoice::fromKey(key));
}

void TestConnectionChoice::profileLabel_data()
{
    QTest::addColumn<ConnectionChoice>("choice");
    QTest::addColumn<QString>("label");
    QTest::newRow("profile") << ConnectionChoice {u"prod"_s, u"eu-west-1"_s, {}, false} << u"prod"_s;
    QTest::newRow("chain") << ConnectionChoice {{}, u"eu-west-1"_s, {}, false} << u"default"_s;
    QTest::newRow("environment") << ConnectionChoice {u"prod"_s, u"eu-west-1"_s, {}, true}
                                 << u"Environment variables"_s;
}

void TestConnectionChoice::profileLabel()
{
    QFETCH(ConnectionChoice, choice);
    QFETCH(QString, label);
    QCOMPARE(choice.profileLabel(), label);
}

void TestConnectionChoice::overrides()
{
    const CredentialChain::Overrides profile
        = ConnectionChoice {u"prod"_s, u"eu-west-1"_s, u"http://127.0.0.1:9"_s, false}.overrides();
    QCOMPARE(profile.profile, u"prod"_s);
    QCOMPARE(profile.region, u"eu-west-1"_s);
    QCOMPARE(profile.endpointUrl, u"http://127.0.0.1:9"_s);
    QVERIFY(!profile.environmentOnly);
    const CredentialChain::Overrides environment = ConnectionChoice {u"prod"_s, u"eu-west-1"_s, {}, true}.overrides();
    QVERIFY(environment.profile.isEmpty());
    QVERIFY(environment.environmentOnly);
}

void TestConnectionChoice::expand()
{
    const QList<ConnectionChoice> choices
        = ConnectionChoice::expand({u"a"_s, QString(), u"a"_s}, {u"us-east-1"_s, u"eu-west-1"_s, u"us-east-1"_s});
    const QList<ConnectionChoice> expected = {
        {u"a"_s, u"us-east-1"_s, {}, false},
        {u"a"_s, u"eu-west-1"_s, {}, false},
        {{}, u"us-east-1"_s, {}, false},
        {{}, u"eu-west-1"_s, {}, false},
    };
    QCOMPARE(choices, expected);
    QVERIFY(ConnectionChoice::expand({}, {u"us-east-1"_s}).isEmpty());
    QVERIFY(ConnectionChoice::expand({u"a"_s}, {}).isEmpty());
    const QList<ConnectionChoice> withEndpoint
        = ConnectionChoice::expand({u"a"_s}, {u"us-east-1"_s}, u"aws"_s, u"http://127.0.0.1:5"_s);
    QCOMPARE(withEndpoint.size(), 1);
    QCOMPARE(withEndpoint.first().endpointUrl, u"http://127.0.0.1:5"_s);
}

void TestConnectionChoice::expandAllRegions()
{
    const QStringList commercial = EndpointResolver::regions(u"aws"_s);
    QVERIFY(commercial.contains(u"ap-east-1"_s));
    // "all" with a region it also names: each region once, in "all"'s order after the ones named first.
    const QList<ConnectionChoice> choices = ConnectionChoice::expand({u"p"_s, u"q"_s}, {u"eu-west-1"_s, u"all"_s});
    QCOMPARE(choices.size(), 2 * commercial.size());
    QCOMPARE(choices.first().region, u"eu-west-1"_s);
    QSet<QString> regions;
    for (qsizetype i = 0; i < commercial.size(); ++i) {
        QCOMPARE(choices.at(i).profile, u"p"_s);
        QCOMPARE(choices.at(i + commercial.size()).profile, u"q"_s);
        regions.insert(choices.at(i).region);
    }
    QCOMPARE(regions, QSet<QString>(commercial.cbegin(), commercial.cend()));

    const QList<ConnectionChoice> china = ConnectionChoice::expand({u"cn"_s}, {u"all"_s}, u"aws-cn"_s);
    QCOMPARE(china.size(), EndpointResolver::regions(u"aws-cn"_s).size());
    QVERIFY(!china.isEmpty());
    for (const ConnectionChoice &choice : china)
        QVERIFY2(choice.region.startsWith(u"cn-"), qPrintable(choice.region));
}

void TestConnectionChoice::words_data()
{
    using Phase = FleetConnectionState::Phase;
    QTest::addColumn<FleetConnectionState>("state");
    QTest::addColumn<QString>("words");
    QTest::addColumn<QString>("brief"); // for the connections list's narrow column

    const auto state = [](Phase phase, qint64 snapshots, qint64 elapsedMs, std::optional<ApiError> error = {}) {
        FleetConnectionState s;
        s.phase = phase;
        s.snapshots = snapshots;
        s.elapsedMs = elapsedMs;
        s.error = std::move(error);
        return s;
    };
    ApiError wrongKey = ApiError::make(ApiError::Kind::Service, u"InvalidClientTokenId"_s,
                                       u"The security token included in the request is invalid."_s);
    ApiError network = ApiError::make(ApiError::Kind::Network, u"ConnectionRefused"_s, u"Connection refused"_s);
    ApiError throttled = ApiError::make(ApiError::Kind::Service, u"Throttling"_s, u"Rate exceeded"_s);
    throttled.attempts = 3;
    ApiError sso = ApiError::make(ApiError::Kind::Credentials, u"SsoTokenExpired"_s, u"The SSO session expired."_s);
    ApiError denied = ApiError::make(ApiError::Kind::Service, u"AccessDenied"_s, u"User is not authorized"_s);
    ApiError odd = ApiError::make(ApiError::Kind::Service, u"InternalFailure"_s, u"Something broke"_s);

    QTest::newRow("waiting") << state(Phase::Waiting, 0, 0) << u"waiting"_s << u"waiting"_s;
    QTest::newRow("resolving") << state(Phase::Resolving, 0, 0) << u"resolving the account…"_s
                               << u"resolving the account…"_s;
    QTest::newRow("listing") << state(Phase::Listing, 1200, 0) << u"listing… 1,200"_s << u"listing… 1,200"_s;
    QTest::newRow("done") << state(Phase::Done, 3400, 2149) << u"done: 3,400 in 2.1 s"_s << u"done: 3,400 in 2.1 s"_s;
    QTest::newRow("done fast") << state(Phase::Done, 0, 40) << u"done: 0 in 0.0 s"_s << u"done: 0 in 0.0 s"_s;
    QTest::newRow("wrong key") << state(Phase::Failed, 0, 0, wrongKey)
                               << u"failed: AWS did not accept the credentials (InvalidClientTokenId): The security "
                                  "token included in the request is invalid."_s
                               << u"failed: credentials refused"_s;
    QTest::newRow("network") << state(Phase::Failed, 0, 0, network)
                             << u"failed: could not reach AWS: Connection refused"_s << u"failed: AWS not reached"_s;
    QTest::newRow("throttled") << state(Phase::Failed, 50, 0, throttled)
                               << u"failed: AWS kept throttling the requests (Throttling) after 3 attempt(s)"_s
                               << u"failed: throttled"_s;
    QTest::newRow("sso") << state(Phase::Failed, 0, 0, sso)
                         << u"failed: the IAM Identity Center (SSO) login has expired or is missing (run \"aws sso "
                            "login\")"_s
                         << u"failed: SSO login expired"_s;
    QTest::newRow("denied") << state(Phase::Failed, 0, 0, denied)
                            << u"failed: not allowed to list snapshots (AccessDenied): User is not authorized"_s
                            << u"failed: not allowed"_s;
    QTest::newRow("other") << state(Phase::Failed, 0, 0, odd) << u"failed: InternalFailure: Something broke"_s
                           << u"failed: InternalFailure"_s;
    QTest::newRow("not enabled") << state(Phase::NotEnabled, 0, 0, wrongKey) << u"region not enabled for this account"_s
                                 << u"not enabled"_s;
}

void TestConnectionChoice::words()
{
    QFETCH(FleetConnectionState, state);
    QFETCH(QString, words);
    QFETCH(QString, brief);
    QCOMPARE(state.words(), words);
    QCOMPARE(state.brief(), brief);
    const bool finished = state.phase == FleetConnectionState::Phase::Done
        || state.phase == FleetConnectionState::Phase::Failed || state.phase == FleetConnectionState::Phase::NotEnabled;
    QCOMPARE(state.finished(), finished);
}

void TestConnectionChoice::regionNotEnabled_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<bool>("notEnabled");
    QTest::newRow("query") << ApiError::make(ApiError::Kind::Service, u"InvalidClientTokenId"_s, {}) << true;
    QTest::newRow("json") << ApiError::make(ApiError::Kind::Service, u"UnrecognizedClientException"_s, {}) << true;
    QTest::newRow("signature") << ApiError::make(ApiError::Kind::Service, u"SignatureDoesNotMatch"_s, {}) << false;
    QTest::newRow("denied") << ApiError::make(ApiError::Kind::Service, u"AccessDenied"_s, {}) << false;
    QTest::newRow("network") << ApiError::make(ApiError::Kind::Network, u"InvalidClientTokenId"_s, {}) << false;
}

void TestConnectionChoice::regionNotEnabled()
{
    QFETCH(ApiError, error);
    QFETCH(bool, notEnabled);
    QCOMPARE(FleetConnectionState::isRegionNotEnabled(error), notEnabled);
}

QTEST_GUILESS_MAIN(TestConnectionChoice)
#include "tst_connectionchoice.moc"
