// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// One request as a protocol encodes it and the service client signs and sends it. Host, User-Agent and the
// signature's headers are the service client's to add.
struct HttpRequest
{
    QByteArray method = "POST";
    QByteArray path; // percent-encoded, below the endpoint's host; empty: the endpoint's own path
    QByteArray query; // percent-encoded query string without '?'; empty: none
    QList<QPair<QByteArray, QByteArray>> headers; // sent in this order, after Host and Accept-Encoding
    QByteArray body;
    // Sign the payload and send its SHA-256 as x-amz-content-sha256 (REST protocols such as S3 need it; the
    // Query protocol, like the AWS SDKs, does not).
    bool signPayload = false;
    // S3 signs the path as sent: not normalised, not encoded a second time (SigV4::SigningParams).
    bool signPathAsSent = false;
    // Where this request goes and which region it is signed for, when not the client's (S3: the bucket's
    // virtual host, the bucket's region after a redirect). The façade that sets them answers for the origin:
    // credentials go wherever endpoint points.
    QUrl endpoint;
    QString signingRegion;
};

// One HTTP answer that arrived whole (transport failures never become an HttpAnswer).
struct HttpAnswer
{
    int status = 0;
    QByteArray reasonPhrase; // as the server wrote it
    QByteArray body;
    QDateTime date; // the server's Date header, UTC; invalid when absent
    QString requestId; // the x-amzn-RequestId header (S3: x-amz-request-id)
    QList<QPair<QByteArray, QByteArray>> headers; // as received (REST protocols read members from them)
};
