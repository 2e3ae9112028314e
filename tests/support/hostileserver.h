// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

// How a hostile server answers one request: a head written at once, then a body that may come slowly, never end,
// be far too large, or stop short of what the head announced.
struct HostileAnswer
{
    QByteArray head; // the status line and headers, with the blank line that ends them
    QByteArray body; // written after the head (a byte at a time with trickleMs)
    int trickleMs = 0; // > 0: one byte of the body every trickleMs
    int endlessChunkMs = 0; // > 0: after the body, a one-byte chunk every endlessChunkMs, never the last chunk
    qint64 streamBytes = 0; // after the body, this many more bytes as fast as the client takes them
    bool closeAfterBody = false; // close the connection once the body is written

    // A complete answer with a Content-Length and a Date header.
    static HostileAnswer respond(int status, const QByteArray &body, const QByteArray &date = QByteArray());
    // The whole head at once, the body one byte every intervalMs.
    static HostileAnswer trickle(const QByteArray &body, int intervalMs);
    // A chunked answer whose chunks keep coming, one every intervalMs, without an end.
    static HostileAnswer endlessChunked(int intervalMs);
    // A 200 of bytes bytes, with a Content-Length when announced, chunked otherwise.
    static HostileAnswer huge(qint64 bytes, bool announced);
    // A Content-Length of body's size plus missing, body, then the connection is closed.
    static HostileAnswer shortBody(const QByteArray &body, qint64 missing);
};

// An HTTP/1.1 server on 127.0.0.1 that answers each request as a handler decides, and counts what it wrote.
// Requests are read whole (Content-Length bodies); a connection answers one request at a time.
class HostileServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostileServer)

public:
    using Handler = std::function<HostileAnswer(const QByteArray &requestBody, int index)>;

    explicit HostileServer(Handler handler, QObject *parent = nullptr);
    ~HostileServer() override;

    bool listen();
    QUrl url() const; // http://127.0.0.1:<port>/
    int requests() const;
    qint64 bytesWritten() const; // the answers' bytes handed to the sockets so far
    int closedByClient() const; // connections the client closed while an answer was still being written

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(Connection *connection);
    void writeMore(Connection *connection);
    void write(Connection *connection, const QByteArray &bytes);

    QTcpServer m_server;
    Handler m_handler;
    int m_requests = 0;
    qint64 m_bytesWritten = 0;
    int m_closedByClient = 0;
};
