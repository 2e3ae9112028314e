// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QString>

// The service errors the sandbox answers with: code, HTTP status and Sender/Receiver as in the API model.
namespace SandboxErrors {

ApiError make(int httpStatus, const QString &code, const QString &message);
ApiError missingParameter(const QString &name);
ApiError invalidParameterValue(const QString &message);
ApiError invalidParameterCombination(const QString &message);
ApiError invalidMarker();
ApiError outOfRange(const QString &parameter, int value, int minimum, int maximum);

} // namespace SandboxErrors
