// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// Several accounts and regions behind one sandbox, and its rate limit: the in-process server over loopback HTTP with
// requests signed by the core signer, the cachesnap-sandbox process for its command line, and the real AWS CLI once.
#include "endpointresolver.h"
#include "queryserializer.h"
#include "responseparser.h"
#include "sandboxbuckets.h"
#include "sandboxfleet.h"
#include "sandboxprocess.h"
#include "sandboxratelimiter.h"
#include "sandboxserver.h"
#include "sandboxstate.h"
#include "sigv4.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr auto kHomeAccount = "123456789012"_L1;
constexpr auto kOtherAccount = "210987654321"_L1;
constexpr auto kThirdAccount = "333333333333"_L1;
constexpr auto kOtherKey = "AKIDFLEETOTHER"_L1;
constexpr auto kOtherSecret = "other-secret"_L1;
constexpr auto kOtherKey2 = "AKIDFLEETOTHER2"_L1;
constexpr auto kOtherSecret2 = "other-secret-2"_L1;
constexpr auto kThirdKey = "AKIDFLEETTHIRD"_L1;
constexpr auto kThirdSecret = "third-secret"_L1;

struct Answer
{
    int status = 0;
    QByteArray body;
};

struct Signer
{
    QString accessKeyId;
    QString secretAccessKey;
    QString region;
    QString service = u"elasticache"_s;
    QString sessionToken;
};

Signer makeSigner(const QString &accessKeyId, const QString &secret, const QString &region,
                  const QString &service = u"elasticache"_s)
{
    Signer signer;
    signer.accessKeyId = accessKeyId;
    signer.secretAccessKey = secret;
    signer.region = region;
    signer.service = service;
    return signer;
}

Signer homeSigner(const QString &region = u"us-east-1"_s)
{
    return makeSigner(QString(SandboxDefaults::accessKeyId), QString(SandboxDefaults::secretAccessKey), region);
}

Signer otherSigner(const QString &region = u"us-east-1"_s)
{
    return makeSigner(QString(kOtherKey), QString(kOtherSecret), region);
}

QString element(const QByteArray &xml, const QString &name)
{
    const QRegularExpression pattern(u"<%1>([^<]*)</%1>"_s.arg(name));
    return pattern.match(QString::fromUtf8(xml)).captured(1);
}

// Two accounts (the second with two keys) in us-east-1 and eu-west-1, and a third account in us-west-2 only.
SandboxConfig fleetConfig()
{
    SandboxConfig config;
    config.seed = 5;
    config.seedSnapshots = 40;
    config.seedAnchor = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);
    config.regions = {u"eu-west-1"_s};
    config.accountKeys = {
        {QString(kOtherAccount), QString(kOtherKey), QString(kOtherSecret), {}},
        {QString(kOtherAccount), QString(kOtherKey2), QString(kOtherSecret2), {}},
        {QString(kThirdAccount), QString(kThirdKey), QString(kThirdSecret), {u"us-west-2"_s}},
    };
    return config;
}

} // namespace

class TestSandboxFleet final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rateLimiterRule_data();
    void rateLimiterRule();
    void eachAccountAndRegionHasItsOwnData();
    void homePairIsTheOneRegionSandbox();
    void regionsNotServed_data();
    void regionsNotServed();
    void oneRegionSandboxRefusesOtherRegionsAsBefore();
    void callerIdentityNamesTheKeysAccount();
    void assumedRoleActsInItsAccount();
    void bucketsStayInTheirAccount();
    void rateLimitThrottlesAndRecovers();
    void boundedFleet();
    void seedAllAtStart();
    void commandLine_data();
    void commandLine();
    void awsCliWithTwoProfilesAndRegions();

private:
    void startServer(const SandboxConfig &config);
    Answer send(const QByteArray &method, const QByteArray &body, const Signer &signer, const QByteArray &path = "/");
    Answer call(const QString &action, const QueryParams &members, const Signer &signer);
    // The names and ARNs DescribeSnapshots lists, every page.
    QStringList snapshotArns(const Signer &signer);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestSandboxFleet::init()
{
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestSandboxFleet::cleanup()
{
    m_server.reset();
    m_nam.reset();
}

void TestSandboxFleet::startServer(const SandboxConfig &config)
{
    m_server = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

Answer TestSandboxFleet::send(const QByteArray &method, const QByteArray &body, const Signer &signer,
                              const QByteArray &path)
{
    QUrl url = m_server->url();
    url.setPath(QString::fromLatin1(path));
    SigV4::Request request;
    request.method = method;
    request.path = path;
    request.headers = {{"Host", "127.0.0.1:" + QByteArray::number(url.port())}};
    if (method == "POST" && signer.service != u"s3")
        request.headers.append(SigV4::Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
    request.body = body;
    SigV4::SigningParams signing;
    signing.accessKeyId = signer.accessKeyId;
    signing.secretAccessKey = signer.secretAccessKey;
    signing.sessionToken = signer.sessionToken;
    signing.region = signer.region;
    signing.service = signer.service;
    signing.time = QDateTime::currentDateTimeUtc();
    if (signer.service == u"s3") {
        signing.signBody = true;
        signing.doubleEncodePath = false;
        signing.normalizePath = false;
    }
    SigV4::sign(request, signing);

    QNetworkRequest networkRequest(url);
    for (const auto &[name, value] : request.headers) {
        if (name.compare("host", Qt::CaseInsensitive) != 0)
            networkRequest.setRawHeader(name, value);
    }
    QNetworkReply *reply = m_nam->sendCustomRequest(networkRequest, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer answer;
    if (!finished.wait(20000)) {
        reply->abort();
        reply->deleteLater();
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

Answer TestSandboxFleet::call(const QString &action, const QueryParams &members, const Signer &signer)
{
    return send("POST", QuerySerializer::formBody(action, members), signer);
}

QStringList TestSandboxFleet::snapshotArns(const Signer &signer)
{
    QStringList arns;
    QString marker;
    for (int page = 0; page < 20; ++page) {
        QueryParams members = queryParams({{u"MaxRecords", u"50"_s}});
        if (!marker.isEmpty())
            members.append({u"Marker"_s, marker});
        const Answer answer = call(u"DescribeSnapshots"_s, members, signer);
        if (answer.status != 200) {
            qWarning() << "DescribeSnapshots answered" << answer.status << answer.body.left(300);
            return {};
        }
        const auto parsed = ResponseParser::describeSnapshots(answer.body);
        if (!parsed.ok())
            return {};
        for (const Snapshot &snapshot : parsed.value().items)
            arns.append(snapshot.arn);
        marker = parsed.value().nextToken;
        if (marker.isEmpty())
            break;
    }
    return arns;
}

void TestSandboxFleet::rateLimiterRule_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<int>("burst");
    // Requests as (key, time in ms); the expected verdicts in order.
    QTest::addColumn<QStringList>("requests");
    QTest::addColumn<QString>("expected");

    QTest::newRow("burst then throttled")
        << 1.0 << 3 << QStringList {u"a@0"_s, u"a@0"_s, u"a@0"_s, u"a@0"_s, u"a@10"_s} << u"+++--"_s;
    QTest::newRow("refills at the rate") << 2.0 << 2 << QStringList {u"a@0"_s,   u"a@0"_s,   u"a@0"_s,   u"a@250"_s,
                                                                     u"a@500"_s, u"a@500"_s, u"a@1000"_s}
                                         << u"++--+-+"_s;
    QTest::newRow("never more than the burst")
        << 10.0 << 2 << QStringList {u"a@0"_s, u"a@60000"_s, u"a@60000"_s, u"a@60000"_s} << u"+++-"_s;
    QTest::newRow("callers are separate")
        << 1.0 << 1 << QStringList {u"a@0"_s, u"a@0"_s, u"b@0"_s, u"b@0"_s, u"a@999"_s} << u"+-+--"_s;
    QTest::newRow("fractions of a request a second")
        << 0.5 << 1 << QStringList {u"a@0"_s, u"a@1000"_s, u"a@2000"_s, u"a@2001"_s} << u"+-+-"_s;
    QTest::newRow("a clock going back refills nothing")
        << 1.0 << 1 << QStringList {u"a@5000"_s, u"a@1000"_s, u"a@5500"_s, u"a@6000"_s} << u"+--+"_s;
}

void TestSandboxFleet::rateLimiterRule()
{
    QFETCH(double, rate);
    QFETCH(int, burst);
    QFETCH(QStringList, requests);
    QFETCH(QString, expected);
    SandboxRateLimiter limiter(rate, burst);
    QVERIFY(limiter.isEnabled());
    QString verdicts;
    for (const QString &request : requests) {
        const QStringList parts = request.split(u'@');
        verdicts += limiter.admit(parts.at(0), parts.at(1).toLongLong()) ? u'+' : u'-';
    }
    QCOMPARE(verdicts, expected);
    QVERIFY(!SandboxRateLimiter().isEnabled());
    QVERIFY(SandboxRateLimiter().admit(u"a"_s, 0));
}

void TestSandboxFleet::eachAccountAndRegionHasItsOwnData()
{
    startServer(fleetConfig());
    const QStringList homeEast = snapshotArns(homeSigner());
    const QStringList homeWest = snapshotArns(homeSigner(u"eu-west-1"_s));
    const QStringList otherEast = snapshotArns(otherSigner());
    const QStringList otherWest = snapshotArns(otherSigner(u"eu-west-1"_s));
    const QStringList thirdWest2 = snapshotArns(makeSigner(QString(kThirdKey), QString(kThirdSecret), u"us-west-2"_s));
    const QList<std::pair<QString, QStringList>> sets = {
        {u"%1:%2"_s.arg(u"us-east-1"_s, kHomeAccount), homeEast},
        {u"%1:%2"_s.arg(u"eu-west-1"_s, kHomeAccount), homeWest},
        {u"%1:%2"_s.arg(u"us-east-1"_s, kOtherAccount), otherEast},
        {u"%1:%2"_s.arg(u"eu-west-1"_s, kOtherAccount), otherWest},
        {u"%1:%2"_s.arg(u"us-west-2"_s, kThirdAccount), thirdWest2},
    };
    QList<QSet<QString>> names;
    for (const auto &[regionAndAccount, arns] : sets) {
        QVERIFY2(arns.size() >= 40, qPrintable(regionAndAccount));
        QSet<QString> set;
        for (const QString &arn : arns) {
            // Every ARN names the signing key's account and the signature's region.
            QVERIFY2(arn.startsWith(u"arn:aws:elasticache:%1:snapshot:"_s.arg(regionAndAccount)), qPrintable(arn));
            set.insert(arn.section(u':', 6));
        }
        // The fixtures are in every account and region.
        QVERIFY(set.contains(u"demo-before-upgrade"_s));
        names.append(set);
    }
    // The generated snapshots differ between every two of them.
    for (qsizetype i = 0; i < names.size(); ++i) {
        for (qsizetype j = i + 1; j < names.size(); ++j)
            QVERIFY2(names.at(i) != names.at(j), qPrintable(u"%1 and %2"_s.arg(sets.at(i).first, sets.at(j).first)));
    }
    // Another key of the same account sees the same data; the states were seeded once each.
    QCOMPARE(snapshotArns(makeSigner(QString(kOtherKey2), QString(kOtherSecret2), u"eu-west-1"_s)), otherWest);
    QCOMPARE(m_server->fleet()->stateCount(), 5);
    QCOMPARE(m_server->fleet()->accounts(),
             (QStringList {QString(kHomeAccount), QString(kOtherAccount), QString(kThirdAccount)}));

    // The data is the same at every start (a stable seed per account and region).
    const QStringList again = [this] {
        m_server.reset();
        startServer(fleetConfig());
        return snapshotArns(otherSigner(u"eu-west-1"_s));
    }();
    QCOMPARE(again, otherWest);
    QVERIFY(SandboxFleet::seedFor(fleetConfig(), QString(kOtherAccount), u"eu-west-1"_s)
            != SandboxFleet::seedFor(fleetConfig(), QString(kOtherAccount), u"us-east-1"_s));
    QCOMPARE(SandboxFleet::seedFor(fleetConfig(), QString(kHomeAccount), u"us-east-1"_s), quint64(5));
}

void TestSandboxFleet::homePairIsTheOneRegionSandbox()
{
    // A sandbox without fleet settings and the fleet's home account in its home region hold the same data.
    SandboxConfig single = fleetConfig();
    single.regions.clear();
    single.accountKeys.clear();
    QVERIFY(!single.servesFleet());
    startServer(single);
    const QStringList alone = snapshotArns(homeSigner());
    QVERIFY(alone.size() >= 40);
    m_server.reset();
    startServer(fleetConfig());
    QCOMPARE(snapshotArns(homeSigner()), alone);
    QCOMPARE(m_server->state(), m_server->state(QString(kHomeAccount), u"us-east-1"_s));
}

void TestSandboxFleet::regionsNotServed_data()
{
    QTest::addColumn<QString>("accessKeyId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("service");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    const QString notEnabled = u"The security token included in the request is invalid."_s;
    QTest::newRow("opt-in region") << QString(SandboxDefaults::accessKeyId) << QString(SandboxDefaults::secretAccessKey)
                                   << u"ap-east-1"_s << u"elasticache"_s << 403 << u"InvalidClientTokenId"_s
                                   << notEnabled;
    QTest::newRow("another account's region") << QString(kThirdKey) << QString(kThirdSecret) << u"us-east-1"_s
                                              << u"elasticache"_s << 403 << u"InvalidClientTokenId"_s << notEnabled;
    QTest::newRow("ec2") << QString(kOtherKey) << QString(kOtherSecret) << u"ap-east-1"_s << u"ec2"_s << 401
                         << u"AuthFailure"_s << u"AWS was not able to validate the provided access credentials"_s;
    QTest::newRow("sts") << QString(kThirdKey) << QString(kThirdSecret) << u"eu-west-1"_s << u"sts"_s << 403
                         << u"InvalidClientTokenId"_s << notEnabled;
    QTest::newRow("no region") << QString(kOtherKey) << QString(kOtherSecret) << u"moon"_s << u"elasticache"_s << 403
                               << u"SignatureDoesNotMatch"_s
                               << u"Credential should be scoped to a valid region, not 'moon'. "_s;
    QTest::newRow("unknown key") << u"AKIDNOBODY"_s << u"x"_s << u"us-east-1"_s << u"elasticache"_s << 403
                                 << u"InvalidClientTokenId"_s << notEnabled;
}

void TestSandboxFleet::regionsNotServed()
{
    QFETCH(QString, accessKeyId);
    QFETCH(QString, secret);
    QFETCH(QString, region);
    QFETCH(QString, service);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    startServer(fleetConfig());
    const Signer signer = makeSigner(accessKeyId, secret, region, service);
    QString action = u"DescribeSnapshots"_s;
    QString version = u"2015-02-02"_s;
    if (service == u"ec2") {
        action = u"DescribeSecurityGroups"_s;
        version = u"2016-11-15"_s;
    } else if (service == u"sts") {
        action = u"GetCallerIdentity"_s;
        version = u"2011-06-15"_s;
    }
    const Answer answer = send("POST", "Action=" + action.toLatin1() + "&Version=" + version.toLatin1(), signer);
    QCOMPARE(answer.status, status);
    QCOMPARE(element(answer.body, u"Code"_s), code);
    QCOMPARE(element(answer.body, u"Message"_s), message);
    // Refusals create no state.
    QCOMPARE(m_server->fleet()->stateCount(), 1);
}

// --seed-all-at-start seeds every account in every region before the first request, with the data each would
// have had when seeded on first use.
void TestSandboxFleet::seedAllAtStart()
{
    SandboxConfig config = fleetConfig();
    int pairs = 0;
    for (const auto &[account, regions] : SandboxFleet::servedRegions(config))
        pairs += int(regions.size());
    QCOMPARE(pairs, 5); // home: us-east-1, eu-west-1; other: the same; third: us-west-2
    const Signer otherWest = makeSigner(QString(kOtherKey), QString(kOtherSecret), u"eu-west-1"_s);
    const Signer third = makeSigner(QString(kThirdKey), QString(kThirdSecret), u"us-west-2"_s);

    startServer(config);
    QCOMPARE(m_server->fleet()->stateCount(), 1);
    const QStringList westOnFirstUse = snapshotArns(otherWest);
    const QStringList thirdOnFirstUse = snapshotArns(third);
    QVERIFY(!westOnFirstUse.isEmpty());
    QVERIFY(!thirdOnFirstUse.isEmpty());
    m_server.reset();

    config.seedAllAtStart = true;
    startServer(config);
    QCOMPARE(m_server->fleet()->stateCount(), pairs);
    QCOMPARE(snapshotArns(otherWest), westOnFirstUse);
    QCOMPARE(snapshotArns(third), thirdOnFirstUse);
    QCOMPARE(m_server->fleet()->stateCount(), pairs);
}

void TestSandboxFleet::oneRegionSandboxRefusesOtherRegionsAsBefore()
{
    SandboxConfig config;
    config.seedSnapshots = 10;
    startServer(config);
    const Answer answer = call(u"DescribeSnapshots"_s, {}, homeSigner(u"eu-west-1"_s));
    QCOMPARE(answer.status, 403);
    QCOMPARE(element(answer.body, u"Code"_s), u"SignatureDoesNotMatch"_s);
    QVERIFY(element(answer.body, u"Message"_s).startsWith(u"Credential should be scoped to a valid region"_s));
    QVERIFY(!m_server->state(QString(kHomeAccount), u"eu-west-1"_s));
}

void TestSandboxFleet::callerIdentityNamesTheKeysAccount()
{
    startServer(fleetConfig());
    struct Case
    {
        Signer signer;
        QLatin1StringView account;
    };
    const QList<Case> cases = {
        {homeSigner(), kHomeAccount},
        {otherSigner(u"eu-west-1"_s), kOtherAccount},
        {makeSigner(QString(kOtherKey2), QString(kOtherSecret2), u"us-east-1"_s), kOtherAccount},
        // STS's global endpoint signs for us-east-1, which the third account does not otherwise serve.
        {makeSigner(QString(kThirdKey), QString(kThirdSecret), u"us-east-1"_s), kThirdAccount},
        {makeSigner(QString(kThirdKey), QString(kThirdSecret), u"us-west-2"_s), kThirdAccount},
    };
    QSet<QString> userIds;
    for (Case c : cases) {
        c.signer.service = u"sts"_s;
        const Answer answer = send("POST", "Action=GetCallerIdentity&Version=2011-06-15", c.signer);
        QCOMPARE(answer.status, 200);
        QCOMPARE(element(answer.body, u"Account"_s), QString(c.account));
        QCOMPARE(element(answer.body, u"Arn"_s), u"arn:aws:iam::%1:user/sandbox"_s.arg(c.account));
        const QString userId = element(answer.body, u"UserId"_s);
        QVERIFY2(QRegularExpression(u"^AIDA[A-Z2-7]{17}$"_s).match(userId).hasMatch(), qPrintable(userId));
        userIds.insert(userId);
    }
    QCOMPARE(userIds.size(), 4); // one user per key (the third key was asked in two regions)
}

void TestSandboxFleet::assumedRoleActsInItsAccount()
{
    startServer(fleetConfig());
    Signer sts = homeSigner();
    sts.service = u"sts"_s;
    const QString roleArn = u"arn:aws:iam::%1:role/snapshot-admin"_s.arg(kOtherAccount);
    const auto assumeRole = [&](const QString &arn) {
        return send("POST",
                    QuerySerializer::formBody(u"AssumeRole"_s, u"2011-06-15"_s,
                                              queryParams({{u"RoleArn", arn}, {u"RoleSessionName", u"fleet"_s}})),
                    sts);
    };
    const Answer assumed = assumeRole(roleArn);
    QCOMPARE(assumed.status, 200);
    QCOMPARE(element(assumed.body, u"Arn"_s),
             u"arn:aws:sts::%1:assumed-role/snapshot-admin/fleet"_s.arg(kOtherAccount));
    Signer temporary = makeSigner(element(assumed.body, u"AccessKeyId"_s), element(assumed.body, u"SecretAccessKey"_s),
                                  u"eu-west-1"_s, u"sts"_s);
    temporary.sessionToken = element(assumed.body, u"SessionToken"_s);
    QVERIFY(!temporary.accessKeyId.isEmpty());

    const Answer identity = send("POST", "Action=GetCallerIdentity&Version=2011-06-15", temporary);
    QCOMPARE(identity.status, 200);
    QCOMPARE(element(identity.body, u"Account"_s), QString(kOtherAccount));
    QCOMPARE(element(identity.body, u"Arn"_s), element(assumed.body, u"Arn"_s));
    QCOMPARE(element(identity.body, u"UserId"_s), element(assumed.body, u"AssumedRoleId"_s));

    temporary.service = u"elasticache"_s;
    const QStringList arns = snapshotArns(temporary);
    QVERIFY(!arns.isEmpty());
    QCOMPARE(arns, snapshotArns(otherSigner(u"eu-west-1"_s)));

    // A role of an account the sandbox does not have cannot be assumed.
    const Answer refused = assumeRole(u"arn:aws:iam::999999999999:role/x"_s);
    QCOMPARE(refused.status, 403);
    QCOMPARE(element(refused.body, u"Code"_s), u"AccessDenied"_s);
}

void TestSandboxFleet::bucketsStayInTheirAccount()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    SandboxConfig config = fleetConfig();
    config.s3Root = root.path();
    startServer(config);

    // A bucket the home account creates in eu-west-1 (signed for that region, as S3 wants).
    Signer home = homeSigner(u"eu-west-1"_s);
    home.service = u"s3"_s;
    const QByteArray location = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
    QCOMPARE(send("PUT", location, home, "/fleet-home-bucket").status, 200);
    // The account's buckets are the same in each of its regions; another account does not have them.
    QVERIFY(QDir(root.path()).exists(u"fleet-home-bucket"_s));
    QVERIFY(m_server->state(QString(kHomeAccount), u"eu-west-1"_s)->buckets().find(u"fleet-home-bucket"_s));
    QVERIFY(m_server->state()->buckets().find(u"fleet-home-bucket"_s));
    QVERIFY(!m_server->state(QString(kOtherAccount), u"us-east-1"_s)->buckets().find(u"fleet-home-bucket"_s));
    QVERIFY(!m_server->state(QString(kOtherAccount), u"eu-west-1"_s)->buckets().find(u"fleet-home-bucket"_s));

    Signer other = otherSigner(u"eu-west-1"_s);
    other.service = u"s3"_s;
    const Answer otherList = send("GET", {}, other);
    QCOMPARE(otherList.status, 200);
    QVERIFY(!otherList.body.contains("fleet-home-bucket"));
    QVERIFY2(otherList.body.contains("<Name>demo-exports-ready</Name>"), otherList.body.left(400));
    QCOMPARE(element(otherList.body, u"ID"_s), SandboxBuckets::canonicalUserId(QString(kOtherAccount)));
    home.region = u"us-east-1"_s;
    const Answer homeList = send("GET", {}, home);
    QCOMPARE(homeList.status, 200);
    QVERIFY(homeList.body.contains("<Name>fleet-home-bucket</Name>"));
    // The other account's buckets live in memory only: the S3 root holds the home account's.
    QVERIFY(m_server->state(QString(kOtherAccount), u"us-east-1"_s)->buckets().root().isEmpty());
}

void TestSandboxFleet::rateLimitThrottlesAndRecovers()
{
    SandboxConfig config = fleetConfig();
    config.seedSnapshots = 10;
    config.rateLimit = 2;
    config.rateBurst = 5;
    startServer(config);
    QElapsedTimer clock;
    clock.start();
    int accepted = 0;
    int throttled = 0;
    constexpr int requests = 20;
    for (int i = 0; i < requests; ++i) {
        const Answer answer = call(u"DescribeCacheClusters"_s, {}, homeSigner());
        if (answer.status == 200) {
            ++accepted;
        } else {
            QCOMPARE(answer.status, 400);
            QCOMPARE(element(answer.body, u"Code"_s), u"Throttling"_s);
            QCOMPARE(element(answer.body, u"Message"_s), u"Rate exceeded"_s);
            ++throttled;
        }
    }
    // The burst goes through, then about the rate: never more than the bucket could have held.
    const double seconds = double(clock.elapsed()) / 1000.0;
    QVERIFY2(accepted >= 5, qPrintable(QString::number(accepted)));
    QVERIFY2(accepted <= 5 + int(seconds * 2) + 1, qPrintable(u"%1 accepted in %2 s"_s.arg(accepted).arg(seconds)));
    QCOMPARE(accepted + throttled, requests);
    QVERIFY(throttled > 0);

    // Other accounts, regions and services have their own buckets.
    QCOMPARE(call(u"DescribeCacheClusters"_s, {}, otherSigner()).status, 200);
    QCOMPARE(call(u"DescribeCacheClusters"_s, {}, homeSigner(u"eu-west-1"_s)).status, 200);
    Signer sts = homeSigner();
    sts.service = u"sts"_s;
    QCOMPARE(send("POST", "Action=GetCallerIdentity&Version=2011-06-15", sts).status, 200);

    // EC2 and S3 throttle in their own words once their own buckets are empty.
    const auto firstRefusal = [this](const Signer &signer, const QByteArray &method, const QByteArray &body) {
        for (int i = 0; i < 12; ++i) {
            const Answer answer = send(method, body, signer);
            if (answer.status != 200)
                return answer;
        }
        return Answer();
    };
    Signer ec2 = homeSigner();
    ec2.service = u"ec2"_s;
    const Answer ec2Throttled = firstRefusal(ec2, "POST", "Action=DescribeSecurityGroups&Version=2016-11-15");
    QCOMPARE(ec2Throttled.status, 503);
    QCOMPARE(element(ec2Throttled.body, u"Code"_s), u"RequestLimitExceeded"_s);
    Signer s3 = homeSigner();
    s3.service = u"s3"_s;
    const Answer s3Throttled = firstRefusal(s3, "GET", {});
    QCOMPARE(s3Throttled.status, 503);
    QCOMPARE(element(s3Throttled.body, u"Code"_s), u"SlowDown"_s);

    // After a pause the caller is served again.
    QTest::qWait(1100);
    QCOMPARE(call(u"DescribeCacheClusters"_s, {}, homeSigner()).status, 200);

    // Turned off at run time, nothing is throttled.
    m_server->setRateLimit(0);
    for (int i = 0; i < 8; ++i)
        QCOMPARE(call(u"DescribeCacheClusters"_s, {}, homeSigner()).status, 200);
}

void TestSandboxFleet::boundedFleet()
{
    // Every account in every region of the partition: the states the sandbox may seed are bounded.
    SandboxConfig config;
    config.regions = EndpointResolver::regions(u"aws"_s);
    QCOMPARE(config.regions.size(), 34);
    const auto account = [](int i) {
        return SandboxAccountKey {u"2000000000%1"_s.arg(i, 2, 10, QChar(u'0')), u"AKIDFLEET%1"_s.arg(i), u"s"_s, {}};
    };
    for (int i = 0; i < 57; ++i)
        config.accountKeys.append(account(i));
    QCOMPARE(SandboxFleet::configProblem(config), QString()); // 58 accounts × 34 regions
    config.accountKeys.append(account(57));
    QCOMPARE(SandboxFleet::configProblem(config), u"2006 accounts and regions: at most 2000"_s);
    // An account that names its regions serves only those.
    config.accountKeys.last().regions = {u"eu-west-1"_s};
    QCOMPARE(SandboxFleet::servedRegions(config).at(u"200000000057"_s), QStringList {u"eu-west-1"_s});
    QCOMPARE(SandboxFleet::configProblem(config), QString());
}

void TestSandboxFleet::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error"); // empty: starts

    QTest::newRow("all regions") << QStringList {u"--regions"_s,           u"all"_s, u"--rate-limit"_s, u"0.5"_s,
                                                 u"--latency-jitter-ms"_s, u"5"_s}
                                 << QString();
    QTest::newRow("accounts") << QStringList {u"--account"_s,    u"210987654321:AKIDA:s1"_s,
                                              u"--account"_s,    u"210987654321:AKIDB:s2:eu-west-1,us-west-2"_s,
                                              u"--rate-burst"_s, u"3"_s}
                              << QString();
    QTest::newRow("seeded at start") << QStringList {u"--regions"_s, u"eu-west-1,us-west-2"_s, u"--seed-all-at-start"_s}
                                     << QString();
    QTest::newRow("account form") << QStringList {u"--account"_s, u"210987654321:AKIDA"_s}
                                  << u"--account takes ACCOUNT_ID:ACCESS_KEY_ID:SECRET"_s;
    QTest::newRow("account id") << QStringList {u"--account"_s, u"21098:AKIDA:s"_s}
                                << u"21098 is not an account ID (12 digits)"_s;
    QTest::newRow("key twice") << QStringList {u"--account"_s, u"210987654321:AKIDSANDBOX:s"_s}
                               << u"access key AKIDSANDBOX is given twice"_s;
    QTest::newRow("region") << QStringList {u"--regions"_s, u"eu-west-1,Mars"_s} << u"Mars is not a region name"_s;
    QTest::newRow("rate") << QStringList {u"--rate-limit"_s, u"-1"_s} << u"--rate-limit takes"_s;
    QTest::newRow("burst") << QStringList {u"--rate-burst"_s, u"0"_s} << u"--rate-burst takes"_s;
    QTest::newRow("jitter") << QStringList {u"--latency-jitter-ms"_s, u"x"_s} << u"--latency-jitter-ms takes"_s;
}

void TestSandboxFleet::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    SandboxProcess sandbox;
    const bool started = sandbox.start(arguments);
    if (error.isEmpty()) {
        QVERIFY2(started, qPrintable(sandbox.error()));
        QVERIFY(sandbox.stop());
        return;
    }
    QVERIFY(!started);
    QVERIFY2(sandbox.error().contains(error), qPrintable(sandbox.error()));
}

void TestSandboxFleet::awsCliWithTwoProfilesAndRegions()
{
    const QString aws = QStandardPaths::findExecutable(u"aws"_s);
    if (aws.isEmpty())
        QSKIP("the AWS CLI (aws) is not on PATH");
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({u"--seed-snapshots"_s, u"10"_s, u"--regions"_s, u"eu-west-1"_s, u"--account"_s,
                            u"%1:%2:%3"_s.arg(kOtherAccount, kOtherKey, kOtherSecret)}),
             qPrintable(sandbox.error()));

    QTemporaryDir home;
    QVERIFY(home.isValid());
    {
        QFile config(home.filePath(u"config"_s));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[default]\nregion = us-east-1\n[profile other]\nregion = eu-west-1\n");
        QFile credentials(home.filePath(u"credentials"_s));
        QVERIFY(credentials.open(QIODevice::WriteOnly));
        credentials.write(
            u"[default]\naws_access_key_id = %1\naws_secret_access_key = %2\n[other]\n"
            "aws_access_key_id = %3\naws_secret_access_key = %4\n"_s
                .arg(SandboxDefaults::accessKeyId, SandboxDefaults::secretAccessKey, kOtherKey, kOtherSecret)
                .toUtf8());
    }
    QProcessEnvironment env = isolatedAwsEnvironment(home.path(), {}, {}, {});
    for (const QString &name : {u"AWS_ACCESS_KEY_ID"_s, u"AWS_SECRET_ACCESS_KEY"_s, u"AWS_DEFAULT_REGION"_s})
        env.remove(name);
    env.insert(u"AWS_CONFIG_FILE"_s, home.filePath(u"config"_s));
    env.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, home.filePath(u"credentials"_s));
    const QStringList endpoint = {u"--endpoint-url"_s, sandbox.url(), u"--output"_s, u"json"_s};
    const QStringList describeArgs
        = QStringList {u"elasticache"_s, u"describe-snapshots"_s, u"--snapshot-name"_s, u"demo-before-upgrade"_s}
        + endpoint;
    const auto arnOf = [](const ProgramRun &run) {
        return parseObject(run.out).value(u"Snapshots"_s).toArray().at(0).toObject().value(u"ARN"_s).toString();
    };

    ProgramRun run
        = runProgram(aws, QStringList {u"sts"_s, u"get-caller-identity"_s, u"--profile"_s, u"other"_s} + endpoint, env);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(parseObject(run.out).value(u"Account"_s).toString(), QString(kOtherAccount));

    run = runProgram(aws, describeArgs + QStringList {u"--profile"_s, u"other"_s}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(arnOf(run), u"arn:aws:elasticache:eu-west-1:%1:snapshot:demo-before-upgrade"_s.arg(kOtherAccount));

    run = runProgram(aws, describeArgs, env);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(arnOf(run), u"arn:aws:elasticache:us-east-1:%1:snapshot:demo-before-upgrade"_s.arg(kHomeAccount));

    run = runProgram(aws, describeArgs + QStringList {u"--profile"_s, u"other"_s, u"--region"_s, u"ap-east-1"_s}, env);
    QVERIFY2(run.exitCode != 0, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("(InvalidClientTokenId)")
                 && run.err.contains("The security token included in the request is invalid"),
             run.err.constData());
    QVERIFY(sandbox.stop());
}

QTEST_GUILESS_MAIN(TestSandboxFleet)
#include "tst_sandbox_fleet.moc"
