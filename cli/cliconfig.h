// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "commandline.h"
#include "elasticacheclient.h"

// The client configuration for one invocation: --profile/--region/--endpoint-url over the environment and the
// shared AWS files, through the core's credential chain.
namespace CliConfig {

ApiResult<ClientConfig> resolve(const GlobalOptions &options);

} // namespace CliConfig
