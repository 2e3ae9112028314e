// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"

#include <QString>

// An available manual snapshot of a replication group that the sandbox does not have (any more), with one node of
// cacheSizeMb, created ageDays ago: what the clean-up tests add to a sandbox's state.
Snapshot orphanSnapshot(const QString &name, const QString &group, int ageDays, int cacheSizeMb = 1024);
