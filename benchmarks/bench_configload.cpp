// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later

// The shared config files at scale: writes a config file with N profiles (about 96 bytes each, so 50,000 make
// 4.8 MB) and a role_arn/source_profile chain M profiles deep, then times what the CLI and the app do with them.
// Prints figures; asserts nothing, except that the files load and the chain resolves or is refused.
//
//   build/dev/benchmarks/bench_configload [--profiles 50000] [--chain 20000]
//
// Measures: parsing both files (AwsSharedConfig::load), listing every profile with its kind
// (CredentialChain::listProfiles, what `cachesnap-cli configure list-profiles` and the app's profile menu do), and
// resolving the deepest profile of the chain (CredentialChain::resolveProvider; past kMaxRoleChainDepth roles
// it is a RoleChainTooDeep error, found without contacting STS).

#include "awsconfigfile.h"
#include "credentialchain.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
void writeConfig(const QString &path, int profiles, int chain)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    QByteArray text;
    text.reserve(qsizetype(profiles) * 100 + qsizetype(chain) * 100);
    for (int i = 0; i < profiles; ++i) {
        const QByteArray n = QByteArray::number(i).rightJustified(6, '0');
        text += "[profile bulk" + n + "]\nregion = us-east-1\naws_access_key_id = AKIA0000000000" + n
            + "\naws_secret_access_key = bench-secret-" + n + "\n";
    }
    text += "[profile chain0]\naws_access_key_id = AKIACHAIN\naws_secret_access_key = chain-secret\nregion = "
            "us-east-1\n";
    for (int i = 1; i <= chain; ++i)
        text += "[profile chain" + QByteArray::number(i) + "]\nrole_arn = arn:aws:iam::123456789012:role/r"
            + QByteArray::number(i) + "\nsource_profile = chain" + QByteArray::number(i - 1) + "\n";
    f.write(text);
}

double ms(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption profilesOption(u"profiles"_s, u"Profiles with keys in the config file."_s, u"N"_s,
                                            u"50000"_s);
    const QCommandLineOption chainOption(u"chain"_s, u"Depth of the role_arn/source_profile chain."_s, u"M"_s,
                                         u"20000"_s);
    parser.addOptions({profilesOption, chainOption});
    parser.process(app);
    const int profiles = parser.value(profilesOption).toInt();
    const int chain = parser.value(chainOption).toInt();

    QTemporaryDir dir;
    const QString config = dir.filePath(u"config"_s);
    const QString credentials = dir.filePath(u"credentials"_s); // absent
    writeConfig(config, profiles, chain);
    qputenv("AWS_CONFIG_FILE", QFile::encodeName(config));
    qputenv("AWS_SHARED_CREDENTIALS_FILE", QFile::encodeName(credentials));
    qputenv("AWS_REGION", "us-east-1");
    for (const char *name : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL"})
        qunsetenv(name);

    std::printf("config file: %d profiles + a %d-deep role chain, %.1f MB\n", profiles, chain,
                double(QFile(config).size()) / 1e6);
    std::fflush(stdout);
    QElapsedTimer timer;
    timer.start();
    const auto shared = AwsSharedConfig::load(credentials, config);
    if (!shared)
        qFatal("load failed: %s", qPrintable(shared.error().message));
    std::printf("load (parse and index):        %10.1f ms\n", ms(timer));
    std::fflush(stdout);

    timer.restart();
    const auto list = CredentialChain::listProfiles();
    if (!list)
        qFatal("listing failed: %s", qPrintable(list.error().message));
    std::printf("list profiles with kinds:      %10.1f ms (%lld profiles)\n", ms(timer),
                static_cast<long long>(list.value().size()));
    std::fflush(stdout);

    timer.restart();
    CredentialChain::Overrides overrides;
    overrides.profile = u"chain%1"_s.arg(chain);
    const auto provider = CredentialChain::resolveProvider(overrides);
    std::printf("resolve chain%-6d:            %10.1f ms (%s)\n", chain, ms(timer),
                provider ? "resolved" : qPrintable(provider.error().code));
    std::printf("rerun: build/dev/benchmarks/bench_configload --profiles %d --chain %d\n", profiles, chain);
    return 0;
}
