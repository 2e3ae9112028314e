// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The credential sources that need a process or the network, against a real credential_process script and
// the sandbox's STS and SSO portal over loopback HTTP; the temporary credentials then sign ElastiCache calls.
#include "credentialchain.h"
#include "credentialproviders.h"
#include "credentialstore.h"
#include "elasticacheclient.h"
#include "sandboxprocess.h"
#include "sandboxserver.h"
#include "sandboxsts.h"
#include "stsclient.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

namespace {
const QString kRole = u"arn:aws:iam::123456789012:role/snapshot-admin"_qs;

ApiResult<AwsCredentials> fetchNow(CredentialsProvider &provider, int timeoutMs = 15000)
{
    std::optional<ApiResult<AwsCredentials>> got;
    QObject context;
    provider.fetch(&context, [&](const ApiResult<AwsCredentials> &r) { got = r; });
    if (!waitFor(got, timeoutMs)) {
        ApiError e;
        e.code = u"TestTimeout"_qs;
        e.message = u"no answer from the provider"_qs;
        return e;
    }
    return *got;
}

QString errorText(const ApiError &e)
{
    return e.code + u": "_qs + e.message;
}
} // namespace

class TestCredentialProviders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void splitCommand_data();
    void splitCommand();
    void processOutput_data();
    void processOutput();
    void processScript();
    void processFailures_data();
    void processFailures();
    void processTimeout();
    void processTemporaryCredentialsRefresh();

    void assumeRoleFromSourceProfile();
    void assumeRoleSettings();
    void assumeRoleMfa();
    void assumeRoleCredentialSourceEnvironment();
    void assumeRoleChained();
    void assumeRoleConfigErrors_data();
    void assumeRoleConfigErrors();
    void assumeRoleDenied();
    void stsClientOnFinished();

    void refreshBeforeExpiry();
    void concurrentFetchesShareOneRetrieval();
    void expiredTemporaryKeysRefused();
    void wrongSessionTokenRefused();

    void ssoSession();
    void ssoLegacy();
    void ssoErrors_data();
    void ssoErrors();

    void appKeptProfile();
    void precedence();

    void awsCliAssumeRole();
    void awsCliSso();

    void debugLogRedactsRoleSecrets();
    void cliDebugRedactsRoleSecrets();
    void cliAsksForTheMfaCode();

private:
    void writeFiles(const QString &credentials, const QString &config);
    QString writeScript(const QString &name, const QString &body);
    void writeSsoToken(const QString &key, const QString &token, const QDateTime &expiresAt);
    ApiResult<QList<Snapshot>> describeWith(const ClientConfig &config);
    ClientConfig resolve(const QString &profile, const CredentialChain::Hooks &hooks = {});
    QString sandboxConfig() const; // [default]-less config lines pointing STS/SSO at the sandbox
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<SandboxServer> m_sandbox;
    QByteArray m_savedHome;
};

void TestCredentialProviders::initTestCase()
{
    m_savedHome = qgetenv("HOME");
}

void TestCredentialProviders::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    qputenv("HOME", QFile::encodeName(m_home->path()));
    unsetAwsVariables();
    SandboxConfig config;
    config.seedSnapshots = 3;
    m_sandbox = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    qputenv("AWS_ENDPOINT_URL_STS", m_sandbox->url().toString().toUtf8());
    qputenv("AWS_ENDPOINT_URL_SSO", m_sandbox->url().toString().toUtf8());
    qputenv("AWS_ENDPOINT_URL_ELASTICACHE", m_sandbox->url().toString().toUtf8());
    qputenv("AWS_REGION", "us-east-1");
}

void TestCredentialProviders::cleanup()
{
    m_sandbox.reset();
    qputenv("HOME", m_savedHome);
    unsetAwsVariables();
    m_home.reset();
}

void TestCredentialProviders::writeFiles(const QString &credentials, const QString &config)
{
    QDir(m_home->path()).mkpath(u".aws"_qs);
    auto write = [](const QString &path, const QString &text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    };
    write(m_home->filePath(u".aws/credentials"_qs), credentials);
    write(m_home->filePath(u".aws/config"_qs), config);
}

QString TestCredentialProviders::writeScript(const QString &name, const QString &body)
{
    const QString path = m_home->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write((u"#!/bin/sh\n"_qs + body).toUtf8());
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

void TestCredentialProviders::writeSsoToken(const QString &key, const QString &token, const QDateTime &expiresAt)
{
    const QString dir = m_home->filePath(u".aws/sso/cache"_qs);
    QDir().mkpath(dir);
    const QString name = QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
    QFile f(dir + u'/' + name + u".json"_qs);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QJsonObject o {{u"startUrl"_qs, u"https://corp.awsapps.com/start"_qs},
                         {u"region"_qs, u"us-east-1"_qs},
                         {u"accessToken"_qs, token},
                         {u"expiresAt"_qs, expiresAt.toUTC().toString(Qt::ISODate)}};
    f.write(QJsonDocument(o).toJson());
}

ClientConfig TestCredentialProviders::resolve(const QString &profile, const CredentialChain::Hooks &hooks)
{
    CredentialChain::Overrides overrides;
    overrides.profile = profile;
    const auto config = CredentialChain::resolveClientConfig(overrides, hooks);
    if (!config) {
        qWarning().noquote() << "resolve failed:" << errorText(config.error());
        return ClientConfig();
    }
    return config.value();
}

ApiResult<QList<Snapshot>> TestCredentialProviders::describeWith(const ClientConfig &config)
{
    ElastiCacheClient client(config);
    client.setRetryRandomSource([] { return 0.0; });
    std::optional<ApiResult<QList<Snapshot>>> got;
    DescribeSnapshotsRequest request;
    request.maxRecords = 20;
    QObject::connect(client.describeSnapshots(request), &SnapshotListJob::finished, &client,
                     [&](const ApiResult<QList<Snapshot>> &r) { got = r; });
    if (!waitFor(got, 15000)) {
        ApiError e;
        e.code = u"TestTimeout"_qs;
        return e;
    }
    return *got;
}

QString TestCredentialProviders::sandboxConfig() const
{
    return u"[profile base]\naws_access_key_id = AKIDSANDBOX\naws_secret_access_key = sandbox-secret-key\n"_qs;
}

// --- credential_process ---

void TestCredentialProviders::splitCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("words"); // empty with invalid: unbalanced
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << u"/bin/tool --json"_qs << QStringList {u"/bin/tool"_qs, u"--json"_qs} << true;
    QTest::newRow("spaces") << u"  a   b  "_qs << QStringList {u"a"_qs, u"b"_qs} << true;
    QTest::newRow("single quotes") << u"tool 'a b' 'c\\d'"_qs << QStringList {u"tool"_qs, u"a b"_qs, u"c\\d"_qs}
                                   << true;
    QTest::newRow("double quotes") << u"tool \"a \\\"b\\\" \\x\""_qs << QStringList {u"tool"_qs, u"a \"b\" \\x"_qs}
                                   << true;
    QTest::newRow("backslash space") << u"my\\ tool x"_qs << QStringList {u"my tool"_qs, u"x"_qs} << true;
    QTest::newRow("adjacent parts") << u"--a='1 2'\"3\""_qs << QStringList {u"--a=1 23"_qs} << true;
    QTest::newRow("empty quoted") << u"tool ''"_qs << QStringList {u"tool"_qs, QString()} << true;
    QTest::newRow("unbalanced") << u"tool 'x"_qs << QStringList() << false;
}

void TestCredentialProviders::splitCommand()
{
    QFETCH(QString, command);
    QFETCH(QStringList, words);
    QFETCH(bool, valid);
    // The reference: Python's shlex.split, which botocore uses.
    const auto split = ProcessCredentialsProvider::splitCommand(command);
    QCOMPARE(split.has_value(), valid);
    if (valid) {
        QCOMPARE(split->size(), words.size());
        for (qsizetype i = 0; i < words.size(); ++i)
            QCOMPARE(split->at(i), words.at(i).isNull() ? u""_qs : words.at(i));
    }
    const QString python = QStandardPaths::findExecutable(u"python3"_qs);
    if (python.isEmpty())
        return;
    QProcess p;
    p.start(python,
            {u"-c"_qs,
             u"import shlex,sys,json\ntry: print(json.dumps(shlex.split(sys.argv[1])))\nexcept "
             "ValueError: print('null')"_qs,
             command});
    QVERIFY(p.waitForFinished());
    const QJsonDocument doc = QJsonDocument::fromJson(p.readAllStandardOutput());
    if (!valid) {
        QVERIFY(doc.isNull() || !doc.isArray());
        return;
    }
    QStringList reference;
    for (const auto &v : doc.array())
        reference << v.toString();
    QCOMPARE(*split, reference);
}

void TestCredentialProviders::processOutput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("errorText");
    QTest::addColumn<QString>("keyId");
    QTest::addColumn<bool>("expires");
    QTest::newRow("long-term") << QByteArray(R"({"Version": 1, "AccessKeyId": "AKP", "SecretAccessKey": "s"})")
                               << QString() << u"AKP"_qs << false;
    QTest::newRow("temporary") << QByteArray(R"({"Version": 1, "AccessKeyId": "ASP", "SecretAccessKey": "s",
        "SessionToken": "t", "Expiration": "2030-01-02T03:04:05Z"})")
                               << QString() << u"ASP"_qs << true;
    QTest::newRow("version 2") << QByteArray(R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"})")
                               << u"Unsupported version '2'"_qs << QString() << false;
    QTest::newRow("no version") << QByteArray(R"({"AccessKeyId": "A", "SecretAccessKey": "s"})")
                                << u"<Version key not provided>"_qs << QString() << false;
    QTest::newRow("no secret") << QByteArray(R"({"Version": 1, "AccessKeyId": "A"})")
                               << u"Missing required key in response: 'SecretAccessKey'"_qs << QString() << false;
    QTest::newRow("not JSON") << QByteArray("AccessKeyId=A") << u"did not print a JSON object"_qs << QString() << false;
    QTest::newRow("bad expiration") << QByteArray(
        R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"})")
                                    << u"is not an ISO 8601 time"_qs << QString() << false;
}

void TestCredentialProviders::processOutput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, errorText);
    QFETCH(QString, keyId);
    QFETCH(bool, expires);
    const auto r = ProcessCredentialsProvider::parseOutput(json, u"profile p"_qs);
    if (!errorText.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
        QVERIFY(!r.error().message.contains(u"\"s\""_qs)); // the secret is never echoed
        return;
    }
    QVERIFY2(r.ok(), qPrintable(errorText));
    QCOMPARE(r.value().accessKeyId, keyId);
    QCOMPARE(r.value().expiration.isValid(), expires);
    if (expires)
        QCOMPARE(r.value().expiration, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), QTimeZone::utc()));
}

void TestCredentialProviders::processScript()
{
    // A real credential process that hands out the sandbox's keys, counting its runs.
    const QString counter = m_home->filePath(u"runs"_qs);
    const QString script = writeScript(
        u"creds.sh"_qs,
        u"echo run >> '%1'\n"
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDSANDBOX\", \"SecretAccessKey\": \"sandbox-secret-key\"}'\n"_qs
            .arg(counter));
    writeFiles(QString(), u"[profile proc]\ncredential_process = \"%1\" --profile x\n"_qs.arg(script));
    const ClientConfig config = resolve(u"proc"_qs);
    QVERIFY(config.credentials);
    QCOMPARE(config.credentials->description(), u"profile proc (credential_process)"_qs);
    const auto snapshots = describeWith(config);
    QVERIFY2(snapshots.ok(), qPrintable(snapshots.ok() ? QString() : errorText(snapshots.error())));
    QCOMPARE(snapshots.value().size(), 3);
    // Long-term keys from a process are kept: a second fetch does not run it again.
    QVERIFY(fetchNow(*config.credentials).ok());
    QFile runs(counter);
    QVERIFY(runs.open(QIODevice::ReadOnly));
    QCOMPARE(runs.readAll().count("run"), 1);
}

void TestCredentialProviders::processFailures_data()
{
    QTest::addColumn<QString>("body"); // of the script; empty: a command that does not exist
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("errorText");
    QTest::newRow("exit status with stderr")
        << u"echo 'token expired, log in to the vault again' >&2\nexit 3\n"_qs << u"CredentialProcessError"_qs
        << u"exited with status 3: token expired, log in to the vault again"_qs;
    QTest::newRow("silent failure") << u"exit 1\n"_qs << u"CredentialProcessError"_qs
                                    << u"(nothing on standard error)"_qs;
    QTest::newRow("bad JSON") << u"echo '{\"Version\": 1'\n"_qs << u"CredentialProcessError"_qs
                              << u"did not print a JSON object"_qs;
    QTest::newRow("missing program") << QString() << u"CredentialProcessError"_qs << u"could not be started"_qs;
}

void TestCredentialProviders::processFailures()
{
    QFETCH(QString, body);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);
    const QString command = body.isEmpty() ? m_home->filePath(u"no-such-tool"_qs) : writeScript(u"fail.sh"_qs, body);
    writeFiles(QString(), u"[profile proc]\ncredential_process = %1\n"_qs.arg(command));
    const ClientConfig config = resolve(u"proc"_qs);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, errorCode);
    QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(u"profile proc"_qs), qPrintable(r.error().message));
    // The same error reaches an API call, as a credentials error, without a request being sent.
    const quint64 before = m_sandbox->requestCount();
    const auto call = describeWith(config);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().kind, ApiError::Kind::Credentials);
    QCOMPARE(m_sandbox->requestCount(), before);
}

void TestCredentialProviders::processTimeout()
{
    const QString script = writeScript(u"slow.sh"_qs, u"sleep 30\n"_qs);
    writeFiles(QString(), u"[profile proc]\ncredential_process = %1\n"_qs.arg(script));
    CredentialChain::Hooks hooks;
    hooks.processTimeoutMs = 300;
    const ClientConfig config = resolve(u"proc"_qs, hooks);
    QVERIFY(config.credentials);
    QElapsedTimer timer;
    timer.start();
    const auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"CredentialProcessTimeout"_qs);
    QVERIFY2(r.error().message.contains(u"within 0.3 s"_qs), qPrintable(r.error().message));
    QVERIFY(timer.elapsed() < 10000); // killed, not waited for
}

void TestCredentialProviders::processTemporaryCredentialsRefresh()
{
    // Keys with an Expiration are run for again once within five minutes of it (here: always, at 2 minutes).
    const QString counter = m_home->filePath(u"runs"_qs);
    const QString script = writeScript(
        u"temp.sh"_qs,
        u"echo run >> '%1'\n"
        "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDSANDBOX\", \"SecretAccessKey\": \"sandbox-secret-key\", "
        "\"SessionToken\": \"t\", \"Expiration\": \"%s\"}' \"$(date -u -d \"+%2 min\" +%Y-%m-%dT%H:%M:%SZ)\"\n"_qs.arg(
            counter, u"$MINUTES"_qs));
    writeFiles(QString(), u"[profile proc]\ncredential_process = %1\n"_qs.arg(script));
    auto runs = [&counter] {
        QFile f(counter);
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count("run")) : 0;
    };
    qputenv("MINUTES", "2");
    ClientConfig config = resolve(u"proc"_qs);
    QVERIFY(config.credentials);
    auto first = fetchNow(*config.credentials);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : errorText(first.error())));
    QVERIFY(first.value().expiration.isValid());
    QVERIFY(fetchNow(*config.credentials).ok());
    QCOMPARE(runs(), 2);
    // An hour ahead: kept.
    qputenv("MINUTES", "60");
    config = resolve(u"proc"_qs);
    QVERIFY(fetchNow(*config.credentials).ok());
    QVERIFY(fetchNow(*config.credentials).ok());
    QCOMPARE(runs(), 3);
    qunsetenv("MINUTES");
}

// --- AssumeRole ---

void TestCredentialProviders::assumeRoleFromSourceProfile()
{
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_qs.arg(kRole));
    const ClientConfig config = resolve(u"admin"_qs);
    QVERIFY(config.credentials);
    const auto creds = fetchNow(*config.credentials);
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    QVERIFY(creds.value().accessKeyId.startsWith(u"ASIA"_qs));
    QVERIFY(!creds.value().sessionToken.isEmpty());
    QVERIFY(m_sandbox->sts()->isTemporaryKey(creds.value().accessKeyId));
    QVERIFY(creds.value().expiration > QDateTime::currentDateTimeUtc().addSecs(3500));
    QVERIFY2(creds.value().source.contains(kRole), qPrintable(creds.value().source));
    const auto snapshots = describeWith(config);
    QVERIFY2(snapshots.ok(), qPrintable(snapshots.ok() ? QString() : errorText(snapshots.error())));
    QCOMPARE(snapshots.value().size(), 3);
    QCOMPARE(m_sandbox->sts()->issuedCount(), 1); // the second use came from the cache
}

void TestCredentialProviders::assumeRoleSettings()
{
    m_sandbox->sts()->requireExternalId(kRole, u"ext-42"_qs);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nexternal_id = ext-42\n"
                     "role_session_name = alice\nduration_seconds = 900\n"
                     "[profile wrong-ext]\nrole_arn = %1\nsource_profile = base\nexternal_id = nope\n"_qs.arg(kRole));
    const ClientConfig config = resolve(u"admin"_qs);
    QVERIFY(config.credentials);
    const auto creds = fetchNow(*config.credentials);
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    const qint64 lifetime = QDateTime::currentDateTimeUtc().secsTo(creds.value().expiration);
    QVERIFY2(lifetime > 850 && lifetime <= 900, qPrintable(QString::number(lifetime)));

    const ClientConfig wrong = resolve(u"wrong-ext"_qs);
    QVERIFY(wrong.credentials);
    const auto denied = fetchNow(*wrong.credentials);
    QVERIFY(!denied.ok());
    QCOMPARE(denied.error().code, u"AccessDenied"_qs);
    QVERIFY2(denied.error().message.contains(u"AssumeRole for profile wrong-ext"_qs),
             qPrintable(denied.error().message));
}

void TestCredentialProviders::assumeRoleMfa()
{
    const QString serial = u"arn:aws:iam::123456789012:mfa/alice"_qs;
    m_sandbox->sts()->requireMfa(kRole, serial, u"123456"_qs);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = %2\n"_qs.arg(kRole, serial));

    // Without a way to ask, a clear error.
    ClientConfig config = resolve(u"admin"_qs);
    QVERIFY(config.credentials);
    auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"MfaCodeNeeded"_qs);
    QVERIFY(r.error().message.contains(serial));

    // The prompt is asked for the serial and the profile, and may answer later (a dialog).
    QStringList asked;
    QString answer = u"123456"_qs;
    CredentialChain::Hooks hooks;
    QObject promptContext;
    hooks.mfaPrompt
        = [&](const QString &s, const QString &profile, std::function<void(const std::optional<QString> &)> reply) {
              asked << s + u'/' + profile;
              QTimer::singleShot(20, &promptContext, [reply, answer] {
                  reply(answer.isEmpty() ? std::optional<QString>() : std::optional<QString>(answer));
              });
          };
    config = resolve(u"admin"_qs, hooks);
    r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QCOMPARE(asked, QStringList {serial + u"/admin"_qs});
    QVERIFY(describeWith(config).ok());

    answer = u"000000"_qs;
    config = resolve(u"admin"_qs, hooks);
    r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"AccessDenied"_qs);
    QVERIFY2(r.error().message.contains(u"invalid MFA one time pass code"_qs), qPrintable(r.error().message));

    answer.clear(); // the user cancels
    config = resolve(u"admin"_qs, hooks);
    r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(r.error().code, u"MfaCancelled"_qs);
}

void TestCredentialProviders::assumeRoleCredentialSourceEnvironment()
{
    writeFiles(QString(), u"[profile admin]\nrole_arn = %1\ncredential_source = Environment\n"_qs.arg(kRole));
    CredentialChain::Overrides overrides;
    overrides.profile = u"admin"_qs;
    const auto missing = CredentialChain::resolveClientConfig(overrides);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, u"NoCredentials"_qs);
    QVERIFY2(missing.error().message.contains(u"AWS_ACCESS_KEY_ID is not set"_qs), qPrintable(missing.error().message));
    qputenv("AWS_ACCESS_KEY_ID", "AKIDSANDBOX");
    qputenv("AWS_SECRET_ACCESS_KEY", "sandbox-secret-key");
    const ClientConfig config = resolve(u"admin"_qs);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QVERIFY(r.value().accessKeyId.startsWith(u"ASIA"_qs));
}

void TestCredentialProviders::assumeRoleChained()
{
    // admin → (assumes with) jump → (assumes with) base's keys: two AssumeRole calls, the second signed with
    // the first one's temporary keys.
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile jump]\nrole_arn = arn:aws:iam::123456789012:role/jump\nsource_profile = "
                     "base\n[profile admin]\nrole_arn = %1\nsource_profile = jump\n"_qs.arg(kRole));
    const ClientConfig config = resolve(u"admin"_qs);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QCOMPARE(m_sandbox->sts()->issuedCount(), 2);
    QVERIFY(describeWith(config).ok());
}

void TestCredentialProviders::assumeRoleConfigErrors_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("errorText");
    QTest::newRow("both sources") << u"[profile r]\nrole_arn = x\nsource_profile = base\ncredential_source = "
                                     "Environment\n"_qs
                                  << u"InvalidConfiguration"_qs
                                  << u"contains both source_profile and credential_source"_qs;
    QTest::newRow("no source") << u"[profile r]\nrole_arn = x\n"_qs << u"PartialCredentials"_qs
                               << u"neither source_profile nor credential_source"_qs;
    QTest::newRow("missing source profile")
        << u"[profile r]\nrole_arn = x\nsource_profile = ghost\n"_qs << u"InvalidConfiguration"_qs
        << u"The source_profile \"ghost\" referenced in the profile \"r\" does not exist"_qs;
    QTest::newRow("loop")
        << u"[profile r]\nrole_arn = x\nsource_profile = s\n[profile s]\nrole_arn = y\nsource_profile = r\n"_qs
        << u"InfiniteLoop"_qs << u"r -> s -> r"_qs;
    QTest::newRow("bad credential_source") << u"[profile r]\nrole_arn = x\ncredential_source = Vault\n"_qs
                                           << u"InvalidConfiguration"_qs << u"\"Vault\""_qs;
    QTest::newRow("ec2 source") << u"[profile r]\nrole_arn = x\ncredential_source = Ec2InstanceMetadata\n"_qs
                                << u"UnsupportedCredentialSource"_qs << u"does not support"_qs;
    QTest::newRow("bad duration") << u"[profile r]\nrole_arn = x\nsource_profile = base\nduration_seconds = 10\n"_qs
                                  << u"InvalidConfiguration"_qs << u"900 to 43200"_qs;
    QTest::newRow("source without credentials")
        << u"[profile r]\nrole_arn = x\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n"_qs
        << u"InvalidConfiguration"_qs << u"must have credentials"_qs;
}

void TestCredentialProviders::assumeRoleConfigErrors()
{
    QFETCH(QString, config);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);
    writeFiles(QString(), sandboxConfig() + config);
    CredentialChain::Overrides overrides;
    overrides.profile = u"r"_qs;
    const auto r = CredentialChain::resolveClientConfig(overrides);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, errorCode);
    QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
}

void TestCredentialProviders::assumeRoleDenied()
{
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile other]\nrole_arn = arn:aws:iam::999999999999:role/x\nsource_profile = base\n"
                     "[profile badkey]\nrole_arn = %1\nsource_profile = bad\n[profile bad]\naws_access_key_id "
                     "= AKIDNOBODY\naws_secret_access_key = nope\n"_qs.arg(kRole));
    ClientConfig config = resolve(u"other"_qs);
    auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"AccessDenied"_qs);
    QCOMPARE(r.error().httpStatus, 403);
    config = resolve(u"badkey"_qs);
    r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"InvalidClientTokenId"_qs);
    QVERIFY(!r.error().message.contains(u"nope"_qs));
}

// StsClient is a façade over its own service client: AssumeRole through the (context, callable) form, and a
// client destroyed mid-call ends its job with Cancelled.
void TestCredentialProviders::stsClientOnFinished()
{
    AwsCredentials base;
    base.accessKeyId = u"AKIDSANDBOX"_qs;
    base.secretAccessKey = u"sandbox-secret-key"_qs;
    ClientConfig config;
    config.region = u"us-east-1"_qs;
    config.endpoint = m_sandbox->url();
    config.credentials = std::make_shared<StaticCredentialsProvider>(base);
    AssumeRoleRequest request;
    request.roleArn = kRole;
    request.roleSessionName = u"facade-test"_qs;

    auto sts = std::make_unique<StsClient>(config);
    QObject context;
    int calls = 0;
    std::optional<ApiResult<AssumeRoleResult>> result;
    sts->assumeRole(request)->onFinished(&context, [&](const ApiResult<AssumeRoleResult> &r) {
        ++calls;
        result = r;
    });
    QCOMPARE(calls, 0);
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
    QTest::qWait(20);
    QCOMPARE(calls, 1);
    QVERIFY2(result->ok(), result->ok() ? "" : qPrintable(result->error().toString()));
    QVERIFY(m_sandbox->sts()->isTemporaryKey(result->value().credentials.accessKeyId));
    QVERIFY(!result->value().credentials.sessionToken.isEmpty());

    result.reset();
    sts->assumeRole(request)->onFinished(&context, [&](const ApiResult<AssumeRoleResult> &r) { result = r; });
    sts.reset(); // before the job has started
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
    QVERIFY(!result->ok());
    QCOMPARE(result->error().kind, ApiError::Kind::Cancelled);
}

// --- refresh ---

void TestCredentialProviders::refreshBeforeExpiry()
{
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_qs.arg(kRole));
    const ClientConfig config = resolve(u"admin"_qs);
    auto *provider = dynamic_cast<RefreshingCredentialsProvider *>(config.credentials.get());
    QVERIFY(provider);
    QDateTime clock = QDateTime::currentDateTimeUtc();
    provider->setClock([&clock] { return clock; });
    const auto first = fetchNow(*provider);
    QVERIFY(first.ok());
    QCOMPARE(provider->retrievals(), 1);
    clock = first.value().expiration.addSecs(-RefreshingCredentialsProvider::kRefreshMarginSeconds - 60);
    const auto second = fetchNow(*provider);
    QCOMPARE(second.value().accessKeyId, first.value().accessKeyId); // still well before expiry
    QCOMPARE(provider->retrievals(), 1);
    clock = first.value().expiration.addSecs(-RefreshingCredentialsProvider::kRefreshMarginSeconds + 30);
    const auto third = fetchNow(*provider);
    QVERIFY(third.ok());
    QCOMPARE(provider->retrievals(), 2); // refreshed five minutes early
    QVERIFY(third.value().accessKeyId != first.value().accessKeyId);
    QCOMPARE(m_sandbox->sts()->issuedCount(), 2);

    // A refresh that fails while the old credentials still hold keeps them; once expired, the error shows.
    m_sandbox.reset(); // STS is gone
    clock = third.value().expiration.addSecs(-60);
    const auto kept = fetchNow(*provider);
    QVERIFY2(kept.ok(), qPrintable(kept.ok() ? QString() : errorText(kept.error())));
    QCOMPARE(kept.value().accessKeyId, third.value().accessKeyId);
    clock = third.value().expiration.addSecs(1);
    const auto gone = fetchNow(*provider, 60000);
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().kind, ApiError::Kind::Network);
}

void TestCredentialProviders::concurrentFetchesShareOneRetrieval()
{
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_qs.arg(kRole));
    const ClientConfig config = resolve(u"admin"_qs);
    auto *provider = dynamic_cast<RefreshingCredentialsProvider *>(config.credentials.get());
    QVERIFY(provider);
    QObject context;
    QStringList keys;
    int calls = 0;
    auto gone = std::make_unique<QObject>();
    int goneCalls = 0;
    for (int i = 0; i < 5; ++i)
        provider->fetch(&context, [&](const ApiResult<AwsCredentials> &r) {
            ++calls;
            keys << (r.ok() ? r.value().accessKeyId : QString());
        });
    provider->fetch(gone.get(), [&](const ApiResult<AwsCredentials> &) { ++goneCalls; });
    gone.reset();
    QCOMPARE(calls, 0); // never synchronously
    QTRY_COMPARE(calls, 5);
    QTest::qWait(50);
    QCOMPARE(calls, 5); // exactly once each
    QCOMPARE(goneCalls, 0);
    QCOMPARE(provider->retrievals(), 1);
    QCOMPARE(keys.size(), 5);
    QVERIFY(!keys.first().isEmpty());
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()).size(), 1);
}

void TestCredentialProviders::expiredTemporaryKeysRefused()
{
    m_sandbox->sts()->setLifetimeOverride(1);
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_qs.arg(kRole));
    const ClientConfig roleConfig = resolve(u"admin"_qs);
    const auto creds = fetchNow(*roleConfig.credentials);
    QVERIFY(creds.ok());
    QTest::qWait(2100);
    ClientConfig fixed = roleConfig;
    fixed.credentials = std::make_shared<StaticCredentialsProvider>(creds.value());
    const auto r = describeWith(fixed);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"ExpiredToken"_qs);
    // Through the refreshing provider, the same expiry is handled by fetching new keys (issued for an hour
    // now: a one-second lifetime could run out between issue and use).
    m_sandbox->sts()->setLifetimeOverride(0);
    const auto fresh = describeWith(roleConfig);
    QVERIFY2(fresh.ok(), qPrintable(fresh.ok() ? QString() : errorText(fresh.error())));
}

void TestCredentialProviders::wrongSessionTokenRefused()
{
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_qs.arg(kRole));
    const ClientConfig roleConfig = resolve(u"admin"_qs);
    auto creds = fetchNow(*roleConfig.credentials);
    QVERIFY(creds.ok());
    for (const QString &token : {u"forged"_qs, QString()}) {
        AwsCredentials c = creds.value();
        c.sessionToken = token;
        ClientConfig fixed = roleConfig;
        fixed.credentials = std::make_shared<StaticCredentialsProvider>(c);
        const auto r = describeWith(fixed);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"InvalidClientTokenId"_qs);
    }
}

// --- SSO ---

void TestCredentialProviders::ssoSession()
{
    m_sandbox->sts()->addSsoToken(u"sso-access-token-1"_qs, u"123456789012"_qs, u"ReadOnly"_qs,
                                  QDateTime::currentDateTimeUtc().addSecs(3600));
    writeSsoToken(u"corp"_qs, u"sso-access-token-1"_qs, QDateTime::currentDateTimeUtc().addSecs(3600));
    writeFiles(QString(),
               u"[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n"
               "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"_qs);
    const ClientConfig config = resolve(u"dev"_qs);
    QVERIFY(config.credentials);
    const auto creds = fetchNow(*config.credentials);
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    QVERIFY(m_sandbox->sts()->isTemporaryKey(creds.value().accessKeyId));
    QVERIFY(creds.value().expiration > QDateTime::currentDateTimeUtc().addSecs(3000));
    const auto snapshots = describeWith(config);
    QVERIFY2(snapshots.ok(), qPrintable(snapshots.ok() ? QString() : errorText(snapshots.error())));
}

void TestCredentialProviders::ssoLegacy()
{
    const QString startUrl = u"https://legacy.awsapps.com/start"_qs;
    m_sandbox->sts()->addSsoToken(u"legacy-token"_qs, u"123456789012"_qs, u"Admin"_qs,
                                  QDateTime::currentDateTimeUtc().addSecs(3600));
    writeSsoToken(startUrl, u"legacy-token"_qs, QDateTime::currentDateTimeUtc().addSecs(3600));
    writeFiles(QString(),
               u"[profile old]\nsso_start_url = %1\nsso_region = us-east-1\nsso_account_id = 123456789012\n"
               "sso_role_name = Admin\n"_qs.arg(startUrl));
    const ClientConfig config = resolve(u"old"_qs);
    QVERIFY(config.credentials);
    const auto snapshots = describeWith(config);
    QVERIFY2(snapshots.ok(), qPrintable(snapshots.ok() ? QString() : errorText(snapshots.error())));
    QCOMPARE(SsoCredentialsProvider::tokenCachePath(QString(), startUrl),
             m_home->path() + u"/.aws/sso/cache/"_qs
                 + QString::fromLatin1(QCryptographicHash::hash(startUrl.toUtf8(), QCryptographicHash::Sha1).toHex())
                 + u".json"_qs);
}

void TestCredentialProviders::ssoErrors_data()
{
    QTest::addColumn<QString>("cachedToken"); // empty: no cache file
    QTest::addColumn<int>("cacheExpiresIn"); // seconds
    QTest::addColumn<bool>("portalKnowsToken");
    QTest::addColumn<QString>("profileExtra");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("errorText");
    QTest::newRow("expired in the cache")
        << u"tok"_qs << -60 << true << QString() << u"SsoTokenExpired"_qs << u"run aws sso login --sso-session corp"_qs;
    QTest::newRow("refused by the portal") << u"tok"_qs << 3600 << false << QString() << u"SsoTokenExpired"_qs
                                           << u"has expired or is otherwise invalid: run aws sso login"_qs;
    QTest::newRow("no cache file") << QString() << 0 << true << QString() << u"SsoTokenMissing"_qs
                                   << u"No cached SSO token for corp"_qs;
    QTest::newRow("role not granted") << u"tok"_qs << 3600 << true << u"sso_role_name = Other\n"_qs
                                      << u"ForbiddenException"_qs << u"No access"_qs;
}

void TestCredentialProviders::ssoErrors()
{
    QFETCH(QString, cachedToken);
    QFETCH(int, cacheExpiresIn);
    QFETCH(bool, portalKnowsToken);
    QFETCH(QString, profileExtra);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);
    if (portalKnowsToken)
        m_sandbox->sts()->addSsoToken(u"tok"_qs, QString(), u"ReadOnly"_qs,
                                      QDateTime::currentDateTimeUtc().addSecs(3600));
    if (!cachedToken.isEmpty())
        writeSsoToken(u"corp"_qs, cachedToken, QDateTime::currentDateTimeUtc().addSecs(cacheExpiresIn));
    writeFiles(QString(),
               u"[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n"_qs
                   + (profileExtra.isEmpty() ? u"sso_role_name = ReadOnly\n"_qs : profileExtra)
                   + u"[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
                     "us-east-1\n"_qs);
    const ClientConfig config = resolve(u"dev"_qs);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, errorCode);
    QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
    QVERIFY(!r.error().message.contains(u"tok\""_qs));
}

// --- app-kept profiles and precedence ---

void TestCredentialProviders::appKeptProfile()
{
    writeFiles(QString(), sandboxConfig());
    auto store = std::make_shared<MemoryCredentialStore>();
    AwsCredentials keys;
    keys.accessKeyId = u"AKIDSANDBOX"_qs;
    keys.secretAccessKey = u"sandbox-secret-key"_qs;
    bool written = false;
    QObject context;
    store->write(u"kept"_qs, keys, &context, [&](const std::optional<ApiError> &e) { written = !e; });
    QTRY_VERIFY(written);
    store->setRegion(u"kept"_qs, u"us-east-1"_qs);
    qunsetenv("AWS_REGION");
    CredentialChain::Hooks hooks;
    hooks.store = store;
    const ClientConfig config = resolve(u"kept"_qs, hooks);
    QVERIFY(config.credentials);
    QCOMPARE(config.region, u"us-east-1"_qs);
    QVERIFY2(config.credentials->description().contains(u"app-kept profile kept"_qs),
             qPrintable(config.credentials->description()));
    QVERIFY(describeWith(config).ok());

    // Without the store, the name is unknown; a profile in the files wins over an app-kept one of that name.
    CredentialChain::Overrides overrides;
    overrides.profile = u"kept"_qs;
    const auto unknown = CredentialChain::resolveClientConfig(overrides);
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, u"ProfileNotFound"_qs);
    QVERIFY(unknown.error().message.contains(u"(kept)"_qs));
    store->write(u"base"_qs, AwsCredentials {u"AKOTHER"_qs, u"x"_qs, {}, {}, {}}, &context,
                 [&](const std::optional<ApiError> &) {});
    qputenv("AWS_REGION", "us-east-1");
    const ClientConfig base = resolve(u"base"_qs, hooks);
    QVERIFY(base.credentials);
    QCOMPARE(fetchNow(*base.credentials).value().accessKeyId, u"AKIDSANDBOX"_qs);
    const auto listed = CredentialChain::listProfiles(hooks);
    QVERIFY(listed.ok());
    QStringList names;
    for (const auto &p : listed.value())
        names << p.name + (p.appKept ? u"*"_qs : QString());
    QCOMPARE(names, (QStringList {u"base"_qs, u"kept*"_qs}));
}

void TestCredentialProviders::precedence()
{
    writeFiles(QString(),
               sandboxConfig()
                   + u"[default]\ncredential_process = /nonexistent/tool\n[profile admin]\nrole_arn = "
                     "%1\nsource_profile = base\n"_qs.arg(kRole));
    // The environment's keys beat the default profile and AWS_PROFILE...
    qputenv("AWS_ACCESS_KEY_ID", "AKIDSANDBOX");
    qputenv("AWS_SECRET_ACCESS_KEY", "sandbox-secret-key");
    qputenv("AWS_PROFILE", "admin");
    ClientConfig config = resolve(QString());
    QCOMPARE(config.credentials->description(), u"environment"_qs);
    // ... but not --profile.
    config = resolve(u"admin"_qs);
    QVERIFY(config.credentials->description().contains(u"assume role"_qs));
    // A role_arn outranks keys in the same profile (botocore: assume role first).
    writeFiles(u"[both]\naws_access_key_id = AKIDSANDBOX\naws_secret_access_key = sandbox-secret-key\n"_qs,
               u"[profile both]\nrole_arn = %1\nsource_profile = both\n"_qs.arg(kRole));
    config = resolve(u"both"_qs);
    QVERIFY(config.credentials->description().contains(u"assume role"_qs));
    const auto r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QVERIFY(r.value().accessKeyId.startsWith(u"ASIA"_qs));
    // Keys in the credentials file outrank a credential_process.
    writeFiles(u"[p]\naws_access_key_id = AKFILE\naws_secret_access_key = s\n"_qs,
               u"[profile p]\ncredential_process = /nonexistent/tool\n"_qs);
    config = resolve(u"p"_qs);
    QCOMPARE(fetchNow(*config.credentials).value().accessKeyId, u"AKFILE"_qs);
}

// --- the AWS CLI against the same sandbox ---

namespace {
using CliRun = ProgramRun;

// The sandbox answers from this thread's event loop, so the event loop spins while the AWS CLI runs.
CliRun runAws(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString aws = QStandardPaths::findExecutable(u"aws"_qs);
    if (aws.isEmpty())
        return {};
    return runProgramInEventLoop(aws, arguments, environment);
}
} // namespace

void TestCredentialProviders::awsCliAssumeRole()
{
    if (QStandardPaths::findExecutable(u"aws"_qs).isEmpty())
        QSKIP("the AWS CLI is not installed");
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nregion = us-east-1\n"_qs.arg(kRole));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_qs, m_home->path());
    environment.remove(u"AWS_ENDPOINT_URL_ELASTICACHE"_qs);
    const int before = m_sandbox->sts()->issuedCount();
    const CliRun run = runAws({u"elasticache"_qs, u"describe-snapshots"_qs, u"--profile"_qs, u"admin"_qs,
                               u"--endpoint-url"_qs, m_sandbox->url().toString(), u"--max-records"_qs, u"20"_qs},
                              environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(u"Snapshots"_qs).toArray().size(), 3);
    QCOMPARE(m_sandbox->sts()->issuedCount(), before + 1); // botocore called the sandbox's STS

    // MFA with the AWS CLI: it reads the code from its terminal; refusing without one is what we can check.
    m_sandbox->sts()->requireMfa(kRole, u"arn:aws:iam::123456789012:mfa/x"_qs, u"111111"_qs);
    QVERIFY(QDir(m_home->filePath(u".aws/cli/cache"_qs)).removeRecursively()); // the AWS CLI's role cache
    const CliRun denied = runAws({u"elasticache"_qs, u"describe-snapshots"_qs, u"--profile"_qs, u"admin"_qs,
                                  u"--endpoint-url"_qs, m_sandbox->url().toString()},
                                 environment);
    QVERIFY(denied.exitCode != 0);
    QVERIFY2(denied.err.contains("AccessDenied"), denied.err.constData());
}

void TestCredentialProviders::awsCliSso()
{
    if (QStandardPaths::findExecutable(u"aws"_qs).isEmpty())
        QSKIP("the AWS CLI is not installed");
    m_sandbox->sts()->addSsoToken(u"cli-sso-token"_qs, u"123456789012"_qs, u"ReadOnly"_qs,
                                  QDateTime::currentDateTimeUtc().addSecs(3600));
    const QString startUrl = u"https://legacy.awsapps.com/start"_qs;
    writeSsoToken(startUrl, u"cli-sso-token"_qs, QDateTime::currentDateTimeUtc().addSecs(3600));
    writeFiles(QString(),
               u"[profile old]\nsso_start_url = %1\nsso_region = us-east-1\nsso_account_id = 123456789012\n"
               "sso_role_name = ReadOnly\nregion = us-east-1\n"_qs.arg(startUrl));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_qs, m_home->path());
    environment.remove(u"AWS_ENDPOINT_URL_ELASTICACHE"_qs);
    const int before = m_sandbox->sts()->issuedCount();
    const CliRun run = runAws({u"elasticache"_qs, u"describe-snapshots"_qs, u"--profile"_qs, u"old"_qs,
                               u"--endpoint-url"_qs, m_sandbox->url().toString()},
                              environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(u"Snapshots"_qs).toArray().size(), 3);
    QCOMPARE(m_sandbox->sts()->issuedCount(), before + 1);

    // And our chain reads the same cache file to the same effect.
    const ClientConfig config = resolve(u"old"_qs);
    QVERIFY(describeWith(config).ok());

    // An expired cached token: the AWS CLI and we both say to log in again.
    writeSsoToken(startUrl, u"cli-sso-token"_qs, QDateTime::currentDateTimeUtc().addSecs(-10));
    const CliRun expired = runAws({u"elasticache"_qs, u"describe-snapshots"_qs, u"--profile"_qs, u"old"_qs,
                                   u"--endpoint-url"_qs, m_sandbox->url().toString()},
                                  environment);
    QVERIFY(expired.exitCode != 0);
    QVERIFY2(expired.err.contains("aws sso login"), expired.err.constData());
    const auto ours = fetchNow(*resolve(u"old"_qs).credentials);
    QVERIFY(!ours.ok());
    QVERIFY(ours.error().message.contains(u"aws sso login"_qs));
}

// --- secret hygiene ---

namespace {
QStringList g_log;
void collect(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_log << QString::fromLatin1(context.category ? context.category : "") + u": "_qs + message;
}
} // namespace

void TestCredentialProviders::debugLogRedactsRoleSecrets()
{
    const QString serial = u"arn:aws:iam::123456789012:mfa/alice"_qs;
    m_sandbox->sts()->requireMfa(kRole, serial, u"424242"_qs);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = %2\n"_qs.arg(kRole, serial));
    CredentialChain::Hooks hooks;
    hooks.mfaPrompt = [](const QString &, const QString &, std::function<void(const std::optional<QString> &)> reply) {
        reply(u"424242"_qs);
    };
    QLoggingCategory::setFilterRules(u"cachesnap.*.debug=true"_qs);
    g_log.clear();
    const QtMessageHandler previous = qInstallMessageHandler(collect);
    const ClientConfig config = resolve(u"admin"_qs, hooks);
    const auto creds = config.credentials ? fetchNow(*config.credentials) : ApiResult<AwsCredentials>(ApiError());
    const auto snapshots = describeWith(config);
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    QVERIFY(snapshots.ok());
    const QString log = g_log.join(u'\n');
    QVERIFY2(log.contains(u"AssumeRole"_qs) && log.contains(u"DescribeSnapshots"_qs), qPrintable(log.left(2000)));
    QVERIFY(log.contains(u"Authorization: AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/"_qs));
    QVERIFY(log.contains(u"<SecretAccessKey><redacted></SecretAccessKey>"_qs));
    QVERIFY(log.contains(u"TokenCode=<redacted>"_qs));
    for (const QString &secret :
         {u"sandbox-secret-key"_qs, creds.value().secretAccessKey, creds.value().sessionToken, u"424242"_qs}) {
        QVERIFY2(!log.contains(secret), qPrintable(u"leaked into the debug log: "_qs + secret.left(12)));
    }
    const qsizetype signatureAt = log.indexOf(u"Signature="_qs);
    QVERIFY(signatureAt > 0);
    QCOMPARE(log.mid(signatureAt, 20), u"Signature=<redacted>"_qs);
}

void TestCredentialProviders::cliDebugRedactsRoleSecrets()
{
    QVERIFY2(QFile::exists(QStringLiteral(CACHESNAP_CLI)), CACHESNAP_CLI);
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_qs.arg(kRole));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_qs, m_home->path());
    environment.insert(u"CACHESNAP_NO_KEYCHAIN"_qs, u"1"_qs);
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(CACHESNAP_CLI), {u"--debug"_qs, u"--profile"_qs, u"admin"_qs, u"describe-snapshots"_qs});
    QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(err.contains("AssumeRole"));
    QVERIFY(err.contains("<SessionToken><redacted></SessionToken>"));
    QVERIFY(err.contains("X-Amz-Security-Token: <redacted>"));
    QVERIFY(!err.contains("sandbox-secret-key"));
    QVERIFY(!err.contains("IQoJb3JpZ2luX2VjE")); // the start of every session token the sandbox issues
}

void TestCredentialProviders::cliAsksForTheMfaCode()
{
    const QString serial = u"arn:aws:iam::123456789012:mfa/cli"_qs;
    m_sandbox->sts()->requireMfa(kRole, serial, u"112233"_qs);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = %2\n"_qs.arg(kRole, serial));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_qs, m_home->path());
    environment.insert(u"CACHESNAP_NO_KEYCHAIN"_qs, u"1"_qs);
    for (const QByteArray &code : {QByteArray("112233\n"), QByteArray("999999\n")}) {
        QProcess p;
        p.setProcessEnvironment(environment);
        p.start(QStringLiteral(CACHESNAP_CLI), {u"--profile"_qs, u"admin"_qs, u"describe-snapshots"_qs});
        p.write(code);
        p.closeWriteChannel();
        QDeadlineTimer deadline(60000);
        while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(10);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains(QByteArray("Enter MFA code for " + serial.toUtf8() + " (profile admin): ")),
                 err.constData());
        if (code.startsWith("112233")) {
            QVERIFY2(p.exitCode() == 0, err.constData());
        } else {
            QVERIFY(p.exitCode() != 0);
            QVERIFY2(err.contains("invalid MFA one time pass code"), err.constData());
        }
    }
}

QTEST_GUILESS_MAIN(TestCredentialProviders)
#include "tst_credentialproviders.moc"
