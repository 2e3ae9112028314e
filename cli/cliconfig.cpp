// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cliconfig.h"

#include "credentialchain.h"

#include <QCoreApplication>

namespace CliConfig {

ApiResult<ClientConfig> resolve(const GlobalOptions &options)
{
    CredentialChain::Overrides overrides;
    overrides.profile = options.profile;
    overrides.region = options.region;
    overrides.endpointUrl = options.endpointUrl;
    ApiResult<ClientConfig> config = CredentialChain::resolveClientConfig(overrides);
    if (config && config.value().userAgent.isEmpty())
        config.value().userAgent
            = u"cachesnap-cli/%1 Qt/%2"_qs.arg(QLatin1StringView(CACHESNAP_VERSION), QLatin1StringView(qVersion()));
    return config;
}

} // namespace CliConfig
