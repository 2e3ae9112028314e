// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxxml.h"

#include "sandboxdefaults.h"

#include "model/xmlwriter.h"

using namespace Qt::StringLiterals;

namespace SandboxXml {

namespace {

using L1 = QLatin1StringView;

class Document
{
public:
    explicit Document(const QString &operation)
        : m_writer(&m_buffer)
    {
        m_writer.writeStartElement(QString(operation + u"Response"_s));
        m_writer.writeDefaultNamespace(SandboxDefaults::xmlNamespace);
        m_writer.writeStartElement(QString(operation + u"Result"_s));
    }

    QByteArray finish(const QString &requestId)
    {
        m_writer.writeEndElement(); // Result
        m_writer.writeStartElement(u"ResponseMetadata");
        m_writer.writeTextElement(u"RequestId", requestId);
        m_writer.writeEndElement();
        m_writer.writeEndElement(); // Response
        return m_buffer;
    }

    XmlWriter &writer() { return m_writer; }

private:
    QByteArray m_buffer;
    XmlWriter m_writer;
};

template<ModelShape T> void writeItem(XmlWriter &w, QLatin1StringView element, const T &item)
{
    w.writeStartElement(element);
    writeModelXml(w, item);
    w.writeEndElement();
}

template<typename T>
QByteArray listDocument(const QString &operation, QLatin1StringView tokenName, QLatin1StringView listName,
                        QLatin1StringView itemName, const SandboxPage<T> &page, const QString &requestId)
{
    Document document(operation);
    XmlWriter &w = document.writer();
    // The paging token comes before the list in every one of these output shapes.
    if (!page.marker.isEmpty())
        w.writeTextElement(tokenName, page.marker);
    w.writeStartElement(listName);
    for (const T &item : page.items)
        writeItem(w, itemName, item);
    w.writeEndElement();
    return document.finish(requestId);
}

} // namespace

QString timestamp(const QDateTime &time)
{
    return Timestamp(time).toServiceIso();
}

QByteArray describeSnapshots(const SandboxPage<Snapshot> &page, const QString &requestId)
{
    return listDocument(u"DescribeSnapshots"_s, L1("Marker"), L1("Snapshots"), L1("Snapshot"), page, requestId);
}

QByteArray snapshotResult(const QString &operation, const Snapshot &snapshot, const QString &requestId)
{
    Document document(operation);
    writeItem(document.writer(), L1("Snapshot"), snapshot);
    return document.finish(requestId);
}

QByteArray describeCacheClusters(const SandboxPage<CacheCluster> &page, const QString &requestId)
{
    return listDocument(u"DescribeCacheClusters"_s, L1("Marker"), L1("CacheClusters"), L1("CacheCluster"), page,
                        requestId);
}

QByteArray describeReplicationGroups(const SandboxPage<ReplicationGroup> &page, const QString &requestId)
{
    return listDocument(u"DescribeReplicationGroups"_s, L1("Marker"), L1("ReplicationGroups"), L1("ReplicationGroup"),
                        page, requestId);
}

QByteArray describeServerlessCaches(const SandboxPage<ServerlessCache> &page, const QString &requestId)
{
    // ServerlessCacheList has no locationName: its items are <member>.
    return listDocument(u"DescribeServerlessCaches"_s, L1("NextToken"), L1("ServerlessCaches"), L1("member"), page,
                        requestId);
}

QByteArray describeServerlessCacheSnapshots(const SandboxPage<ServerlessCacheSnapshot> &page, const QString &requestId)
{
    return listDocument(u"DescribeServerlessCacheSnapshots"_s, L1("NextToken"), L1("ServerlessCacheSnapshots"),
                        L1("ServerlessCacheSnapshot"), page, requestId);
}

QByteArray serverlessSnapshotResult(const QString &operation, const ServerlessCacheSnapshot &snapshot,
                                    const QString &requestId)
{
    Document document(operation);
    writeItem(document.writer(), L1("ServerlessCacheSnapshot"), snapshot);
    return document.finish(requestId);
}

QByteArray describeEvents(const SandboxEventPage &page, const QString &requestId)
{
    Document document(u"DescribeEvents"_s);
    XmlWriter &w = document.writer();
    if (!page.marker.isEmpty())
        w.writeTextElement(L1("Marker"), page.marker);
    w.writeStartElement(L1("Events"));
    for (const SandboxEvent &event : page.events) {
        w.writeStartElement(L1("Event"));
        w.writeTextElement(L1("SourceIdentifier"), event.sourceIdentifier);
        w.writeTextElement(L1("SourceType"), event.sourceType);
        w.writeTextElement(L1("Message"), event.message);
        w.writeTextElement(L1("Date"), timestamp(event.date));
        w.writeEndElement();
    }
    w.writeEndElement();
    return document.finish(requestId);
}

QByteArray document(const QString &operation, const std::function<void(XmlWriter &)> &body, const QString &requestId)
{
    Document document(operation);
    body(document.writer());
    return document.finish(requestId);
}

QByteArray error(const ApiError &error, const QString &requestId)
{
    QByteArray buffer;
    XmlWriter w(&buffer);
    w.writeStartElement(u"ErrorResponse"_s);
    w.writeDefaultNamespace(SandboxDefaults::xmlNamespace);
    w.writeStartElement(u"Error"_s);
    w.writeTextElement(u"Type"_s, error.type.isEmpty() ? u"Sender"_s : error.type);
    w.writeTextElement(u"Code"_s, error.code);
    w.writeTextElement(u"Message"_s, error.message);
    w.writeEndElement();
    w.writeTextElement(u"RequestId"_s, requestId);
    w.writeEndElement();
    return buffer;
}

} // namespace SandboxXml
