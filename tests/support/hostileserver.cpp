// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostileserver.h"

#include <QDateTime>
#include <QLocale>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kStreamChunk = 64 * 1024;
constexpr qint64 kStreamBacklog = 256 * 1024; // what may wait in the socket's buffer before more is written

QByteArray httpDate()
{
    return QLocale::c().toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

QByteArray statusAndHeaders(int status, const QByteArray &extraHeaders, const QByteArray &date = QByteArray())
{
    return "HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Status")
        + "\r\nContent-Type: text/xml\r\nx-amzn-RequestId: hostile-1\r\nDate: " + (date.isEmpty() ? httpDate() : date)
        + "\r\n" + extraHeaders + "\r\n";
}
} // namespace

HostileAnswer HostileAnswer::respond(int status, const QByteArray &body, const QByteArray &date)
{
    HostileAnswer a;
    a.head = statusAndHeaders(status, "Content-Length: " + QByteArray::number(body.size()) + "\r\n", date);
    a.body = body;
    return a;
}

HostileAnswer HostileAnswer::trickle(const QByteArray &body, int intervalMs)
{
    HostileAnswer a = respond(200, body);
    a.trickleMs = intervalMs;
    return a;
}

HostileAnswer HostileAnswer::endlessChunked(int intervalMs)
{
    HostileAnswer a;
    a.head = statusAndHeaders(200, "Transfer-Encoding: chunked\r\n");
    a.body = "1\r\n<\r\n";
    a.endlessChunkMs = intervalMs;
    return a;
}

HostileAnswer HostileAnswer::huge(qint64 bytes, bool announced)
{
    HostileAnswer a;
    a.head = statusAndHeaders(200,
                              announced ? "Content-Length: " + QByteArray::number(bytes) + "\r\n"
                                        : QByteArray("Transfer-Encoding: chunked\r\n"));
    a.streamBytes = bytes;
    return a;
}

HostileAnswer HostileAnswer::shortBody(const QByteArray &body, qint64 missing)
{
    HostileAnswer a;
    a.head = statusAndHeaders(200, "Content-Length: " + QByteArray::number(body.size() + missing) + "\r\n");
    a.body = body;
    a.closeAfterBody = true;
    return a;
}

struct HostileServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool answering = false;
    bool chunked = false;
    HostileAnswer answer;
    qsizetype bodyWritten = 0;
    qint64 streamed = 0;
    QTimer timer;
};

HostileServer::HostileServer(Handler handler, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, &HostileServer::onNewConnection);
}

HostileServer::~HostileServer() = default;

bool HostileServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl HostileServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1/"_s.arg(m_server.serverPort()));
}

int HostileServer::requests() const
{
    return m_requests;
}

qint64 HostileServer::bytesWritten() const
{
    return m_bytesWritten;
}

int HostileServer::closedByClient() const
{
    return m_closedByClient;
}

void HostileServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        auto *connection = new Connection;
        connection->socket = socket;
        // Freed with its socket: on a disconnect, or with the server (a client that never closed).
        connect(socket, &QObject::destroyed, [connection] { delete connection; });
        connect(&connection->timer, &QTimer::timeout, socket, [this, connection] { writeMore(connection); });
        connect(socket, &QTcpSocket::readyRead, this, [this, connection] { onReadyRead(connection); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, connection] {
            if (connection->answering && connection->answer.streamBytes > 0)
                writeMore(connection);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket, connection] {
            if (connection->answering)
                ++m_closedByClient;
            connection->timer.stop();
            socket->deleteLater();
        });
    }
}

void HostileServer::onReadyRead(Connection *connection)
{
    connection->buffer += connection->socket->readAll();
    if (connection->answering)
        return;
    const qsizetype end = connection->buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    qsizetype length = 0;
    for (const QByteArray &line : connection->buffer.left(end).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            length = line.mid(colon + 1).trimmed().toLongLong();
    }
    if (connection->buffer.size() < end + 4 + length)
        return;
    const QByteArray body = connection->buffer.mid(end + 4, length);
    connection->buffer.remove(0, end + 4 + length);

    connection->answer = m_handler(body, m_requests++);
    connection->answering = true;
    connection->chunked = connection->answer.head.contains("Transfer-Encoding: chunked");
    connection->bodyWritten = 0;
    connection->streamed = 0;
    write(connection, connection->answer.head);
    if (connection->answer.trickleMs > 0)
        connection->timer.start(connection->answer.trickleMs);
    else
        writeMore(connection);
}

void HostileServer::write(Connection *connection, const QByteArray &bytes)
{
    m_bytesWritten += connection->socket->write(bytes);
}

// Writes what comes next of the answer: the next byte of a trickled body, the rest of the body, the next piece of
// a stream, the next chunk of an endless answer.
void HostileServer::writeMore(Connection *connection)
{
    HostileAnswer &a = connection->answer;
    QTcpSocket *socket = connection->socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (connection->bodyWritten < a.body.size()) {
        const qsizetype n = a.trickleMs > 0 ? 1 : a.body.size() - connection->bodyWritten;
        write(connection, a.body.mid(connection->bodyWritten, n));
        connection->bodyWritten += n;
        if (connection->bodyWritten < a.body.size())
            return;
        connection->timer.stop();
    }
    if (a.streamBytes > connection->streamed) {
        while (a.streamBytes > connection->streamed && socket->bytesToWrite() < kStreamBacklog) {
            const qint64 n = qMin(kStreamChunk, a.streamBytes - connection->streamed);
            const QByteArray piece(n, 'x');
            write(connection, connection->chunked ? QByteArray::number(n, 16) + "\r\n" + piece + "\r\n" : piece);
            connection->streamed += n;
        }
        if (a.streamBytes > connection->streamed)
            return; // more on bytesWritten
        if (connection->chunked)
            write(connection, "0\r\n\r\n");
    }
    if (a.endlessChunkMs > 0) {
        if (!connection->timer.isActive())
            connection->timer.start(a.endlessChunkMs);
        if (connection->bodyWritten >= a.body.size() && a.trickleMs == 0 && connection->streamed >= a.streamBytes)
            write(connection, "1\r\n<\r\n");
        return;
    }
    if (a.closeAfterBody) {
        socket->flush();
        connection->answering = false;
        socket->disconnectFromHost();
        return;
    }
    connection->answering = false;
}
