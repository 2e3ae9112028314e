// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxerrors.h"

using namespace Qt::StringLiterals;

namespace SandboxErrors {

ApiError make(int httpStatus, const QString &code, const QString &message)
{
    ApiError error;
    error.kind = ApiError::Kind::Service;
    error.code = code;
    error.message = message;
    error.httpStatus = httpStatus;
    error.type = httpStatus >= 500 ? u"Receiver"_s : u"Sender"_s;
    return error;
}

ApiError missingParameter(const QString &name)
{
    return make(400, u"MissingParameter"_s, u"The request must contain the parameter %1."_s.arg(name));
}

ApiError invalidParameterValue(const QString &message)
{
    return make(400, u"InvalidParameterValue"_s, message);
}

ApiError invalidParameterCombination(const QString &message)
{
    return make(400, u"InvalidParameterCombination"_s, message);
}

ApiError invalidMarker()
{
    return invalidParameterValue(
        u"Invalid pagination token: the marker was not issued by this service for this request."_s);
}

ApiError outOfRange(const QString &parameter, int value, int minimum, int maximum)
{
    return invalidParameterValue(u"Value %1 for parameter %2 is invalid. It must be between %3 and %4."_s.arg(value)
                                     .arg(parameter)
                                     .arg(minimum)
                                     .arg(maximum));
}

} // namespace SandboxErrors
