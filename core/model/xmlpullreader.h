// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>
#include <QList>
#include <QString>
#include <QStringDecoder>
#include <QVarLengthArray>

#include <optional>

// A pull reader over one whole XML document in UTF-8, for the answers of AWS's XML protocols: what
// QXmlStreamReader does for them, in the same calls. QXmlStreamReader copies every character of the document into
// buffers of its own one at a time; a page of 50 snapshots (65 KB) took it a millisecond, nine tenths of the time
// spent reading the page. This reader finds the markup in the bytes as they are and decodes only the names and texts
// asked for, into buffers it reuses: it goes through the page in a fifth of that time, and the page is read into
// snapshots in a third (docs/benchmarks.md).
//
// It checks what QXmlStreamReader checks that matters here: one document element, tags that match, declared
// namespace prefixes, unique attributes, the five predefined entities and character references that name XML
// characters, no control characters, no "]]>" in text, well-formed comments, CDATA sections and processing
// instructions, nothing but whitespace, comments and processing instructions around the document element. It is
// stricter in what no AWS answer holds, each with an error that says so: a DOCTYPE (no DTD, so no entity of a
// server's own), an encoding other than UTF-8, bytes that are not UTF-8, names outside ASCII, elements nested more
// than kMaxDepth deep, with more than kMaxAttributes attributes, or more than kMaxNamespaces prefixes declared at once.
// Line ends read as "\n", as the XML specification says. tests/tst_xmlpullreader.cpp and
// tests/fuzz/fuzz_xmlpullreader.cpp compare it with QXmlStreamReader.
//
// The document's bytes must outlive the reader; name(), text() and attribute values are valid until the next call
// that reads on.
class XmlPullReader
{
public:
    enum TokenType {
        NoToken,
        Invalid,
        StartDocument,
        EndDocument,
        StartElement,
        EndElement,
        Characters,
        Comment,
        ProcessingInstruction,
    };
    static constexpr int kMaxDepth = 256;
    static constexpr int kMaxAttributes = 64;
    static constexpr int kMaxNamespaces = 64; // prefixes declared at once (each prefixed name looks them up)

    explicit XmlPullReader(QByteArrayView document);

    // The next token: StartDocument first, then the document's, then EndDocument, or Invalid at the first error
    // (and from then on).
    TokenType readNext();
    TokenType tokenType() const { return m_token; }
    QString tokenString() const;
    bool atEnd() const { return m_token == EndDocument || m_token == Invalid; }
    bool isStartElement() const { return m_token == StartElement; }
    bool isEndElement() const { return m_token == EndElement; }
    bool isCharacters() const { return m_token == Characters; }
    bool isWhitespace() const; // Characters of whitespace only

    // As QXmlStreamReader's: reads to the next start element inside the current element (true), or to the
    // current element's end (false, as at an error).
    bool readNextStartElement();
    // Reads to the end of the current element (the last start element read).
    void skipCurrentElement();

    // StartElement, EndElement: the name without its namespace prefix.
    QStringView name() const { return m_name; }
    // Characters: the text, references resolved; a text broken by a comment or a processing instruction comes in
    // pieces, a CDATA section's text joined to the text around it.
    QStringView text() const { return m_text; }
    // StartElement: the value of the attribute with this local name, either one without a prefix (no namespace) or,
    // with inNamespace, one with a prefix of any namespace.
    std::optional<QString> attribute(QLatin1StringView localName, bool inNamespace);
    // StartElement: every attribute but the namespace declarations, as (qualified name, value), in the tag's order.
    QList<std::pair<QString, QString>> attributes();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // Stops the reading with this message (the first error is kept).
    void raiseError(const QString &message);
    // Where the reading stands: after the last token read, or where the error was found. Lines count from 1,
    // columns from 0 in UTF-16 units, as QXmlStreamReader's.
    qint64 lineNumber() const;
    qint64 columnNumber() const;

private:
    struct Attribute
    {
        QByteArrayView qualifiedName;
        QByteArrayView rawValue; // between the quotes, references not yet resolved
    };
    struct Namespace
    {
        QByteArrayView prefix;
        QString uri;
        qsizetype depth; // of the element that declared it
    };

    TokenType fail(const QString &message, const char *at);
    bool atDocumentStart();
    TokenType readMarkup();
    TokenType readStartTag();
    TokenType readEndTag();
    TokenType readComment();
    TokenType readProcessingInstruction();
    TokenType readText();
    const char *scanName(const char *from) const;
    bool readName(const char *&p, QByteArrayView &name, const QString &missing);
    bool skipUtf8(const char *&p, const char *end);
    bool checkCharacters(const char *p, const char *end, QStringView where);
    bool appendReference(const char *&p, const char *end, QByteArray &out);
    bool checkName(QByteArrayView qualified, const char *at);
    const QString *namespaceUri(QByteArrayView prefix) const; // null when not declared
    void setName(QByteArrayView qualified);
    void decodeText(QByteArrayView utf8);
    bool decodeAttribute(QByteArrayView raw, QString &out);

    const char *m_begin;
    const char *m_end;
    const char *m_pos;
    const char *m_errorAt = nullptr;
    TokenType m_token = NoToken;
    bool m_emptyElement = false; // the start element just read was <a/>: its end comes next, from no bytes
    bool m_rootClosed = false;
    QVarLengthArray<QByteArrayView, 32> m_open; // qualified names of the open elements
    QVarLengthArray<Namespace, 8> m_namespaces;
    QVarLengthArray<Attribute, 8> m_attributes; // of the current start element
    QString m_name;
    QString m_text;
    QByteArray m_scratch; // text with references resolved, before decoding
    // A text that starts with U+FEFF keeps it: only the document's first bytes are a byte order mark.
    QStringDecoder m_decoder {QStringDecoder::Utf8,
                              QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom};
    QString m_error;
};
