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

using namespace Qt::StringLiterals;

namespace {
const QString kRole = u"arn:aws:iam::123456789012:role/snapshot-admin"_s;

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

QString errorText(const ApiError &e)
{
    return e.code + u": "_s + e.message;
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
    QDir(m_home->path()).mkpath(u".aws"_s);
    auto write = [](const QString &path, const QString &text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    };
    write(m_home->filePath(u".aws/credentials"_s), credentials);
    write(m_home->filePath(u".aws/config"_s), config);
}

QString TestCredentialProviders::writeScript(const QString &name, const QString &body)
{
    const QString path = m_home->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write((u"#!/bin/sh\n"_s + body).toUtf8());
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

void TestCredentialProviders::writeSsoToken(const QString &key, const QString &token, const QDateTime &expiresAt)
{
    const QString dir = m_home->filePath(u".aws/sso/cache"_s);
    QDir().mkpath(dir);
    const QString name = QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex());
    QFile f(dir + u'/' + name + u".json"_s);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QJsonObject o {{u"startUrl"_s, u"https://corp.awsapps.com/start"_s},
                         {u"region"_s, u"us-east-1"_s},
                         {u"accessToken"_s, token},
                         {u"expiresAt"_s, expiresAt.toUTC().toString(Qt::ISODate)}};
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
        e.code = u"TestTimeout"_s;
        return e;
    }
    return *got;
}

QString TestCredentialProviders::sandboxConfig() const
{
    return u"[profile base]\naws_access_key_id = AKIDSANDBOX\naws_secret_access_key = sandbox-secret-key\n"_s;
}

// --- credential_process ---

void TestCredentialProviders::splitCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("words"); // empty with invalid: unbalanced
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << u"/bin/tool --json"_s << QStringList {u"/bin/tool"_s, u"--json"_s} << true;
    QTest::newRow("spaces") << u"  a   b  "_s << QStringList {u"a"_s, u"b"_s} << true;
    QTest::newRow("single quotes") << u"tool 'a b' 'c\\d'"_s << QStringList {u"tool"_s, u"a b"_s, u"c\\d"_s}
                                   << true;
    QTest::newRow("double quotes") << u"tool \"a \\\"b\\\" \\x\""_s << QStringList {u"tool"_s, u"a \"b\" \\x"_s}
                                   << true;
    QTest::newRow("backslash space") << u"my\\ tool x"_s << QStringList {u"my tool"_s, u"x"_s} << true;
    QTest::newRow("adjacent parts") << u"--a='1 2'\"3\""_s << QStringList {u"--a=1 23"_s} << true;
    QTest::newRow("empty quoted") << u"tool ''"_s << QStringList {u"tool"_s, QString()} << true;
    QTest::newRow("unbalanced") << u"tool 'x"_s << QStringList() << false;
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
            QCOMPARE(split->at(i), words.at(i).isNull() ? u""_s : words.at(i));
    }
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    if (python.isEmpty())
        return;
    QProcess p;
    p.start(python,
            {u"-c"_s,
             u"import shlex,sys,json\ntry: print(json.dumps(shlex.split(sys.argv[1])))\nexcept "
             "ValueError: print('null')"_s,
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
                               << QString() << u"AKP"_s << false;
    QTest::newRow("temporary") << QByteArray(R"({"Version": 1, "AccessKeyId": "ASP", "SecretAccessKey": "s",
        "SessionToken": "t", "Expiration": "2030-01-02T03:04:05Z"})")
                               << QString() << u"ASP"_s << true;
    QTest::newRow("version 2") << QByteArray(R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"})")
                               << u"Unsupported version '2'"_s << QString() << false;
    QTest::newRow("no version") << QByteArray(R"({"AccessKeyId": "A", "SecretAccessKey": "s"})")
                                << u"<Version key not provided>"_s << QString() << false;
    QTest::newRow("no secret") << QByteArray(R"({"Version": 1, "AccessKeyId": "A"})")
                               << u"Missing required key in response: 'SecretAccessKey'"_s << QString() << false;
    QTest::newRow("not JSON") << QByteArray("AccessKeyId=A") << u"did not print a JSON object"_s << QString() << false;
    QTest::newRow("bad expiration") << QByteArray(
        R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "soon"})")
                                    << u"is not an ISO 8601 time"_s << QString() << false;
}

void TestCredentialProviders::processOutput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, errorText);
    QFETCH(QString, keyId);
    QFETCH(bool, expires);
    const auto r = ProcessCredentialsProvider::parseOutput(json, u"profile p"_s);
    if (!errorText.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
        QVERIFY(!r.error().message.contains(u"\"s\""_s)); // the secret is never echoed
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
    const QString counter = m_home->filePath(u"runs"_s);
    const QString script = writeScript(
        u"creds.sh"_s,
        u"echo run >> '%1'\n"
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDSANDBOX\", \"SecretAccessKey\": \"sandbox-secret-key\"}'\n"_s
            .arg(counter));
    writeFiles(QString(), u"[profile proc]\ncredential_process = \"%1\" --profile x\n"_s.arg(script));
    const ClientConfig config = resolve(u"proc"_s);
    QVERIFY(config.credentials);
    QCOMPARE(config.credentials->description(), u"profile proc (credential_process)"_s);
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
        << u"echo 'token expired, log in to the vault again' >&2\nexit 3\n"_s << u"CredentialProcessError"_s
        << u"exited with status 3: token expired, log in to the vault again"_s;
    QTest::newRow("silent failure") << u"exit 1\n"_s << u"CredentialProcessError"_s
                                    << u"(nothing on standard error)"_s;
    QTest::newRow("bad JSON") << u"echo '{\"Version\": 1'\n"_s << u"CredentialProcessError"_s
                              << u"did not print a JSON object"_s;
    QTest::newRow("missing program") << QString() << u"CredentialProcessError"_s << u"could not be started"_s;
}

void TestCredentialProviders::processFailures()
{
    QFETCH(QString, body);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);
    const QString command = body.isEmpty() ? m_home->filePath(u"no-such-tool"_s) : writeScript(u"fail.sh"_s, body);
    writeFiles(QString(), u"[profile proc]\ncredential_process = %1\n"_s.arg(command));
    const ClientConfig config = resolve(u"proc"_s);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, errorCode);
    QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
    QVERIFY2(r.error().message.contains(u"profile proc"_s), qPrintable(r.error().message));
    // The same error reaches an API call, as a credentials error, without a request being sent.
    const quint64 before = m_sandbox->requestCount();
    const auto call = describeWith(config);
    QVERIFY(!call.ok());
    QCOMPARE(call.error().kind, ApiError::Kind::Credentials);
    QCOMPARE(m_sandbox->requestCount(), before);
}

void TestCredentialProviders::processTimeout()
{
    const QString script = writeScript(u"slow.sh"_s, u"sleep 30\n"_s);
    writeFiles(QString(), u"[profile proc]\ncredential_process = %1\n"_s.arg(script));
    CredentialChain::Hooks hooks;
    hooks.processTimeoutMs = 300;
    const ClientConfig config = resolve(u"proc"_s, hooks);
    QVERIFY(config.credentials);
    QElapsedTimer timer;
    timer.start();
    const auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"CredentialProcessTimeout"_s);
    QVERIFY2(r.error().message.contains(u"within 0.3 s"_s), qPrintable(r.error().message));
    QVERIFY(timer.elapsed() < 10000); // killed, not waited for
}

void TestCredentialProviders::processTemporaryCredentialsRefresh()
{
    // Keys with an Expiration are run for again once within five minutes of it (here: always, at 2 minutes).
    const QString counter = m_home->filePath(u"runs"_s);
    const QString script = writeScript(
        u"temp.sh"_s,
        u"echo run >> '%1'\n"
        "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDSANDBOX\", \"SecretAccessKey\": \"sandbox-secret-key\", "
        "\"SessionToken\": \"t\", \"Expiration\": \"%s\"}' \"$(date -u -d \"+%2 min\" +%Y-%m-%dT%H:%M:%SZ)\"\n"_s.arg(
            counter, u"$MINUTES"_s));
    writeFiles(QString(), u"[profile proc]\ncredential_process = %1\n"_s.arg(script));
    auto runs = [&counter] {
        QFile f(counter);
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count("run")) : 0;
    };
    qputenv("MINUTES", "2");
    ClientConfig config = resolve(u"proc"_s);
    QVERIFY(config.credentials);
    auto first = fetchNow(*config.credentials);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : errorText(first.error())));
    QVERIFY(first.value().expiration.isValid());
    QVERIFY(fetchNow(*config.credentials).ok());
    QCOMPARE(runs(), 2);
    // An hour ahead: kept.
    qputenv("MINUTES", "60");
    config = resolve(u"proc"_s);
    QVERIFY(fetchNow(*config.credentials).ok());
    QVERIFY(fetchNow(*config.credentials).ok());
    QCOMPARE(runs(), 3);
    qunsetenv("MINUTES");
}

// --- AssumeRole ---

void TestCredentialProviders::assumeRoleFromSourceProfile()
{
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_s.arg(kRole));
    const ClientConfig config = resolve(u"admin"_s);
    QVERIFY(config.credentials);
    const auto creds = fetchNow(*config.credentials);
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    QVERIFY(creds.value().accessKeyId.startsWith(u"ASIA"_s));
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
    m_sandbox->sts()->requireExternalId(kRole, u"ext-42"_s);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nexternal_id = ext-42\n"
                     "role_session_name = alice\nduration_seconds = 900\n"
                     "[profile wrong-ext]\nrole_arn = %1\nsource_profile = base\nexternal_id = nope\n"_s.arg(kRole));
    const ClientConfig config = resolve(u"admin"_s);
    QVERIFY(config.credentials);
    const auto creds = fetchNow(*config.credentials);
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    const qint64 lifetime = QDateTime::currentDateTimeUtc().secsTo(creds.value().expiration);
    QVERIFY2(lifetime > 850 && lifetime <= 900, qPrintable(QString::number(lifetime)));

    const ClientConfig wrong = resolve(u"wrong-ext"_s);
    QVERIFY(wrong.credentials);
    const auto denied = fetchNow(*wrong.credentials);
    QVERIFY(!denied.ok());
    QCOMPARE(denied.error().code, u"AccessDenied"_s);
    QVERIFY2(denied.error().message.contains(u"AssumeRole for profile wrong-ext"_s),
             qPrintable(denied.error().message));
}

void TestCredentialProviders::assumeRoleMfa()
{
    const QString serial = u"arn:aws:iam::123456789012:mfa/alice"_s;
    m_sandbox->sts()->requireMfa(kRole, serial, u"123456"_s);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = %2\n"_s.arg(kRole, serial));

    // Without a way to ask, a clear error.
    ClientConfig config = resolve(u"admin"_s);
    QVERIFY(config.credentials);
    auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"MfaCodeNeeded"_s);
    QVERIFY(r.error().message.contains(serial));

    // The prompt is asked for the serial and the profile, and may answer later (a dialog).
    QStringList asked;
    QString answer = u"123456"_s;
    CredentialChain::Hooks hooks;
    QObject promptContext;
    hooks.mfaPrompt
        = [&](const QString &s, const QString &profile, std::function<void(const std::optional<QString> &)> reply) {
              asked << s + u'/' + profile;
              QTimer::singleShot(20, &promptContext, [reply, answer] {
                  reply(answer.isEmpty() ? std::optional<QString>() : std::optional<QString>(answer));
              });
          };
    config = resolve(u"admin"_s, hooks);
    r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QCOMPARE(asked, QStringList {serial + u"/admin"_s});
    QVERIFY(describeWith(config).ok());

    answer = u"000000"_s;
    config = resolve(u"admin"_s, hooks);
    r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"AccessDenied"_s);
    QVERIFY2(r.error().message.contains(u"invalid MFA one time pass code"_s), qPrintable(r.error().message));

    answer.clear(); // the user cancels
    config = resolve(u"admin"_s, hooks);
    r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ApiError::Kind::Cancelled);
    QCOMPARE(r.error().code, u"MfaCancelled"_s);
}

void TestCredentialProviders::assumeRoleCredentialSourceEnvironment()
{
    writeFiles(QString(), u"[profile admin]\nrole_arn = %1\ncredential_source = Environment\n"_s.arg(kRole));
    CredentialChain::Overrides overrides;
    overrides.profile = u"admin"_s;
    const auto missing = CredentialChain::resolveClientConfig(overrides);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, u"NoCredentials"_s);
    QVERIFY2(missing.error().message.contains(u"AWS_ACCESS_KEY_ID is not set"_s), qPrintable(missing.error().message));
    qputenv("AWS_ACCESS_KEY_ID", "AKIDSANDBOX");
    qputenv("AWS_SECRET_ACCESS_KEY", "sandbox-secret-key");
    const ClientConfig config = resolve(u"admin"_s);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QVERIFY(r.value().accessKeyId.startsWith(u"ASIA"_s));
}

void TestCredentialProviders::assumeRoleChained()
{
    // admin → (assumes with) jump → (assumes with) base's keys: two AssumeRole calls, the second signed with
    // the first one's temporary keys.
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile jump]\nrole_arn = arn:aws:iam::123456789012:role/jump\nsource_profile = "
                     "base\n[profile admin]\nrole_arn = %1\nsource_profile = jump\n"_s.arg(kRole));
    const ClientConfig config = resolve(u"admin"_s);
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
                                     "Environment\n"_s
                                  << u"InvalidConfiguration"_s
                                  << u"contains both source_profile and credential_source"_s;
    QTest::newRow("no source") << u"[profile r]\nrole_arn = x\n"_s << u"PartialCredentials"_s
                               << u"neither source_profile nor credential_source"_s;
    QTest::newRow("missing source profile")
        << u"[profile r]\nrole_arn = x\nsource_profile = ghost\n"_s << u"InvalidConfiguration"_s
        << u"The source_profile \"ghost\" referenced in the profile \"r\" does not exist"_s;
    QTest::newRow("loop")
        << u"[profile r]\nrole_arn = x\nsource_profile = s\n[profile s]\nrole_arn = y\nsource_profile = r\n"_s
        << u"InfiniteLoop"_s << u"r -> s -> r"_s;
    QTest::newRow("bad credential_source") << u"[profile r]\nrole_arn = x\ncredential_source = Vault\n"_s
                                           << u"InvalidConfiguration"_s << u"\"Vault\""_s;
    QTest::newRow("ec2 source") << u"[profile r]\nrole_arn = x\ncredential_source = Ec2InstanceMetadata\n"_s
                                << u"UnsupportedCredentialSource"_s << u"does not support"_s;
    QTest::newRow("bad duration") << u"[profile r]\nrole_arn = x\nsource_profile = base\nduration_seconds = 10\n"_s
                                  << u"InvalidConfiguration"_s << u"900 to 43200"_s;
    QTest::newRow("source without credentials")
        << u"[profile r]\nrole_arn = x\nsource_profile = empty\n[profile empty]\nregion = us-east-1\n"_s
        << u"InvalidConfiguration"_s << u"must have credentials"_s;
}

void TestCredentialProviders::assumeRoleConfigErrors()
{
    QFETCH(QString, config);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);
    writeFiles(QString(), sandboxConfig() + config);
    CredentialChain::Overrides overrides;
    overrides.profile = u"r"_s;
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
                     "= AKIDNOBODY\naws_secret_access_key = nope\n"_s.arg(kRole));
    ClientConfig config = resolve(u"other"_s);
    auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"AccessDenied"_s);
    QCOMPARE(r.error().httpStatus, 403);
    config = resolve(u"badkey"_s);
    r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"InvalidClientTokenId"_s);
    QVERIFY(!r.error().message.contains(u"nope"_s));
}

// StsClient is a façade over its own service client: AssumeRole through the (context, callable) form, and a
// client destroyed mid-call ends its job with Cancelled.
void TestCredentialProviders::stsClientOnFinished()
{
    AwsCredentials base;
    base.accessKeyId = u"AKIDSANDBOX"_s;
    base.secretAccessKey = u"sandbox-secret-key"_s;
    ClientConfig config;
    config.region = u"us-east-1"_s;
    config.endpoint = m_sandbox->url();
    config.credentials = std::make_shared<StaticCredentialsProvider>(base);
    AssumeRoleRequest request;
    request.roleArn = kRole;
    request.roleSessionName = u"facade-test"_s;

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
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_s.arg(kRole));
    const ClientConfig config = resolve(u"admin"_s);
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
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_s.arg(kRole));
    const ClientConfig config = resolve(u"admin"_s);
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
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_s.arg(kRole));
    const ClientConfig roleConfig = resolve(u"admin"_s);
    const auto creds = fetchNow(*roleConfig.credentials);
    QVERIFY(creds.ok());
    QTest::qWait(2100);
    ClientConfig fixed = roleConfig;
    fixed.credentials = std::make_shared<StaticCredentialsProvider>(creds.value());
    const auto r = describeWith(fixed);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"ExpiredToken"_s);
    // Through the refreshing provider, the same expiry is handled by fetching new keys (issued for an hour
    // now: a one-second lifetime could run out between issue and use).
    m_sandbox->sts()->setLifetimeOverride(0);
    const auto fresh = describeWith(roleConfig);
    QVERIFY2(fresh.ok(), qPrintable(fresh.ok() ? QString() : errorText(fresh.error())));
}

void TestCredentialProviders::wrongSessionTokenRefused()
{
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_s.arg(kRole));
    const ClientConfig roleConfig = resolve(u"admin"_s);
    auto creds = fetchNow(*roleConfig.credentials);
    QVERIFY(creds.ok());
    for (const QString &token : {u"forged"_s, QString()}) {
        AwsCredentials c = creds.value();
        c.sessionToken = token;
        ClientConfig fixed = roleConfig;
        fixed.credentials = std::make_shared<StaticCredentialsProvider>(c);
        const auto r = describeWith(fixed);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"InvalidClientTokenId"_s);
    }
}

// --- SSO ---

void TestCredentialProviders::ssoSession()
{
    m_sandbox->sts()->addSsoToken(u"sso-access-token-1"_s, u"123456789012"_s, u"ReadOnly"_s,
                                  QDateTime::currentDateTimeUtc().addSecs(3600));
    writeSsoToken(u"corp"_s, u"sso-access-token-1"_s, QDateTime::currentDateTimeUtc().addSecs(3600));
    writeFiles(QString(),
               u"[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n"
               "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"_s);
    const ClientConfig config = resolve(u"dev"_s);
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
    const QString startUrl = u"https://legacy.awsapps.com/start"_s;
    m_sandbox->sts()->addSsoToken(u"legacy-token"_s, u"123456789012"_s, u"Admin"_s,
                                  QDateTime::currentDateTimeUtc().addSecs(3600));
    writeSsoToken(startUrl, u"legacy-token"_s, QDateTime::currentDateTimeUtc().addSecs(3600));
    writeFiles(QString(),
               u"[profile old]\nsso_start_url = %1\nsso_region = us-east-1\nsso_account_id = 123456789012\n"
               "sso_role_name = Admin\n"_s.arg(startUrl));
    const ClientConfig config = resolve(u"old"_s);
    QVERIFY(config.credentials);
    const auto snapshots = describeWith(config);
    QVERIFY2(snapshots.ok(), qPrintable(snapshots.ok() ? QString() : errorText(snapshots.error())));
    QCOMPARE(SsoCredentialsProvider::tokenCachePath(QString(), startUrl),
             m_home->path() + u"/.aws/sso/cache/"_s
                 + QString::fromLatin1(QCryptographicHash::hash(startUrl.toUtf8(), QCryptographicHash::Sha1).toHex())
                 + u".json"_s);
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
        << u"tok"_s << -60 << true << QString() << u"SsoTokenExpired"_s << u"run aws sso login --sso-session corp"_s;
    QTest::newRow("refused by the portal") << u"tok"_s << 3600 << false << QString() << u"SsoTokenExpired"_s
                                           << u"has expired or is otherwise invalid: run aws sso login"_s;
    QTest::newRow("no cache file") << QString() << 0 << true << QString() << u"SsoTokenMissing"_s
                                   << u"No cached SSO token for corp"_s;
    QTest::newRow("role not granted") << u"tok"_s << 3600 << true << u"sso_role_name = Other\n"_s
                                      << u"ForbiddenException"_s << u"No access"_s;
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
        m_sandbox->sts()->addSsoToken(u"tok"_s, QString(), u"ReadOnly"_s,
                                      QDateTime::currentDateTimeUtc().addSecs(3600));
    if (!cachedToken.isEmpty())
        writeSsoToken(u"corp"_s, cachedToken, QDateTime::currentDateTimeUtc().addSecs(cacheExpiresIn));
    writeFiles(QString(),
               u"[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n"_s
                   + (profileExtra.isEmpty() ? u"sso_role_name = ReadOnly\n"_s : profileExtra)
                   + u"[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
                     "us-east-1\n"_s);
    const ClientConfig config = resolve(u"dev"_s);
    QVERIFY(config.credentials);
    const auto r = fetchNow(*config.credentials);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, errorCode);
    QVERIFY2(r.error().message.contains(errorText), qPrintable(r.error().message));
    QVERIFY(!r.error().message.contains(u"tok\""_s));
}

// --- app-kept profiles and precedence ---

void TestCredentialProviders::appKeptProfile()
{
    writeFiles(QString(), sandboxConfig());
    auto store = std::make_shared<MemoryCredentialStore>();
    AwsCredentials keys;
    keys.accessKeyId = u"AKIDSANDBOX"_s;
    keys.secretAccessKey = u"sandbox-secret-key"_s;
    bool written = false;
    QObject context;
    store->write(u"kept"_s, keys, &context, [&](const std::optional<ApiError> &e) { written = !e; });
    QTRY_VERIFY(written);
    store->setRegion(u"kept"_s, u"us-east-1"_s);
    qunsetenv("AWS_REGION");
    CredentialChain::Hooks hooks;
    hooks.store = store;
    const ClientConfig config = resolve(u"kept"_s, hooks);
    QVERIFY(config.credentials);
    QCOMPARE(config.region, u"us-east-1"_s);
    QVERIFY2(config.credentials->description().contains(u"app-kept profile kept"_s),
             qPrintable(config.credentials->description()));
    QVERIFY(describeWith(config).ok());

    // Without the store, the name is unknown; a profile in the files wins over an app-kept one of that name.
    CredentialChain::Overrides overrides;
    overrides.profile = u"kept"_s;
    const auto unknown = CredentialChain::resolveClientConfig(overrides);
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, u"ProfileNotFound"_s);
    QVERIFY(unknown.error().message.contains(u"(kept)"_s));
    store->write(u"base"_s, AwsCredentials {u"AKOTHER"_s, u"x"_s, {}, {}, {}}, &context,
                 [&](const std::optional<ApiError> &) {});
    qputenv("AWS_REGION", "us-east-1");
    const ClientConfig base = resolve(u"base"_s, hooks);
    QVERIFY(base.credentials);
    QCOMPARE(fetchNow(*base.credentials).value().accessKeyId, u"AKIDSANDBOX"_s);
    const auto listed = CredentialChain::listProfiles(hooks);
    QVERIFY(listed.ok());
    QStringList names;
    for (const auto &p : listed.value())
        names << p.name + (p.appKept ? u"*"_s : QString());
    QCOMPARE(names, (QStringList {u"base"_s, u"kept*"_s}));
}

void TestCredentialProviders::precedence()
{
    writeFiles(QString(),
               sandboxConfig()
                   + u"[default]\ncredential_process = /nonexistent/tool\n[profile admin]\nrole_arn = "
                     "%1\nsource_profile = base\n"_s.arg(kRole));
    // The environment's keys beat the default profile and AWS_PROFILE...
    qputenv("AWS_ACCESS_KEY_ID", "AKIDSANDBOX");
    qputenv("AWS_SECRET_ACCESS_KEY", "sandbox-secret-key");
    qputenv("AWS_PROFILE", "admin");
    ClientConfig config = resolve(QString());
    QCOMPARE(config.credentials->description(), u"environment"_s);
    // ... but not --profile.
    config = resolve(u"admin"_s);
    QVERIFY(config.credentials->description().contains(u"assume role"_s));
    // A role_arn outranks keys in the same profile (botocore: assume role first).
    writeFiles(u"[both]\naws_access_key_id = AKIDSANDBOX\naws_secret_access_key = sandbox-secret-key\n"_s,
               u"[profile both]\nrole_arn = %1\nsource_profile = both\n"_s.arg(kRole));
    config = resolve(u"both"_s);
    QVERIFY(config.credentials->description().contains(u"assume role"_s));
    const auto r = fetchNow(*config.credentials);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : errorText(r.error())));
    QVERIFY(r.value().accessKeyId.startsWith(u"ASIA"_s));
    // Keys in the credentials file outrank a credential_process.
    writeFiles(u"[p]\naws_access_key_id = AKFILE\naws_secret_access_key = s\n"_s,
               u"[profile p]\ncredential_process = /nonexistent/tool\n"_s);
    config = resolve(u"p"_s);
    QCOMPARE(fetchNow(*config.credentials).value().accessKeyId, u"AKFILE"_s);
}

// --- the AWS CLI against the same sandbox ---

namespace {
using CliRun = ProgramRun;

// The sandbox answers from this thread's event loop, so the event loop spins while the AWS CLI runs.
CliRun runAws(const QStringList &arguments, const QProcessEnvironment &environment)
{
    const QString aws = QStandardPaths::findExecutable(u"aws"_s);
    if (aws.isEmpty())
        return {};
    return runProgramInEventLoop(aws, arguments, environment);
}
} // namespace

void TestCredentialProviders::awsCliAssumeRole()
{
    if (QStandardPaths::findExecutable(u"aws"_s).isEmpty())
        QSKIP("the AWS CLI is not installed");
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nregion = us-east-1\n"_s.arg(kRole));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_home->path());
    environment.remove(u"AWS_ENDPOINT_URL_ELASTICACHE"_s);
    const int before = m_sandbox->sts()->issuedCount();
    const CliRun run = runAws({u"elasticache"_s, u"describe-snapshots"_s, u"--profile"_s, u"admin"_s,
                               u"--endpoint-url"_s, m_sandbox->url().toString(), u"--max-records"_s, u"20"_s},
                              environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(u"Snapshots"_s).toArray().size(), 3);
    QCOMPARE(m_sandbox->sts()->issuedCount(), before + 1); // botocore called the sandbox's STS

    // MFA with the AWS CLI: it reads the code from its terminal; refusing without one is what we can check.
    m_sandbox->sts()->requireMfa(kRole, u"arn:aws:iam::123456789012:mfa/x"_s, u"111111"_s);
    QVERIFY(QDir(m_home->filePath(u".aws/cli/cache"_s)).removeRecursively()); // the AWS CLI's role cache
    const CliRun denied = runAws({u"elasticache"_s, u"describe-snapshots"_s, u"--profile"_s, u"admin"_s,
                                  u"--endpoint-url"_s, m_sandbox->url().toString()},
                                 environment);
    QVERIFY(denied.exitCode != 0);
    QVERIFY2(denied.err.contains("AccessDenied"), denied.err.constData());
}

void TestCredentialProviders::awsCliSso()
{
    if (QStandardPaths::findExecutable(u"aws"_s).isEmpty())
        QSKIP("the AWS CLI is not installed");
    m_sandbox->sts()->addSsoToken(u"cli-sso-token"_s, u"123456789012"_s, u"ReadOnly"_s,
                                  QDateTime::currentDateTimeUtc().addSecs(3600));
    const QString startUrl = u"https://legacy.awsapps.com/start"_s;
    writeSsoToken(startUrl, u"cli-sso-token"_s, QDateTime::currentDateTimeUtc().addSecs(3600));
    writeFiles(QString(),
               u"[profile old]\nsso_start_url = %1\nsso_region = us-east-1\nsso_account_id = 123456789012\n"
               "sso_role_name = ReadOnly\nregion = us-east-1\n"_s.arg(startUrl));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_home->path());
    environment.remove(u"AWS_ENDPOINT_URL_ELASTICACHE"_s);
    const int before = m_sandbox->sts()->issuedCount();
    const CliRun run = runAws({u"elasticache"_s, u"describe-snapshots"_s, u"--profile"_s, u"old"_s,
                               u"--endpoint-url"_s, m_sandbox->url().toString()},
                              environment);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(u"Snapshots"_s).toArray().size(), 3);
    QCOMPARE(m_sandbox->sts()->issuedCount(), before + 1);

    // And our chain reads the same cache file to the same effect.
    const ClientConfig config = resolve(u"old"_s);
    QVERIFY(describeWith(config).ok());

    // An expired cached token: the AWS CLI and we both say to log in again.
    writeSsoToken(startUrl, u"cli-sso-token"_s, QDateTime::currentDateTimeUtc().addSecs(-10));
    const CliRun expired = runAws({u"elasticache"_s, u"describe-snapshots"_s, u"--profile"_s, u"old"_s,
                                   u"--endpoint-url"_s, m_sandbox->url().toString()},
                                  environment);
    QVERIFY(expired.exitCode != 0);
    QVERIFY2(expired.err.contains("aws sso login"), expired.err.constData());
    const auto ours = fetchNow(*resolve(u"old"_s).credentials);
    QVERIFY(!ours.ok());
    QVERIFY(ours.error().message.contains(u"aws sso login"_s));
}

// --- secret hygiene ---

namespace {
QStringList g_log;
void collect(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_log << QString::fromLatin1(context.category ? context.category : "") + u": "_s + message;
}
} // namespace

void TestCredentialProviders::debugLogRedactsRoleSecrets()
{
    const QString serial = u"arn:aws:iam::123456789012:mfa/alice"_s;
    m_sandbox->sts()->requireMfa(kRole, serial, u"424242"_s);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = %2\n"_s.arg(kRole, serial));
    CredentialChain::Hooks hooks;
    hooks.mfaPrompt = [](const QString &, const QString &, std::function<void(const std::optional<QString> &)> reply) {
        reply(u"424242"_s);
    };
    QLoggingCategory::setFilterRules(u"cachesnap.*.debug=true"_s);
    g_log.clear();
    const QtMessageHandler previous = qInstallMessageHandler(collect);
    const ClientConfig config = resolve(u"admin"_s, hooks);
    const auto creds = config.credentials ? fetchNow(*config.credentials) : ApiResult<AwsCredentials>(ApiError());
    const auto snapshots = describeWith(config);
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QVERIFY2(creds.ok(), qPrintable(creds.ok() ? QString() : errorText(creds.error())));
    QVERIFY(snapshots.ok());
    const QString log = g_log.join(u'\n');
    QVERIFY2(log.contains(u"AssumeRole"_s) && log.contains(u"DescribeSnapshots"_s), qPrintable(log.left(2000)));
    QVERIFY(log.contains(u"Authorization: AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/"_s));
    QVERIFY(log.contains(u"<SecretAccessKey><redacted></SecretAccessKey>"_s));
    QVERIFY(log.contains(u"TokenCode=<redacted>"_s));
    for (const QString &secret :
         {u"sandbox-secret-key"_s, creds.value().secretAccessKey, creds.value().sessionToken, u"424242"_s}) {
        QVERIFY2(!log.contains(secret), qPrintable(u"leaked into the debug log: "_s + secret.left(12)));
    }
    const qsizetype signatureAt = log.indexOf(u"Signature="_s);
    QVERIFY(signatureAt > 0);
    QCOMPARE(log.mid(signatureAt, 20), u"Signature=<redacted>"_s);
}

void TestCredentialProviders::cliDebugRedactsRoleSecrets()
{
    QVERIFY2(QFile::exists(QStringLiteral(CACHESNAP_CLI)), CACHESNAP_CLI);
    writeFiles(QString(), sandboxConfig() + u"[profile admin]\nrole_arn = %1\nsource_profile = base\n"_s.arg(kRole));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_home->path());
    environment.insert(u"CACHESNAP_NO_KEYCHAIN"_s, u"1"_s);
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(CACHESNAP_CLI), {u"--debug"_s, u"--profile"_s, u"admin"_s, u"describe-snapshots"_s});
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
    const QString serial = u"arn:aws:iam::123456789012:mfa/cli"_s;
    m_sandbox->sts()->requireMfa(kRole, serial, u"112233"_s);
    writeFiles(QString(),
               sandboxConfig()
                   + u"[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = %2\n"_s.arg(kRole, serial));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"HOME"_s, m_home->path());
    environment.insert(u"CACHESNAP_NO_KEYCHAIN"_s, u"1"_s);
    for (const QByteArray &code : {QByteArray("112233\n"), QByteArray("999999\n")}) {
        QProcess p;
        p.setProcessEnvironment(environment);
        p.start(QStringLiteral(CACHESNAP_CLI), {u"--profile"_s, u"admin"_s, u"describe-snapshots"_s});
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
