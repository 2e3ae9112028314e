// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxconfig.h"

#include <algorithm>
#include <cmath>

double SandboxConfig::copySeconds() const
{
    return snapshotCopySeconds >= 0 ? snapshotCopySeconds : snapshotCreateSeconds;
}

double SandboxConfig::deleteSeconds() const
{
    return snapshotDeleteSeconds >= 0 ? snapshotDeleteSeconds : snapshotCreateSeconds / 2;
}

double SandboxConfig::exportDurationSeconds() const
{
    return exportSeconds >= 0 ? exportSeconds : snapshotCreateSeconds;
}

bool SandboxConfig::servesFleet() const
{
    return !regions.isEmpty() || !accountKeys.isEmpty();
}

int SandboxConfig::effectiveRateBurst() const
{
    if (rateBurst > 0)
        return rateBurst;
    return std::max(1, int(std::ceil(rateLimit)));
}
