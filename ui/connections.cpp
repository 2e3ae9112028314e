// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "connections.h"

#include "credentialchain.h"
#include "endpointresolver.h"
#include "sandboxserver.h"

#include <QPointer>

namespace Connections {

ConnectionResolver credentialChainResolver(CredentialChain::Hooks hooks)
{
    return [hooks](const ConnectionChoice &choice) {
        CredentialChain::Overrides overrides;
        overrides.profile = choice.profile;
        overrides.region = choice.region;
        overrides.endpointUrl = choice.endpointUrl;
        return CredentialChain::resolveClientConfig(overrides, hooks);
    };
}

ConnectionResolver sandboxResolver(const SandboxServer *server)
{
    QPointer<const SandboxServer> guard(server);
    return [guard](const ConnectionChoice &) -> ApiResult<ClientConfig> {
        if (!guard || !guard->isListening())
            return ApiError {
                ApiError::Kind::Config, u"SandboxNotRunning"_qs, u"The sandbox is not running."_qs, 0, {}, {}, 1};
        ClientConfig config;
        config.region = guard->region();
        config.endpoint = guard->url();
        AwsCredentials credentials;
        credentials.accessKeyId = guard->accessKeyId();
        credentials.secretAccessKey = guard->secretAccessKey();
        credentials.source = u"sandbox"_qs;
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
    names.removeAll(u"default"_qs);
    names.prepend(u"default"_qs);
    return names;
}

QStringList regionNames()
{
    return EndpointResolver::regions(u"aws"_qs);
}

} // namespace Connections
