// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "protocol.h"

// The AWS Query protocol (ElastiCache, STS): a form-encoded POST with Action and Version, XML answers in
// <OpResponse><OpResult>, errors in <ErrorResponse><Error>, page tokens as input members. EC2's variant of it is
// Ec2Protocol (ec2protocol.h).
class QueryProtocol : public Protocol
{
public:
    explicit QueryProtocol(QString apiVersion);

    const QString &apiVersion() const;

    HttpRequest encode(const OperationCall &call, const QString &pageToken) const override;
    QString peekPageToken(const OperationCall &call, const QByteArray &body) const override;
    ApiError decodeError(const HttpAnswer &answer) const override;
    ApiError unreadableAnswer(const HttpAnswer &answer, const ApiError &readerError,
                              const QString &where) const override;
    QByteArray redactedRequestBody(const QByteArray &body) const override;
    QByteArray redactedAnswerBody(const QByteArray &body) const override;

    // Reads a non-2xx answer as botocore's QueryParser does:
    //  - a 5xx whose body is empty or starts with "<html>" is a generic HTTP error (Kind::Http, code "502",
    //    the status's reason phrase), retried like any 5xx;
    //  - a body that is not well-formed XML is unparseable (Kind::Parse, code unparseableCode(), "Unable to
    //    parse response (…)"), not retried;
    //  - <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse> (or an <Errors>
    //    wrapper, or RequestId in <ResponseMetadata>; EC2's <RequestID> too) is the service's error (Kind::Service);
    //  - other XML is Kind::Http with code "Unknown" and the document's <Message>, else "Unknown".
    ApiError errorDocument(const HttpAnswer &answer) const;
    // The same for a body and status alone (tests, the sandbox's clients, ResponseParser's error documents).
    static ApiError errorResponse(const QByteArray &body, int httpStatus);

protected:
    // How errors name their request id: <RequestId> (botocore's QueryParser), or also <RequestID> (EC2QueryParser).
    enum class Variant { Query, Ec2 };
    QueryProtocol(QString apiVersion, Variant variant);

private:
    QString m_apiVersion;
    Variant m_variant = Variant::Query;
};
