// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "queryprotocol.h"

#include "queryserializer.h"
#include "redaction.h"
#include "responseparser.h"

#include <QRegularExpression>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {
constexpr QByteArrayView kContentType = "application/x-www-form-urlencoded; charset=utf-8";

// Why body is not well-formed XML, as "Premature end of document: line 1, column 0"; empty when it is.
QString xmlProblem(const QByteArray &body)
{
    QXmlStreamReader r(body);
    bool sawElement = false;
    while (!r.atEnd()) {
        r.readNext();
        sawElement = sawElement || r.isStartElement();
    }
    if (!r.hasError() && sawElement)
        return {};
    QString what = r.hasError() ? r.errorString() : u"no element found"_s;
    if (what.endsWith(u'.'))
        what.chop(1);
    return u"%1: line %2, column %3"_s.arg(what).arg(r.lineNumber()).arg(r.columnNumber());
}

struct ErrorFields
{
    QString type;
    QString code;
    QString message;
    QString requestId;
    bool sawMessage = false;
};

void readError(QXmlStreamReader &r, ErrorFields &fields)
{
    while (r.readNextStartElement()) {
        if (r.name() == u"Type") {
            fields.type = r.readElementText();
        } else if (r.name() == u"Code") {
            fields.code = r.readElementText().trimmed();
        } else if (r.name() == u"Message") {
            fields.message = r.readElementText();
            fields.sawMessage = true;
        } else {
            r.skipCurrentElement();
        }
    }
}

// The members of an error document at the places botocore's QueryParser looks: any document element, its
// <Error> (or <Errors><Error>), <RequestId> (or <ResponseMetadata><RequestId>); EC2QueryParser also takes
// <RequestID>, as EC2 names it, and prefers it. Only called on well-formed XML.
ErrorFields readErrorFields(const QByteArray &body, bool ec2)
{
    QString ec2RequestId;
    ErrorFields fields;
    QXmlStreamReader r(body);
    if (!r.readNextStartElement())
        return fields;
    while (r.readNextStartElement()) {
        if (r.name() == u"Error") {
            readError(r, fields);
        } else if (r.name() == u"Errors") {
            while (r.readNextStartElement()) {
                if (r.name() == u"Error")
                    readError(r, fields);
                else
                    r.skipCurrentElement();
            }
        } else if (r.name() == u"RequestId") {
            fields.requestId = r.readElementText().trimmed();
        } else if (ec2 && r.name() == u"RequestID") {
            ec2RequestId = r.readElementText().trimmed();
        } else if (r.name() == u"ResponseMetadata") {
            while (r.readNextStartElement()) {
                if (r.name() == u"RequestId")
                    fields.requestId = r.readElementText().trimmed();
                else
                    r.skipCurrentElement();
            }
        } else {
            r.skipCurrentElement();
        }
    }
    if (!ec2RequestId.isEmpty())
        fields.requestId = ec2RequestId;
    return fields;
}
} // namespace

QueryProtocol::QueryProtocol(QString apiVersion)
    : QueryProtocol(std::move(apiVersion), Variant::Query)
{
}

QueryProtocol::QueryProtocol(QString apiVersion, Variant variant)
    : m_apiVersion(std::move(apiVersion))
    , m_variant(variant)
{
}

const QString &QueryProtocol::apiVersion() const
{
    return m_apiVersion;
}

HttpRequest QueryProtocol::encode(const OperationCall &call, const QString &pageToken) const
{
    QueryParams params = call.params;
    if (!pageToken.isEmpty()) {
        // The token replaces one the caller's input started the listing with: a second one would be ambiguous.
        params.removeIf([&call](const auto &param) { return param.first == call.pageTokenName; });
        params.append(qMakePair(call.pageTokenName, pageToken));
    }
    HttpRequest request;
    request.method = "POST";
    request.headers = {{"Content-Type", kContentType.toByteArray()}};
    request.body = QuerySerializer::formBody(call.operation, m_apiVersion, params);
    return request;
}

QString QueryProtocol::peekPageToken(const OperationCall &call, const QByteArray &body) const
{
    if (call.pageTokenName.isEmpty())
        return {};
    return ResponseParser::peekPageToken(body, call.operation, call.pageTokenName);
}

ApiError QueryProtocol::decodeError(const HttpAnswer &answer) const
{
    return errorDocument(answer);
}

ApiError QueryProtocol::errorDocument(const HttpAnswer &answer) const
{
    const QByteArray trimmed = answer.body.trimmed();
    if (answer.status >= 500 && (trimmed.isEmpty() || trimmed.startsWith("<html>"))) {
        // A proxy's or load balancer's page: botocore does not try to read it.
        ApiError error;
        error.kind = ApiError::Kind::Http;
        error.code = QString::number(answer.status);
        error.message = reasonPhrase(answer);
        error.httpStatus = answer.status;
        error.requestId = answer.requestId;
        return error;
    }
    if (const QString problem = xmlProblem(answer.body); !problem.isEmpty())
        return unparseable(problem, true, answer);

    const ErrorFields fields = readErrorFields(answer.body, m_variant == Variant::Ec2);
    ApiError error;
    error.httpStatus = answer.status;
    error.requestId = fields.requestId.isEmpty() ? answer.requestId : fields.requestId;
    error.type = fields.type;
    if (!fields.code.isEmpty()) {
        error.kind = ApiError::Kind::Service;
        error.code = fields.code;
        error.message = fields.message;
        return error;
    }
    error.kind = ApiError::Kind::Http;
    error.code = u"Unknown"_s;
    error.message = fields.sawMessage ? fields.message : u"Unknown"_s;
    return error;
}

ApiError QueryProtocol::errorResponse(const QByteArray &body, int httpStatus)
{
    HttpAnswer answer;
    answer.status = httpStatus;
    answer.body = body;
    return QueryProtocol(QString()).errorDocument(answer);
}

ApiError QueryProtocol::unreadableAnswer(const HttpAnswer &answer, const ApiError &readerError,
                                         const QString &where) const
{
    if (readerError.kind == ApiError::Kind::Service) {
        // A 2xx answer carrying an <ErrorResponse> is still the service's error.
        ApiError error = readerError;
        error.httpStatus = answer.status;
        if (error.requestId.isEmpty())
            error.requestId = answer.requestId;
        return error;
    }
    auto prefixed = [&where](const QString &why) {
        return where.isEmpty() ? why : where + u": "_s + why;
    };
    if (const QString problem = xmlProblem(answer.body); !problem.isEmpty())
        return unparseable(prefixed(problem), true, answer);
    QString why = readerError.message;
    if (why.isEmpty())
        why = u"not the answer the operation returns"_s;
    ApiError error = unparseable(prefixed(why), false, answer);
    if (!readerError.requestId.isEmpty())
        error.requestId = readerError.requestId;
    return error;
}

QByteArray QueryProtocol::redactedRequestBody(const QByteArray &body) const
{
    return Redaction::formBody(body);
}

QByteArray QueryProtocol::redactedAnswerBody(const QByteArray &body) const
{
    const QByteArray out = Redaction::xmlBody(body);
    // An answer cut off inside a secret element (an AssumeRole answer's SecretAccessKey) keeps no part of it.
    static const QRegularExpression openAtEnd(u"<([A-Za-z_][\\w.-]*)(\\s[^>]*)?>[^<]*(</[^>]*)?$"_s);
    const QString text = QString::fromUtf8(out);
    const auto m = openAtEnd.match(text, qMax(qsizetype(0), text.size() - 4096));
    if (!m.hasMatch() || !Redaction::isSecretName(m.captured(1).toUtf8()))
        return out;
    const qsizetype valueStart = text.indexOf(u'>', m.capturedStart(0)) + 1;
    return text.left(valueStart).toUtf8() + Redaction::kPlaceholder;
}
