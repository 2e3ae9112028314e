// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "credentialchain.h"
#include "mainwindow.h"

class SandboxServer;

namespace Connections {

// The AWS credential chain (environment, shared files, app-kept profiles in hooks.store) for the chosen profile
// and region; hooks.mfaPrompt asks for MFA codes.
ConnectionResolver credentialChainResolver(CredentialChain::Hooks hooks = {});
// The in-process sandbox's endpoint, key pair and region, whatever profile or region is chosen.
ConnectionResolver sandboxResolver(const SandboxServer *server);
// Profile names from the shared files (the default profile first); never secrets.
QStringList profileNames(const CredentialChain::Hooks &hooks = {});
// The regions of the commercial partition.
QStringList regionNames();

} // namespace Connections
