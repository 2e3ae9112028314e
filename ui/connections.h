// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "connectionchoice.h"
#include "credentialchain.h"
#include "elasticacheclient.h"

#include <QUrl>

#include <functional>
#include <optional>

namespace Connections {

// Another account's key pair a sandbox accepts, under a profile name of its own (a fleet sandbox's).
struct SandboxProfile
{
    QString name;
    QString accessKeyId;
    QString secretAccessKey;
};

// A sandbox endpoint (cachesnap-sandbox, in this process or another): where it listens, its key pair and region.
struct SandboxEndpoint
{
    QUrl url;
    QString region;
    QString accessKeyId;
    QString secretAccessKey;
    std::function<bool()> isRunning; // null: always
};

// The AWS credential chain (environment, shared files, app-kept profiles in hooks.store) for the chosen profile
// and region; hooks.mfaPrompt asks for MFA codes.
ConnectionResolver credentialChainResolver(CredentialChain::Hooks hooks = {});
// The same connection's S3 client configuration (CredentialChain::resolveS3ClientConfig: AWS_ENDPOINT_URL_S3, the
// profile's services section; the ElastiCache endpoint URL does not apply to S3).
ConnectionResolver credentialChainS3Resolver(CredentialChain::Hooks hooks = {});
// The same connection's EC2 client configuration (CredentialChain::resolveEc2ClientConfig: a loopback endpoint URL,
// AWS_ENDPOINT_URL_EC2, the profile's services section, else EC2's regional endpoint).
ConnectionResolver credentialChainEc2Resolver(CredentialChain::Hooks hooks = {});
// The sandbox's endpoint, key pair and region (for a fleet sandbox: the chosen profile's key pair and region; see
// SandboxEndpoint); its S3 and EC2 are on the same port, so this resolves their clients' configurations too.
ConnectionResolver sandboxResolver(SandboxEndpoint endpoint);
// A fleet sandbox (several regions and accounts): the chosen region is signed for when it is one of regions, and a
// profile named in profiles uses its key pair; anything else as above.
ConnectionResolver sandboxResolver(SandboxEndpoint endpoint, QStringList regions, QList<SandboxProfile> profiles);
// Profile names from the shared files and the app-kept ones (the default profile first, and only when it exists;
// "default" alone when there is nothing else to offer); never secrets.
QStringList profileNames(const CredentialChain::Hooks &hooks = {});
// How the window names a connection: "Environment variables", the profile, or "default".
QString displayName(const ConnectionChoice &choice);
// Where a plain start (no --profile, --region or --endpoint-url) connects: the environment's keys when
// AWS_ACCESS_KEY_ID is set (as the AWS CLI does), else the connection the last session used, else the chain's
// default.
ConnectionChoice startChoice(const std::optional<ConnectionChoice> &last);
// The regions of the commercial partition.
QStringList regionNames();

// The connection the last session used, from the settings; remember() stores one (never a secret).
std::optional<ConnectionChoice> lastConnection();
void remember(const ConnectionChoice &choice);

} // namespace Connections
