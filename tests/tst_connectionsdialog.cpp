// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The connections dialog over fixture ~/.aws files, an in-memory CredentialStore and the sandbox (ElastiCache,
// STS, SSO portal) over loopback HTTP, driven through its widgets.
#include "connectionsdialog.h"
#include "credentialstore.h"
#include "sandboxserver.h"
#include "sandboxsts.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {
const QString kRole = u"arn:aws:iam::123456789012:role/snapshot-admin"_s;
}

class TestConnectionsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listsProfilesWithKinds();
    void regionsOfThePartition();
    void testConnectionKeys();
    void testConnectionMfaPrompt();
    void testConnectionSsoExpired();
    void addTestRemoveAppKept();

private:
    QString runTest(ConnectionsDialog &dialog, const QString &profile, bool *ok = nullptr);
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::shared_ptr<MemoryCredentialStore> m_store;
    QByteArray m_savedHome;
};

void TestConnectionsDialog::init()
{
    m_savedHome = qgetenv("HOME");
    m_home = std::make_unique<QTemporaryDir>();
    qputenv("HOME", QFile::encodeName(m_home->path()));
    for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_REGION",
                             "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
        qunsetenv(name);
    SandboxConfig config;
    config.seedSnapshots = 4;
    m_sandbox = std::make_unique<SandboxServer>(config);
    QVERIFY(m_sandbox->start());
    for (const char *name : {"AWS_ENDPOINT_URL_ELASTICACHE", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO"})
        qputenv(name, m_sandbox->url().toString().toUtf8());
    QDir(m_home->path()).mkpath(u".aws/sso/cache"_s);
    QFile configFile(m_home->filePath(u".aws/config"_s));
    QVERIFY(configFile.open(QIODevice::WriteOnly));
    configFile.write(
        u"[profile base]\naws_access_key_id = AKIDSANDBOX\naws_secret_access_key = sandbox-secret-key\n"
        "region = us-east-1\n"
        "[profile proc]\ncredential_process = /bin/false\n"
        "[profile admin]\nrole_arn = %1\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/a\n"
        "region = us-east-1\n"
        "[profile sso-old]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"
        "sso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n"
        "[profile china]\naws_access_key_id = AKCN\naws_secret_access_key = s\nregion = cn-north-1\n"_s.arg(kRole)
            .toUtf8());
    configFile.close();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash("https://x.awsapps.com/start", QCryptographicHash::Sha1).toHex());
    QFile token(m_home->filePath(u".aws/sso/cache/"_s + hash + u".json"_s));
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(
        QJsonDocument(QJsonObject {{u"accessToken"_s, u"old"_s}, {u"expiresAt"_s, u"2020-01-01T00:00:00Z"_s}})
            .toJson());
    m_store = std::make_shared<MemoryCredentialStore>();
}

void TestConnectionsDialog::cleanup()
{
    m_sandbox.reset();
    qputenv("HOME", m_savedHome);
    m_home.reset();
}

QString TestConnectionsDialog::runTest(ConnectionsDialog &dialog, const QString &profile, bool *ok)
{
    dialog.selectProfile(profile);
    QSignalSpy spy(&dialog, &ConnectionsDialog::testFinished);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"testButton"_s), Qt::LeftButton);
    if (!spy.wait(15000) && spy.isEmpty())
        return u"(no outcome)"_s;
    if (ok)
        *ok = spy.first().at(0).toBool();
    const QString shown = dialog.findChild<QLabel *>(u"statusLabel"_s)->text();
    return shown == spy.first().at(1).toString() ? shown : u"(label differs)"_s;
}

void TestConnectionsDialog::listsProfilesWithKinds()
{
    AwsCredentials keys {u"AK"_s, u"s"_s, {}, {}, {}};
    bool done = false;
    QObject context;
    m_store->write(u"kept"_s, keys, &context, [&](const std::optional<ApiError> &) { done = true; });
    QTRY_VERIFY(done);
    ConnectionsDialog dialog(m_store);
    auto *list = dialog.findChild<QTreeWidget *>(u"profileList"_s);
    QVERIFY(list);
    QStringList rows;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        rows << list->topLevelItem(i)->text(0) + u'=' + list->topLevelItem(i)->text(1);
    QCOMPARE(rows,
             (QStringList {u"admin=role"_s, u"base=keys"_s, u"china=keys"_s, u"proc=process"_s, u"sso-old=SSO"_s,
                           u"kept=keys (app-kept)"_s}));
    dialog.selectProfile(u"base"_s);
    QVERIFY(!dialog.findChild<QPushButton *>(u"removeButton"_s)->isEnabled()); // not ours to remove
    dialog.selectProfile(u"kept"_s);
    QVERIFY(dialog.findChild<QPushButton *>(u"removeButton"_s)->isEnabled());
}

void TestConnectionsDialog::regionsOfThePartition()
{
    ConnectionsDialog dialog(m_store);
    auto *combo = dialog.findChild<QComboBox *>(u"regionCombo"_s);
    dialog.selectProfile(u"china"_s);
    QCOMPARE(combo->currentText(), u"cn-north-1"_s);
    QVERIFY(combo->findText(u"cn-northwest-1"_s) >= 0);
    QCOMPARE(combo->findText(u"us-east-1"_s), -1);
    dialog.selectProfile(u"base"_s);
    QCOMPARE(combo->currentText(), u"us-east-1"_s);
    QCOMPARE(combo->findText(u"cn-north-1"_s), -1);
    QVERIFY(combo->findText(u"eu-west-1"_s) >= 0);
}

void TestConnectionsDialog::testConnectionKeys()
{
    ConnectionsDialog dialog(m_store);
    bool ok = false;
    const QString text = runTest(dialog, u"base"_s, &ok);
    QVERIFY2(ok, qPrintable(text));
    QVERIFY2(text.startsWith(u"Connected: profile base can list snapshots in us-east-1"_s), qPrintable(text));
    const QString failed = runTest(dialog, u"proc"_s, &ok);
    QVERIFY(!ok);
    QVERIFY2(failed.contains(u"No usable credentials for profile proc"_s), qPrintable(failed));
}

void TestConnectionsDialog::testConnectionMfaPrompt()
{
    m_sandbox->sts()->requireMfa(kRole, u"arn:aws:iam::123456789012:mfa/a"_s, u"654321"_s);
    ConnectionsDialog dialog(m_store);
    dialog.show();
    // The real prompt: a QInputDialog the test answers by typing.
    dialog.selectProfile(u"admin"_s);
    QSignalSpy spy(&dialog, &ConnectionsDialog::testFinished);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"testButton"_s), Qt::LeftButton);
    QInputDialog *prompt = nullptr;
    QTRY_VERIFY((prompt = dialog.findChild<QInputDialog *>(u"mfaPrompt"_s)) != nullptr);
    QVERIFY(prompt->labelText().contains(u"mfa/a"_s));
    auto *edit = prompt->findChild<QLineEdit *>();
    QVERIFY(edit);
    QTest::keyClicks(edit, u"654321"_s);
    prompt->accept();
    QVERIFY2(spy.wait(15000), qPrintable(dialog.findChild<QLabel *>(u"statusLabel"_s)->text()));
    QVERIFY2(spy.first().at(0).toBool(), qPrintable(spy.first().at(1).toString()));

    // Cancelling the prompt says so in plain words.
    spy.clear();
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"testButton"_s), Qt::LeftButton);
    QTRY_VERIFY((prompt = dialog.findChild<QInputDialog *>(u"mfaPrompt"_s)) != nullptr && prompt->isVisible());
    prompt->reject();
    QVERIFY(spy.wait(15000));
    QVERIFY(!spy.first().at(0).toBool());
    QVERIFY2(spy.first().at(1).toString().contains(u"No MFA code was entered"_s),
             qPrintable(spy.first().at(1).toString()));
}

void TestConnectionsDialog::testConnectionSsoExpired()
{
    ConnectionsDialog dialog(m_store);
    bool ok = true;
    const QString text = runTest(dialog, u"sso-old"_s, &ok);
    QVERIFY(!ok);
    QVERIFY2(text.contains(u"Run \"aws sso login --profile sso-old\""_s), qPrintable(text));
}

void TestConnectionsDialog::addTestRemoveAppKept()
{
    ConnectionsDialog dialog(m_store);
    dialog.show();
    QSignalSpy changed(&dialog, &ConnectionsDialog::storeChanged);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"addButton"_s), Qt::LeftButton);
    QVERIFY(dialog.findChild<QWidget *>(u"editorBox"_s)->isVisible());
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"nameEdit"_s), u"mine"_s);
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"keyIdEdit"_s), u"AKIDSANDBOX"_s);
    auto *secret = dialog.findChild<QLineEdit *>(u"secretEdit"_s);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::keyClicks(secret, u"sandbox-secret-key"_s);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
    QVERIFY(changed.wait(5000));
    QCOMPARE(m_store->profileNames(), QStringList {u"mine"_s});
    QVERIFY(secret->text().isEmpty()); // not kept in the widget
    QCOMPARE(dialog.selectedProfile(), u"mine"_s);
    bool ok = false;
    const QString text = runTest(dialog, u"mine"_s, &ok);
    QVERIFY2(ok, qPrintable(text));
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"removeButton"_s), Qt::LeftButton);
    QVERIFY(changed.wait(5000));
    QVERIFY(m_store->profileNames().isEmpty());
    auto *list = dialog.findChild<QTreeWidget *>(u"profileList"_s);
    QVERIFY(list->findItems(u"mine"_s, Qt::MatchExactly).isEmpty());
}

QTEST_MAIN(TestConnectionsDialog)
#include "tst_connectionsdialog.moc"
