// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// Every request and response of every service client and job (--debug, QT_LOGGING_RULES=cachesnap.api.debug=true).
Q_DECLARE_LOGGING_CATEGORY(lcApi)
