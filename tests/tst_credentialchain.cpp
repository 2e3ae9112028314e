// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "awsconfigfile.h"
#include "credentialchain.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kNoFile; // a null QString: the file is not written

const QString kDefaultCredentials = u"[default]\n"
                                    "aws_access_key_id = AKDEFAULTCREDS\n"
                                    "aws_secret_access_key = secret-default\n"
                                    "\n"
                                    "[dev]\n"
                                    "aws_access_key_id = AKDEVCREDS\n"
                                    "aws_secret_access_key = secret-dev\n"
                                    "aws_session_token = token-dev\n"_qs;
} // namespace

class TestCredentialChain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void iniParsing_data();
    void iniParsing();
    void credentials_data();
    void credentials();
    void region_data();
    void region();
    void endpoint_data();
    void endpoint();
    void retry_data();
    void retry();
    void profileKinds();
    void clientConfig_data();
    void clientConfig();
    void staticProviderIsAsynchronous();
    void staticProviderDropsGoneContext();

private:
    // "NAME=value" entries; "$HOME" in a value becomes the fixture home folder.
    void setEnvironment(const QStringList &variables);
    void writeFiles(const QString &credentials, const QString &config);
    std::unique_ptr<QTemporaryDir> m_home;
    QByteArray m_savedHome;
};

void TestCredentialChain::init()
{
    m_savedHome = qgetenv("HOME");
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    qputenv("HOME", QFile::encodeName(m_home->path()));
    unsetAwsVariables(); // each test starts with no AWS_* variable set
}

void TestCredentialChain::cleanup()
{
    qputenv("HOME", m_savedHome);
    unsetAwsVariables();
    m_home.reset();
}

void TestCredentialChain::setEnvironment(const QStringList &variables)
{
    for (const QString &entry : variables) {
        const qsizetype eq = entry.indexOf(u'=');
        QString value = entry.mid(eq + 1);
        value.replace(u"$HOME"_qs, m_home->path());
        qputenv(entry.left(eq).toLatin1().constData(), value.toUtf8());
    }
}

void TestCredentialChain::writeFiles(const QString &credentials, const QString &config)
{
    QDir(m_home->path()).mkpath(u".aws"_qs);
    auto write = [](const QString &path, const QString &text) {
        if (text.isNull())
            return;
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    };
    write(m_home->filePath(u".aws/credentials"_qs), credentials);
    write(m_home->filePath(u".aws/config"_qs), config);
}

void TestCredentialChain::iniParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("errorLine"); // 0: parses
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("plain") << u"[default]\nregion = eu-west-1\n"_qs << 0 << u"default"_qs << u"region"_qs
                           << u"eu-west-1"_qs;
    QTest::newRow("colon delimiter") << u"[default]\nregion: eu-west-2\n"_qs << 0 << u"default"_qs << u"region"_qs
                                     << u"eu-west-2"_qs;
    QTest::newRow("keys lower-cased") << u"[default]\nAWS_Access_Key_ID = AK\n"_qs << 0 << u"default"_qs
                                      << u"aws_access_key_id"_qs << u"AK"_qs;
    QTest::newRow("comments and blanks")
        << u"# top\n; also\n\n[profile dev]\n  # indented comment\nregion = us-west-2\n"_qs << 0 << u"profile dev"_qs
        << u"region"_qs << u"us-west-2"_qs;
    QTest::newRow("value keeps inline #")
        << u"[a]\nk = v # not a comment\n"_qs << 0 << u"a"_qs << u"k"_qs << u"v # not a comment"_qs;
    QTest::newRow("value with =") << u"[a]\ncredential_process = tool --x=1\n"_qs << 0 << u"a"_qs
                                  << u"credential_process"_qs << u"tool --x=1"_qs;
    QTest::newRow("nested block") << u"[services dev]\nelasticache =\n  endpoint_url = http://127.0.0.1:9\n"_qs << 0
                                  << u"services dev"_qs << u"elasticache.endpoint_url"_qs << u"http://127.0.0.1:9"_qs;
    QTest::newRow("CRLF") << u"[a]\r\nk = v\r\n"_qs << 0 << u"a"_qs << u"k"_qs << u"v"_qs;
    QTest::newRow("key before any section") << u"\nregion = x\n[a]\n"_qs << 2 << QString() << QString() << QString();
    QTest::newRow("line without =") << u"[a]\nk = v\njunk\n"_qs << 3 << QString() << QString() << QString();
    QTest::newRow("empty header") << u"[a]\n[]\n"_qs << 2 << QString() << QString() << QString();
    QTest::newRow("duplicate section") << u"[a]\nk=1\n[a]\n"_qs << 3 << QString() << QString() << QString();
    QTest::newRow("duplicate key") << u"[a]\nk=1\nk=2\n"_qs << 3 << QString() << QString() << QString();
    QTest::newRow("empty key") << u"[a]\n= v\n"_qs << 2 << QString() << QString() << QString();
    QTest::newRow("bad nested block") << u"[a]\ns3 =\n  novalue\n"_qs << 2 << QString() << QString() << QString();
}

void TestCredentialChain::iniParsing()
{
    QFETCH(QString, text);
    QFETCH(int, errorLine);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const auto file = IniFile::parse(text.toUtf8(), u"/fixture/config"_qs);
    QCOMPARE(file.ok(), errorLine == 0);
    if (errorLine != 0) {
        QCOMPARE(file.error().kind, ApiError::Kind::Config);
        QVERIFY2(file.error().message.contains(u"/fixture/config, line %1:"_qs.arg(errorLine)),
                 qPrintable(file.error().message));
        return;
    }
    const IniSection *s = file.value().section(section);
    QVERIFY(s);
    QCOMPARE(s->values.value(key), value);
}

void TestCredentialChain::credentials_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("credentialsFile");
    QTest::addColumn<QString>("configFile");
    QTest::addColumn<QString>("profile"); // --profile
    QTest::addColumn<QString>("keyId"); // expected, when no error
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("source"); // a fragment of AwsCredentials::source
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("errorText"); // a fragment of the message

    const QStringList envKeys = {u"AWS_ACCESS_KEY_ID=AKENV"_qs, u"AWS_SECRET_ACCESS_KEY=secret-env"_qs};

    QTest::newRow("environment") << envKeys << kNoFile << kNoFile << QString() << u"AKENV"_qs << QString()
                                 << u"environment"_qs << QString() << QString();
    QTest::newRow("environment with session token")
        << (envKeys + QStringList {u"AWS_SESSION_TOKEN=tok-env"_qs}) << kNoFile << kNoFile << QString() << u"AKENV"_qs
        << u"tok-env"_qs << u"environment"_qs << QString() << QString();
    QTest::newRow("environment beats default profile")
        << envKeys << kDefaultCredentials << kNoFile << QString() << u"AKENV"_qs << QString() << u"environment"_qs
        << QString() << QString();
    QTest::newRow("environment beats AWS_PROFILE")
        << (envKeys + QStringList {u"AWS_PROFILE=dev"_qs}) << kDefaultCredentials << kNoFile << QString() << u"AKENV"_qs
        << QString() << u"environment"_qs << QString() << QString();
    QTest::newRow("--profile beats environment")
        << envKeys << kDefaultCredentials << kNoFile << u"dev"_qs << u"AKDEVCREDS"_qs << u"token-dev"_qs
        << u"profile dev"_qs << QString() << QString();
    QTest::newRow("default profile") << QStringList() << kDefaultCredentials << kNoFile << QString()
                                     << u"AKDEFAULTCREDS"_qs << QString() << u"profile default"_qs << QString()
                                     << QString();
    QTest::newRow("AWS_PROFILE selects") << QStringList {u"AWS_PROFILE=dev"_qs} << kDefaultCredentials << kNoFile
                                         << QString() << u"AKDEVCREDS"_qs << u"token-dev"_qs << u"profile dev"_qs
                                         << QString() << QString();
    QTest::newRow("--profile beats AWS_PROFILE")
        << QStringList {u"AWS_PROFILE=nope"_qs} << kDefaultCredentials << kNoFile << u"dev"_qs << u"AKDEVCREDS"_qs
        << u"token-dev"_qs << u"profile dev"_qs << QString() << QString();
    QTest::newRow("credentials file wins over config file")
        << QStringList() << kDefaultCredentials
        << u"[profile dev]\naws_access_key_id = AKDEVCONFIG\naws_secret_access_key = s\nregion = eu-west-1\n"_qs
        << u"dev"_qs << u"AKDEVCREDS"_qs << u"token-dev"_qs << u".aws/credentials"_qs << QString() << QString();
    QTest::newRow("config file keys") << QStringList() << kNoFile
                                      << u"[profile ops]\naws_access_key_id = AKOPS\naws_secret_access_key = s\n"_qs
                                      << u"ops"_qs << u"AKOPS"_qs << QString() << u".aws/config"_qs << QString()
                                      << QString();
    QTest::newRow("config [default] keys")
        << QStringList() << kNoFile << u"[default]\naws_access_key_id = AKCFGDEF\naws_secret_access_key = s\n"_qs
        << QString() << u"AKCFGDEF"_qs << QString() << u"profile default"_qs << QString() << QString();
    QTest::newRow("config section without 'profile' is not a profile")
        << QStringList() << kNoFile << u"[ops]\naws_access_key_id = AKOPS\naws_secret_access_key = s\n"_qs << u"ops"_qs
        << QString() << QString() << QString() << u"ProfileNotFound"_qs << u"(ops)"_qs;
    QTest::newRow("AWS_SHARED_CREDENTIALS_FILE")
        << QStringList {u"AWS_SHARED_CREDENTIALS_FILE=$HOME/elsewhere/creds"_qs} << kDefaultCredentials << kNoFile
        << QString() << QString() << QString() << QString() << u"NoCredentials"_qs << u"elsewhere/creds"_qs;
    QTest::newRow("AWS_CONFIG_FILE") << QStringList {u"AWS_CONFIG_FILE=$HOME/.aws/credentials"_qs, u"AWS_PROFILE=x"_qs}
                                     << u"[profile x]\naws_access_key_id = AKX\naws_secret_access_key = s\n"_qs
                                     << kNoFile << QString() << u"AKX"_qs << QString() << u"profile x"_qs << QString()
                                     << QString();
    QTest::newRow("unknown --profile") << envKeys << kDefaultCredentials << kNoFile << u"nope"_qs << QString()
                                       << QString() << QString() << u"ProfileNotFound"_qs
                                       << u"The config profile (nope) could not be found"_qs;
    QTest::newRow("unknown AWS_PROFILE") << QStringList {u"AWS_PROFILE=ghost"_qs} << kDefaultCredentials << kNoFile
                                         << QString() << QString() << QString() << QString() << u"ProfileNotFound"_qs
                                         << u"(ghost)"_qs;
    QTest::newRow("nothing at all") << QStringList() << kNoFile << kNoFile << QString() << QString() << QString()
                                    << QString() << u"NoCredentials"_qs << u"Unable to locate credentials"_qs;
    QTest::newRow("profile without keys")
        << QStringList() << kNoFile << u"[default]\nregion = eu-west-1\n"_qs << QString() << QString() << QString()
        << QString() << u"NoCredentials"_qs << u"no aws_access_key_id"_qs;
    QTest::newRow("partial environment") << QStringList {u"AWS_ACCESS_KEY_ID=AKENV"_qs} << kDefaultCredentials
                                         << kNoFile << QString() << QString() << QString() << QString()
                                         << u"PartialCredentials"_qs << u"AWS_SECRET_ACCESS_KEY"_qs;
    QTest::newRow("partial profile") << QStringList() << u"[default]\naws_access_key_id = AK\n"_qs << kNoFile
                                     << QString() << QString() << QString() << QString() << u"PartialCredentials"_qs
                                     << u"aws_secret_access_key is missing"_qs;
    QTest::newRow("credential_process") << QStringList() << kNoFile
                                        << u"[profile p]\ncredential_process = /bin/creds --json\n"_qs << u"p"_qs
                                        << QString() << QString() << QString() << u"UnsupportedCredentialSource"_qs
                                        << u"not static keys (kind: process)"_qs;
    QTest::newRow("role_arn") << QStringList() << kDefaultCredentials
                              << u"[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n"_qs
                              << u"r"_qs << QString() << QString() << QString() << u"UnsupportedCredentialSource"_qs
                              << u"not static keys (kind: role)"_qs;
    QTest::newRow("sso_start_url") << QStringList() << kNoFile
                                   << u"[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = "
                                      "us-east-1\n"_qs
                                   << u"s"_qs << QString() << QString() << QString()
                                   << u"UnsupportedCredentialSource"_qs << u"not static keys (kind: sso)"_qs;
    QTest::newRow("sso_session") << QStringList() << kNoFile
                                 << u"[profile s]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n"_qs
                                 << u"s"_qs << QString() << QString() << QString() << u"UnsupportedCredentialSource"_qs
                                 << u"not static keys (kind: sso)"_qs;
    QTest::newRow("environment keys still win over a role profile")
        << (envKeys + QStringList {u"AWS_PROFILE=r"_qs}) << kNoFile << u"[profile r]\nrole_arn = arn:x\n"_qs
        << QString() << u"AKENV"_qs << QString() << u"environment"_qs << QString() << QString();
    QTest::newRow("unparsable credentials file")
        << QStringList() << u"[default]\naws_access_key_id = AK\nthis line is wrong\n"_qs << kNoFile << QString()
        << QString() << QString() << QString() << u"ConfigParseError"_qs << u".aws/credentials, line 3"_qs;
    QTest::newRow("unparsable config file")
        << envKeys << kNoFile << u"region = x\n"_qs << QString() << QString() << QString() << QString()
        << u"ConfigParseError"_qs << u".aws/config, line 1"_qs;
}

void TestCredentialChain::credentials()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, credentialsFile);
    QFETCH(QString, configFile);
    QFETCH(QString, profile);
    QFETCH(QString, keyId);
    QFETCH(QString, token);
    QFETCH(QString, source);
    QFETCH(QString, errorCode);
    QFETCH(QString, errorText);

    setEnvironment(environment);
    writeFiles(credentialsFile, configFile);
    CredentialChain::Overrides overrides;
    overrides.profile = profile;
    const auto result = CredentialChain::resolveCredentials(overrides);
    if (!errorCode.isEmpty()) {
        QVERIFY2(!result.ok(), qPrintable(result.ok() ? result.value().accessKeyId : QString()));
        QCOMPARE(result.error().code, errorCode);
        QVERIFY2(result.error().message.contains(errorText), qPrintable(result.error().message));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(result.value().accessKeyId, keyId);
    QCOMPARE(result.value().sessionToken, token);
    QVERIFY(result.value().isValid());
    QVERIFY2(result.value().source.contains(source), qPrintable(result.value().source));
}

void TestCredentialChain::region_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("regionFlag");
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("source");

    const QStringList all = {u"AWS_REGION=us-west-1"_qs, u"AWS_DEFAULT_REGION=us-west-2"_qs};
    QTest::newRow("--region first") << all << u"sa-east-1"_qs << u"sa-east-1"_qs << u"--region"_qs;
    QTest::newRow("AWS_REGION next") << all << QString() << u"us-west-1"_qs << u"AWS_REGION"_qs;
    QTest::newRow("AWS_DEFAULT_REGION next")
        << QStringList {u"AWS_DEFAULT_REGION=us-west-2"_qs} << QString() << u"us-west-2"_qs << u"AWS_DEFAULT_REGION"_qs;
    QTest::newRow("default profile") << QStringList() << QString() << u"eu-central-1"_qs << u"profile default"_qs;
    QTest::newRow("AWS_PROFILE's region")
        << QStringList {u"AWS_PROFILE=dev"_qs} << QString() << u"ap-south-1"_qs << u"profile dev"_qs;
    QTest::newRow("none") << QStringList {u"AWS_PROFILE=bare"_qs} << QString() << QString() << QString();
}

void TestCredentialChain::region()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, regionFlag);
    QFETCH(QString, region);
    QFETCH(QString, source);
    setEnvironment(environment);
    writeFiles(u"[bare]\naws_access_key_id = A\naws_secret_access_key = s\n"_qs,
               u"[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\n"_qs);
    CredentialChain::Overrides overrides;
    overrides.region = regionFlag;
    const auto settings = CredentialChain::resolveSettings(overrides);
    QVERIFY2(settings.ok(), qPrintable(settings.ok() ? QString() : settings.error().toString()));
    QCOMPARE(settings.value().region, region);
    QCOMPARE(settings.value().regionSource, source);
}

void TestCredentialChain::endpoint_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("profileConfig"); // the body of [profile dev]
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("source");

    const QStringList both
        = {u"AWS_ENDPOINT_URL_ELASTICACHE=http://127.0.0.1:1"_qs, u"AWS_ENDPOINT_URL=http://127.0.0.1:2"_qs};
    const QString profile = u"endpoint_url = http://127.0.0.1:4\nservices = local\n"_qs;
    QTest::newRow("--endpoint-url first")
        << both << u"http://localhost:9"_qs << profile << u"http://localhost:9"_qs << u"--endpoint-url"_qs;
    QTest::newRow("service env next") << both << QString() << profile << u"http://127.0.0.1:1"_qs
                                      << u"AWS_ENDPOINT_URL_ELASTICACHE"_qs;
    QTest::newRow("services section next")
        << QStringList {u"AWS_ENDPOINT_URL=http://127.0.0.1:2"_qs} << QString() << profile << u"http://127.0.0.1:3"_qs
        << u"profile dev (services section)"_qs;
    QTest::newRow("global env next") << QStringList {u"AWS_ENDPOINT_URL=http://127.0.0.1:2"_qs} << QString()
                                     << u"endpoint_url = http://127.0.0.1:4\n"_qs << u"http://127.0.0.1:2"_qs
                                     << u"AWS_ENDPOINT_URL"_qs;
    QTest::newRow("profile endpoint_url") << QStringList() << QString() << u"endpoint_url = http://127.0.0.1:4\n"_qs
                                          << u"http://127.0.0.1:4"_qs << u"profile dev"_qs;
    QTest::newRow("ignore configured") << (both + QStringList {u"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"_qs})
                                       << QString() << profile << QString() << QString();
    QTest::newRow("ignore keeps the flag")
        << (both + QStringList {u"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"_qs}) << u"http://localhost:9"_qs << profile
        << u"http://localhost:9"_qs << u"--endpoint-url"_qs;
    QTest::newRow("none") << QStringList() << QString() << u"region = us-east-1\n"_qs << QString() << QString();
}

void TestCredentialChain::endpoint()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, flag);
    QFETCH(QString, profileConfig);
    QFETCH(QString, endpoint);
    QFETCH(QString, source);
    setEnvironment(environment);
    writeFiles(kNoFile,
               u"[profile dev]\n"_qs + profileConfig
                   + u"[services local]\nelasticache =\n  endpoint_url = http://127.0.0.1:3\n"_qs);
    CredentialChain::Overrides overrides;
    overrides.profile = u"dev"_qs;
    overrides.endpointUrl = flag;
    const auto settings = CredentialChain::resolveSettings(overrides);
    QVERIFY2(settings.ok(), qPrintable(settings.ok() ? QString() : settings.error().toString()));
    QCOMPARE(settings.value().endpointUrl, endpoint);
    QCOMPARE(settings.value().endpointSource, source);
}

void TestCredentialChain::retry_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("profileConfig");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("maxAttempts");

    const int standard = int(RetryConfig::Mode::Standard);
    const int legacy = int(RetryConfig::Mode::Legacy);
    const int adaptive = int(RetryConfig::Mode::Adaptive);
    QTest::newRow("defaults") << QStringList() << QString() << true << standard << 3;
    QTest::newRow("AWS_MAX_ATTEMPTS") << QStringList {u"AWS_MAX_ATTEMPTS=5"_qs} << QString() << true << standard << 5;
    QTest::newRow("AWS_RETRY_MODE legacy")
        << QStringList {u"AWS_RETRY_MODE=legacy"_qs} << QString() << true << legacy << 5;
    QTest::newRow("env beats profile") << QStringList {u"AWS_RETRY_MODE=adaptive"_qs, u"AWS_MAX_ATTEMPTS=2"_qs}
                                       << u"retry_mode = legacy\nmax_attempts = 9\n"_qs << true << adaptive << 2;
    QTest::newRow("profile values") << QStringList() << u"retry_mode = legacy\nmax_attempts = 7\n"_qs << true << legacy
                                    << 7;
    QTest::newRow("bad mode") << QStringList {u"AWS_RETRY_MODE=turbo"_qs} << QString() << false << 0 << 0;
    QTest::newRow("bad attempts") << QStringList() << u"max_attempts = many\n"_qs << false << 0 << 0;
    QTest::newRow("zero attempts") << QStringList {u"AWS_MAX_ATTEMPTS=0"_qs} << QString() << false << 0 << 0;
}

void TestCredentialChain::retry()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, profileConfig);
    QFETCH(bool, valid);
    QFETCH(int, mode);
    QFETCH(int, maxAttempts);
    setEnvironment(environment);
    writeFiles(kNoFile, u"[default]\n"_qs + profileConfig);
    const auto settings = CredentialChain::resolveSettings({});
    QCOMPARE(settings.ok(), valid);
    if (!valid) {
        QCOMPARE(settings.error().kind, ApiError::Kind::Config);
        QCOMPARE(settings.error().code, u"InvalidConfiguration"_qs);
        return;
    }
    QCOMPARE(int(settings.value().retry.mode), mode);
    QCOMPARE(settings.value().retry.maxAttempts, maxAttempts);
}

void TestCredentialChain::profileKinds()
{
    writeFiles(u"[default]\naws_access_key_id = A\naws_secret_access_key = s\n[creds-only]\naws_access_key_id = "
               "B\naws_secret_access_key = s\n"_qs,
               u"[default]\nregion = eu-west-1\n"
               "[profile proc]\ncredential_process = tool\n"
               "[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n"
               "[profile sso]\nsso_session = corp\n"
               "[profile settings]\nregion = us-east-2\n"
               "[sso-session corp]\nsso_region = us-east-1\n"
               "[profile 'quoted']\naws_access_key_id = C\naws_secret_access_key = s\n"_qs);
    const auto profiles = CredentialChain::listProfiles();
    QVERIFY2(profiles.ok(), qPrintable(profiles.ok() ? QString() : profiles.error().toString()));
    QStringList seen;
    for (const auto &p : profiles.value())
        seen << p.name + u'=' + AwsProfile::kindName(p.kind) + u'/' + p.region;
    QCOMPARE(seen,
             (QStringList {u"default=keys/eu-west-1"_qs, u"creds-only=keys/"_qs, u"proc=process/"_qs,
                           u"quoted=keys/"_qs, u"role=role/"_qs, u"settings=none/us-east-2"_qs, u"sso=sso/"_qs}));
}

void TestCredentialChain::clientConfig_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("endpointFlag");
    QTest::addColumn<QString>("endpoint"); // expected; empty: an error
    QTest::addColumn<QString>("errorCode");

    const QStringList keys = {u"AWS_ACCESS_KEY_ID=AKENV"_qs, u"AWS_SECRET_ACCESS_KEY=s"_qs};
    QTest::newRow("region endpoint") << (keys + QStringList {u"AWS_REGION=eu-west-1"_qs}) << QString()
                                     << u"https://elasticache.eu-west-1.amazonaws.com/"_qs << QString();
    QTest::newRow("given endpoint") << (keys + QStringList {u"AWS_REGION=us-east-1"_qs}) << u"http://127.0.0.1:4566"_qs
                                    << u"http://127.0.0.1:4566/"_qs << QString();
    QTest::newRow("no region") << keys << QString() << QString() << u"NoRegion"_qs;
    QTest::newRow("no credentials") << QStringList {u"AWS_REGION=us-east-1"_qs} << QString() << QString()
                                    << u"NoCredentials"_qs;
}

void TestCredentialChain::clientConfig()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, endpointFlag);
    QFETCH(QString, endpoint);
    QFETCH(QString, errorCode);
    setEnvironment(environment);
    CredentialChain::Overrides overrides;
    overrides.endpointUrl = endpointFlag;
    const auto config = CredentialChain::resolveClientConfig(overrides);
    if (!errorCode.isEmpty()) {
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, errorCode);
        return;
    }
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
    QCOMPARE(config.value().endpoint.toString(), endpoint);
    QVERIFY(config.value().credentials);
    QCOMPARE(config.value().credentials->description(), u"environment"_qs);
    QCOMPARE(config.value().retry, RetryConfig::forMode(RetryConfig::Mode::Standard));
}

void TestCredentialChain::staticProviderIsAsynchronous()
{
    AwsCredentials credentials;
    credentials.accessKeyId = u"AK"_qs;
    credentials.secretAccessKey = u"s"_qs;
    credentials.source = u"test keys"_qs;
    StaticCredentialsProvider provider(credentials);
    QCOMPARE(provider.description(), u"test keys"_qs);
    int calls = 0;
    QString keyId;
    QObject context;
    provider.fetch(&context, [&](const ApiResult<AwsCredentials> &result) {
        ++calls;
        keyId = result.ok() ? result.value().accessKeyId : QString();
    });
    QCOMPARE(calls, 0); // never inside the caller's stack
    QTRY_COMPARE(calls, 1);
    QCOMPARE(keyId, u"AK"_qs);

    StaticCredentialsProvider empty {AwsCredentials()};
    std::optional<ApiError> error;
    empty.fetch(&context, [&](const ApiResult<AwsCredentials> &result) {
        if (!result.ok())
            error = result.error();
    });
    QTRY_VERIFY(error.has_value());
    QCOMPARE(error->kind, ApiError::Kind::Credentials);
}

void TestCredentialChain::staticProviderDropsGoneContext()
{
    AwsCredentials credentials;
    credentials.accessKeyId = u"AK"_qs;
    credentials.secretAccessKey = u"s"_qs;
    StaticCredentialsProvider provider(credentials);
    int calls = 0;
    auto context = std::make_unique<QObject>();
    provider.fetch(context.get(), [&](const ApiResult<AwsCredentials> &) { ++calls; });
    context.reset();
    // A later fetch on a live context is delivered; by then the first one would have been too.
    QObject live;
    int liveCalls = 0;
    provider.fetch(&live, [&](const ApiResult<AwsCredentials> &) { ++liveCalls; });
    QTRY_COMPARE(liveCalls, 1);
    QCOMPARE(calls, 0);
}

QTEST_GUILESS_MAIN(TestCredentialChain)
#include "tst_credentialchain.moc"
