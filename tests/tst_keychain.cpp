// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// App-kept profiles through a real Secret Service: run by tests/with-keyring.sh (its own D-Bus session with an
// unlocked gnome-keyring in a temporary HOME). Stores a key pair, uses it against the sandbox through the chain
// and through cachesnap-cli, deletes it, and checks that the secret appears in no file under HOME.
#include "credentialchain.h"
#include "elasticacheclient.h"
#include "keychaincredentialstore.h"
#include "sandboxprocess.h"
#include "sandboxserver.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString kCli = QStringLiteral(CACHESNAP_CLI);

using Run = ProgramRun;

// The event loop spins while the child runs: the sandbox answers from this thread.
Run runCli(const QStringList &arguments, const QByteArray &input, const QProcessEnvironment &environment)
{
    return runProgramInEventLoop(kCli, arguments, environment, input);
}
} // namespace

class TestKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void storeUseDelete();
    void cliStoreUseDelete();
    void noSecretService();
    void cleanupTestCase();

private:
    ApiResult<QList<Snapshot>> describeWith(const ClientConfig &config);
    QString m_secret;
    std::unique_ptr<SandboxServer> m_sandbox;
};

void TestKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs a Secret Service: run through tests/with-keyring.sh (ctest does)");
    QVERIFY2(QFileInfo(QDir::homePath()).fileName().startsWith(u"tmp."_s), "HOME must be a temporary folder");
    // A secret nobody else uses, so a search of HOME finds only what this test leaked.
    m_secret = u"kc-secret-%1"_s.arg(QRandomGenerator::system()->generate64(), 0, 16);
    SandboxConfig config;
    config.seedSnapshots = 2;
    config.accessKeyId = u"AKIDKEYCHAINTEST"_s;
    config.secretAccessKey = m_secret;
    m_sandbox = std::make_unique<SandboxServer>(config);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_CONFIG_FILE",
                             "AWS_SHARED_CREDENTIALS_FILE"})
        qunsetenv(name);
    qputenv("AWS_REGION", "us-east-1");
    qputenv("AWS_ENDPOINT_URL_ELASTICACHE", m_sandbox->url().toString().toUtf8());
}

ApiResult<QList<Snapshot>> TestKeychain::describeWith(const ClientConfig &config)
{
    ElastiCacheClient client(config);
    std::optional<ApiResult<QList<Snapshot>>> got;
    QObject::connect(client.describeSnapshots({}), &SnapshotListJob::finished, &client,
                     [&](const ApiResult<QList<Snapshot>> &r) { got = r; });
    if (!waitFor(got)) {
        ApiError e;
        e.code = u"TestTimeout"_s;
        return e;
    }
    return *got;
}

void TestKeychain::storeUseDelete()
{
    auto store = std::make_shared<KeychainCredentialStore>();
    QObject context;
    AwsCredentials keys;
    keys.accessKeyId = u"AKIDKEYCHAINTEST"_s;
    keys.secretAccessKey = m_secret;

    std::optional<std::optional<ApiError>> written;
    store->write(u"kept"_s, keys, &context, [&](const std::optional<ApiError> &e) { written = e; });
    QVERIFY(!written); // never synchronously
    QVERIFY(waitFor(written));
    QVERIFY2(!*written, qPrintable((*written)->message));
    store->setRegion(u"kept"_s, u"us-east-1"_s);
    QCOMPARE(store->profileNames(), QStringList {u"kept"_s});

    // A second store (another process would be the same) finds it by name through the chain.
    auto other = std::make_shared<KeychainCredentialStore>();
    CredentialChain::Hooks hooks;
    hooks.store = other;
    CredentialChain::Overrides overrides;
    overrides.profile = u"kept"_s;
    const auto config = CredentialChain::resolveClientConfig(overrides, hooks);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    const auto snapshots = describeWith(config.value());
    QVERIFY2(snapshots.ok(), qPrintable(snapshots.ok() ? QString() : snapshots.error().toString()));
    QCOMPARE(snapshots.value().size(), 2);

    std::optional<std::optional<ApiError>> removed;
    store->remove(u"kept"_s, &context, [&](const std::optional<ApiError> &e) { removed = e; });
    QVERIFY(waitFor(removed));
    QVERIFY(!*removed);
    QVERIFY(store->profileNames().isEmpty());
    std::optional<ApiResult<AwsCredentials>> read;
    store->read(u"kept"_s, &context, [&](const ApiResult<AwsCredentials> &r) { read = r; });
    QVERIFY(waitFor(read));
    QVERIFY(!read->ok());
    QCOMPARE(read->error().code, u"StoredProfileNotFound"_s);
    const auto gone = CredentialChain::resolveClientConfig(overrides, hooks);
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, u"ProfileNotFound"_s);
}

void TestKeychain::cliStoreUseDelete()
{
    QVERIFY2(QFile::exists(kCli), qPrintable(kCli));
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    Run r = runCli({u"keychain"_s, u"store"_s, u"--profile"_s, u"ops"_s},
                   "AKIDKEYCHAINTEST\n" + m_secret.toUtf8() + "\n", environment);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!r.out.contains(m_secret.toUtf8()));
    r = runCli({u"keychain"_s, u"list"_s}, {}, environment);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("ops\n"));
    r = runCli({u"describe-snapshots"_s, u"--profile"_s, u"ops"_s, u"--output"_s, u"json"_s, u"--debug"_s}, {},
               environment);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("\"Snapshots\""));
    QVERIFY(r.err.contains("Authorization")); // the debug log ran, and...
    QVERIFY(!r.err.contains(m_secret.toUtf8())); // ...kept the secret out
    r = runCli({u"keychain"_s, u"delete"_s, u"--profile"_s, u"ops"_s}, {}, environment);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli({u"keychain"_s, u"delete"_s, u"--profile"_s, u"ops"_s}, {}, environment);
    QCOMPARE(r.exitCode, 253);
    QVERIFY(r.err.contains("No keys for profile ops"));
    r = runCli({u"describe-snapshots"_s, u"--profile"_s, u"ops"_s}, {}, environment);
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("(ops)"), r.err.constData());
    // Arguments are not a way in.
    r = runCli({u"keychain"_s, u"store"_s, u"--profile"_s, u"ops"_s, u"--secret"_s, u"x"_s}, {}, environment);
    QCOMPARE(r.exitCode, 2);
    r = runCli({u"keychain"_s, u"store"_s, u"--profile"_s, u"ops"_s}, "ONLYAKEY\n", environment);
    QCOMPARE(r.exitCode, 253);
}

void TestKeychain::noSecretService()
{
    QVERIFY2(QFile::exists(kCli), qPrintable(kCli));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    environment.remove(u"DISPLAY"_s);
    const Run r = runCli({u"keychain"_s, u"store"_s, u"--profile"_s, u"nobus"_s},
                         "AKIDKEYCHAINTEST\n" + m_secret.toUtf8() + "\n", environment);
    QCOMPARE(r.exitCode, 255);
    QVERIFY2(r.err.contains("No Secret Service is running"), r.err.constData());
    QVERIFY(!r.err.contains(m_secret.toUtf8()));
    const Run list = runCli({u"keychain"_s, u"list"_s}, {}, environment);
    QVERIFY(!list.out.contains("nobus")); // nothing was kept anywhere else instead
}

void TestKeychain::cleanupTestCase()
{
    m_sandbox.reset();
    if (m_secret.isEmpty())
        return;
    // grep -r HOME: gnome-keyring's own keyring file is there, encrypted; the secret must be in no file in clear.
    QStringList searched;
    QDirIterator it(QDir::homePath(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        searched << QFileInfo(path).fileName();
        QVERIFY2(!f.readAll().contains(m_secret.toUtf8()), qPrintable(u"the secret is in "_s + path));
    }
    QVERIFY2(searched.contains(u"CacheSnap.conf"_s), qPrintable(searched.join(u", "_s)));
    QVERIFY2(searched.filter(u".keyring"_s).size() > 0, qPrintable(searched.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
