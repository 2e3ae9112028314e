// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "shape.h"
#include "stringpool.h"
#include "xmlpullreader.h"

#include <array>
#include <utility>

// Reads a model structure from the Query protocol's XML (the elements inside <OpResult>), or from a REST-XML
// document (S3: members under their wire names, flattened lists, XML attributes; members that travel in
// headers are not in the document and are left alone), generic over Shape<S>. Unknown elements are skipped at any
// depth; a value that does not parse (integer, boolean, double, timestamp) stops the read with an error that names the
// element, line and column. The string values of members marked Interned are taken from a pool: the caller's (a listing
// keeps one for all its pages, so each value is interned once, as it is read) or the reader's own for one document.
class ModelXmlReader
{
public:
    explicit ModelXmlReader(const QByteArray &xml, StringPool *pool = nullptr);

    XmlPullReader &reader() { return m_reader; }
    bool failed() const { return m_reader.hasError(); }
    QString errorMessage() const;
    void fail(const QString &what);

    // Reads the members of S from the children of the current element, up to its end element.
    template<ModelShape S> void read(S &out);

    // The text of a leaf element; an empty element gives an empty, non-null string (botocore: "").
    QString text();
    QString internedText();

private:
    template<typename T> void readValue(T &out, QLatin1StringView itemName, unsigned char flags);
    QString elementText(bool interned);
    std::optional<qint64> integerText(qint64 min, qint64 max);
    std::optional<double> doubleText();
    std::optional<bool> booleanText();
    Timestamp timestampText();
    QString location() const;
    void readAttribute(QString &out, QLatin1StringView wireName);

    QByteArray m_document; // shared with the caller's, kept while m_reader reads it
    XmlPullReader m_reader;
    StringPool m_ownPool;
    StringPool *m_pool;
    QString m_message;
};

namespace ModelXmlDetail {

template<ModelShape S> using MemberReader = void (*)(ModelXmlReader &, S &);

// The element that carries a member in the document; empty (matching no element) for members that travel
// elsewhere (headers, the URI, the query) or as attributes.
template<typename F> constexpr QLatin1StringView elementName(const F &f)
{
    if (f.location != ShapeField::Body || (f.flags & ShapeField::XmlAttribute))
        return {};
    return f.onWire();
}

template<ModelShape S> struct Table
{
    std::array<QLatin1StringView, fieldCount<S>> names;
    std::array<MemberReader<S>, fieldCount<S>> readers;
};

} // namespace ModelXmlDetail

template<ModelShape S> void ModelXmlReader::read(S &out)
{
    static constexpr ModelXmlDetail::Table<S> table = []<std::size_t... I>(std::index_sequence<I...>)
    {
        return ModelXmlDetail::Table<S> {{ModelXmlDetail::elementName(std::get<I>(Shape<S>::fields))...},
                                         {[](ModelXmlReader &reader, S &value) {
                                             constexpr auto f = std::get<I>(Shape<S>::fields);
                                             reader.readValue(value.*(f.member), f.itemName, f.flags);
                                         }...}};
    }
    (std::make_index_sequence<fieldCount<S>> {});
    constexpr std::size_t n = fieldCount<S>;

    if constexpr (hasFieldFlag<S>(ShapeField::XmlAttribute)) {
        forEachField<S>([&](const auto &f) {
            if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(f)>::Type, QString>) {
                if (f.flags & ShapeField::XmlAttribute)
                    readAttribute(out.*(f.member), f.onWire());
            }
        });
    }

    if constexpr (n == 0) {
        // A shape without members (an empty output) reads past whatever the element holds.
        while (m_reader.readNextStartElement())
            m_reader.skipCurrentElement();
    } else {
        // Members usually arrive in model order, so the search starts after the previous match.
        std::size_t hint = 0;
        while (m_reader.readNextStartElement()) {
            const QStringView name = m_reader.name();
            std::size_t found = n;
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t k = (hint + i) % n;
                if (name == table.names[k]) {
                    found = k;
                    break;
                }
            }
            if (found == n) {
                m_reader.skipCurrentElement();
                continue;
            }
            table.readers[found](*this, out);
            if (failed())
                return;
            hint = found + 1;
        }
    }
}

template<typename T> void ModelXmlReader::readValue(T &out, QLatin1StringView itemName, unsigned char flags)
{
    if constexpr (std::is_same_v<T, QString>) {
        out = (flags & ShapeField::Interned) ? internedText() : text();
    } else if constexpr (std::is_same_v<T, std::optional<int>>) {
        if (const auto v = integerText(std::numeric_limits<int>::min(), std::numeric_limits<int>::max()))
            out = int(*v);
    } else if constexpr (std::is_same_v<T, std::optional<qint64>>) {
        out = integerText(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max());
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        out = doubleText();
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        out = booleanText();
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        out = timestampText();
    } else if constexpr (StructureOptional<T>) {
        read(emplaceValue(out));
    } else if constexpr (ShapeListOf<T>) {
        using Item = typename IsShapeList<T>::Value;
        if (flags & ShapeField::Flattened) {
            // This element is one item; its siblings of the same name are the others.
            Item item;
            if constexpr (std::is_same_v<Item, QString>)
                item = text();
            else
                read(item);
            if (failed())
                return;
            out.setPresent();
            out.append(std::move(item));
            return;
        }
        out.clear();
        out.setPresent();
        while (m_reader.readNextStartElement()) {
            if (m_reader.name() != itemName) {
                m_reader.skipCurrentElement();
                continue;
            }
            Item item;
            if constexpr (std::is_same_v<Item, QString>)
                item = (flags & ShapeField::Interned) ? internedText() : text();
            else
                read(item);
            if (failed())
                return;
            out.append(std::move(item));
        }
        // Appending grows the list geometrically; the lists a listing keeps would otherwise carry room for
        // about three times what they hold.
        if (out.capacity() > out.size())
            out.squeeze();
    } else if constexpr (StringMap<T>) {
        m_reader.skipCurrentElement(); // prefixed headers: never in a document
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}
