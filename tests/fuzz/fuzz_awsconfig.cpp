// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The ~/.aws ini parser (awsconfigfile.*) and what the credential chain makes of the files. The input is the config
// file, then (after the first NUL byte, if any) the credentials file. Both are parsed directly, then written to a
// scratch folder that AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point at, and the chain lists the profiles
// and resolves the settings and the credential provider of the first few (role_arn/source_profile chains
// included). Nothing runs a process or goes to the network: providers are only built, never fetched.
#include "fuzzsupport.h"

#include "awsconfigfile.h"
#include "credentialchain.h"

#include <QFile>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace {

constexpr int kProfilesResolved = 8;

QString g_config;
QString g_credentials;

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    const QString dir = FuzzSupport::scratchDir();
    // Nothing of the machine's own AWS set-up may take part.
    const QStringList env = QProcessEnvironment::systemEnvironment().keys();
    for (const QString &name : env) {
        if (name.startsWith(u"AWS_"))
            qunsetenv(name.toLatin1().constData());
    }
    qputenv("HOME", dir.toUtf8());
    g_config = dir + u"/config"_s;
    g_credentials = dir + u"/credentials"_s;
    qputenv("AWS_CONFIG_FILE", g_config.toUtf8());
    qputenv("AWS_SHARED_CREDENTIALS_FILE", g_credentials.toUtf8());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input = FuzzSupport::bytes(data, size);
    const qsizetype nul = input.indexOf('\0');
    const QByteArray config = nul < 0 ? input : input.left(nul);
    const QByteArray credentials = nul < 0 ? QByteArray() : input.mid(nul + 1);

    const ApiResult<IniFile> configIni = IniFile::parse(config, u"~/.aws/config"_s);
    const ApiResult<IniFile> credentialsIni = IniFile::parse(credentials, u"~/.aws/credentials"_s);
    if (!configIni.ok() || !credentialsIni.ok())
        return 0;
    const ApiResult<AwsSharedConfig> shared = AwsSharedConfig::fromFiles(credentialsIni.value(), configIni.value());
    if (!shared.ok())
        return 0;
    const QStringList names = shared.value().profileNames();
    for (const QString &name : names) {
        const std::optional<AwsProfile> profile = shared.value().profile(name);
        if (!profile)
            FuzzSupport::fail("every name profileNames() lists is a profile", name);
        (void)AwsProfile::kindName(profile->kind());
        (void)profile->value(u"region"_s);
    }

    write(g_config, config);
    write(g_credentials, credentials);
    (void)CredentialChain::listProfiles();
    for (qsizetype i = 0; i < names.size() && i < kProfilesResolved; ++i) {
        CredentialChain::Overrides overrides;
        overrides.profile = names.at(i);
        (void)CredentialChain::resolveSettings(overrides);
        (void)CredentialChain::resolveProvider(overrides);
    }
    return 0;
}
