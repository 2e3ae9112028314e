// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>

// The documented key pair, region and account of the sandbox. The README shows them; the app, the CLI's
// --sandbox mode and the tests sign with them, so they live in one place.
namespace SandboxDefaults {

inline constexpr QLatin1StringView accessKeyId {"AKIDSANDBOX"};
inline constexpr QLatin1StringView secretAccessKey {"sandbox-secret-key"};
inline constexpr QLatin1StringView region {"us-east-1"};
inline constexpr QLatin1StringView accountId {"123456789012"};
// The XML namespace of every answer of the 2015-02-02 API.
inline constexpr QLatin1StringView xmlNamespace {"http://elasticache.amazonaws.com/doc/2015-02-02/"};
// Requests more than this far from the server's clock are refused, as AWS does.
inline constexpr int maxClockSkewSeconds = 300;

} // namespace SandboxDefaults
