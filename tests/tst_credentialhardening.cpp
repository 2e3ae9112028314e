// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// What hostile servers, config files and credential sources did to the credential chain, through the real
// interfaces: loopback HTTP servers for the SSO portal, STS and ElastiCache, real files in a temporary home,
// real child processes for credential_process.
#include "credentialchain.h"
#include "credentialproviders.h"
#include "credentialstore.h"
#include "elasticacheclient.h"
#include "hostileserver.h"
#include "scriptedserver.h"
#include "stsclient.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/types.h>

using namespace Qt::StringLiterals;

namespace {
ApiResult<AwsCredentials> fetchNow(CredentialsProvider &provider, int timeoutMs = 15000)
{
    std::optional<ApiResult<AwsCredentials>> got;
    QObject context;
    provider.fetch(&context, [&](const ApiResult<AwsCredentials> &r) { got = r; });
    if (!waitFor(got, timeoutMs)) {
        ApiError e;
        e.code = u"TestTimeout"_s;
        e.message = u"no answer from the provider"_s;
        return e;
    }
    return *got;
}

QString errorText(const ApiResult<AwsCredentials> &r)
{
    return r.ok() ? u"ok"_s : r.error().code + u": "_s + r.error().message;
}

// Every message of this process while a test collects them.
QStringList g_messages;
void collect(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_messages << QString::fromLatin1(context.category ? context.category : "") + u": "_s + message;
}

class MessageCollector
{
public:
    MessageCollector()
    {
        g_messages.clear();
        m_previous = qInstallMessageHandler(collect);
    }
    ~MessageCollector()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    QString text() const { return g_messages.join(u'\n'); }

private:
    QtMessageHandler m_previous = nullptr;
};

// A process is gone when it no longer exists or is a zombie that nobody will run again.
bool processGone(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && (text.at(close + 2) == 'Z' || text.at(close + 2) == 'X');
}

const QByteArray kEmptyListing
    = "<DescribeSnapshotsResponse xmlns=\"http://elasticache.amazonaws.com/doc/2015-02-02/\">"
      "<DescribeSnapshotsResult><Snapshots/></DescribeSnapshotsResult><ResponseMetadata>"
      "<RequestId>r</RequestId></ResponseMetadata></DescribeSnapshotsResponse>";
} // namespace

class TestCredentialHardening final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // 1: no credentials across origins
    void ssoPortalRedirectRefused_data();
    void ssoPortalRedirectRefused();
    void ssoPortalLimits_data();
    void ssoPortalLimits();
    // 2: --debug masks what the STS reader read
    void stsSecretsMaskedInDebugLog_data();
    void stsSecretsMaskedInDebugLog();
    void cliDebugMasksHostileStsAnswer();
    // 3: control characters in credentials
    void controlCharactersRefused_data();
    void controlCharactersRefused();
    // 4: malformed lines reported by place, not content
    void malformedLineNotQuoted_data();
    void malformedLineNotQuoted();
    // 7: deep role chains
    void roleChainDepthBounded();
    // 12: a hanging or flooding credential_process
    void processTimeoutKillsProcessGroup();
    void processDestroyedWhileRunning();
    void processStderrCapped();
    void processStdoutCapped();

private:
    void writeFile(const QString &name, const QByteArray &text);
    QString writeScript(const QString &name, const QString &body);
    void writeSsoToken(const QString &key, const QString &token);
    std::unique_ptr<QTemporaryDir> m_home;
    QByteArray m_savedHome;
    QList<qint64> m_strayPids; // killed in cleanup, whatever the test found
};

void TestCredentialHardening::init()
{
    m_savedHome = qgetenv("HOME");
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    qputenv("HOME", QFile::encodeName(m_home->path()));
    unsetAwsVariables();
    qputenv("AWS_REGION", "us-east-1");
    QDir(m_home->path()).mkpath(u".aws"_s);
}

void TestCredentialHardening::cleanup()
{
    for (const qint64 pid : std::as_const(m_strayPids))
        ::kill(pid_t(pid), SIGKILL);
    m_strayPids.clear();
    qputenv("HOME", m_savedHome);
    unsetAwsVariables();
    m_home.reset();
}

void TestCredentialHardening::writeFile(const QString &name, const QByteArray &text)
{
    QFile f(m_home->filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QString TestCredentialHardening::writeScript(const QString &name, const QString &body)
{
    const QString path = m_home->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write((u"#!/bin/sh\n"_s + body).toUtf8());
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

void TestCredentialHardening::writeSsoToken(const QString &key, const QString &token)
{
    const QString dir = m_home->filePath(u".aws/sso/cache"_s);
    QDir().mkpath(dir);
    const QString name = QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
    const QJsonObject o {{u"startUrl"_s, u"https://corp.awsapps.com/start"_s},
                         {u"region"_s, u"us-east-1"_s},
                         {u"accessToken"_s, token},
                         {u"expiresAt"_s, QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate)}};
    writeFile(u".aws/sso/cache/"_s + name + u".json"_s, QJsonDocument(o).toJson());
}

// --- 1 ---

// The SSO portal's answer has the same total deadline and size cap as every other answer (issue 15, item 9): a body
// trickled a byte at a time or a chunked answer that never ends is stopped at the deadline, a huge one at the cap.
void TestCredentialHardening::ssoPortalLimits_data()
{
    QTest::addColumn<int>("kind"); // 0 trickle, 1 endless chunks, 2 huge and announced, 3 huge and chunked
    QTest::addColumn<QString>("code");
    QTest::newRow("trickled body") << 0 << u"Timeout"_s;
    QTest::newRow("endless chunks") << 1 << u"Timeout"_s;
    QTest::newRow("huge, announced") << 2 << u"ResponseTooLarge"_s;
    QTest::newRow("huge, chunked") << 3 << u"ResponseTooLarge"_s;
}

void TestCredentialHardening::ssoPortalLimits()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    HostileServer portal([kind](const QByteArray &, int) {
        const QByteArray credentials = R"({"roleCredentials": {"accessKeyId": "ASIASLOW", "secretAccessKey": "s",
            "sessionToken": "t", "expiration": 4102444800000}})";
        switch (kind) {
        case 0:
            return HostileAnswer::trickle(credentials, 100);
        case 1:
            return HostileAnswer::endlessChunked(50);
        case 2:
            return HostileAnswer::huge(qint64(8) * 1024 * 1024, true);
        default:
            return HostileAnswer::huge(qint64(8) * 1024 * 1024, false);
        }
    });
    QVERIFY(portal.listen());
    writeSsoToken(u"corp"_s, u"bearer-secret-token"_s);
    SsoCredentialsProvider::Settings s;
    s.profile = u"dev"_s;
    s.sessionName = u"corp"_s;
    s.startUrl = u"https://corp.awsapps.com/start"_s;
    s.ssoRegion = u"us-east-1"_s;
    s.accountId = u"123456789012"_s;
    s.roleName = u"ReadOnly"_s;
    s.portalEndpoint = portal.url();
    s.totalTimeoutMs = 400;
    s.maxAnswerBytes = 64 * 1024;
    SsoCredentialsProvider provider(s);
    QElapsedTimer clock;
    clock.start();
    const auto r = fetchNow(provider);
    QVERIFY2(!r.ok(), "a trickled, endless or huge answer was taken as credentials");
    QCOMPARE(r.error().code, code);
    QVERIFY2(r.error().message.contains(u"GetRoleCredentials"_s), qPrintable(r.error().message));
    QVERIFY2(clock.elapsed() < 10000, "the deadline did not stop the answer");
}

void TestCredentialHardening::ssoPortalRedirectRefused_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("sameOrigin");
    QTest::newRow("302 to another origin") << 302 << false;
    QTest::newRow("307 to another origin") << 307 << false;
    QTest::newRow("308 to another origin") << 308 << false;
    QTest::newRow("301 to another origin") << 301 << false;
    QTest::newRow("307 to the same origin") << 307 << true;
}

void TestCredentialHardening::ssoPortalRedirectRefused()
{
    QFETCH(int, status);
    QFETCH(bool, sameOrigin);
    ScriptedServer portal;
    ScriptedServer elsewhere;
    QVERIFY(portal.listen());
    QVERIFY(elsewhere.listen());
    const QByteArray stolen = R"({"roleCredentials": {"accessKeyId": "ASIASTOLEN", "secretAccessKey": "evil",
        "sessionToken": "evil-token", "expiration": 4102444800000}})";
    ScriptedResponse credentialsAnswer;
    credentialsAnswer.contentType = "application/json";
    credentialsAnswer.body = stolen;
    ScriptedServer &target = sameOrigin ? portal : elsewhere;
    ScriptedResponse redirect;
    redirect.status = status;
    redirect.contentType = "text/plain";
    redirect.headers = {{"Location", target.url().toString().toLatin1() + "federation/credentials?account_id=1"}};
    portal.enqueue(redirect);
    target.enqueue(credentialsAnswer);

    writeSsoToken(u"corp"_s, u"bearer-secret-token"_s);
    SsoCredentialsProvider::Settings s;
    s.profile = u"dev"_s;
    s.sessionName = u"corp"_s;
    s.startUrl = u"https://corp.awsapps.com/start"_s;
    s.ssoRegion = u"us-east-1"_s;
    s.accountId = u"123456789012"_s;
    s.roleName = u"ReadOnly"_s;
    s.portalEndpoint = portal.url();
    SsoCredentialsProvider provider(s);
    const auto r = fetchNow(provider);

    QCOMPARE(portal.requests().first().header("x-amz-sso_bearer_token"), QByteArray("bearer-secret-token"));
    for (const RecordedRequest &request : elsewhere.requests())
        QVERIFY2(request.header("x-amz-sso_bearer_token").isEmpty(), "the bearer token went to another origin");
    QCOMPARE(elsewhere.requests().size(), 0);
    QCOMPARE(portal.requests().size(), 1); // not followed even to the same origin, as botocore does
    QVERIFY2(!r.ok(), qPrintable(errorText(r)));
    QCOMPARE(r.error().code, u"Redirect"_s);
    QVERIFY2(r.error().message.contains(u"redirect"_s) && r.error().message.contains(QString::number(status)),
             qPrintable(r.error().message));
    QVERIFY(!r.error().message.contains(u"bearer-secret-token"_s));
}

// --- 2 ---

void TestCredentialHardening::stsSecretsMaskedInDebugLog_data()
{
    QTest::addColumn<QByteArray>("credentials"); // the <Credentials> element as the server writes it
    QTest::addColumn<QString>("secret"); // what the reader reads
    QTest::addColumn<QString>("token");
    QTest::addColumn<QStringList>("mustNotAppear");
    const QByteArray tail = "<Expiration>2030-01-01T00:00:00Z</Expiration>";
    QTest::newRow("CDATA") << QByteArray("<Credentials><AccessKeyId>ASIACDATA</AccessKeyId><SecretAccessKey>"
                                         "<![CDATA[cdataSecretValue0001]]></SecretAccessKey><SessionToken><![CDATA["
                                         "cdataTokenValue0002]]></SessionToken>"
                                         + tail + "</Credentials>")
                           << u"cdataSecretValue0001"_s << u"cdataTokenValue0002"_s
                           << QStringList {u"cdataSecretValue0001"_s, u"cdataTokenValue0002"_s};
    QTest::newRow("namespace prefix") << QByteArray(
        "<s:Credentials xmlns:s=\"https://sts.amazonaws.com/doc/2011-06-15/\"><s:AccessKeyId>ASIAPREFIX"
        "</s:AccessKeyId><s:SecretAccessKey>prefixSecretValue0003</s:SecretAccessKey><s:SessionToken>"
        "prefixTokenValue0004</s:SessionToken><s:Expiration>2030-01-01T00:00:00Z</s:Expiration>"
        "</s:Credentials>") << u"prefixSecretValue0003"_s
                                      << u"prefixTokenValue0004"_s
                                      << QStringList {u"prefixSecretValue0003"_s, u"prefixTokenValue0004"_s};
    QTest::newRow("split by a comment") << QByteArray(
        "<Credentials><AccessKeyId>ASIASPLIT</AccessKeyId><SecretAccessKey>firstHalfOfSecret<!-- x -->"
        "secondHalfOfSecret</SecretAccessKey><SessionToken>tokenStartPart<!---->tokenEndPart"
        "</SessionToken>"
        + tail + "</Credentials>") << u"firstHalfOfSecretsecondHalfOfSecret"_s
                                        << u"tokenStartParttokenEndPart"_s
                                        << QStringList {u"firstHalfOfSecret"_s, u"secondHalfOfSecret"_s,
                                                        u"tokenStartPart"_s, u"tokenEndPart"_s};
    QTest::newRow("character references")
        << QByteArray("<Credentials><AccessKeyId>ASIAREF</AccessKeyId><SecretAccessKey>&#114;efSecretValue0005"
                      "</SecretAccessKey><SessionToken>refTokenValue0006</SessionToken>"
                      + tail + "</Credentials>")
        << u"refSecretValue0005"_s << u"refTokenValue0006"_s
        << QStringList {u"efSecretValue0005"_s, u"refTokenValue0006"_s};
}

void TestCredentialHardening::stsSecretsMaskedInDebugLog()
{
    QFETCH(QByteArray, credentials);
    QFETCH(QString, secret);
    QFETCH(QString, token);
    QFETCH(QStringList, mustNotAppear);
    ScriptedServer sts;
    QVERIFY(sts.listen());
    sts.enqueue(ScriptedResponse::xml(
        200,
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>" + credentials
            + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s"
              "</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r"
              "</RequestId></ResponseMetadata></AssumeRoleResponse>"));
    ClientConfig config;
    config.region = u"us-east-1"_s;
    config.endpoint = sts.url();
    AwsCredentials source;
    source.accessKeyId = u"AKIDSOURCE"_s;
    source.secretAccessKey = u"source-secret"_s;
    config.credentials = std::make_shared<StaticCredentialsProvider>(source);

    std::optional<ApiResult<AssumeRoleResult>> got;
    {
        MessageCollector messages;
        QLoggingCategory::setFilterRules(u"cachesnap.*.debug=true"_s);
        StsClient client(config);
        AssumeRoleRequest request;
        request.roleArn = u"arn:aws:iam::123456789012:role/r"_s;
        request.roleSessionName = u"s"_s;
        client.assumeRole(request)->onFinished(&client, [&](const ApiResult<AssumeRoleResult> &r) { got = r; });
        QVERIFY(waitFor(got, 15000));
        const QString log = messages.text();
        QVERIFY2(log.contains(u"AssumeRole"_s) && log.contains(u"<redacted>"_s), qPrintable(log));
        for (const QString &piece : std::as_const(mustNotAppear))
            QVERIFY2(!log.contains(piece), qPrintable(u"leaked into the debug log: "_s + piece + u"\n"_s + log));
    }
    QVERIFY2(got->ok(), qPrintable(got->ok() ? QString() : got->error().message));
    // The reader did read these values: the mask covers what it read, not only what looked like a secret.
    QCOMPARE(got->value().credentials.secretAccessKey, secret);
    QCOMPARE(got->value().credentials.sessionToken, token);
}

void TestCredentialHardening::cliDebugMasksHostileStsAnswer()
{
    QVERIFY2(QFile::exists(QStringLiteral(CACHESNAP_CLI)), CACHESNAP_CLI);
    ScriptedServer server; // STS and ElastiCache
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &request, int) {
        if (request.body.contains("Action=AssumeRole"))
            return ScriptedResponse::xml(
                200,
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                "<Credentials><AccessKeyId>ASIACLI</AccessKeyId><SecretAccessKey><![CDATA[cliCdataSecret77]]>"
                "</SecretAccessKey><SessionToken>cliTokenA<!-- -->cliTokenB</SessionToken><Expiration>"
                "2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>");
        return ScriptedResponse::xml(200, kEmptyListing);
    });
    writeFile(u".aws/config"_s,
              "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret-key\n"
              "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_home->path());
    environment.insert(u"CACHESNAP_NO_KEYCHAIN"_s, u"1"_s);
    environment.insert(u"AWS_ENDPOINT_URL"_s, server.url().toString());
    environment.insert(u"AWS_REGION"_s, u"us-east-1"_s);
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(CACHESNAP_CLI), {u"--debug"_s, u"--profile"_s, u"admin"_s, u"describe-snapshots"_s});
    QVERIFY(spinUntil([&p] { return p.state() == QProcess::NotRunning; }, 60000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(err.contains("AssumeRole"));
    for (const char *piece : {"cliCdataSecret77", "cliTokenA", "cliTokenB", "base-secret-key"})
        QVERIFY2(!err.contains(piece), piece);
}

// --- 3 ---

void TestCredentialHardening::controlCharactersRefused_data()
{
    QTest::addColumn<QString>("source"); // env, file, process, store
    QTest::addColumn<QByteArray>("keyId");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("field"); // named in the error
    QTest::newRow("env token CR LF") << u"env"_s << QByteArray("AKIDENV") << QByteArray("env-secret")
                                     << QByteArray("tok\r\nX-Injected: yes") << u"session token"_s;
    QTest::newRow("env key id control") << u"env"_s << QByteArray("AKID\x01X") << QByteArray("env-secret")
                                        << QByteArray() << u"access key id"_s;
    QTest::newRow("file key id NUL") << u"file"_s << QByteArray("AKID\0NUL", 8) << QByteArray("file-secret")
                                     << QByteArray() << u"access key id"_s;
    QTest::newRow("file secret CR") << u"file"_s << QByteArray("AKIDFILE") << QByteArray("abc\rX-Injected: yes")
                                    << QByteArray() << u"secret access key"_s;
    QTest::newRow("process token CR LF") << u"process"_s << QByteArray("AKIDPROC") << QByteArray("proc-secret")
                                         << QByteArray("tok\r\nX-Injected: yes") << u"session token"_s;
    QTest::newRow("process key id NUL") << u"process"_s << QByteArray("AKID\0NUL", 8) << QByteArray("proc-secret")
                                        << QByteArray() << u"access key id"_s;
    QTest::newRow("store secret LF") << u"store"_s << QByteArray("AKIDSTORE") << QByteArray("abc\nX-Injected: yes")
                                     << QByteArray() << u"secret access key"_s;
    QTest::newRow("store token DEL") << u"store"_s << QByteArray("AKIDSTORE") << QByteArray("store-secret")
                                     << QByteArray("tok\x7fX") << u"session token"_s;
}

void TestCredentialHardening::controlCharactersRefused()
{
    QFETCH(QString, source);
    QFETCH(QByteArray, keyId);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, token);
    QFETCH(QString, field);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.setHandler([](const RecordedRequest &, int) { return ScriptedResponse::xml(200, kEmptyListing); });
    qputenv("AWS_ENDPOINT_URL_ELASTICACHE", server.url().toString().toUtf8());

    CredentialChain::Overrides overrides;
    CredentialChain::Hooks hooks;
    if (source == u"env") {
        qputenv("AWS_ACCESS_KEY_ID", keyId);
        qputenv("AWS_SECRET_ACCESS_KEY", secret);
        if (!token.isEmpty())
            qputenv("AWS_SESSION_TOKEN", token);
    } else if (source == u"file") {
        writeFile(u".aws/credentials"_s,
                  "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n");
    } else if (source == u"process") {
        QJsonObject o {{u"Version"_s, 1},
                       {u"AccessKeyId"_s, QString::fromUtf8(keyId)},
                       {u"SecretAccessKey"_s, QString::fromUtf8(secret)}};
        if (!token.isEmpty())
            o.insert(u"SessionToken"_s, QString::fromUtf8(token));
        writeFile(u"answer.json"_s, QJsonDocument(o).toJson(QJsonDocument::Compact));
        const QString script = writeScript(u"creds.sh"_s, u"cat '%1'\n"_s.arg(m_home->filePath(u"answer.json"_s)));
        writeFile(u".aws/config"_s, "[default]\ncredential_process = " + script.toUtf8() + "\n");
    } else {
        auto store = std::make_shared<MemoryCredentialStore>();
        AwsCredentials kept;
        kept.accessKeyId = QString::fromUtf8(keyId);
        kept.secretAccessKey = QString::fromUtf8(secret);
        kept.sessionToken = QString::fromUtf8(token);
        std::optional<std::optional<ApiError>> written;
        QObject context;
        store->write(u"kept"_s, kept, &context, [&](const std::optional<ApiError> &e) { written = e; });
        QVERIFY(waitFor(written));
        hooks.store = store;
        overrides.profile = u"kept"_s;
    }
    const auto config = CredentialChain::resolveClientConfig(overrides, hooks);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    ElastiCacheClient client(config.value());
    std::optional<ApiResult<QList<Snapshot>>> got;
    QObject::connect(client.describeSnapshots(DescribeSnapshotsRequest()), &SnapshotListJob::finished, &client,
                     [&](const ApiResult<QList<Snapshot>> &r) { got = r; });
    QVERIFY(waitFor(got, 15000));
    QCOMPARE(server.requests().size(), 0);
    QVERIFY(!got->ok());
    QCOMPARE(got->error().kind, ApiError::Kind::Credentials);
    QCOMPARE(got->error().code, u"InvalidCredentials"_s);
    const QString message = got->error().message;
    QVERIFY2(message.contains(field) && message.contains(u"control character"_s), qPrintable(message));
    QVERIFY2(!message.contains(u"X-Injected"_s) && !message.contains(QString::fromUtf8(secret)), qPrintable(message));
}

// --- 4 ---

void TestCredentialHardening::malformedLineNotQuoted_data()
{
    QTest::addColumn<QString>("file"); // credentials or config
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("what");
    const QByteArray secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    QTest::newRow("no '='") << u"credentials"_s
                            << "[default]\naws_access_key_id = AKIDX\naws_secret_access_key " + secret + "\n"
                            << 3 << u"no '=' or ':'"_s;
    QTest::newRow("pasted secret alone") << u"credentials"_s << "[default]\naws_access_key_id = AKIDX\n" + secret + "\n"
                                         << 3 << u"no '=' or ':'"_s;
    QTest::newRow("key before any section") << u"credentials"_s << "aws_secret_access_key = " + secret + "\n[default]\n"
                                            << 1 << u"before any [section]"_s;
    QTest::newRow("unclosed header") << u"credentials"_s << "[default " + secret + "\nk = v\n"
                                     << 1 << u"section header"_s;
    QTest::newRow("indented line without '='") << u"config"_s << "[default]\ns3 =\n  " + secret + "\n"
                                               << 2 << u"indented"_s;
    QTest::newRow("config: no '='") << u"config"_s << "[profile x]\nregion = us-east-1\n" + secret + "\n"
                                    << 3 << u"no '=' or ':'"_s;
}

void TestCredentialHardening::malformedLineNotQuoted()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, what);
    writeFile(u".aws/"_s + file, text);
    const auto r = CredentialChain::resolveCredentials(CredentialChain::Overrides());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ApiError::Kind::Config);
    const QString message = r.error().message;
    QVERIFY2(message.contains(m_home->filePath(u".aws/"_s + file) + u", line %1:"_s.arg(line)), qPrintable(message));
    QVERIFY2(message.contains(what), qPrintable(message));
    for (const QString &piece : {u"wJalr"_s, u"SECRETKEY"_s, u"bPxRfi"_s})
        QVERIFY2(!message.contains(piece), qPrintable(message));
}

// --- 7 ---

void TestCredentialHardening::roleChainDepthBounded()
{
    auto writeChain = [this](int depth) {
        QByteArray config = "[profile p0]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n";
        for (int i = 1; i <= depth; ++i)
            config += "[profile p" + QByteArray::number(i) + "]\nrole_arn = arn:aws:iam::123456789012:role/r"
                + QByteArray::number(i) + "\nsource_profile = p" + QByteArray::number(i - 1) + "\n";
        writeFile(u".aws/config"_s, config);
    };
    CredentialChain::Overrides overrides;
    const int bound = CredentialChain::kMaxRoleChainDepth;
    writeChain(bound);
    overrides.profile = u"p%1"_s.arg(bound);
    const auto atBound = CredentialChain::resolveProvider(overrides);
    QVERIFY2(atBound.ok(), qPrintable(atBound.ok() ? QString() : atBound.error().message));

    overrides.profile = u"p%1"_s.arg(bound + 1);
    writeChain(bound + 1);
    const auto pastBound = CredentialChain::resolveProvider(overrides);
    QVERIFY(!pastBound.ok());
    QCOMPARE(pastBound.error().code, u"RoleChainTooDeep"_s);
    QVERIFY2(pastBound.error().message.contains(u"p%1"_s.arg(bound + 1))
                 && pastBound.error().message.contains(QString::number(bound)),
             qPrintable(pastBound.error().message));

    // Deep enough to overflow the stack of a recursive resolver.
    writeChain(20000);
    overrides.profile = u"p20000"_s;
    const auto deep = CredentialChain::resolveProvider(overrides);
    QVERIFY(!deep.ok());
    QCOMPARE(deep.error().code, u"RoleChainTooDeep"_s);
    QVERIFY2(deep.error().message.size() < 1000, qPrintable(deep.error().message.left(2000)));
}

// --- 12 ---

void TestCredentialHardening::processTimeoutKillsProcessGroup()
{
    const QString pidFile = m_home->filePath(u"grandchild.pid"_s);
    const QString script = writeScript(u"hang.sh"_s, u"sleep 300 &\necho $! > '%1'\nsleep 300\n"_s.arg(pidFile));
    writeFile(u".aws/config"_s, "[default]\ncredential_process = " + script.toUtf8() + "\n");
    CredentialChain::Hooks hooks;
    hooks.processTimeoutMs = 500;
    auto provider = CredentialChain::resolveProvider(CredentialChain::Overrides(), hooks);
    QVERIFY(provider.ok());
    qint64 grandchild = 0;
    {
        MessageCollector messages;
        const auto r = fetchNow(*provider.value());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"CredentialProcessTimeout"_s);
        provider = ApiError(); // the provider and its worker go at once
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        grandchild = f.readAll().trimmed().toLongLong();
        QVERIFY(grandchild > 0);
        m_strayPids << grandchild;
        QVERIFY2(spinUntil([grandchild] { return processGone(grandchild); }, 5000),
                 "the credential_process's child outlived the timeout");
        QTest::qWait(50);
        QVERIFY2(!messages.text().contains(u"Destroyed while process"_s), qPrintable(messages.text()));
    }
}

void TestCredentialHardening::processDestroyedWhileRunning()
{
    const QString pidFile = m_home->filePath(u"child.pid"_s);
    const QString script = writeScript(
        u"slow.sh"_s, u"sleep 300 &\necho $$ $! > '%1.tmp'\nmv '%1.tmp' '%1'\nsleep 300\n"_s.arg(pidFile));
    writeFile(u".aws/config"_s, "[default]\ncredential_process = " + script.toUtf8() + "\n");
    auto provider = CredentialChain::resolveProvider(CredentialChain::Overrides());
    QVERIFY(provider.ok());
    MessageCollector messages;
    QObject context;
    bool answered = false;
    provider.value()->fetch(&context, [&](const ApiResult<AwsCredentials> &) { answered = true; });
    QVERIFY(spinUntil([&pidFile] { return QFile::exists(pidFile); }, 10000));
    QFile f(pidFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> pids = f.readAll().trimmed().split(' ');
    QCOMPARE(pids.size(), 2);
    for (const QByteArray &pid : pids)
        m_strayPids << pid.toLongLong();
    provider = ApiError(); // destroyed while the process runs
    for (const QByteArray &pid : pids)
        QVERIFY2(spinUntil([p = pid.toLongLong()] { return processGone(p); }, 5000), pid.constData());
    QTest::qWait(50);
    QVERIFY2(!messages.text().contains(u"Destroyed while process"_s), qPrintable(messages.text()));
}

void TestCredentialHardening::processStderrCapped()
{
    const QString script
        = writeScript(u"loud.sh"_s,
                      u"echo 'first line of the complaint' >&2\nhead -c 5000000 /dev/zero | tr '\\0' e >&2\n"
                      "exit 2\n"_s);
    writeFile(u".aws/config"_s, "[default]\ncredential_process = " + script.toUtf8() + "\n");
    auto provider = CredentialChain::resolveProvider(CredentialChain::Overrides());
    QVERIFY(provider.ok());
    const auto r = fetchNow(*provider.value(), 30000);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"CredentialProcessError"_s);
    const QString message = r.error().message;
    QVERIFY2(message.contains(u"exited with status 2"_s) && message.contains(u"first line of the complaint"_s),
             qPrintable(message.left(300)));
    QVERIFY2(message.size() < 6000, qPrintable(QString::number(message.size())));
    QVERIFY2(message.contains(u"not shown"_s), qPrintable(message.right(300)));
}

void TestCredentialHardening::processStdoutCapped()
{
    const QString script
        = writeScript(u"flood.sh"_s,
                      u"head -c 2000000 /dev/zero | tr '\\0' ' '\n"
                      "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDFLOOD\", \"SecretAccessKey\": \"s\"}'\n"_s);
    writeFile(u".aws/config"_s, "[default]\ncredential_process = " + script.toUtf8() + "\n");
    auto provider = CredentialChain::resolveProvider(CredentialChain::Overrides());
    QVERIFY(provider.ok());
    const auto r = fetchNow(*provider.value(), 30000);
    QVERIFY2(!r.ok(), qPrintable(errorText(r)));
    QCOMPARE(r.error().code, u"CredentialProcessError"_s);
    QVERIFY2(r.error().message.contains(u"more than 1 MiB"_s), qPrintable(r.error().message));
}

QTEST_GUILESS_MAIN(TestCredentialHardening)
#include "tst_credentialhardening.moc"
