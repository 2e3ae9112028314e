// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "queryserializer.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

class SandboxState;

struct SandboxResponse
{
    int httpStatus = 200;
    QByteArray body;
    QString action; // the Action of the request, when it had one
    QString errorCode; // empty on success
    QByteArray contentType = "text/xml"; // the SSO portal answers JSON
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers (S3: ETag, x-amz-bucket-region, Location…)
    // An answer to HEAD: headers only, with this Content-Length (the object's size) and no body.
    bool headOnly = false;
    qint64 contentLength = 0;
};

// The Query API front: reads Action and Version, turns the members into the typed request (rejecting malformed
// integers, booleans and list members as the service does), calls the state and writes the XML answer.
namespace SandboxHandler {

SandboxResponse handle(SandboxState &state, const QueryParams &params, const QString &requestId);
SandboxResponse errorResponse(const ApiError &error, const QString &action, const QString &requestId);

} // namespace SandboxHandler
