// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshotentry.h"

#include <QIcon>

// Icons from the resource bundle, loaded once: item views ask for them on every paint.
namespace StatusIcons {

QIcon icon(SnapshotEntry::Status status);
QIcon kindIcon(SnapshotEntry::Kind kind);
QIcon action(const QString &name); // ":/icons/<name>.svg"
QIcon appIcon();

} // namespace StatusIcons
