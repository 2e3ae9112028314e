// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "awsconfigfile.h"
#include "credentialchain.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString kNoFile; // a null QString: the file is not written

const QString kDefaultCredentials = u"[default]\n"
                                    "aws_access_key_id = AKDEFAULTCREDS\n"
                                    "aws_secret_access_key = secret-default\n"
                                    "\n"
                                    "[dev]\n"
                                    "aws_access_key_id = AKDEVCREDS\n"
                                    "aws_secret_access_key = secret-dev\n"
                                    "aws_session_token = token-dev\n"_s;
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
    void sharedFilesParsedOncePerText();

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
        value.replace(u"$HOME"_s, m_home->path());
        qputenv(entry.left(eq).toLatin1().constData(), value.toUtf8());
    }
}

void TestCredentialChain::writeFiles(const QString &credentials, const QString &config)
{
    QDir(m_home->path()).mkpath(u".aws"_s);
    auto write = [](const QString &path, const QString &text) {
        if (text.isNull())
            return;
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    };
    write(m_home->filePath(u".aws/credentials"_s), credentials);
    write(m_home->filePath(u".aws/config"_s), config);
}

void TestCredentialChain::iniParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("errorLine"); // 0: parses
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("plain") << u"[default]\nregion = eu-west-1\n"_s << 0 << u"default"_s << u"region"_s
                           << u"eu-west-1"_s;
    QTest::newRow("colon delimiter") << u"[default]\nregion: eu-west-2\n"_s << 0 << u"default"_s << u"region"_s
                                     << u"eu-west-2"_s;
    QTest::newRow("keys lower-cased") << u"[default]\nAWS_Access_Key_ID = AK\n"_s << 0 << u"default"_s
                                      << u"aws_access_key_id"_s << u"AK"_s;
    QTest::newRow("comments and blanks")
        << u"# top\n; also\n\n[profile dev]\n  # indented comment\nregion = us-west-2\n"_s << 0 << u"profile dev"_s
        << u"region"_s << u"us-west-2"_s;
    QTest::newRow("value keeps inline #")
        << u"[a]\nk = v # not a comment\n"_s << 0 << u"a"_s << u"k"_s << u"v # not a comment"_s;
    QTest::newRow("value with =") << u"[a]\ncredential_process = tool --x=1\n"_s << 0 << u"a"_s
                                  << u"credential_process"_s << u"tool --x=1"_s;
    QTest::newRow("nested block") << u"[services dev]\nelasticache =\n  endpoint_url = http://127.0.0.1:9\n"_s << 0
                                  << u"services dev"_s << u"elasticache.endpoint_url"_s << u"http://127.0.0.1:9"_s;
    QTest::newRow("CRLF") << u"[a]\r\nk = v\r\n"_s << 0 << u"a"_s << u"k"_s << u"v"_s;
    QTest::newRow("key before any section") << u"\nregion = x\n[a]\n"_s << 2 << QString() << QString() << QString();
    QTest::newRow("line without =") << u"[a]\nk = v\njunk\n"_s << 3 << QString() << QString() << QString();
    QTest::newRow("empty header") << u"[a]\n[]\n"_s << 2 << QString() << QString() << QString();
    QTest::newRow("duplicate section") << u"[a]\nk=1\n[a]\n"_s << 3 << QString() << QString() << QString();
    QTest::newRow("duplicate key") << u"[a]\nk=1\nk=2\n"_s << 3 << QString() << QString() << QString();
    QTest::newRow("empty key") << u"[a]\n= v\n"_s << 2 << QString() << QString() << QString();
    QTest::newRow("bad nested block") << u"[a]\ns3 =\n  novalue\n"_s << 2 << QString() << QString() << QString();
}

void TestCredentialChain::iniParsing()
{
    QFETCH(QString, text);
    QFETCH(int, errorLine);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const auto file = IniFile::parse(text.toUtf8(), u"/fixture/config"_s);
    QCOMPARE(file.ok(), errorLine == 0);
    if (errorLine != 0) {
        QCOMPARE(file.error().kind, ApiError::Kind::Config);
        QVERIFY2(file.error().message.contains(u"/fixture/config, line %1:"_s.arg(errorLine)),
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

    const QStringList envKeys = {u"AWS_ACCESS_KEY_ID=AKENV"_s, u"AWS_SECRET_ACCESS_KEY=secret-env"_s};

    QTest::newRow("environment") << envKeys << kNoFile << kNoFile << QString() << u"AKENV"_s << QString()
                                 << u"environment"_s << QString() << QString();
    QTest::newRow("environment with session token")
        << (envKeys + QStringList {u"AWS_SESSION_TOKEN=tok-env"_s}) << kNoFile << kNoFile << QString() << u"AKENV"_s
        << u"tok-env"_s << u"environment"_s << QString() << QString();
    QTest::newRow("environment beats default profile")
        << envKeys << kDefaultCredentials << kNoFile << QString() << u"AKENV"_s << QString() << u"environment"_s
        << QString() << QString();
    QTest::newRow("environment beats AWS_PROFILE")
        << (envKeys + QStringList {u"AWS_PROFILE=dev"_s}) << kDefaultCredentials << kNoFile << QString() << u"AKENV"_s
        << QString() << u"environment"_s << QString() << QString();
    QTest::newRow("--profile beats environment")
        << envKeys << kDefaultCredentials << kNoFile << u"dev"_s << u"AKDEVCREDS"_s << u"token-dev"_s
        << u"profile dev"_s << QString() << QString();
    QTest::newRow("default profile") << QStringList() << kDefaultCredentials << kNoFile << QString()
                                     << u"AKDEFAULTCREDS"_s << QString() << u"profile default"_s << QString()
                                     << QString();
    QTest::newRow("AWS_PROFILE selects") << QStringList {u"AWS_PROFILE=dev"_s} << kDefaultCredentials << kNoFile
                                         << QString() << u"AKDEVCREDS"_s << u"token-dev"_s << u"profile dev"_s
                                         << QString() << QString();
    QTest::newRow("--profile beats AWS_PROFILE")
        << QStringList {u"AWS_PROFILE=nope"_s} << kDefaultCredentials << kNoFile << u"dev"_s << u"AKDEVCREDS"_s
        << u"token-dev"_s << u"profile dev"_s << QString() << QString();
    QTest::newRow("credentials file wins over config file")
        << QStringList() << kDefaultCredentials
        << u"[profile dev]\naws_access_key_id = AKDEVCONFIG\naws_secret_access_key = s\nregion = eu-west-1\n"_s
        << u"dev"_s << u"AKDEVCREDS"_s << u"token-dev"_s << u".aws/credentials"_s << QString() << QString();
    QTest::newRow("config file keys") << QStringList() << kNoFile
                                      << u"[profile ops]\naws_access_key_id = AKOPS\naws_secret_access_key = s\n"_s
                                      << u"ops"_s << u"AKOPS"_s << QString() << u".aws/config"_s << QString()
                                      << QString();
    QTest::newRow("config [default] keys")
        << QStringList() << kNoFile << u"[default]\naws_access_key_id = AKCFGDEF\naws_secret_access_key = s\n"_s
        << QString() << u"AKCFGDEF"_s << QString() << u"profile default"_s << QString() << QString();
    QTest::newRow("config section without 'profile' is not a profile")
        << QStringList() << kNoFile << u"[ops]\naws_access_key_id = AKOPS\naws_secret_access_key = s\n"_s << u"ops"_s
        << QString() << QString() << QString() << u"ProfileNotFound"_s << u"(ops)"_s;
    QTest::newRow("AWS_SHARED_CREDENTIALS_FILE")
        << QStringList {u"AWS_SHARED_CREDENTIALS_FILE=$HOME/elsewhere/creds"_s} << kDefaultCredentials << kNoFile
        << QString() << QString() << QString() << QString() << u"NoCredentials"_s << u"elsewhere/creds"_s;
    QTest::newRow("AWS_CONFIG_FILE") << QStringList {u"AWS_CONFIG_FILE=$HOME/.aws/credentials"_s, u"AWS_PROFILE=x"_s}
                                     << u"[profile x]\naws_access_key_id = AKX\naws_secret_access_key = s\n"_s
                                     << kNoFile << QString() << u"AKX"_s << QString() << u"profile x"_s << QString()
                                     << QString();
    QTest::newRow("unknown --profile") << envKeys << kDefaultCredentials << kNoFile << u"nope"_s << QString()
                                       << QString() << QString() << u"ProfileNotFound"_s
                                       << u"The config profile (nope) could not be found"_s;
    QTest::newRow("unknown AWS_PROFILE") << QStringList {u"AWS_PROFILE=ghost"_s} << kDefaultCredentials << kNoFile
                                         << QString() << QString() << QString() << QString() << u"ProfileNotFound"_s
                                         << u"(ghost)"_s;
    QTest::newRow("nothing at all") << QStringList() << kNoFile << kNoFile << QString() << QString() << QString()
                                    << QString() << u"NoCredentials"_s << u"Unable to locate credentials"_s;
    QTest::newRow("profile without keys")
        << QStringList() << kNoFile << u"[default]\nregion = eu-west-1\n"_s << QString() << QString() << QString()
        << QString() << u"NoCredentials"_s << u"no aws_access_key_id"_s;
    QTest::newRow("partial environment") << QStringList {u"AWS_ACCESS_KEY_ID=AKENV"_s} << kDefaultCredentials << kNoFile
                                         << QString() << QString() << QString() << QString() << u"PartialCredentials"_s
                                         << u"AWS_SECRET_ACCESS_KEY"_s;
    QTest::newRow("partial profile") << QStringList() << u"[default]\naws_access_key_id = AK\n"_s << kNoFile
                                     << QString() << QString() << QString() << QString() << u"PartialCredentials"_s
                                     << u"aws_secret_access_key is missing"_s;
    QTest::newRow("credential_process") << QStringList() << kNoFile
                                        << u"[profile p]\ncredential_process = /bin/creds --json\n"_s << u"p"_s
                                        << QString() << QString() << QString() << u"UnsupportedCredentialSource"_s
                                        << u"not static keys (kind: process)"_s;
    QTest::newRow("role_arn") << QStringList() << kDefaultCredentials
                              << u"[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n"_s
                              << u"r"_s << QString() << QString() << QString() << u"UnsupportedCredentialSource"_s
                              << u"not static keys (kind: role)"_s;
    QTest::newRow("sso_start_url") << QStringList() << kNoFile
                                   << u"[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = "
                                      "us-east-1\n"_s
                                   << u"s"_s << QString() << QString() << QString() << u"UnsupportedCredentialSource"_s
                                   << u"not static keys (kind: sso)"_s;
    QTest::newRow("sso_session") << QStringList() << kNoFile
                                 << u"[profile s]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n"_s
                                 << u"s"_s << QString() << QString() << QString() << u"UnsupportedCredentialSource"_s
                                 << u"not static keys (kind: sso)"_s;
    QTest::newRow("environment keys still win over a role profile")
        << (envKeys + QStringList {u"AWS_PROFILE=r"_s}) << kNoFile << u"[profile r]\nrole_arn = arn:x\n"_s << QString()
        << u"AKENV"_s << QString() << u"environment"_s << QString() << QString();
    QTest::newRow("unparsable credentials file")
        << QStringList() << u"[default]\naws_access_key_id = AK\nthis line is wrong\n"_s << kNoFile << QString()
        << QString() << QString() << QString() << u"ConfigParseError"_s << u".aws/credentials, line 3"_s;
    QTest::newRow("unparsable config file")
        << envKeys << kNoFile << u"region = x\n"_s << QString() << QString() << QString() << QString()
        << u"ConfigParseError"_s << u".aws/config, line 1"_s;
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

    const QStringList all = {u"AWS_REGION=us-west-1"_s, u"AWS_DEFAULT_REGION=us-west-2"_s};
    QTest::newRow("--region first") << all << u"sa-east-1"_s << u"sa-east-1"_s << u"--region"_s;
    QTest::newRow("AWS_REGION next") << all << QString() << u"us-west-1"_s << u"AWS_REGION"_s;
    QTest::newRow("AWS_DEFAULT_REGION next")
        << QStringList {u"AWS_DEFAULT_REGION=us-west-2"_s} << QString() << u"us-west-2"_s << u"AWS_DEFAULT_REGION"_s;
    QTest::newRow("default profile") << QStringList() << QString() << u"eu-central-1"_s << u"profile default"_s;
    QTest::newRow("AWS_PROFILE's region")
        << QStringList {u"AWS_PROFILE=dev"_s} << QString() << u"ap-south-1"_s << u"profile dev"_s;
    QTest::newRow("none") << QStringList {u"AWS_PROFILE=bare"_s} << QString() << QString() << QString();
}

void TestCredentialChain::region()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, regionFlag);
    QFETCH(QString, region);
    QFETCH(QString, source);
    setEnvironment(environment);
    writeFiles(u"[bare]\naws_access_key_id = A\naws_secret_access_key = s\n"_s,
               u"[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\n"_s);
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
        = {u"AWS_ENDPOINT_URL_ELASTICACHE=http://127.0.0.1:1"_s, u"AWS_ENDPOINT_URL=http://127.0.0.1:2"_s};
    const QString profile = u"endpoint_url = http://127.0.0.1:4\nservices = local\n"_s;
    QTest::newRow("--endpoint-url first")
        << both << u"http://localhost:9"_s << profile << u"http://localhost:9"_s << u"--endpoint-url"_s;
    QTest::newRow("service env next") << both << QString() << profile << u"http://127.0.0.1:1"_s
                                      << u"AWS_ENDPOINT_URL_ELASTICACHE"_s;
    QTest::newRow("services section next") << QStringList {u"AWS_ENDPOINT_URL=http://127.0.0.1:2"_s} << QString()
                                           << profile << u"http://127.0.0.1:3"_s << u"profile dev (services section)"_s;
    QTest::newRow("global env next") << QStringList {u"AWS_ENDPOINT_URL=http://127.0.0.1:2"_s} << QString()
                                     << u"endpoint_url = http://127.0.0.1:4\n"_s << u"http://127.0.0.1:2"_s
                                     << u"AWS_ENDPOINT_URL"_s;
    QTest::newRow("profile endpoint_url") << QStringList() << QString() << u"endpoint_url = http://127.0.0.1:4\n"_s
                                          << u"http://127.0.0.1:4"_s << u"profile dev"_s;
    QTest::newRow("ignore configured") << (both + QStringList {u"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"_s})
                                       << QString() << profile << QString() << QString();
    QTest::newRow("ignore keeps the flag")
        << (both + QStringList {u"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"_s}) << u"http://localhost:9"_s << profile
        << u"http://localhost:9"_s << u"--endpoint-url"_s;
    QTest::newRow("none") << QStringList() << QString() << u"region = us-east-1\n"_s << QString() << QString();
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
               u"[profile dev]\n"_s + profileConfig
                   + u"[services local]\nelasticache =\n  endpoint_url = http://127.0.0.1:3\n"_s);
    CredentialChain::Overrides overrides;
    overrides.profile = u"dev"_s;
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
    QTest::newRow("AWS_MAX_ATTEMPTS") << QStringList {u"AWS_MAX_ATTEMPTS=5"_s} << QString() << true << standard << 5;
    QTest::newRow("AWS_RETRY_MODE legacy")
        << QStringList {u"AWS_RETRY_MODE=legacy"_s} << QString() << true << legacy << 5;
    QTest::newRow("env beats profile") << QStringList {u"AWS_RETRY_MODE=adaptive"_s, u"AWS_MAX_ATTEMPTS=2"_s}
                                       << u"retry_mode = legacy\nmax_attempts = 9\n"_s << true << adaptive << 2;
    QTest::newRow("profile values") << QStringList() << u"retry_mode = legacy\nmax_attempts = 7\n"_s << true << legacy
                                    << 7;
    QTest::newRow("bad mode") << QStringList {u"AWS_RETRY_MODE=turbo"_s} << QString() << false << 0 << 0;
    QTest::newRow("bad attempts") << QStringList() << u"max_attempts = many\n"_s << false << 0 << 0;
    QTest::newRow("zero attempts") << QStringList {u"AWS_MAX_ATTEMPTS=0"_s} << QString() << false << 0 << 0;
}

void TestCredentialChain::retry()
{
    QFETCH(QStringList, environment);
    QFETCH(QString, profileConfig);
    QFETCH(bool, valid);
    QFETCH(int, mode);
    QFETCH(int, maxAttempts);
    setEnvironment(environment);
    writeFiles(kNoFile, u"[default]\n"_s + profileConfig);
    const auto settings = CredentialChain::resolveSettings({});
    QCOMPARE(settings.ok(), valid);
    if (!valid) {
        QCOMPARE(settings.error().kind, ApiError::Kind::Config);
        QCOMPARE(settings.error().code, u"InvalidConfiguration"_s);
        return;
    }
    QCOMPARE(int(settings.value().retry.mode), mode);
    QCOMPARE(settings.value().retry.maxAttempts, maxAttempts);
}

void TestCredentialChain::profileKinds()
{
    writeFiles(u"[default]\naws_access_key_id = A\naws_secret_access_key = s\n[creds-only]\naws_access_key_id = "
               "B\naws_secret_access_key = s\n"_s,
               u"[default]\nregion = eu-west-1\n"
               "[profile proc]\ncredential_process = tool\n"
               "[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n"
               "[profile sso]\nsso_session = corp\n"
               "[profile settings]\nregion = us-east-2\n"
               "[sso-session corp]\nsso_region = us-east-1\n"
               "[profile 'quoted']\naws_access_key_id = C\naws_secret_access_key = s\n"_s);
    const auto profiles = CredentialChain::listProfiles();
    QVERIFY2(profiles.ok(), qPrintable(profiles.ok() ? QString() : profiles.error().toString()));
    QStringList seen;
    for (const auto &p : profiles.value())
        seen << p.name + u'=' + AwsProfile::kindName(p.kind) + u'/' + p.region;
    QCOMPARE(seen,
             (QStringList {u"default=keys/eu-west-1"_s, u"creds-only=keys/"_s, u"proc=process/"_s, u"quoted=keys/"_s,
                           u"role=role/"_s, u"settings=none/us-east-2"_s, u"sso=sso/"_s}));
}

void TestCredentialChain::clientConfig_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("endpointFlag");
    QTest::addColumn<QString>("endpoint"); // expected; empty: an error
    QTest::addColumn<QString>("errorCode");

    const QStringList keys = {u"AWS_ACCESS_KEY_ID=AKENV"_s, u"AWS_SECRET_ACCESS_KEY=s"_s};
    QTest::newRow("region endpoint") << (keys + QStringList {u"AWS_REGION=eu-west-1"_s}) << QString()
                                     << u"https://elasticache.eu-west-1.amazonaws.com/"_s << QString();
    QTest::newRow("given endpoint") << (keys + QStringList {u"AWS_REGION=us-east-1"_s}) << u"http://127.0.0.1:4566"_s
                                    << u"http://127.0.0.1:4566/"_s << QString();
    QTest::newRow("no region") << keys << QString() << QString() << u"NoRegion"_s;
    QTest::newRow("no credentials") << QStringList {u"AWS_REGION=us-east-1"_s} << QString() << QString()
                                    << u"NoCredentials"_s;
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
    QCOMPARE(config.value().credentials->description(), u"environment"_s);
    QCOMPARE(config.value().retry, RetryConfig::forMode(RetryConfig::Mode::Standard));
}

void TestCredentialChain::staticProviderIsAsynchronous()
{
    AwsCredentials credentials;
    credentials.accessKeyId = u"AK"_s;
    credentials.secretAccessKey = u"s"_s;
    credentials.source = u"test keys"_s;
    StaticCredentialsProvider provider(credentials);
    QCOMPARE(provider.description(), u"test keys"_s);
    int calls = 0;
    QString keyId;
    QObject context;
    provider.fetch(&context, [&](const ApiResult<AwsCredentials> &result) {
        ++calls;
        keyId = result.ok() ? result.value().accessKeyId : QString();
    });
    QCOMPARE(calls, 0); // never inside the caller's stack
    QTRY_COMPARE(calls, 1);
    QCOMPARE(keyId, u"AK"_s);

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
    credentials.accessKeyId = u"AK"_s;
    credentials.secretAccessKey = u"s"_s;
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
// A set of connections resolves each one over the same two files: they are parsed once while their text stays the
// same (the second load shares the first's sections), and a change is seen at the next load, even one that keeps
// the file's size (and may keep its modification time), and a file that goes.
void TestCredentialChain::sharedFilesParsedOncePerText()
{
    const QString credentials = m_home->filePath(u".aws/credentials"_s);
    const QString config = m_home->filePath(u".aws/config"_s);
    writeFiles(u"[a]\naws_access_key_id = AKID1\naws_secret_access_key = s1\n"_s,
               u"[profile a]\nregion = eu-west-1\n"_s);
    const auto first = AwsSharedConfig::load(credentials, config);
    QVERIFY(first);
    const auto second = AwsSharedConfig::load(credentials, config);
    QVERIFY(second);
    QCOMPARE(second.value().configFile().sections.constData(), first.value().configFile().sections.constData());
    QCOMPARE(second.value().profile(u"a"_s)->value(u"region"_s), u"eu-west-1"_s);

    const qint64 size = QFileInfo(config).size();
    writeFiles(u"[a]\naws_access_key_id = AKID2\naws_secret_access_key = s2\n"_s,
               u"[profile a]\nregion = eu-west-2\n"_s);
    QCOMPARE(QFileInfo(config).size(), size);
    const auto changed = AwsSharedConfig::load(credentials, config);
    QVERIFY(changed);
    QCOMPARE(changed.value().profile(u"a"_s)->value(u"region"_s), u"eu-west-2"_s);
    QCOMPARE(changed.value().profile(u"a"_s)->value(u"aws_access_key_id"_s), u"AKID2"_s);

    QVERIFY(QFile::remove(config));
    const auto gone = AwsSharedConfig::load(credentials, config);
    QVERIFY(gone);
    QVERIFY(!gone.value().configFile().exists);
    QCOMPARE(gone.value().profile(u"a"_s)->value(u"region"_s), QString());
}

#include "tst_credentialchain.moc"
