// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "commandline.h"
#include "connectionchoice.h"
#include "credentialchain.h"
#include "elasticacheclient.h"

#include <memory>

class CredentialStore;
class QIODevice;

// The client configuration for one invocation: --profile/--region/--endpoint-url over the environment and the
// shared AWS files, through the core's credential chain.
namespace CliConfig {

ApiResult<ClientConfig> resolve(const GlobalOptions &options);
// Each connection's configuration for commands that list several (inventory): the credential chain with hooks(),
// the CLI's user agent, and --cli-read-timeout / --cli-request-timeout.
ConnectionResolver connectionResolver(const GlobalOptions &options);
// What the chain needs from a terminal: the app-kept profiles (credentialStore()) and an MFA prompt on stderr/stdin.
CredentialChain::Hooks hooks();
// S3's configuration for the same invocation (CredentialChain::resolveS3ClientConfig: AWS_ENDPOINT_URL_S3, the
// profile's S3 endpoint, else AWS's; --endpoint-url is ElastiCache's), with the credentials, timeouts and user agent
// of elastiCache, the configuration resolve() gave, so that credentials are fetched (and MFA asked for) once.
ApiResult<ClientConfig> resolveS3(const GlobalOptions &options, const ClientConfig &elastiCache);

// The app-kept profiles (the OS keychain, shared with the desktop app); CACHESNAP_NO_KEYCHAIN=1 turns them off.
std::shared_ptr<CredentialStore> credentialStore();
// Standard input, for keychain store.
QIODevice *standardInput();

} // namespace CliConfig
