// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connections.h"

#include "credentialchain.h"
#include "endpointresolver.h"

#include <QCoreApplication>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Connections {

namespace {
using ConfigResolver = ApiResult<ClientConfig> (*)(const CredentialChain::Overrides &, const CredentialChain::Hooks &);

// One service's configuration through the credential chain, for the chosen connection.
ConnectionResolver chainResolver(CredentialChain::Hooks hooks, ConfigResolver resolve)
{
    return [hooks, resolve](const ConnectionChoice &choice) {
        return resolve(choice.overrides(), hooks);
    };
}
} // namespace

ConnectionResolver credentialChainResolver(CredentialChain::Hooks hooks)
{
    return credentialChainConnectionResolver(std::move(hooks));
}

ConnectionResolver credentialChainS3Resolver(CredentialChain::Hooks hooks)
{
    return chainResolver(std::move(hooks), &CredentialChain::resolveS3ClientConfig);
}

ConnectionResolver credentialChainEc2Resolver(CredentialChain::Hooks hooks)
{
    return chainResolver(std::move(hooks), &CredentialChain::resolveEc2ClientConfig);
}

ConnectionResolver sandboxResolver(SandboxEndpoint endpoint)
{
    return sandboxResolver(std::move(endpoint), {}, {});
}

ConnectionResolver sandboxResolver(SandboxEndpoint endpoint, QStringList regions, QList<SandboxProfile> profiles)
{
    return [endpoint, regions, profiles](const ConnectionChoice &choice) -> ApiResult<ClientConfig> {
        if (endpoint.isRunning && !endpoint.isRunning())
            return ApiError {
                ApiError::Kind::Config, u"SandboxNotRunning"_s, u"The sandbox is not running."_s, 0, {}, {}, 1};
        ClientConfig config;
        config.region = regions.contains(choice.region) ? choice.region : endpoint.region;
        config.endpoint = endpoint.url;
        AwsCredentials credentials;
        credentials.accessKeyId = endpoint.accessKeyId;
        credentials.secretAccessKey = endpoint.secretAccessKey;
        for (const SandboxProfile &profile : profiles) {
            if (profile.name == choice.profile) {
                credentials.accessKeyId = profile.accessKeyId;
                credentials.secretAccessKey = profile.secretAccessKey;
            }
        }
        credentials.source = u"sandbox"_s;
        config.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
        return config;
    };
}

QStringList profileNames(const CredentialChain::Hooks &hooks)
{
    QStringList names;
    const ApiResult<QList<CredentialChain::ProfileInfo>> profiles = CredentialChain::listProfiles(hooks);
    if (profiles) {
        for (const CredentialChain::ProfileInfo &profile : profiles.value())
            names.append(profile.name);
    }
    names.removeDuplicates();
    // A "default" that does not exist would be sent as an explicit profile and fail with ProfileNotFound.
    if (names.removeAll(u"default"_s) > 0 || (names.isEmpty() && !CredentialChain::environmentHasKeys()))
        names.prepend(u"default"_s);
    return names;
}

QString displayName(const ConnectionChoice &choice)
{
    return choice.profileLabel();
}

ConnectionChoice startChoice(const std::optional<ConnectionChoice> &last)
{
    if (CredentialChain::environmentHasKeys()) {
        ConnectionChoice choice;
        choice.environment = true;
        return choice;
    }
    if (last && !last->environment)
        return *last;
    return ConnectionChoice();
}

QStringList regionNames()
{
    return EndpointResolver::regions(u"aws"_s);
}

std::optional<ConnectionChoice> lastConnection()
{
    QSettings settings;
    if (!settings.contains(u"connection/region"_s))
        return std::nullopt;
    return ConnectionChoice {settings.value(u"connection/profile"_s).toString(),
                             settings.value(u"connection/region"_s).toString(),
                             settings.value(u"connection/endpoint"_s).toString(),
                             settings.value(u"connection/environment"_s, false).toBool()};
}

void remember(const ConnectionChoice &choice)
{
    QSettings settings;
    settings.setValue(u"connection/profile"_s, choice.profile);
    settings.setValue(u"connection/region"_s, choice.region);
    settings.setValue(u"connection/endpoint"_s, choice.endpointUrl);
    settings.setValue(u"connection/environment"_s, choice.environment);
}

} // namespace Connections
