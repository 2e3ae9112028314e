// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedserver.h"

#include <QHash>
#include <QLocale>
#include <QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}
} // namespace

ScriptedResponse ScriptedResponse::xml(int status, QByteArray body)
{
    ScriptedResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

ScriptedResponse ScriptedResponse::html(int status, QByteArray body)
{
    ScriptedResponse r;
    r.status = status;
    r.contentType = "text/html";
    r.body = std::move(body);
    return r;
}

ScriptedResponse ScriptedResponse::closeMidResponse(QByteArray body)
{
    ScriptedResponse r;
    r.action = Action::CloseMidResponse;
    r.body = std::move(body);
    return r;
}

ScriptedResponse ScriptedResponse::hang()
{
    ScriptedResponse r;
    r.action = Action::Hang;
    return r;
}

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::onNewConnection);
}

ScriptedServer::~ScriptedServer() = default;

bool ScriptedServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1/"_s.arg(m_server.serverPort()));
}

quint16 ScriptedServer::port() const
{
    return m_server.serverPort();
}

void ScriptedServer::enqueue(const ScriptedResponse &response)
{
    m_queue.append(response);
}

void ScriptedServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

const QList<RecordedRequest> &ScriptedServer::requests() const
{
    return m_requests;
}

void ScriptedServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ScriptedServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            break;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        RecordedRequest request;
        request.requestLine = lines.value(0).trimmed();
        const QList<QByteArray> requestLine = request.requestLine.split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                contentLength = value.toLongLong();
        }
        if (buffer.size() < end + 4 + contentLength)
            break;
        request.body = buffer.mid(end + 4, contentLength);
        buffer.remove(0, end + 4 + contentLength);

        const int index = int(m_requests.size());
        m_requests.append(request);
        ScriptedResponse response;
        if (!m_queue.isEmpty())
            response = m_queue.takeFirst();
        else if (m_handler)
            response = m_handler(request, index);
        else
            response = ScriptedResponse::xml(599, "script exhausted");
        Q_EMIT requestReceived(index);
        answer(socket, response);
        if (response.action != ScriptedResponse::Action::Respond)
            break;
    }
    socket->setProperty("buffer", buffer);
}

void ScriptedServer::answer(QTcpSocket *socket, const ScriptedResponse &response)
{
    if (response.action == ScriptedResponse::Action::Hang)
        return;
    const QDateTime date = response.date.isValid() ? response.date : QDateTime::currentDateTimeUtc();
    // A HEAD answer announces the length of the body it does not carry: the script may set Content-Length.
    const bool ownLength = std::any_of(response.headers.cbegin(), response.headers.cend(), [](const auto &h) {
        return h.first.compare("Content-Length", Qt::CaseInsensitive) == 0;
    });
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
        + "\r\nx-amzn-RequestId: scripted-" + QByteArray::number(m_requests.size())
        + "\r\nContent-Type: " + response.contentType
        + (ownLength ? QByteArray() : "\r\nContent-Length: " + QByteArray::number(response.body.size()))
        + "\r\nDate: " + httpDate(date) + "\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    if (response.action == ScriptedResponse::Action::CloseMidResponse) {
        socket->write(head + response.body.left(response.body.size() / 2));
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    socket->write(head + response.body);
}
