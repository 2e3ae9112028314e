// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "shape.h"

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <cstring>

// The few calls of QXmlStreamWriter these documents need, writing UTF-8 straight into one buffer: elements, a default
// namespace, escaped text. QXmlStreamWriter encoded and checked on every call and was most of the cost of serving a
// page (benchmarks/sandbox-throughput.py); element names here are ASCII literals.
class XmlWriter
{
public:
    explicit XmlWriter(QByteArray *out)
        : m_out(out)
    {
        m_out->reserve(16 * 1024);
    }

    void writeStartElement(QStringView name) { writeStart(name); }
    void writeStartElement(QLatin1StringView name) { writeStart(name); }

    template<typename Name> void writeStart(Name name)
    {
        closeStartTag();
        put('<');
        m_open.append(m_names.size());
        appendAscii(m_names, name);
        put(m_names.constData() + m_open.last(), m_names.size() - m_open.last());
        m_inStartTag = true;
    }

    void writeDefaultNamespace(QLatin1StringView uri)
    {
        put(" xmlns=\"");
        put(uri.data(), uri.size());
        put('"');
    }

    // xmlns:prefix="uri" on the element just started.
    void writeNamespace(QLatin1StringView prefix, QLatin1StringView uri)
    {
        put(" xmlns:");
        put(prefix.data(), prefix.size());
        put("=\"");
        put(uri.data(), uri.size());
        put('"');
    }

    // name="value" on the element just started.
    void writeAttribute(QLatin1StringView name, QStringView value)
    {
        put(' ');
        put(name.data(), name.size());
        put("=\"");
        appendEscaped(value, true);
        put('"');
    }

    void writeEndElement()
    {
        const qsizetype at = m_open.last();
        m_open.removeLast();
        if (m_inStartTag) {
            put("/>");
            m_inStartTag = false;
        } else {
            put("</");
            put(m_names.constData() + at, m_names.size() - at);
            put('>');
        }
        m_names.truncate(at);
    }

    void writeTextElement(QStringView name, QStringView text) { writeText(name, text); }
    void writeTextElement(QLatin1StringView name, QStringView text) { writeText(name, text); }
    void writeTextElement(QLatin1StringView name, QLatin1StringView text) { writeText(name, QString(text)); }

    template<typename Name> void writeText(Name name, QStringView text)
    {
        closeStartTag();
        const qsizetype nameSize = name.size();
        char *to = extend(nameSize + 2);
        *to++ = '<';
        to = putAscii(to, name);
        *to = '>';
        appendEscaped(text);
        to = extend(nameSize + 3);
        *to++ = '<';
        *to++ = '/';
        to = putAscii(to, name);
        *to = '>';
    }

private:
    // Room for size more bytes at the end of the document, to be written there. QByteArray's append() goes through
    // its insert path (where the bytes come from, how to grow) for every short name and text: that was a third of
    // the time of writing a page (bench_xmlreading's writing line).
    char *extend(qsizetype size)
    {
        const qsizetype at = m_out->size();
        if (m_out->capacity() - at < size)
            m_out->reserve(std::max(2 * m_out->capacity(), at + size));
        m_out->resize(at + size); // within the room: no allocation
        return m_out->data() + at;
    }
    void put(char c) { *extend(1) = c; }
    void put(const char *bytes, qsizetype size)
    {
        if (size > 0)
            std::memcpy(extend(size), bytes, size_t(size));
    }
    template<qsizetype N> void put(const char (&literal)[N]) { put(literal, N - 1); }

    static char *putAscii(char *to, QLatin1StringView text)
    {
        std::memcpy(to, text.data(), size_t(text.size()));
        return to + text.size();
    }
    static char *putAscii(char *to, QStringView text)
    {
        for (const QChar c : text)
            *to++ = char(c.unicode());
        return to;
    }
    // The names of the open elements (m_names) grow as QByteArray does; the document through extend().
    static void appendAscii(QByteArray &out, QLatin1StringView text) { out.append(text.data(), text.size()); }
    static void appendAscii(QByteArray &out, QStringView text)
    {
        const qsizetype at = out.size();
        out.resize(at + text.size());
        putAscii(out.data() + at, text);
    }

    void closeStartTag()
    {
        if (m_inStartTag) {
            put('>');
            m_inStartTag = false;
        }
    }

    void appendEscaped(QStringView text, bool attribute = false)
    {
        const auto plain = [](QChar c) {
            const char16_t u = c.unicode();
            return u < 0x80 && (u >= 0x20 || u == u'\t' || u == u'\n') && u != u'&' && u != u'<' && u != u'>'
                && u != u'"';
        };
        if (std::all_of(text.begin(), text.end(), plain)) {
            putAscii(extend(text.size()), text);
            return;
        }
        // XML 1.0 has no way to carry the other C0 controls, U+FFFE or U+FFFF (not even as references): a document
        // holding one is not well-formed. They become U+FFFD, as a decoder shows what it cannot represent.
        const auto illegal = [](QChar c) {
            const char16_t u = c.unicode();
            return (u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0xfffe || u == 0xffff;
        };
        QString legal;
        if (std::any_of(text.begin(), text.end(), illegal)) {
            legal = text.toString();
            std::replace_if(legal.begin(), legal.end(), illegal, QChar(QChar::ReplacementCharacter));
            text = legal;
        }
        // Multi-byte UTF-8 sequences never contain ASCII bytes, so escaping byte by byte is safe.
        for (const char c : text.toUtf8()) {
            switch (c) {
            case '&':
                put("&amp;");
                break;
            case '<':
                put("&lt;");
                break;
            case '>':
                put("&gt;");
                break;
            case '\r':
                put("&#13;"); // a parser would turn a raw CR into LF
                break;
            case '"':
                if (attribute)
                    put("&quot;");
                else
                    put('"');
                break;
            case '\n':
            case '\t':
                if (!attribute)
                    put(c);
                else if (c == '\n') // attribute values are normalised: whitespace would become spaces
                    put("&#10;");
                else
                    put("&#9;");
                break;
            default:
                put(c);
            }
        }
    }

    QByteArray *m_out;
    QByteArray m_names; // the names of the open elements, one after the other
    QVarLengthArray<qsizetype, 16> m_open; // where each open element's name starts in m_names
    bool m_inStartTag = false;
};

// Writes the members of a model structure as the Query protocol's XML (the service's side: the sandbox), generic
// over Shape<S>: members in model order, absent ones left out, present-but-empty lists as <Name/>, timestamps in
// the service's form, doubles and integers as the service prints them. For REST-XML shapes (S3) the same with
// their wire names, flattened lists, XML attributes and namespaces; members that travel outside the document
// (headers, URI, query) are left out. Called with the structure's element started (its attributes go there).
template<ModelShape S> void writeModelXml(XmlWriter &w, const S &value);

namespace ModelXmlDetail {

QString doubleText(double value);

template<typename T>
void writeMember(XmlWriter &w, QLatin1StringView name, QLatin1StringView itemName, const T &value,
                 unsigned char flags = ShapeField::NoFlags)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (!value.isNull())
            w.writeTextElement(name, value);
    } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
        if (value)
            w.writeTextElement(name, *value ? QLatin1StringView("true") : QLatin1StringView("false"));
    } else if constexpr (std::is_same_v<T, std::optional<double>>) {
        if (value)
            w.writeTextElement(name, doubleText(*value));
    } else if constexpr (ScalarOptional<T>) {
        if (value)
            w.writeTextElement(name, QString::number(*value));
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (value.isValid())
            w.writeTextElement(name, value.toServiceIso());
    } else if constexpr (StructureOptional<T>) {
        if (value) {
            w.writeStartElement(name);
            writeModelXml(w, *value);
            w.writeEndElement();
        }
    } else if constexpr (ShapeListOf<T>) {
        if (flags & ShapeField::Flattened) { // each item is an element of the list's own name
            for (const auto &item : value) {
                if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, QString>) {
                    w.writeTextElement(name, item);
                } else {
                    w.writeStartElement(name);
                    writeModelXml(w, item);
                    w.writeEndElement();
                }
            }
            return;
        }
        if (!value.isPresent())
            return;
        w.writeStartElement(name);
        for (const auto &item : value) {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, QString>) {
                w.writeTextElement(itemName, item);
            } else {
                w.writeStartElement(itemName);
                writeModelXml(w, item);
                w.writeEndElement();
            }
        }
        w.writeEndElement();
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

} // namespace ModelXmlDetail

template<ModelShape S> void writeModelXml(XmlWriter &w, const S &value)
{
    if constexpr (requires { Shape<S>::xmlNamespace; }) {
        constexpr XmlNamespace ns = Shape<S>::xmlNamespace;
        w.writeNamespace(QLatin1StringView(ns.prefix), QLatin1StringView(ns.uri));
    }
    if constexpr (hasFieldFlag<S>(ShapeField::XmlAttribute)) {
        forEachField<S>([&](const auto &f) {
            if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(f)>::Type, QString>) {
                if ((f.flags & ShapeField::XmlAttribute) && !(value.*(f.member)).isNull())
                    w.writeAttribute(f.onWire(), value.*(f.member));
            }
        });
    }
    forEachField<S>([&](const auto &f) {
        if (f.location != ShapeField::Body || (f.flags & ShapeField::XmlAttribute))
            return;
        if constexpr (!StringMap<typename std::remove_cvref_t<decltype(f)>::Type>)
            ModelXmlDetail::writeMember(w, f.onWire(), f.itemName, value.*(f.member), f.flags);
    });
}
