// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "credentialchain.h"
#include "elasticacheclient.h"

#include <QUrl>

#include <functional>
#include <optional>

// Which account and region to talk to.
struct ConnectionChoice
{
    QString profile;
    QString region;
    QString endpointUrl;
    bool operator==(const ConnectionChoice &) const = default;
};

// Turns a choice into a client configuration (the credential chain, or the in-process sandbox).
using ConnectionResolver = std::function<ApiResult<ClientConfig>(const ConnectionChoice &)>;

namespace Connections {

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
// The sandbox's endpoint, key pair and region, whatever profile or region is chosen.
ConnectionResolver sandboxResolver(SandboxEndpoint endpoint);
// Profile names from the shared files (the default profile first); never secrets.
QStringList profileNames(const CredentialChain::Hooks &hooks = {});
// The regions of the commercial partition.
QStringList regionNames();

// The connection the last session used, from the settings; remember() stores one (never a secret).
std::optional<ConnectionChoice> lastConnection();
void remember(const ConnectionChoice &choice);

} // namespace Connections
