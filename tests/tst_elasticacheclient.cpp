// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "elasticacheclient.h"
#include "responseparser.h"
#include "scriptedserver.h"
#include "service/queryprotocol.h"
#include "sigv4.h"
#include "wirecaptures.h"

#include <QFile>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
const QString kKeyId = u"AKIDEXAMPLE"_s;
const QString kSecret = u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s;
constexpr int kWaitMs = 20000; // a ceiling for a hung test, not a timing assertion

QByteArray snapshotsPage(const QStringList &names, const QString &marker)
{
    QByteArray xml = "<DescribeSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
                     "<DescribeSnapshotsResult>";
    if (!marker.isEmpty())
        xml += "<Marker>" + marker.toUtf8() + "</Marker>";
    xml += "<Snapshots>";
    for (const QString &name : names) {
        xml += "<Snapshot><SnapshotName>" + name.toUtf8()
            + "</SnapshotName><SnapshotStatus>available</SnapshotStatus><SnapshotSource>manual</SnapshotSource>"
              "<NodeSnapshots><NodeSnapshot><CacheSize>5 MB</CacheSize>"
              "<SnapshotCreateTime>2024-03-02T04:05:06.250Z</SnapshotCreateTime></NodeSnapshot></NodeSnapshots>"
              "</Snapshot>";
    }
    xml += "</Snapshots></DescribeSnapshotsResult><ResponseMetadata><RequestId>rid-1</RequestId>"
           "</ResponseMetadata></DescribeSnapshotsResponse>";
    return xml;
}

QByteArray errorDocument(const QByteArray &type, const QByteArray &code, const QByteArray &message)
{
    return "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error><Type>" + type
        + "</Type><Code>" + code + "</Code><Message>" + message
        + "</Message></Error><RequestId>err-rid</RequestId></ErrorResponse>";
}

SigV4::VerifyResult verifyRequest(const RecordedRequest &recorded, const QDateTime &now)
{
    SigV4::Request request;
    request.method = recorded.method;
    request.path = recorded.target;
    request.headers = recorded.headers;
    request.body = recorded.body;
    SigV4::VerifyOptions options;
    options.region = u"us-east-1"_s;
    options.now = now;
    return SigV4::verify(
        request,
        [](const QString &id) -> std::optional<QString> {
            if (id == kKeyId)
                return kSecret;
            return std::nullopt;
        },
        options);
}

QByteArray signedHeadersOf(const QByteArray &authorization)
{
    const QRegularExpression re(u"SignedHeaders=([^,\\s]+)"_s);
    return re.match(QString::fromLatin1(authorization)).captured(1).toLatin1();
}

// Everything a job told its caller, gathered through the public signals.
template<typename T> struct Outcome
{
    int finishedCount = 0;
    std::optional<ApiResult<T>> result;
    int pagesBeforeFinished = 0;
    QList<QList<Snapshot>> pages;
    QList<int> requestsSeenAtPage;
    QList<int> retryAttempts;
    bool destroyed = false;
};

template<typename T> QByteArray describe(const ApiResult<T> &result)
{
    return result.ok() ? QByteArray("ok") : result.error().toString().toUtf8();
}

QStringList *g_log = nullptr;
QtMessageHandler g_previousHandler = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_log && context.category && QByteArrayView(context.category) == "cachesnap.api")
        g_log->append(message);
    else if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// Collects the client's debug log while it lives.
class LogCapture
{
public:
    LogCapture()
    {
        g_log = &m_lines;
        g_previousHandler = qInstallMessageHandler(captureLog);
        QLoggingCategory::setFilterRules(u"cachesnap.api.debug=true"_s);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(g_previousHandler);
        g_log = nullptr;
        QLoggingCategory::setFilterRules(u"cachesnap.api.debug=false"_s);
    }
    const QStringList &lines() const { return m_lines; }
    int requestsSent() const
    {
        int count = 0;
        for (const QString &line : m_lines)
            count += line.contains(u": POST "_s) ? 1 : 0;
        return count;
    }

private:
    QStringList m_lines;
};

// A zero random source: backoff delays of 0 ms, so retries take no time.
constexpr double zeroRandom()
{
    return 0.0;
}
// A page of count snapshots named prefix-N: long enough (over ApiJob::kReadApartBytes) to be read on a worker.
QByteArray longSnapshotsPage(const QString &prefix, int count, const QString &marker)
{
    QStringList names;
    for (int i = 0; i < count; ++i)
        names << prefix + u'-' + QString::number(i);
    return snapshotsPage(names, marker);
}

// Where a job's pages were read, and a gate that holds the reading thread until the test opens it.
struct ReadGate
{
    std::atomic<bool> hold {false};
    std::atomic<int> entered {0};
    QSemaphore open;
};

// A DescribeSnapshots listing through ApiJob's PageReader, as the list jobs read theirs, that tells on which
// thread each page was read and can hold the reading (to have the job deleted, aborted or answered meanwhile).
class GatedListJob final : public ApiJob
{
    Q_OBJECT
public:
    GatedListJob(ServiceClient *client, std::shared_ptr<ReadGate> gate)
        : ApiJob(client, {u"DescribeSnapshots"_s, {}, u"Marker"_s})
        , m_gate(std::move(gate))
    {
    }

Q_SIGNALS:
    void pageReceived(const QStringList &names, bool readOnJobThread);
    void finished(const ApiResult<int> &pages);

private:
    PageReader pageReader() override
    {
        const Qt::HANDLE jobThread = QThread::currentThreadId();
        return [this, gate = m_gate, jobThread](const QByteArray &xml) -> PageTaker {
            ++gate->entered;
            if (gate->hold)
                gate->open.tryAcquire(1, kWaitMs);
            const bool onJobThread = QThread::currentThreadId() == jobThread;
            return [this, page = ResponseParser::describeSnapshots(xml), onJobThread]() -> ApiResult<PageRead> {
                if (!page)
                    return page.error();
                QStringList names;
                for (const Snapshot &s : page.value().items)
                    names << s.snapshotName;
                ++m_pages;
                Q_EMIT pageReceived(names, onJobThread);
                return PageRead {page.value().nextToken, page.value().items.size()};
            };
        };
    }
    void finishWithError(const ApiError &error) override { Q_EMIT finished(error); }
    void finishWithSuccess() override { Q_EMIT finished(m_pages); }

    std::shared_ptr<ReadGate> m_gate;
    int m_pages = 0;
};

} // namespace

Q_DECLARE_METATYPE(QList<ScriptedResponse>)

class TestElastiCacheClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void requestMatchesAwsCli_data();
    void requestMatchesAwsCli();
    void pagingDeliversEachPage();
    void maxRecordsStaysInRange_data();
    void maxRecordsStaysInRange();
    void retries_data();
    void retries();
    void malformedSecondPage();
    void failedPageAfterPipelinedOne();
    void twoMarkersInOnePage();
    void abortFromPageSlot();
    void deleteFromPageSlot();
    void createSnapshotLikeAwsCli();
    void serverlessPaging();
    void genericCallFollowsMarkers();
    void genericCallTagsLikeBotocore();
    void genericCallServiceError();
    void clockSkew_data();
    void clockSkew();
    void abortInFlight();
    void abortDuringRetry();
    void clientDestroyed();
    void onFinishedRunsOnce();
    void onFinishedNotAfterContextDestroyed();
    void sourcePagesWithoutAccumulating();
    void longPagesReadApart();
    void answerWhileReadingApart();
    void deletedWhileReadingApart();
    void abortedWhileReadingApart();
    void unparseableAnswer_data();
    void unparseableAnswer();
    void plainHttpRefused_data();
    void plainHttpRefused();
    void debugLogIsRedacted();

private:
    std::unique_ptr<ServiceClient> makeServiceClient();
    std::unique_ptr<ElastiCacheClient> makeClient(const QString &sessionToken = QString(), int timeoutMs = 10000,
                                                  const QUrl &endpoint = QUrl());
    template<typename Job> void watch(Job *job, Outcome<QList<Snapshot>> &outcome);
    void waitForEnd(const Outcome<QList<Snapshot>> &outcome);

    std::unique_ptr<ScriptedServer> m_server;
};

void TestElastiCacheClient::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
}

void TestElastiCacheClient::cleanup()
{
    m_server.reset();
}

std::unique_ptr<ElastiCacheClient> TestElastiCacheClient::makeClient(const QString &sessionToken, int timeoutMs,
                                                                     const QUrl &endpoint)
{
    AwsCredentials credentials;
    credentials.accessKeyId = kKeyId;
    credentials.secretAccessKey = kSecret;
    credentials.sessionToken = sessionToken;
    credentials.source = u"test"_s;
    ClientConfig config;
    config.region = u"us-east-1"_s;
    config.endpoint = endpoint.isEmpty() ? m_server->url() : endpoint;
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    config.retry = RetryConfig::forMode(RetryConfig::Mode::Standard);
    config.transferTimeoutMs = timeoutMs;
    auto client = std::make_unique<ElastiCacheClient>(config);
    client->setRetryRandomSource(zeroRandom);
    return client;
}

template<typename Job> void TestElastiCacheClient::watch(Job *job, Outcome<QList<Snapshot>> &outcome)
{
    connect(job, &Job::finished, this, [&outcome](const ApiResult<QList<Snapshot>> &result) {
        ++outcome.finishedCount;
        outcome.pagesBeforeFinished = int(outcome.pages.size());
        outcome.result = result;
    });
    connect(job, &Job::pageReceived, this, [this, &outcome](const QList<Snapshot> &page) {
        outcome.pages.append(page);
        outcome.requestsSeenAtPage.append(int(m_server->requests().size()));
    });
    connect(job, &ApiJob::retrying, this,
            [&outcome](int attempt, int, const ApiError &) { outcome.retryAttempts.append(attempt); });
    connect(job, &QObject::destroyed, this, [&outcome] { outcome.destroyed = true; });
}

void TestElastiCacheClient::waitForEnd(const Outcome<QList<Snapshot>> &outcome)
{
    // The job deletes itself after finished(); once it is gone, no second finished() can come.
    QTRY_VERIFY_WITH_TIMEOUT(outcome.destroyed, kWaitMs);
    QCOMPARE(outcome.finishedCount, 1);
    QVERIFY(outcome.result.has_value());
}

void TestElastiCacheClient::requestMatchesAwsCli_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("snapshotName");
    QTest::addColumn<QString>("replicationGroupId");
    QTest::addColumn<QString>("snapshotSource");
    QTest::addColumn<bool>("showNodeGroupConfig");
    QTest::newRow("describe-all") << u"describe-all"_s << QString() << QString() << QString() << false;
    QTest::newRow("describe-filtered") << u"describe-filtered"_s << QString() << u"my-redis-rg"_s << u"system"_s
                                       << true;
    QTest::newRow("session-token") << u"session-token"_s << u"manual-single"_s << QString() << QString() << false;
}

void TestElastiCacheClient::requestMatchesAwsCli()
{
    QFETCH(QString, scenario);
    QFETCH(QString, snapshotName);
    QFETCH(QString, replicationGroupId);
    QFETCH(QString, snapshotSource);
    QFETCH(bool, showNodeGroupConfig);

    const auto captured = capturedRequest(u"awscli-v2"_s, scenario);
    QVERIFY2(captured, "scenario not found in wire-captures.md");
    const QString token = QString::fromLatin1(captured->header("X-Amz-Security-Token"));

    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"manual-single"_s}, QString())));
    auto client = makeClient(token);
    DescribeSnapshotsRequest request;
    request.snapshotName = snapshotName;
    request.replicationGroupId = replicationGroupId;
    request.snapshotSource = snapshotSource;
    if (showNodeGroupConfig)
        request.showNodeGroupConfig = true;
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots(request), outcome);
    waitForEnd(outcome);
    QVERIFY2(outcome.result->ok(), describe(*outcome.result).constData());

    QCOMPARE(m_server->requests().size(), 1);
    const RecordedRequest &sent = m_server->requests().first();
    QCOMPARE(sent.method + ' ' + sent.target + " HTTP/1.1", captured->requestLine);
    QCOMPARE(sent.body, captured->body);

    // Every header the AWS CLI sends, with the same value where the value is not per-request.
    for (const auto &[name, value] : captured->headers) {
        QVERIFY2(!sent.header(name).isEmpty(), name.constData());
        if (name == "Accept-Encoding" || name == "Content-Type" || name == "Content-Length"
            || name == "X-Amz-Security-Token")
            QCOMPARE(sent.header(name), value);
    }
    QCOMPARE(sent.header("Host"), "127.0.0.1:" + QByteArray::number(m_server->port()));
    // The same headers in the same order; Qt's HTTP stack only adds Connection and Accept-Language.
    const QList<QByteArray> transport = {"connection", "accept-language"};
    QList<QByteArray> sentNames;
    for (const QByteArray &name : sent.headerNames()) {
        if (!transport.contains(name.toLower()))
            sentNames << name;
    }
    QList<QByteArray> capturedNames;
    for (const auto &header : captured->headers)
        capturedNames << header.first;
    QCOMPARE(sentNames, capturedNames);
    QCOMPARE(signedHeadersOf(sent.header("Authorization")), signedHeadersOf(captured->header("Authorization")));
    QVERIFY(sent.header("Authorization").contains("/us-east-1/elasticache/aws4_request"));
    QVERIFY(sent.header("User-Agent").startsWith("cachesnap/"));

    const auto verified = verifyRequest(sent, QDateTime::currentDateTimeUtc());
    QVERIFY2(verified.ok(), qPrintable(verified.message));
    QCOMPARE(verified.sessionToken, token);
}

void TestElastiCacheClient::pagingDeliversEachPage()
{
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"a1"_s, u"a2"_s}, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"b1"_s, u"b2"_s}, u"page-3-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"c1"_s}, QString())));
    const LogCapture log;
    auto client = makeClient();
    DescribeSnapshotsRequest request;
    request.maxRecords = 20;
    Outcome<QList<Snapshot>> outcome;
    SnapshotListJob *job = client->describeSnapshots(request);
    watch(job, outcome);
    QList<int> sentAtPage;
    connect(job, &SnapshotListJob::pageReceived, this, [&] { sentAtPage.append(log.requestsSent()); });
    waitForEnd(outcome);
    QVERIFY2(outcome.result->ok(), describe(*outcome.result).constData());

    const auto &requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    // The AWS CLI's paging bodies (describe-page-size-20).
    QCOMPARE(requests.at(0).body, "Action=DescribeSnapshots&Version=2015-02-02&MaxRecords=20");
    QCOMPARE(requests.at(1).body, "Action=DescribeSnapshots&Version=2015-02-02&MaxRecords=20&Marker=page-2-token");
    QCOMPARE(requests.at(2).body, "Action=DescribeSnapshots&Version=2015-02-02&MaxRecords=20&Marker=page-3-token");
    for (const auto &r : requests)
        QVERIFY(verifyRequest(r, QDateTime::currentDateTimeUtc()).ok());

    // Each page arrives as its own signal, in order, and is read while the next one is being asked for: its
    // Marker comes first, so the request for the next page goes out before the page is read and delivered.
    QCOMPARE(outcome.pages.size(), 3);
    QCOMPARE(sentAtPage, (QList<int> {2, 3, 3}));
    QCOMPARE(outcome.pagesBeforeFinished, 3);
    QStringList names;
    for (const auto &page : outcome.pages) {
        for (const Snapshot &s : page)
            names << s.snapshotName;
    }
    QCOMPARE(names, (QStringList {u"a1"_s, u"a2"_s, u"b1"_s, u"b2"_s, u"c1"_s}));
    QStringList merged;
    for (const Snapshot &s : outcome.result->value())
        merged << s.snapshotName;
    QCOMPARE(merged, names);
    QCOMPARE(outcome.result->value().first().createTime(), QDateTime(QDate(2024, 3, 2), QTime(4, 5, 6, 250), Qt::UTC));
    QVERIFY(outcome.retryAttempts.isEmpty());
}

void TestElastiCacheClient::maxRecordsStaysInRange_data()
{
    QTest::addColumn<int>("requested");
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("below 20") << 5 << QByteArray("MaxRecords=20");
    QTest::newRow("above 50") << 500 << QByteArray("MaxRecords=50");
    QTest::newRow("inside") << 35 << QByteArray("MaxRecords=35");
    QTest::newRow("unset: the service's default page of 50") << -1 << QByteArray();
}

void TestElastiCacheClient::maxRecordsStaysInRange()
{
    QFETCH(int, requested);
    QFETCH(QByteArray, sent);
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({}, QString())));
    auto client = makeClient();
    DescribeSnapshotsRequest request;
    if (requested >= 0)
        request.maxRecords = requested;
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots(request), outcome);
    waitForEnd(outcome);
    QVERIFY(outcome.result->ok());
    const QByteArray body = m_server->requests().first().body;
    if (sent.isEmpty())
        QVERIFY(!body.contains("MaxRecords"));
    else
        QVERIFY2(body.endsWith(QByteArray("&" + sent)), body.constData());
}

void TestElastiCacheClient::retries_data()
{
    QTest::addColumn<QList<ScriptedResponse>>("script");
    QTest::addColumn<int>("transferTimeoutMs");
    QTest::addColumn<int>("expectedRequests");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<int>("errorKind");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<int>("errorStatus");

    const auto ok = ScriptedResponse::xml(200, snapshotsPage({u"s1"_s}, QString()));
    const auto throttle = ScriptedResponse::xml(400, errorDocument("Sender", "Throttling", "Rate exceeded"));
    const auto internal
        = ScriptedResponse::xml(500, errorDocument("Receiver", "InternalFailure", "An internal error has occurred."));
    const auto unavailable
        = ScriptedResponse::xml(503, errorDocument("Receiver", "ServiceUnavailable", "Service is unavailable."));
    const auto notFound = ScriptedResponse::xml(
        404, errorDocument("Sender", "SnapshotNotFoundFault", "Snapshot missing-snap not found."));
    const auto proxy = ScriptedResponse::html(
        502, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>");
    const auto closed = ScriptedResponse::closeMidResponse(snapshotsPage({u"s1"_s, u"s2"_s}, QString()));
    const auto hang = ScriptedResponse::hang();
    const int service = int(ApiError::Kind::Service);

    QTest::newRow("throttling twice, then success")
        << QList<ScriptedResponse> {throttle, throttle, ok} << 10000 << 3 << true << 0 << QString() << 0;
    QTest::newRow("throttling always: exactly 3 attempts") << QList<ScriptedResponse> {throttle, throttle, throttle, ok}
                                                           << 10000 << 3 << false << service << u"Throttling"_s << 400;
    QTest::newRow("500 retried") << QList<ScriptedResponse> {internal, ok} << 10000 << 2 << true << 0 << QString() << 0;
    QTest::newRow("500 always") << QList<ScriptedResponse> {internal, internal, internal, ok} << 10000 << 3 << false
                                << service << u"InternalFailure"_s << 500;
    QTest::newRow("503 retried") << QList<ScriptedResponse> {unavailable, unavailable, ok} << 10000 << 3 << true << 0
                                 << QString() << 0;
    QTest::newRow("503 always") << QList<ScriptedResponse> {unavailable, unavailable, unavailable, ok} << 10000 << 3
                                << false << service << u"ServiceUnavailable"_s << 503;
    QTest::newRow("404 not retried") << QList<ScriptedResponse> {notFound, ok} << 10000 << 1 << false << service
                                     << u"SnapshotNotFoundFault"_s << 404;
    QTest::newRow("HTML proxy 502 retried")
        << QList<ScriptedResponse> {proxy, ok} << 10000 << 2 << true << 0 << QString() << 0;
    QTest::newRow("HTML proxy 502 always") << QList<ScriptedResponse> {proxy, proxy, proxy, ok} << 10000 << 3 << false
                                           << int(ApiError::Kind::Http) << u"502"_s << 502;
    // botocore does not read a 5xx body that is not XML and does not start with "<html>": it is unparseable,
    // and an unparseable answer is not retried.
    const auto htmlPage = ScriptedResponse::html(
        500,
        "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Error</title></head>\n"
        "<body><h1>Error response</h1></body>\n</html>\n");
    QTest::newRow("HTML 500 page that is not XML, not retried")
        << QList<ScriptedResponse> {htmlPage, ok} << 10000 << 1 << false << int(ApiError::Kind::Parse)
        << u"ResponseParserError"_s << 500;
    QTest::newRow("closed mid-response, then success")
        << QList<ScriptedResponse> {closed, ok} << 10000 << 2 << true << 0 << QString() << 0;
    QTest::newRow("closed mid-response always") << QList<ScriptedResponse> {closed, closed, closed, ok} << 10000 << 3
                                                << false << int(ApiError::Kind::Network) << QString() << 0;
    QTest::newRow("timeout, then success")
        << QList<ScriptedResponse> {hang, ok} << 300 << 2 << true << 0 << QString() << 0;
    QTest::newRow("timeout always") << QList<ScriptedResponse> {hang, hang, hang, ok} << 300 << 3 << false
                                    << int(ApiError::Kind::Timeout) << QString() << 0;
}

void TestElastiCacheClient::retries()
{
    QFETCH(QList<ScriptedResponse>, script);
    QFETCH(int, transferTimeoutMs);
    QFETCH(int, expectedRequests);
    QFETCH(bool, succeeds);
    QFETCH(int, errorKind);
    QFETCH(QString, errorCode);
    QFETCH(int, errorStatus);

    for (const auto &response : script)
        m_server->enqueue(response);
    auto client = makeClient(QString(), transferTimeoutMs);
    DescribeSnapshotsRequest request;
    request.snapshotName = u"throttle-always"_s;
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots(request), outcome);
    waitForEnd(outcome);

    QCOMPARE(m_server->requests().size(), expectedRequests);
    QList<int> expectedRetries;
    for (int attempt = 2; attempt <= expectedRequests; ++attempt)
        expectedRetries << attempt;
    QCOMPARE(outcome.retryAttempts, expectedRetries);
    // Every attempt carries the same body, freshly signed.
    for (const auto &r : m_server->requests()) {
        QCOMPARE(r.body, m_server->requests().first().body);
        const auto verified = verifyRequest(r, QDateTime::currentDateTimeUtc());
        QVERIFY2(verified.ok(), qPrintable(verified.message));
    }
    QCOMPARE(outcome.result->ok(), succeeds);
    if (succeeds) {
        QCOMPARE(outcome.result->value().size(), 1);
        return;
    }
    const ApiError &error = outcome.result->error();
    QCOMPARE(int(error.kind), errorKind);
    if (!errorCode.isEmpty())
        QCOMPARE(error.code, errorCode);
    QCOMPARE(error.httpStatus, errorStatus);
    QCOMPARE(error.attempts, expectedRequests);
    QVERIFY(!error.message.isEmpty());
    QVERIFY(outcome.pages.isEmpty());
}

void TestElastiCacheClient::malformedSecondPage()
{
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"a1"_s, u"a2"_s}, u"page-2-token"_s)));
    QByteArray truncated = snapshotsPage({u"b1"_s, u"b2"_s}, u"page-3-token"_s);
    truncated.truncate(truncated.indexOf("<Snapshot>", truncated.indexOf("b1")) - 20);
    m_server->enqueue(ScriptedResponse::xml(200, truncated));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"c1"_s}, QString())));
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);
    QVERIFY(!outcome.result->ok());
    QCOMPARE(outcome.result->error().kind, ApiError::Kind::Parse);
    QVERIFY2(outcome.result->error().message.contains(u"Page 2"_s), qPrintable(outcome.result->error().message));
    // Not retried, and not passed off as a shorter list. The request for page 3 may have gone out (page 2 names
    // its Marker before it breaks off) but is dropped.
    QVERIFY(m_server->requests().size() >= 2);
    QVERIFY(m_server->requests().size() <= 3);
    if (m_server->requests().size() == 3)
        QVERIFY(m_server->requests().at(2).body.endsWith("&Marker=page-3-token"));
    QCOMPARE(outcome.pages.size(), 1);
    QVERIFY(outcome.retryAttempts.isEmpty());
}

// The page read while the next one was asked for is still delivered when the next one fails.
void TestElastiCacheClient::failedPageAfterPipelinedOne()
{
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"a1"_s, u"a2"_s}, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(400, errorDocument("Sender", "InvalidParameterValue", "Bad marker")));
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);
    QVERIFY(!outcome.result->ok());
    QCOMPARE(outcome.result->error().code, u"InvalidParameterValue"_s);
    QCOMPARE(outcome.pages.size(), 1);
    QCOMPARE(outcome.pagesBeforeFinished, 1);
    QCOMPARE(m_server->requests().size(), 2);
}

// A page whose full read finds another Marker than the one it starts with (the next page was asked for with the
// first) is an error, not a silently different list.
void TestElastiCacheClient::twoMarkersInOnePage()
{
    QByteArray page = snapshotsPage({u"a1"_s}, u"page-2-token"_s);
    page.insert(page.indexOf("</DescribeSnapshotsResult>"), "<Marker>other-token</Marker>");
    m_server->enqueue(ScriptedResponse::xml(200, page));
    m_server->setHandler(
        [](const RecordedRequest &, int) { return ScriptedResponse::xml(200, snapshotsPage({u"z1"_s}, QString())); });
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);
    QVERIFY(!outcome.result->ok());
    QCOMPARE(outcome.result->error().kind, ApiError::Kind::Parse);
    QVERIFY2(outcome.result->error().message.contains(u"other-token"_s), qPrintable(outcome.result->error().message));
}

void TestElastiCacheClient::abortFromPageSlot()
{
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"a1"_s}, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"b1"_s}, QString())));
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    SnapshotListJob *job = client->describeSnapshots({});
    watch(job, outcome);
    connect(job, &SnapshotListJob::pageReceived, job, &ApiJob::abort);
    waitForEnd(outcome);
    QCOMPARE(outcome.result->error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(outcome.pages.size(), 1);
    // Page 1 is delivered once the request for page 2 is out; abort() drops that request, its answer never
    // becomes a page, and nothing more is asked for.
    QVERIFY(m_server->requests().size() <= 2);
    QTest::qWait(200);
    QVERIFY(m_server->requests().size() <= 2);
    QCOMPARE(outcome.pages.size(), 1);
    QCOMPARE(outcome.finishedCount, 1);
}

// Deleting the job from its page slot (rather than abort()) ends it quietly, while the next page is on its way.
void TestElastiCacheClient::deleteFromPageSlot()
{
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"a1"_s}, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"b1"_s}, u"page-3-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"c1"_s}, QString())));
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    SnapshotListJob *job = client->describeSnapshots({});
    watch(job, outcome);
    connect(job, &SnapshotListJob::pageReceived, this, [job] { delete job; });
    QTRY_VERIFY_WITH_TIMEOUT(outcome.destroyed, kWaitMs);
    QTest::qWait(200);
    QCOMPARE(outcome.pages.size(), 1);
    QCOMPARE(outcome.finishedCount, 0);
    QVERIFY(m_server->requests().size() <= 2);
}

void TestElastiCacheClient::createSnapshotLikeAwsCli()
{
    const auto captured = capturedRequest(u"awscli-v2"_s, u"create-cluster"_s);
    QVERIFY(captured);
    m_server->enqueue(ScriptedResponse::xml(
        200,
        "<CreateSnapshotResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><CreateSnapshotResult>"
        "<Snapshot><SnapshotName>snap1</SnapshotName><CacheClusterId>my-redis-001</CacheClusterId>"
        "<SnapshotStatus>creating</SnapshotStatus><SnapshotSource>manual</SnapshotSource></Snapshot>"
        "</CreateSnapshotResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        "</CreateSnapshotResponse>"));
    auto client = makeClient();
    CreateSnapshotRequest request;
    request.cacheClusterId = u"my-redis-001"_s;
    request.snapshotName = u"snap1"_s;
    SnapshotJob *job = client->createSnapshot(request);
    QCOMPARE(job->operation(), u"CreateSnapshot"_s);
    int finishedCount = 0;
    std::optional<ApiResult<Snapshot>> result;
    bool destroyed = false;
    connect(job, &SnapshotJob::finished, this, [&](const ApiResult<Snapshot> &r) {
        ++finishedCount;
        result = r;
    });
    connect(job, &QObject::destroyed, this, [&] { destroyed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(destroyed, kWaitMs);
    QCOMPARE(finishedCount, 1);
    QVERIFY2(result->ok(), describe(*result).constData());
    QCOMPARE(result->value().snapshotName, u"snap1"_s);
    QCOMPARE(result->value().snapshotStatus, u"creating"_s);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().body, captured->body);
    QVERIFY(verifyRequest(m_server->requests().first(), QDateTime::currentDateTimeUtc()).ok());
}

void TestElastiCacheClient::serverlessPaging()
{
    auto page = [](const QStringList &names, const QByteArray &token) -> QByteArray {
        QByteArray xml = "<DescribeServerlessCacheSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/"
                         "2015-02-02/\"><DescribeServerlessCacheSnapshotsResult>";
        if (!token.isEmpty())
            xml += "<NextToken>" + token + "</NextToken>";
        xml += "<ServerlessCacheSnapshots>";
        for (const QString &name : names) {
            xml += "<ServerlessCacheSnapshot><ServerlessCacheSnapshotName>" + name.toUtf8()
                + "</ServerlessCacheSnapshotName><SnapshotType>manual</SnapshotType><Status>available</Status>"
                  "</ServerlessCacheSnapshot>";
        }
        return xml
            + "</ServerlessCacheSnapshots></DescribeServerlessCacheSnapshotsResult><ResponseMetadata>"
              "<RequestId>r</RequestId></ResponseMetadata></DescribeServerlessCacheSnapshotsResponse>";
    };
    m_server->enqueue(ScriptedResponse::xml(200, page({u"sl-1"_s, u"sl-2"_s}, "sl-page-2")));
    m_server->enqueue(ScriptedResponse::xml(200, page({u"sl-3"_s}, QByteArray())));
    auto client = makeClient();
    DescribeServerlessCacheSnapshotsRequest request;
    request.maxResults = 500;
    ServerlessSnapshotListJob *job = client->describeServerlessCacheSnapshots(request);
    QList<int> pageSizes;
    int finishedCount = 0;
    std::optional<ApiResult<QList<ServerlessCacheSnapshot>>> result;
    bool destroyed = false;
    connect(job, &ServerlessSnapshotListJob::pageReceived, this,
            [&](const QList<ServerlessCacheSnapshot> &items) { pageSizes << int(items.size()); });
    connect(job, &ServerlessSnapshotListJob::finished, this, [&](const ApiResult<QList<ServerlessCacheSnapshot>> &r) {
        ++finishedCount;
        result = r;
    });
    connect(job, &QObject::destroyed, this, [&] { destroyed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(destroyed, kWaitMs);
    QCOMPARE(finishedCount, 1);
    QVERIFY2(result->ok(), describe(*result).constData());
    QCOMPARE(pageSizes, (QList<int> {2, 1}));
    QCOMPARE(result->value().size(), 3);
    QCOMPARE(result->value().last().serverlessCacheSnapshotName, u"sl-3"_s);
    const auto &requests = m_server->requests();
    QCOMPARE(requests.size(), 2);
    // MaxResults clamped to the model's 1..50; NextToken as in capture sl-describe-page-size.
    QCOMPARE(requests.at(0).body, "Action=DescribeServerlessCacheSnapshots&Version=2015-02-02&MaxResults=50");
    QCOMPARE(requests.at(1).body,
             "Action=DescribeServerlessCacheSnapshots&Version=2015-02-02&MaxResults=50&NextToken=sl-page-2");
}

void TestElastiCacheClient::genericCallFollowsMarkers()
{
    auto page = [](const QStringList &names, const QByteArray &marker) -> QByteArray {
        QByteArray xml
            = "<DescribeCacheSubnetGroupsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
              "<DescribeCacheSubnetGroupsResult>";
        if (!marker.isEmpty())
            xml += "<Marker>" + marker + "</Marker>";
        xml += "<CacheSubnetGroups>";
        for (const QString &name : names) {
            xml += "<CacheSubnetGroup><CacheSubnetGroupName>" + name.toUtf8()
                + "</CacheSubnetGroupName><VpcId>vpc-1</VpcId><Subnets><Subnet><SubnetIdentifier>subnet-a"
                  "</SubnetIdentifier></Subnet></Subnets></CacheSubnetGroup>";
        }
        return xml
            + "</CacheSubnetGroups></DescribeCacheSubnetGroupsResult><ResponseMetadata><RequestId>r</RequestId>"
              "</ResponseMetadata></DescribeCacheSubnetGroupsResponse>";
    };
    m_server->enqueue(ScriptedResponse::xml(200, page({u"default"_s, u"private"_s}, "page-2")));
    m_server->enqueue(ScriptedResponse::xml(200, page({u"other"_s}, QByteArray())));
    auto client = makeClient();
    DescribeCacheSubnetGroupsRequest request;
    request.maxRecords = 500;
    DescribeCacheSubnetGroupsJob *job = client->describeCacheSubnetGroups(request);
    QCOMPARE(job->operation(), u"DescribeCacheSubnetGroups"_s);
    int finishedCount = 0;
    std::optional<ApiResult<DescribeCacheSubnetGroupsResult>> result;
    bool destroyed = false;
    job->onFinished(this, [&](const ApiResult<DescribeCacheSubnetGroupsResult> &r) {
        ++finishedCount;
        result = r;
    });
    connect(job, &QObject::destroyed, this, [&] { destroyed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(destroyed, kWaitMs);
    QCOMPARE(finishedCount, 1);
    QVERIFY2(result->ok(), describe(*result).constData());
    const auto &groups = result->value().cacheSubnetGroups;
    QCOMPARE(groups.size(), 3);
    QCOMPARE(groups.at(0).cacheSubnetGroupName, u"default"_s);
    QCOMPARE(groups.at(2).cacheSubnetGroupName, u"other"_s);
    QCOMPARE(groups.at(1).subnets.size(), 1);
    QVERIFY(result->value().marker.isEmpty());
    const auto &requests = m_server->requests();
    QCOMPARE(requests.size(), 2);
    // MaxRecords clamped to the model's 20..100; the Marker as botocore serializes it.
    QCOMPARE(requests.at(0).body, "Action=DescribeCacheSubnetGroups&Version=2015-02-02&MaxRecords=100");
    QCOMPARE(requests.at(1).body, "Action=DescribeCacheSubnetGroups&Version=2015-02-02&MaxRecords=100&Marker=page-2");
}

void TestElastiCacheClient::genericCallTagsLikeBotocore()
{
    m_server->enqueue(ScriptedResponse::xml(
        200,
        "<AddTagsToResourceResponse "
        "xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><AddTagsToResourceResult>"
        "<TagList><Tag><Key>owner</Key><Value>ops team</Value></Tag><Tag><Key>keep</Key><Value>true</Value></Tag>"
        "</TagList></AddTagsToResourceResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        "</AddTagsToResourceResponse>"));
    auto client = makeClient();
    AddTagsToResourceRequest request;
    request.resourceName = u"arn:aws:elasticache:us-east-1:123456789012:snapshot:snap-1"_s;
    Tag owner;
    owner.key = u"owner"_s;
    owner.value = u"ops team"_s;
    Tag keep;
    keep.key = u"keep"_s;
    keep.value = u"true"_s;
    request.tags = {owner, keep};
    AddTagsToResourceJob *job = client->addTagsToResource(request);
    std::optional<ApiResult<AddTagsToResourceResult>> result;
    job->onFinished(this, [&](const ApiResult<AddTagsToResourceResult> &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), kWaitMs);
    QVERIFY2(result->ok(), describe(*result).constData());
    QCOMPARE(result->value().tagList.size(), 2);
    QCOMPARE(result->value().tagList.at(0).value, u"ops team"_s);
    QCOMPARE(m_server->requests().size(), 1);
    // What botocore 1.43's query serializer writes for the same input (flattened Tags.Tag.N).
    QCOMPARE(m_server->requests().first().body,
             "Action=AddTagsToResource&Version=2015-02-02&ResourceName=arn%3Aaws%3Aelasticache%3Aus-east-1%3A"
             "123456789012%3Asnapshot%3Asnap-1&Tags.Tag.1.Key=owner&Tags.Tag.1.Value=ops+team&Tags.Tag.2.Key=keep"
             "&Tags.Tag.2.Value=true");
}

void TestElastiCacheClient::genericCallServiceError()
{
    m_server->enqueue(ScriptedResponse::xml(
        400,
        "<ErrorResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\"><Error><Type>Sender</Type>"
        "<Code>ReplicationGroupAlreadyExists</Code><Message>Replication group already exists.</Message></Error>"
        "<RequestId>r-1</RequestId></ErrorResponse>"));
    auto client = makeClient();
    CreateReplicationGroupRequest request;
    request.replicationGroupId = u"restored"_s;
    request.replicationGroupDescription = u"restored"_s;
    request.snapshotName = u"snap-1"_s;
    CreateReplicationGroupJob *job = client->createReplicationGroup(request);
    std::optional<ApiResult<CreateReplicationGroupResult>> result;
    job->onFinished(this, [&](const ApiResult<CreateReplicationGroupResult> &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), kWaitMs);
    QVERIFY(!result->ok());
    QCOMPARE(result->error().kind, ApiError::Kind::Service);
    QCOMPARE(result->error().code, u"ReplicationGroupAlreadyExists"_s);
    QCOMPARE(result->error().requestId, u"r-1"_s);
    QVERIFY(m_server->requests().first().body.contains("SnapshotName=snap-1"));
}

void TestElastiCacheClient::clockSkew_data()
{
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("serverOffsetSeconds");
    QTest::addColumn<bool>("persistent"); // the server's clock moves away again after the correction
    QTest::newRow("RequestExpired, server 1 h ahead") << QByteArray("RequestExpired") << 400 << qint64(3600) << false;
    QTest::newRow("SignatureDoesNotMatch, server 1 h behind")
        << QByteArray("SignatureDoesNotMatch") << 403 << qint64(-3600) << false;
    QTest::newRow("corrected once only") << QByteArray("RequestExpired") << 400 << qint64(3600) << true;
}

void TestElastiCacheClient::clockSkew()
{
    QFETCH(QByteArray, code);
    QFETCH(int, status);
    QFETCH(qint64, serverOffsetSeconds);
    QFETCH(bool, persistent);

    // The server's clock is off by serverOffsetSeconds; it checks X-Amz-Date against its own clock.
    m_server->setHandler([&](const RecordedRequest &request, int index) {
        const qint64 offset = persistent ? serverOffsetSeconds * (index + 1) : serverOffsetSeconds;
        const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(offset);
        const auto verified = verifyRequest(request, serverNow);
        if (!verified.ok()) {
            ScriptedResponse r = ScriptedResponse::xml(status, errorDocument("Sender", code, "Signature expired."));
            r.date = serverNow;
            return r;
        }
        ScriptedResponse r = ScriptedResponse::xml(200, snapshotsPage({u"s1"_s}, QString()));
        r.date = serverNow;
        return r;
    });
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);

    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(outcome.retryAttempts, QList<int> {2});
    // The Date header has whole seconds, so the learned offset is within a few seconds of the real one.
    QVERIFY2(std::abs(client->clockOffsetMs() - serverOffsetSeconds * 1000) < 5000,
             qPrintable(QString::number(client->clockOffsetMs())));
    const QDateTime first = SigV4::parseAmzDate(m_server->requests().at(0).header("X-Amz-Date"));
    const QDateTime second = SigV4::parseAmzDate(m_server->requests().at(1).header("X-Amz-Date"));
    QVERIFY(std::abs(first.secsTo(second) - serverOffsetSeconds) < 5);
    if (persistent) {
        QVERIFY(!outcome.result->ok());
        QCOMPARE(outcome.result->error().code, QString::fromLatin1(code));
        QCOMPARE(outcome.result->error().attempts, 2);
    } else {
        QVERIFY2(outcome.result->ok(), describe(*outcome.result).constData());
        QCOMPARE(outcome.result->value().size(), 1);
    }
}

void TestElastiCacheClient::abortInFlight()
{
    m_server->enqueue(ScriptedResponse::hang());
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    QPointer<SnapshotListJob> job = client->describeSnapshots({});
    watch(job.data(), outcome);
    connect(m_server.get(), &ScriptedServer::requestReceived, job, [job] { job->abort(); });
    waitForEnd(outcome);
    QVERIFY(!outcome.result->ok());
    QCOMPARE(outcome.result->error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestElastiCacheClient::abortDuringRetry()
{
    m_server->enqueue(ScriptedResponse::xml(400, errorDocument("Sender", "Throttling", "Rate exceeded")));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"s1"_s}, QString())));
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    SnapshotListJob *job = client->describeSnapshots({});
    watch(job, outcome);
    connect(job, &ApiJob::retrying, job, &ApiJob::abort);
    waitForEnd(outcome);
    QCOMPARE(outcome.result->error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestElastiCacheClient::clientDestroyed()
{
    m_server->enqueue(ScriptedResponse::hang());
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 1, kWaitMs);
    client.reset();
    waitForEnd(outcome);
    QCOMPARE(outcome.result->error().kind, ApiError::Kind::Cancelled);
}

// The (context, callable) form: the callable runs once, on a later event-loop turn, with the result.
void TestElastiCacheClient::onFinishedRunsOnce()
{
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"a1"_s, u"a2"_s}, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"b1"_s}, QString())));
    auto client = makeClient();
    QObject context;
    int calls = 0;
    std::optional<ApiResult<QList<Snapshot>>> result;
    QStringList paged;
    SnapshotListJob *job = client->describeSnapshots({});
    job->onPageReceived(&context, [&paged](const QList<Snapshot> &page) {
        for (const Snapshot &s : page)
            paged << s.snapshotName;
    });
    job->onFinished(&context, [&calls, &result](const ApiResult<QList<Snapshot>> &r) {
        ++calls;
        result = r;
    });
    bool destroyed = false;
    connect(job, &QObject::destroyed, this, [&destroyed] { destroyed = true; });
    QCOMPARE(calls, 0); // never synchronously
    QTRY_VERIFY_WITH_TIMEOUT(destroyed, kWaitMs);
    QCOMPARE(calls, 1);
    QVERIFY(result->ok());
    QCOMPARE(result->value().size(), 3);
    QCOMPARE(paged, (QStringList {u"a1"_s, u"a2"_s, u"b1"_s}));

    // The single-result jobs have the same form, and so does an error.
    m_server->enqueue(
        ScriptedResponse::xml(404, errorDocument("Sender", "SnapshotNotFoundFault", "Snapshot gone not found.")));
    std::optional<ApiResult<Snapshot>> deleted;
    int deleteCalls = 0;
    DeleteSnapshotRequest request;
    request.snapshotName = u"gone"_s;
    client->deleteSnapshot(request)->onFinished(&context, [&](const ApiResult<Snapshot> &r) {
        ++deleteCalls;
        deleted = r;
    });
    QTRY_VERIFY_WITH_TIMEOUT(deleted.has_value(), kWaitMs);
    QTest::qWait(20);
    QCOMPARE(deleteCalls, 1);
    QCOMPARE(deleted->error().code, u"SnapshotNotFoundFault"_s);
}

// Like QObject::connect with a context: once the context is gone, the callable is not run.
// A consumer that takes the clusters page by page (the listing's source lists) is not handed them again, all at
// once, in finished(): a region's tens of thousands of clusters are never held, or freed, in one event.
void TestElastiCacheClient::sourcePagesWithoutAccumulating()
{
    const auto clustersPage = [](const QStringList &ids, const QString &marker) -> QByteArray {
        QByteArray xml = "<DescribeCacheClustersResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
                         "<DescribeCacheClustersResult>";
        if (!marker.isEmpty())
            xml += "<Marker>" + marker.toUtf8() + "</Marker>";
        xml += "<CacheClusters>";
        for (const QString &id : ids)
            xml += "<CacheCluster><CacheClusterId>" + id.toUtf8() + "</CacheClusterId></CacheCluster>";
        return xml
            + "</CacheClusters></DescribeCacheClustersResult><ResponseMetadata><RequestId>rid</RequestId>"
              "</ResponseMetadata></DescribeCacheClustersResponse>";
    };
    for (const bool accumulate : {false, true}) {
        m_server->enqueue(ScriptedResponse::xml(200, clustersPage({u"c1"_s, u"c2"_s}, u"next"_s)));
        m_server->enqueue(ScriptedResponse::xml(200, clustersPage({u"c3"_s}, QString())));
        auto client = makeClient();
        QObject context;
        QList<QStringList> pages;
        std::optional<ApiResult<QList<CacheCluster>>> result;
        CacheClusterListJob *job = client->describeCacheClusters({});
        QVERIFY(job->accumulates()); // the default
        job->setAccumulate(accumulate);
        job->onPageReceived(&context, [&pages](const QList<CacheCluster> &page) {
            QStringList ids;
            for (const CacheCluster &c : page)
                ids << c.cacheClusterId;
            pages << ids;
        });
        job->onFinished(&context, [&result](const ApiResult<QList<CacheCluster>> &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), kWaitMs);
        QVERIFY(result->ok());
        QCOMPARE(pages, (QList<QStringList> {{u"c1"_s, u"c2"_s}, {u"c3"_s}}));
        QCOMPARE(result->value().size(), accumulate ? 3 : 0);
    }
}

void TestElastiCacheClient::onFinishedNotAfterContextDestroyed()
{
    m_server->setHandler(
        [](const RecordedRequest &, int) { return ScriptedResponse::xml(200, snapshotsPage({u"s1"_s}, QString())); });
    auto client = makeClient();
    auto context = std::make_unique<QObject>();
    QObject liveContext;
    bool ranAfterDestruction = false;
    bool liveRan = false;
    SnapshotListJob *job = client->describeSnapshots({});
    job->onFinished(context.get(),
                    [&ranAfterDestruction](const ApiResult<QList<Snapshot>> &) { ranAfterDestruction = true; });
    job->onPageReceived(context.get(), [&ranAfterDestruction](const QList<Snapshot> &) { ranAfterDestruction = true; });
    job->onFinished(&liveContext, [&liveRan](const ApiResult<QList<Snapshot>> &r) { liveRan = r.ok(); });
    bool destroyed = false;
    connect(job, &QObject::destroyed, this, [&destroyed] { destroyed = true; });
    context.reset();
    QTRY_VERIFY_WITH_TIMEOUT(destroyed, kWaitMs);
    QVERIFY(liveRan); // the job did finish, with a result
    QVERIFY(!ranAfterDestruction);
    QCOMPARE(m_server->requests().size(), 1);
}

// A 2xx answer that is not the operation's document is botocore's ResponseParserError, never a short list.
std::unique_ptr<ServiceClient> TestElastiCacheClient::makeServiceClient()
{
    AwsCredentials credentials;
    credentials.accessKeyId = kKeyId;
    credentials.secretAccessKey = kSecret;
    credentials.source = u"test"_s;
    ClientConfig config;
    config.region = u"us-east-1"_s;
    config.endpoint = m_server->url();
    config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    return std::make_unique<ServiceClient>(std::move(config), std::make_unique<QueryProtocol>(u"2015-02-02"_s));
}

// Long pages are read on a worker thread, short ones at once; either way they arrive whole, in order, each read
// while the next page's request is out, and the job ends after the last.
void TestElastiCacheClient::longPagesReadApart()
{
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"a"_s, 40, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"b"_s, 40, u"page-3-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"c-0"_s}, QString())));
    QVERIFY(longSnapshotsPage(u"a"_s, 40, u"page-2-token"_s).size() >= 4 * ApiJob::kReadApartBytes);
    QVERIFY(snapshotsPage({u"c-0"_s}, QString()).size() < ApiJob::kReadApartBytes);

    // The list jobs' own reader.
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);
    QVERIFY2(outcome.result->ok(), describe(*outcome.result).constData());
    QCOMPARE(outcome.pages.size(), 3);
    QCOMPARE(outcome.pagesBeforeFinished, 3);
    // Page 1 was read once page 2 was asked for, page 2 once page 3 was.
    QCOMPARE(outcome.requestsSeenAtPage, (QList<int> {2, 3, 3}));
    QStringList names;
    for (const auto &page : outcome.pages) {
        for (const Snapshot &s : page)
            names << s.snapshotName;
    }
    QCOMPARE(names.size(), 81);
    QCOMPARE(names.first(), u"a-0"_s);
    QCOMPARE(names.at(40), u"b-0"_s);
    QCOMPARE(names.last(), u"c-0"_s);
    QCOMPARE(outcome.result->value().size(), 81);
    QCOMPARE(outcome.result->value().at(39).snapshotName, u"a-39"_s);

    // Where the pages were read.
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"a"_s, 40, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"c-0"_s}, QString())));
    auto service = makeServiceClient();
    auto *job = new GatedListJob(service.get(), std::make_shared<ReadGate>());
    QList<bool> readOnJobThread;
    QStringList gated;
    std::optional<ApiResult<int>> result;
    connect(job, &GatedListJob::pageReceived, this, [&](const QStringList &page, bool onJobThread) {
        gated += page;
        readOnJobThread.append(onJobThread);
    });
    connect(job, &GatedListJob::finished, this, [&](const ApiResult<int> &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), kWaitMs);
    QVERIFY2(result->ok(), describe(*result).constData());
    QCOMPARE(result->value(), 2);
    QCOMPARE(readOnJobThread, (QList<bool> {false, true}));
    QCOMPARE(gated.size(), 41);
}

// An answer that comes while a page is being read waits for it: the page is delivered first, then the answer
// (here the next page's error) ends the job.
void TestElastiCacheClient::answerWhileReadingApart()
{
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"a"_s, 40, u"page-2-token"_s)));
    m_server->enqueue(ScriptedResponse::xml(400, errorDocument("Sender", "InvalidParameterValue", "Bad marker")));
    auto service = makeServiceClient();
    auto gate = std::make_shared<ReadGate>();
    gate->hold = true;
    auto *job = new GatedListJob(service.get(), gate);
    QStringList events;
    connect(job, &GatedListJob::pageReceived, this,
            [&](const QStringList &page) { events << u"page of %1"_s.arg(page.size()); });
    connect(job, &GatedListJob::finished, this,
            [&](const ApiResult<int> &r) { events << (r ? u"done"_s : r.error().code); });
    QTRY_COMPARE_WITH_TIMEOUT(gate->entered.load(), 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 2, kWaitMs);
    QTest::qWait(200); // the error answer reaches the job while page 1 is still being read
    QVERIFY(events.isEmpty());
    gate->open.release();
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 2, kWaitMs);
    QCOMPARE(events, (QStringList {u"page of 40"_s, u"InvalidParameterValue"_s}));
}

// A job deleted while its page is read on a worker: the worker finishes on its own, nothing is delivered.
void TestElastiCacheClient::deletedWhileReadingApart()
{
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"a"_s, 40, QString())));
    auto service = makeServiceClient();
    auto gate = std::make_shared<ReadGate>();
    gate->hold = true;
    QPointer<GatedListJob> job = new GatedListJob(service.get(), gate);
    int signals = 0;
    connect(job, &GatedListJob::pageReceived, this, [&] { ++signals; });
    connect(job, &GatedListJob::finished, this, [&] { ++signals; });
    QTRY_COMPARE_WITH_TIMEOUT(gate->entered.load(), 1, kWaitMs);
    delete job.data();
    gate->open.release();
    QTest::qWait(200);
    QCOMPARE(signals, 0);
    // The client goes on serving other jobs.
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"b"_s, 40, QString())));
    gate->hold = false;
    auto *next = new GatedListJob(service.get(), gate);
    std::optional<ApiResult<int>> result;
    connect(next, &GatedListJob::finished, this, [&](const ApiResult<int> &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), kWaitMs);
    QVERIFY(result->ok());
    QCOMPARE(result->value(), 1);
}

// abort() while a page is read on a worker ends the job at once; the page read meanwhile is dropped.
void TestElastiCacheClient::abortedWhileReadingApart()
{
    m_server->enqueue(ScriptedResponse::xml(200, longSnapshotsPage(u"a"_s, 40, QString())));
    auto service = makeServiceClient();
    auto gate = std::make_shared<ReadGate>();
    gate->hold = true;
    auto *job = new GatedListJob(service.get(), gate);
    QStringList events;
    bool destroyed = false;
    connect(job, &GatedListJob::pageReceived, this, [&] { events << u"page"_s; });
    connect(job, &GatedListJob::finished, this,
            [&](const ApiResult<int> &r) { events << (r ? u"done"_s : r.error().code); });
    connect(job, &QObject::destroyed, this, [&] { destroyed = true; });
    QTRY_COMPARE_WITH_TIMEOUT(gate->entered.load(), 1, kWaitMs);
    job->abort();
    QCOMPARE(events, (QStringList {u"Cancelled"_s}));
    gate->open.release();
    QTRY_VERIFY_WITH_TIMEOUT(destroyed, kWaitMs);
    QTest::qWait(100);
    QCOMPARE(events, (QStringList {u"Cancelled"_s}));
}

void TestElastiCacheClient::unparseableAnswer_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("shows");
    QTest::newRow("garbage") << QByteArray("hello garbage") << u"invalid XML received"_s;
    QTest::newRow("empty") << QByteArray() << u"invalid XML received"_s;
    QTest::newRow("html") << QByteArray("<html><body><p>Welcome to nginx!</body></html>") << u"invalid XML received"_s;
    QTest::newRow("another document") << QByteArray("<Foo><Bar>x</Bar></Foo>") << u"<DescribeSnapshotsResponse>"_s;
}

void TestElastiCacheClient::unparseableAnswer()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, shows);
    m_server->enqueue(ScriptedResponse::xml(200, body));
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"s1"_s}, QString())));
    auto client = makeClient();
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);
    QVERIFY(!outcome.result->ok());
    const ApiError &error = outcome.result->error();
    QCOMPARE(error.kind, ApiError::Kind::Parse);
    QCOMPARE(error.code, Protocol::unparseableCode());
    QCOMPARE(error.httpStatus, 200);
    QVERIFY2(error.message.startsWith(u"Unable to parse response ("_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(shows), qPrintable(error.message));
    QCOMPARE(m_server->requests().size(), 1); // not retried
    QVERIFY(outcome.pages.isEmpty());
}

void TestElastiCacheClient::plainHttpRefused_data()
{
    QTest::addColumn<QUrl>("endpoint");
    QTest::addColumn<bool>("refused");
    QTest::newRow("http to a public host") << QUrl(u"http://elasticache.us-east-1.amazonaws.com/"_s) << true;
    QTest::newRow("http to a LAN address") << QUrl(u"http://192.168.1.10:8080/"_s) << true;
    QTest::newRow("ftp") << QUrl(u"ftp://127.0.0.1/"_s) << true;
    QTest::newRow("http to loopback") << QUrl() << false;
}

void TestElastiCacheClient::plainHttpRefused()
{
    QFETCH(QUrl, endpoint);
    QFETCH(bool, refused);
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({}, QString())));
    auto client = makeClient(QString(), 2000, endpoint);
    Outcome<QList<Snapshot>> outcome;
    watch(client->describeSnapshots({}), outcome);
    waitForEnd(outcome);
    QCOMPARE(!outcome.result->ok(), refused);
    if (refused) {
        QCOMPARE(outcome.result->error().kind, ApiError::Kind::Config);
        QCOMPARE(m_server->requests().size(), 0);
    }
}

void TestElastiCacheClient::debugLogIsRedacted()
{
    const QString token = u"FwoGZXIvYXdzEXAMPLETOKEN/+="_s;
    m_server->enqueue(ScriptedResponse::xml(200, snapshotsPage({u"s1"_s}, QString())));
    QString text;
    {
        const LogCapture log;
        auto client = makeClient(token);
        Outcome<QList<Snapshot>> outcome;
        watch(client->describeSnapshots({}), outcome);
        waitForEnd(outcome);
        text = log.lines().join(u'\n');
    }

    QVERIFY2(text.contains(u"Action=DescribeSnapshots"_s), qPrintable(text));
    QVERIFY(text.contains(u"Signature=<redacted>"_s));
    QVERIFY(text.contains(u"X-Amz-Security-Token: <redacted>"_s));
    QVERIFY(text.contains(u"HTTP 200"_s));
    QVERIFY(!text.contains(token));
    QVERIFY(!text.contains(kSecret));
    const QByteArray signature = m_server->requests().first().header("Authorization").split('=').last();
    QCOMPARE(signature.size(), 64);
    QVERIFY(!text.contains(QString::fromLatin1(signature)));
}

QTEST_GUILESS_MAIN(TestElastiCacheClient)
#include "tst_elasticacheclient.moc"
