// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/xmlpullreader.h"

#include <QStringList>
#include <QXmlStreamReader>

// What an XML reader found in a document, in one form for XmlPullReader and QXmlStreamReader, so that
// tst_xmlpullreader and the xmlpullreader fuzz target can compare the two: elements with their attributes
// (namespace declarations aside; "name+ns" for one in a namespace), texts with the pieces a comment or a processing
// instruction broke joined, nothing outside the document element. Header-only: the fuzz targets do not link the
// tests' support library.
struct XmlTrace
{
    QStringList events;
    bool ok = false; // read to the end without an error
    QString error;

    static XmlTrace ofQt(const QByteArray &xml)
    {
        XmlTrace trace;
        QXmlStreamReader r(xml);
        int depth = 0;
        while (!r.atEnd()) {
            switch (r.readNext()) {
            case QXmlStreamReader::StartElement: {
                ++depth;
                QStringList attributes;
                for (const QXmlStreamAttribute &a : r.attributes())
                    attributes.append(attribute(a.name(), !a.namespaceUri().isEmpty(), a.value()));
                trace.addElement(r.name(), attributes);
                break;
            }
            case QXmlStreamReader::EndElement:
                --depth;
                trace.events.append(QStringLiteral("E:") + r.name());
                break;
            case QXmlStreamReader::Characters:
            case QXmlStreamReader::EntityReference:
                if (depth > 0)
                    trace.addText(r.text());
                break;
            default:
                break;
            }
        }
        trace.ok = !r.hasError();
        trace.error = r.errorString();
        return trace;
    }

    static XmlTrace ofOwn(const QByteArray &xml)
    {
        XmlTrace trace;
        XmlPullReader r(xml);
        while (!r.atEnd()) {
            switch (r.readNext()) {
            case XmlPullReader::StartElement: {
                QStringList attributes;
                for (const auto &[qualifiedName, value] : r.attributes()) {
                    const qsizetype colon = qualifiedName.indexOf(u':');
                    attributes.append(attribute(QStringView(qualifiedName).sliced(colon + 1), colon >= 0, value));
                }
                trace.addElement(r.name(), attributes);
                break;
            }
            case XmlPullReader::EndElement:
                trace.events.append(QStringLiteral("E:") + r.name());
                break;
            case XmlPullReader::Characters:
                trace.addText(r.text());
                break;
            default:
                break;
            }
        }
        trace.ok = !r.hasError();
        trace.error = r.errorString();
        return trace;
    }

private:
    static QString attribute(QStringView localName, bool inNamespace, QStringView value)
    {
        return localName + (inNamespace ? QStringLiteral("+ns") : QString()) + u'=' + value;
    }

    void addElement(QStringView name, QStringList attributes)
    {
        attributes.sort();
        events.append(QStringLiteral("S:") + name + u' ' + attributes.join(u' '));
    }

    void addText(QStringView text)
    {
        if (!events.isEmpty() && events.last().startsWith(u"T:"))
            events.last() += text;
        else
            events.append(QStringLiteral("T:") + text);
    }
};
