// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "backgroundwork.h"

namespace {
Q_GLOBAL_STATIC(QThreadPool, workers)
} // namespace

QThreadPool *BackgroundWork::pool()
{
    return workers();
}
