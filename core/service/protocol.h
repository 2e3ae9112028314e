// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "httpexchange.h"
#include "operationcall.h"

#include <QByteArray>
#include <QString>

// How one wire protocol encodes a call and decodes its answers and errors (the Query protocol today; S3's
// REST-XML next). The service client (transport, signing, retries, clock) knows a protocol only through this
// interface; the operation's own reader (ResponseParser, StsXml) reads a 2xx body.
class Protocol
{
public:
    // botocore's name for an answer that is not the protocol's document; cachesnap-cli prints such an error's
    // message as the AWS CLI does (exit status 255).
    static QString unparseableCode();

    virtual ~Protocol();

    // The request for one page of call; pageToken is empty for the first page.
    virtual HttpRequest encode(const OperationCall &call, const QString &pageToken) const = 0;
    // The next page's token when the answer names it before its items, read without reading the rest; empty
    // otherwise. Lets a job ask for the next page while it reads this one.
    virtual QString peekPageToken(const OperationCall &call, const QByteArray &body) const = 0;
    // What a non-2xx answer reports: the service's error document, an HTTP error, or an unparseable answer.
    virtual ApiError decodeError(const HttpAnswer &answer) const = 0;
    // What a 2xx answer that the operation's reader refused with readerError reports. where ("Page 2 of
    // DescribeSnapshots") is put in front of the reason when not empty.
    virtual ApiError unreadableAnswer(const HttpAnswer &answer, const ApiError &readerError,
                                      const QString &where) const = 0;

    // For the debug log: the bodies without the values of secret members.
    virtual QByteArray redactedRequestBody(const QByteArray &body) const = 0;
    virtual QByteArray redactedAnswerBody(const QByteArray &body) const = 0;

protected:
    Protocol() = default;
    Q_DISABLE_COPY_MOVE(Protocol)

    // botocore's ResponseParserError: "Unable to parse response (why), invalid XML received. Further retries
    // may succeed:\n<the start of the body, redacted, control characters escaped>" when the body is not XML,
    // else "Unable to parse response (why)".
    ApiError unparseable(const QString &why, bool invalidXml, const HttpAnswer &answer) const;
    // The reason phrase botocore shows for a status (Python's http.client.responses), or the server's.
    static QString reasonPhrase(const HttpAnswer &answer);
};
