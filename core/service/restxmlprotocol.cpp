// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "restxmlprotocol.h"

#include "endpointresolver.h"
#include "redaction.h"

#include <QXmlStreamReader>

#include <array>

using namespace Qt::StringLiterals;

namespace {

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

// CRC-32 (ISO-HDLC, zlib's), the checksum botocore sends for operations that require one.
quint32 crc32(const QByteArray &data)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t {};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : data)
        crc = table[(crc ^ quint8(byte)) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

struct ErrorFields
{
    QString code;
    QString message;
    QString requestId;
    QString region;
};

// The members of an error document where botocore's RestXMLParser looks: S3's <Error> as the document
// element, or <ErrorResponse><Error> of the other REST-XML services. Nothing when the body is not XML.
std::optional<ErrorFields> readErrorFields(const QByteArray &body)
{
    ErrorFields fields;
    QXmlStreamReader r(body);
    if (!r.readNextStartElement())
        return std::nullopt;
    const auto readMembers = [&r, &fields] {
        while (r.readNextStartElement()) {
            const QStringView name = r.name();
            if (name == u"Code")
                fields.code = r.readElementText().trimmed();
            else if (name == u"Message")
                fields.message = r.readElementText();
            else if (name == u"RequestId")
                fields.requestId = r.readElementText().trimmed();
            else if (name == u"Region")
                fields.region = r.readElementText().trimmed();
            else
                r.skipCurrentElement();
        }
    };
    if (r.name() == u"Error") {
        readMembers();
    } else {
        while (r.readNextStartElement()) {
            if (r.name() == u"Error")
                readMembers();
            else if (r.name() == u"RequestId")
                fields.requestId = r.readElementText().trimmed();
            else
                r.skipCurrentElement();
        }
    }
    while (!r.atEnd())
        r.readNext();
    if (r.hasError())
        return std::nullopt;
    return fields;
}

} // namespace

HttpRequest RestXmlProtocol::encode(const OperationCall &call, const QString &pageToken) const
{
    HttpRequest request = call.request;
    if (pageToken.isEmpty() || call.pageTokenName.isEmpty())
        return request;
    const QByteArray name = percentEncode(call.pageTokenName);
    const QByteArray assignment = name + '=';
    QByteArrayList parts;
    for (const QByteArray &part : request.query.split('&')) {
        if (!part.isEmpty() && part != name && !part.startsWith(assignment))
            parts.append(part);
    }
    parts.append(name + '=' + percentEncode(pageToken));
    request.query = parts.join('&');
    return request;
}

QString RestXmlProtocol::peekPageToken(const OperationCall &, const QByteArray &) const
{
    return {};
}

ApiError RestXmlProtocol::decodeError(const HttpAnswer &answer) const
{
    ApiError error;
    error.httpStatus = answer.status;
    error.requestId = answer.requestId;
    const QByteArray trimmed = answer.body.trimmed();
    const bool generic = answer.status >= 500 && (trimmed.isEmpty() || trimmed.startsWith("<html>"));
    std::optional<ErrorFields> fields;
    if (!generic && !trimmed.isEmpty())
        fields = readErrorFields(answer.body);
    if (fields && !fields->code.isEmpty()) {
        error.kind = ApiError::Kind::Service;
        error.code = fields->code;
        error.message = fields->message;
        if (!fields->requestId.isEmpty())
            error.requestId = fields->requestId;
        return error;
    }
    // No body (every HEAD error), a body that is not XML, or XML without a code: botocore names the error by
    // its status (RestXMLParser._parse_error_from_http_status): code "404", message "Not Found".
    error.kind = ApiError::Kind::Http;
    error.code = QString::number(answer.status);
    error.message = statusText(answer);
    return error;
}

ApiError RestXmlProtocol::unreadableAnswer(const HttpAnswer &answer, const ApiError &readerError,
                                           const QString &where) const
{
    QString why = readerError.message.isEmpty() ? u"not the answer the operation returns"_s : readerError.message;
    if (!where.isEmpty())
        why = where + u": "_s + why;
    QXmlStreamReader r(answer.body);
    while (!r.atEnd())
        r.readNext();
    return unparseable(why, r.hasError(), answer);
}

QByteArray RestXmlProtocol::redactedRequestBody(const QByteArray &body) const
{
    return body.trimmed().startsWith('<') ? Redaction::xmlBody(body) : body;
}

QByteArray RestXmlProtocol::redactedAnswerBody(const QByteArray &body) const
{
    return body.trimmed().startsWith('<') ? Redaction::xmlBody(body) : body;
}

QString RestXmlProtocol::redirectRegion(const QString &operation, const HttpAnswer &answer, const ApiError &error)
{
    const QByteArray bucketRegion = header(answer, "x-amz-bucket-region");
    const bool statusCode = error.code == u"301"_s || error.code == u"400"_s;
    const bool specialHeadObject = statusCode && operation == u"HeadObject"_s;
    const bool specialHeadBucket = statusCode && operation == u"HeadBucket"_s && !bucketRegion.isNull();
    const std::optional<ErrorFields> fields = readErrorFields(answer.body);
    const QString bodyRegion = fields ? fields->region : QString();
    const bool wrongSigningRegion = error.code == u"AuthorizationHeaderMalformed"_s && !bodyRegion.isEmpty();
    const bool redirectStatus = answer.status == 301 || answer.status == 302 || answer.status == 307;
    const bool permanentRedirect = error.code == u"PermanentRedirect"_s;
    const bool optInRegion = error.code == u"IllegalLocationConstraintException"_s;
    if (!(specialHeadObject || specialHeadBucket || wrongSigningRegion || redirectStatus || permanentRedirect
          || optInRegion))
        return {};
    const QString region = !bucketRegion.isEmpty() ? QString::fromLatin1(bucketRegion).trimmed() : bodyRegion;
    // botocore's validate_region_name; ours is stricter (the names of real regions), as the region becomes part
    // of a host name that credentials are sent to.
    return EndpointResolver::isValidRegionName(region) ? region : QString();
}

QByteArray RestXmlProtocol::percentEncode(const QString &value, bool keepSlash)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const QByteArray bytes = value.toUtf8();
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (const char c : bytes) {
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            out += c;
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

QByteArray RestXmlProtocol::encodeLabel(const QString &value, bool greedy)
{
    if (!greedy)
        return percentEncode(value);
    const QStringList segments = value.split(u'/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &segment = segments.at(i);
        const bool last = i == segments.size() - 1;
        if (segment == u"."_s || segment == u".."_s || (segment.isEmpty() && !last))
            return percentEncode(value);
    }
    return percentEncode(value, true);
}

QByteArray RestXmlProtocol::header(const HttpAnswer &answer, QByteArrayView name)
{
    for (const auto &[key, value] : answer.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

QString RestXmlProtocol::statusText(const HttpAnswer &answer)
{
    switch (answer.status) {
    case 300:
        return u"Multiple Choices"_s;
    case 301:
        return u"Moved Permanently"_s;
    case 302:
        return u"Found"_s;
    case 303:
        return u"See Other"_s;
    case 304:
        return u"Not Modified"_s;
    case 307:
        return u"Temporary Redirect"_s;
    case 308:
        return u"Permanent Redirect"_s;
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 403:
        return u"Forbidden"_s;
    case 404:
        return u"Not Found"_s;
    case 405:
        return u"Method Not Allowed"_s;
    case 409:
        return u"Conflict"_s;
    case 411:
        return u"Length Required"_s;
    case 412:
        return u"Precondition Failed"_s;
    case 416:
        return u"Requested Range Not Satisfiable"_s;
    case 429:
        return u"Too Many Requests"_s;
    default:
        return reasonPhrase(answer);
    }
}

Timestamp RestXmlProtocol::parseHttpDate(QStringView text)
{
    QString t = text.trimmed().toString();
    if (t.endsWith(u" GMT"_s) || t.endsWith(u" UTC"_s))
        t = t.chopped(4) + u" +0000"_s;
    const QDateTime date = QDateTime::fromString(t, Qt::RFC2822Date);
    if (date.isValid())
        return Timestamp(date.toUTC());
    return Timestamp::parse(text).value_or(Timestamp());
}

QString RestXmlProtocol::httpDate(const Timestamp &time)
{
    // RFC 7231's IMF-fixdate, in English whatever the locale.
    static constexpr const char *days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr const char *months[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = time.toDateTime().toUTC();
    const QDate d = utc.date();
    return u"%1, %2 %3 %4 %5 GMT"_s.arg(QLatin1StringView(days[d.dayOfWeek() - 1]))
        .arg(d.day(), 2, 10, QChar(u'0'))
        .arg(QLatin1StringView(months[d.month() - 1]))
        .arg(d.year(), 4, 10, QChar(u'0'))
        .arg(utc.time().toString(u"HH:mm:ss"_s));
}

RestXmlProtocol::Encoded RestXmlProtocol::assemble(Parts &&parts)
{
    const qsizetype question = parts.uriTemplate.indexOf(u'?');
    const QString pathTemplate = question < 0 ? parts.uriTemplate : parts.uriTemplate.left(question);
    const QString staticQuery = question < 0 ? QString() : parts.uriTemplate.mid(question + 1);

    // The path, each label encoded once: "/{Bucket}/{Key+}" -> "/my-bucket/a%20b/c".
    QByteArray path;
    QByteArray keyPath;
    bool afterBucket = false;
    for (qsizetype i = 0; i < pathTemplate.size();) {
        if (pathTemplate.at(i) != u'{') {
            const qsizetype next = pathTemplate.indexOf(u'{', i);
            const QByteArray literal = pathTemplate.mid(i, next < 0 ? -1 : next - i).toUtf8();
            path += literal;
            if (afterBucket)
                keyPath += literal;
            i = next < 0 ? pathTemplate.size() : next;
            continue;
        }
        const qsizetype close = pathTemplate.indexOf(u'}', i);
        QString label = pathTemplate.mid(i + 1, close - i - 1);
        if (label.endsWith(u'+'))
            label.chop(1);
        QByteArray value;
        for (const auto &[name, encoded] : std::as_const(parts.labels)) {
            if (name == label)
                value = encoded;
        }
        path += value;
        if (afterBucket)
            keyPath += value;
        if (label == u"Bucket"_s)
            afterBucket = true;
        i = close + 1;
    }

    QByteArrayList query;
    if (!staticQuery.isEmpty())
        query.append(staticQuery.toUtf8());
    for (const auto &[name, value] : std::as_const(parts.query))
        query.append(name + '=' + value);

    Encoded encoded;
    encoded.bucket = parts.bucket;
    encoded.keyPath = keyPath;
    HttpRequest &request = encoded.request;
    request.method = parts.method;
    request.path = path.isEmpty() ? QByteArray("/") : path;
    request.query = query.join('&');
    request.headers = parts.headers;
    request.body = parts.body;
    request.signPayload = true;
    request.signPathAsSent = true;
    if (parts.checksumRequired) {
        const quint32 crc = crc32(parts.body);
        QByteArray bigEndian(4, Qt::Uninitialized);
        for (int i = 0; i < 4; ++i)
            bigEndian[i] = char((crc >> (24 - 8 * i)) & 0xFF);
        request.headers.removeIf([](const auto &h) {
            return h.first.compare("x-amz-sdk-checksum-algorithm", Qt::CaseInsensitive) == 0;
        });
        request.headers.append({QByteArray("x-amz-checksum-crc32"), bigEndian.toBase64()});
        request.headers.append({QByteArray("x-amz-sdk-checksum-algorithm"), QByteArray("CRC32")});
    }
    return encoded;
}

ApiError RestXmlProtocol::headerError(const QByteArray &name, const QByteArray &value, const char *what)
{
    return ApiError::make(ApiError::Kind::Parse, Protocol::unparseableCode(),
                          u"The %1 header is not %2: \"%3\""_s.arg(QString::fromLatin1(name), QLatin1StringView(what),
                                                                   QString::fromLatin1(value.left(80))));
}

ApiError RestXmlProtocol::readerError(const ModelXmlReader &reader)
{
    return ApiError::make(ApiError::Kind::Parse, Protocol::unparseableCode(), reader.errorMessage());
}
