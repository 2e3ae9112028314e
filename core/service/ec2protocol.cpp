// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ec2protocol.h"

using namespace Qt::StringLiterals;

Ec2Protocol::Ec2Protocol(QString apiVersion)
    : QueryProtocol(std::move(apiVersion), Variant::Ec2)
{
}

QString Ec2Protocol::peekPageToken(const OperationCall &, const QByteArray &) const
{
    return {};
}

ApiError Ec2Protocol::errorResponse(const QByteArray &body, int httpStatus)
{
    HttpAnswer answer;
    answer.status = httpStatus;
    answer.body = body;
    return Ec2Protocol(QString()).errorDocument(answer);
}

bool Ec2Protocol::openDocument(ModelXmlReader &reader, QLatin1StringView operation, bool *isError)
{
    XmlPullReader &r = reader.reader();
    if (!r.readNextStartElement()) {
        if (!r.hasError())
            reader.fail(u"the answer has no XML document element"_s);
        return false;
    }
    if (r.name() == u"Response") { // <Response><Errors><Error>…, even with a 2xx status
        *isError = true;
        return false;
    }
    const QString expected = operation + u"Response"_s;
    if (r.name() != expected) {
        reader.fail(u"expected <"_s + expected + u"> but the document element is <"_s + r.name().toString() + u'>');
        return false;
    }
    return true;
}

void Ec2Protocol::readToEnd(ModelXmlReader &reader)
{
    XmlPullReader &r = reader.reader();
    while (!reader.failed() && !r.atEnd())
        r.readNext();
}

ApiError Ec2Protocol::readerError(const ModelXmlReader &reader, QLatin1StringView operation)
{
    ApiError error;
    error.kind = ApiError::Kind::Parse;
    error.code = u"MalformedResponse"_s;
    error.message = u"Unreadable "_s + operation + u" answer: "_s + reader.errorMessage();
    return error;
}
