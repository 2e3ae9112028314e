// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/shape.h"
#include "model/xmlreader.h"
#include "model/xmlwriter.h"
#include "protocol.h"

#include <QCryptographicHash>
#include <QString>

namespace RestXmlDetail {
// The member types that can travel in the URI, the query string or headers.
template<typename T>
concept OutsideBody = std::is_same_v<T, QString> || ScalarOptional<T> || std::is_same_v<T, Timestamp>
    || std::is_same_v<T, ShapeList<QString>> || StringMap<T>;
} // namespace RestXmlDetail

// The REST-XML protocol as S3 speaks it (botocore's RestXMLSerializer and RestXMLParser): the operation's
// method and request URI with the input's URI labels, query parameters and headers filled in, the payload
// member as the body (an XML document, or a string's raw bytes); the output read from the status, the
// headers and the XML document; errors in <Error><Code/><Message/></Error>, or named by their status when the
// answer has no body (every HEAD error).
//
// The façade encodes a call once (encodeRequest()) into OperationCall::request; encode() only adds the page
// token. Requests sign their payload (x-amz-content-sha256) and their path as sent.
class RestXmlProtocol final : public Protocol
{
public:
    RestXmlProtocol() = default;

    HttpRequest encode(const OperationCall &call, const QString &pageToken) const override;
    // S3 names the next page's token anywhere in the document; the job reads it with the page.
    QString peekPageToken(const OperationCall &call, const QByteArray &body) const override;
    ApiError decodeError(const HttpAnswer &answer) const override;
    ApiError unreadableAnswer(const HttpAnswer &answer, const ApiError &readerError,
                              const QString &where) const override;
    QByteArray redactedRequestBody(const QByteArray &body) const override;
    QByteArray redactedAnswerBody(const QByteArray &body) const override;

    // A request as the operation's shape describes it, before addressing: path is path-style ("/{Bucket}/{Key+}"
    // rendered), bucket the Bucket label's value and keyPath what follows it in the path ("/a%20b"), so that the
    // façade can move the bucket into the host name.
    struct Encoded
    {
        HttpRequest request;
        QString bucket;
        QByteArray keyPath;
    };
    template<typename Operation> static Encoded encodeRequest(const typename Operation::Request &input);
    // A 2xx answer into the operation's output.
    template<typename Operation> static ApiResult<typename Operation::Output> decodeOutput(const HttpAnswer &answer);

    // The region to send a failed call to again, when the answer is one botocore's S3RegionRedirectorv2
    // redirects (301/302/307, PermanentRedirect, AuthorizationHeaderMalformed with a <Region>, a HeadObject's
    // 301/400, a HeadBucket's 301/400 with x-amz-bucket-region, IllegalLocationConstraintException) and names a
    // valid region (x-amz-bucket-region, else the error's <Region>); empty otherwise.
    static QString redirectRegion(const QString &operation, const HttpAnswer &answer, const ApiError &error);

    // botocore's percent_encode: every byte but A-Z a-z 0-9 - . _ ~ (and '/' in a greedy label such as {Key+}).
    static QByteArray percentEncode(const QString &value, bool keepSlash = false);
    // A URI label's value encoded once. A greedy label ({Key+}) keeps its slashes, unless the key has segments
    // that an HTTP stack normalises away ("a/./b", "a/../b", "a//b", a leading '/'): Qt would send another path
    // than the one signed, naming another key. Then every slash is sent as %2F, which S3 reads as '/'.
    static QByteArray encodeLabel(const QString &value, bool greedy);
    // The value of a header of answer (case-insensitive); null when absent.
    static QByteArray header(const HttpAnswer &answer, QByteArrayView name);
    // Python's http.client reason phrase for a status ("Not Found"), the server's when not in the table.
    static QString statusText(const HttpAnswer &answer);
    // An HTTP date as S3 writes it ("Wed, 21 Oct 2015 07:28:00 GMT"), or ISO 8601; invalid when neither.
    static Timestamp parseHttpDate(QStringView text);
    static QString httpDate(const Timestamp &time);

private:
    // Shared by the templates below, one definition each.
    struct Parts
    {
        QByteArray method;
        QString uriTemplate;
        QList<QPair<QString, QByteArray>> labels; // label name (without '+') -> encoded value
        QList<QPair<QByteArray, QByteArray>> query; // encoded name=value pairs
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool xmlBody = false;
        bool checksumRequired = false;
        QString bucket;
    };
    static Encoded assemble(Parts &&parts);
    static ApiError headerError(const QByteArray &name, const QByteArray &value, const char *what);
    static ApiError readerError(const ModelXmlReader &reader);

    template<typename T> static void encodeValue(Parts &parts, ShapeField::Location location, QLatin1StringView name,
                                                 const T &value, unsigned char flags);
    template<typename T>
    static std::optional<ApiError> decodeHeader(const HttpAnswer &answer, QLatin1StringView name, T &out,
                                                unsigned char flags);
};

// ---- templates -----------------------------------------------------------------------------------------------

template<typename T>
void RestXmlProtocol::encodeValue(Parts &parts, ShapeField::Location location, QLatin1StringView name, const T &value,
                                  unsigned char flags)
{
    std::optional<QString> text;
    QStringList items;
    if constexpr (std::is_same_v<T, QString>) {
        if (!value.isNull())
            text = value;
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (value)
            text = *value ? QStringLiteral("true") : QStringLiteral("false");
    } else if constexpr (ScalarOptional<T>) {
        if (value)
            text = QString::number(*value);
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (value.isValid())
            text = (flags & ShapeField::HttpDate) ? httpDate(value) : value.toServiceIso();
    } else if constexpr (std::is_same_v<T, ShapeList<QString>>) {
        if (value.isPresent())
            items = value;
    } else if constexpr (StringMap<T>) {
        for (auto it = value.cbegin(); it != value.cend(); ++it)
            parts.headers.append({(name + it.key()).toUtf8(), it.value().toUtf8()});
        return;
    } else {
        static_assert(sizeof(T) == 0, "this member type cannot travel outside the body");
    }
    switch (location) {
    case ShapeField::Uri:
        if (text)
            parts.labels.append({QString(name), encodeLabel(*text, parts.uriTemplate.contains(name + u"+}"))});
        break;
    case ShapeField::Query:
        if (text)
            items = QStringList {*text};
        for (const QString &item : std::as_const(items))
            parts.query.append({percentEncode(name), percentEncode(item)});
        break;
    case ShapeField::Header:
    case ShapeField::Headers:
        if (text)
            parts.headers.append({QByteArray(name.data(), name.size()), text->toUtf8()});
        else if (!items.isEmpty())
            parts.headers.append({QByteArray(name.data(), name.size()), items.join(u',').toUtf8()});
        break;
    case ShapeField::Body:
    case ShapeField::StatusCode:
        break;
    }
}

template<typename Operation>
RestXmlProtocol::Encoded RestXmlProtocol::encodeRequest(const typename Operation::Request &input)
{
    using Request = typename Operation::Request;
    Parts parts;
    parts.method = QByteArray(Operation::method.data(), Operation::method.size());
    parts.uriTemplate = Operation::requestUri;
    parts.checksumRequired = Operation::checksumRequired;
    forEachField<Request>([&](const auto &f) {
        using T = typename std::remove_cvref_t<decltype(f)>::Type;
        const T &value = input.*(f.member);
        if (f.flags & ShapeField::Payload) {
            if constexpr (std::is_same_v<T, QString>) {
                parts.body = value.toUtf8();
            } else if constexpr (StructureOptional<T>) {
                if (value) {
                    XmlWriter w(&parts.body);
                    w.writeStartElement(f.onWire());
                    if (!f.xmlNamespace.isEmpty())
                        w.writeDefaultNamespace(f.xmlNamespace);
                    writeModelXml(w, *value);
                    w.writeEndElement();
                    parts.xmlBody = true;
                }
            }
            return;
        }
        if (f.location == ShapeField::Body)
            return; // S3's inputs carry their document as the payload member
        if constexpr (RestXmlDetail::OutsideBody<T>)
            encodeValue(parts, f.location, f.onWire(), value, f.flags);
        if constexpr (std::is_same_v<T, QString>) {
            if (f.location == ShapeField::Uri && f.name == QLatin1StringView("Bucket"))
                parts.bucket = value;
        }
    });
    return assemble(std::move(parts));
}

template<typename T>
std::optional<ApiError> RestXmlProtocol::decodeHeader(const HttpAnswer &answer, QLatin1StringView name, T &out,
                                                      unsigned char flags)
{
    Q_UNUSED(flags)
    if constexpr (StringMap<T>) {
        const QByteArray prefix = QByteArray(name.data(), name.size()).toLower();
        for (const auto &[key, value] : answer.headers) {
            if (key.toLower().startsWith(prefix))
                out.insert(QString::fromUtf8(key.mid(prefix.size()).toLower()), QString::fromUtf8(value));
        }
        return std::nullopt;
    } else {
        const QByteArray raw = header(answer, QByteArrayView(name.data(), name.size()));
        if (raw.isNull())
            return std::nullopt;
        const QByteArray nameBytes(name.data(), name.size());
        if constexpr (std::is_same_v<T, QString>) {
            out = QString::fromUtf8(raw);
        } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
            const QByteArray v = raw.trimmed().toLower();
            if (v != "true" && v != "false")
                return headerError(nameBytes, raw, "a boolean");
            out = v == "true";
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
            bool ok = false;
            const double v = raw.trimmed().toDouble(&ok);
            if (!ok)
                return headerError(nameBytes, raw, "a number");
            out = v;
        } else if constexpr (ScalarOptional<T>) {
            bool ok = false;
            const qint64 v = raw.trimmed().toLongLong(&ok);
            using V = typename IsOptional<T>::Value;
            if (!ok || v < qint64(std::numeric_limits<V>::min()) || v > qint64(std::numeric_limits<V>::max()))
                return headerError(nameBytes, raw, "an integer");
            out = V(v);
        } else if constexpr (std::is_same_v<T, Timestamp>) {
            out = parseHttpDate(QString::fromLatin1(raw));
            if (!out.isValid())
                return headerError(nameBytes, raw, "a date");
        } else if constexpr (std::is_same_v<T, ShapeList<QString>>) {
            out.clear();
            out.setPresent();
            for (const QByteArray &item : raw.split(','))
                out.append(QString::fromUtf8(item.trimmed()));
        } else {
            static_assert(sizeof(T) == 0, "this member type cannot travel in a header");
        }
        return std::nullopt;
    }
}

template<typename Operation>
ApiResult<typename Operation::Output> RestXmlProtocol::decodeOutput(const HttpAnswer &answer)
{
    using Output = typename Operation::Output;
    Output out;
    std::optional<ApiError> error;
    bool hasDocumentMembers = false;
    forEachField<Output>([&](const auto &f) {
        using T = typename std::remove_cvref_t<decltype(f)>::Type;
        if (error)
            return;
        T &value = out.*(f.member);
        switch (f.location) {
        case ShapeField::Header:
        case ShapeField::Headers:
            if constexpr (RestXmlDetail::OutsideBody<T>)
                error = decodeHeader(answer, f.onWire(), value, f.flags);
            return;
        case ShapeField::StatusCode:
            if constexpr (std::is_same_v<T, std::optional<int>>)
                value = answer.status;
            return;
        case ShapeField::Body:
            break;
        case ShapeField::Uri:
        case ShapeField::Query:
            return;
        }
        if (f.flags & ShapeField::Payload) {
            if constexpr (std::is_same_v<T, QString>) {
                value = QString::fromUtf8(answer.body);
            } else if constexpr (StructureOptional<T>) {
                if (answer.body.trimmed().isEmpty())
                    return;
                ModelXmlReader reader(answer.body);
                if (!reader.reader().readNextStartElement()) {
                    error = readerError(reader);
                    return;
                }
                reader.read(emplaceValue(value));
                if (reader.failed())
                    error = readerError(reader);
            }
            return;
        }
        hasDocumentMembers = true;
    });
    if (error)
        return *error;
    if (!hasDocumentMembers)
        return out;

    ModelXmlReader reader(answer.body);
    if (!reader.reader().readNextStartElement())
        return readerError(reader);
    if constexpr (requires { Operation::rootTextMember; }) {
        // The document element is the member (GetBucketLocation's <LocationConstraint>).
        bool found = false;
        forEachField<Output>([&](const auto &f) {
            if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(f)>::Type, QString>) {
                if (!found && f.name == Operation::rootTextMember) {
                    out.*(f.member) = reader.text();
                    found = true;
                }
            }
        });
    } else {
        reader.read(out);
    }
    if (reader.failed())
        return readerError(reader);
    return out;
}
