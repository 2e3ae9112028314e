// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "recordedrequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

// What the server does with one request.
struct ScriptedResponse
{
    enum class Action {
        Respond, // status line, headers, body
        CloseMidResponse, // headers announcing the whole body, half of it, then the connection is closed
        Hang, // never answer (the client's transfer timeout has to end it)
    };

    Action action = Action::Respond;
    int status = 200;
    QByteArray contentType = "text/xml";
    QByteArray body;
    QDateTime date; // the Date header; invalid: the current time
    QList<QPair<QByteArray, QByteArray>> headers; // more headers, after the standard ones (e.g. Location)

    static ScriptedResponse xml(int status, QByteArray body);
    static ScriptedResponse html(int status, QByteArray body);
    static ScriptedResponse closeMidResponse(QByteArray body);
    static ScriptedResponse hang();
};

// A tiny HTTP/1.1 server on 127.0.0.1 (port chosen by the system) that records every request and answers
// from a script: queued responses in order, or a handler deciding per request. Keep-alive is honoured.
class ScriptedServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptedServer)

public:
    using Handler = std::function<ScriptedResponse(const RecordedRequest &request, int index)>;

    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    bool listen();
    QUrl url() const; // http://127.0.0.1:<port>/
    quint16 port() const;

    void enqueue(const ScriptedResponse &response);
    // Used when the queue is empty; without one, an exhausted script answers 599.
    void setHandler(Handler handler);
    const QList<RecordedRequest> &requests() const;

Q_SIGNALS:
    void requestReceived(int index);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const ScriptedResponse &response);

    QTcpServer m_server;
    QList<ScriptedResponse> m_queue;
    Handler m_handler;
    QList<RecordedRequest> m_requests;
};
