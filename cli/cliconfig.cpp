// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cliconfig.h"

#include "credentialchain.h"
#include "keychaincredentialstore.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace CliConfig {

namespace {
QString userAgent()
{
    return u"cachesnap-cli/%1 Qt/%2"_s.arg(QLatin1StringView(CACHESNAP_VERSION), QLatin1StringView(qVersion()));
}
} // namespace

CredentialChain::Hooks hooks()
{
    CredentialChain::Hooks hooks;
    hooks.store = credentialStore();
    // As the AWS CLI does (getpass): ask on the terminal, read one line from standard input.
    hooks.mfaPrompt = [](const QString &serial, const QString &profile,
                         std::function<void(const std::optional<QString> &)> answer) {
        std::fprintf(stderr, "Enter MFA code for %s (profile %s): ", qPrintable(serial), qPrintable(profile));
        std::fflush(stderr);
        const QString code = QString::fromUtf8(standardInput()->readLine()).trimmed();
        answer(code.isEmpty() ? std::optional<QString>() : std::optional<QString>(code));
    };
    return hooks;
}

ApiResult<ClientConfig> resolve(const GlobalOptions &options)
{
    const ConnectionChoice choice {options.profile, options.region, options.endpointUrl, false};
    ApiResult<ClientConfig> config = credentialChainConnectionResolver(hooks())(choice);
    if (config && config.value().userAgent.isEmpty())
        config.value().userAgent = userAgent();
    return config;
}

ConnectionResolver connectionResolver(const GlobalOptions &options)
{
    return [chain = credentialChainConnectionResolver(hooks()), options](const ConnectionChoice &choice) {
        ApiResult<ClientConfig> config = chain(choice);
        if (!config)
            return config;
        if (config.value().userAgent.isEmpty())
            config.value().userAgent = userAgent();
        if (options.readTimeoutSeconds)
            config.value().transferTimeoutMs = *options.readTimeoutSeconds * 1000;
        if (options.requestTimeoutSeconds)
            config.value().totalTimeoutMs = *options.requestTimeoutSeconds * 1000;
        return config;
    };
}

ApiResult<ClientConfig> resolveS3(const GlobalOptions &options, const ClientConfig &elastiCache)
{
    CredentialChain::Overrides overrides;
    overrides.profile = options.profile;
    overrides.region = options.region;
    overrides.endpointUrl = options.endpointUrl;
    CredentialChain::Hooks hooks;
    hooks.store = credentialStore();
    ApiResult<ClientConfig> config = CredentialChain::resolveS3ClientConfig(overrides, hooks);
    if (!config)
        return config;
    config.value().credentials = elastiCache.credentials;
    config.value().userAgent = elastiCache.userAgent;
    config.value().transferTimeoutMs = elastiCache.transferTimeoutMs;
    config.value().totalTimeoutMs = elastiCache.totalTimeoutMs;
    return config;
}

std::shared_ptr<CredentialStore> credentialStore()
{
    if (qEnvironmentVariable("CACHESNAP_NO_KEYCHAIN") == u"1")
        return nullptr;
    static const std::shared_ptr<CredentialStore> store = std::make_shared<KeychainCredentialStore>();
    return store;
}

QIODevice *standardInput()
{
    static QFile in;
    if (!in.isOpen())
        in.open(stdin, QIODevice::ReadOnly);
    return &in;
}

} // namespace CliConfig
