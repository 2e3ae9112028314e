// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "recordedrequest.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Reads tests/data/wire-captures.md (a copy of ../shared/reference/wire-captures.md) at test time: per scenario, the
// requests the AWS CLI sent, its own --debug signing log, the XML the capture server answered (when shown), and what
// the AWS CLI printed.
struct WireCapture
{
    struct Answer
    {
        int httpStatus = 0;
        QByteArray xml;
        bool clipped = false; // the document was shortened for reading: not the server's bytes
    };

    QString client; // "awscli-v1" | "awscli-v2"
    QString scenario; // e.g. "describe-cluster-name"
    QList<QByteArray> requests; // every request shown, byte for byte (request line, headers, empty line, body)
    QByteArray debugCanonicalRequest; // awscli's own --debug log of attempt 1, when the capture has one
    QByteArray debugStringToSign;
    QList<int> statuses; // every "Server answered HTTP N", in order
    QList<Answer> answers;

    bool hasStdout = false;
    QStringList stdoutLines; // complete output, or the lines before the clip marker
    int stdoutClippedLines = -1; // -1 when complete
    QStringList stdoutTailLines; // the lines after the clip marker
    QStringList stderrLines;

    bool isV2() const { return client == u"awscli-v2"; }
    QString name() const { return client + u' ' + scenario; }
};

QList<WireCapture> loadWireCaptures(QString *error);
// Every capture, read once; a file that cannot be read or holds no scenario ends the test (qFatal).
const QList<WireCapture> &wireCaptures();
// The capture of one client ("awscli-v1" | "awscli-v2") and scenario, or nullptr.
const WireCapture *findWireCapture(const QString &client, const QString &scenario);
// The n-th (from 0) request of a capture, parsed, or nothing when the capture or the request is not there.
std::optional<RecordedRequest> capturedRequest(const QString &client, const QString &scenario, int n = 0);

QString rootElementName(const QByteArray &xml);

// A success answer parsed with the matching ResponseParser function (chosen by its document element) and
// printed with the matching JsonOutput function.
struct RenderedAnswer
{
    QByteArray json;
    qsizetype items = 0; // list members, or 1 for a single-resource result
    QString itemElement; // the element name of one item, e.g. "Snapshot"
    bool isPage = false; // a Describe answer (items, token, request id) rather than one resource
    QString requestId;
    QString nextToken;
};
// root names the parser to use (default: the document's own element); a root no parser handles gives
// ApiError{Kind::Config}.
ApiResult<RenderedAnswer> renderAnswer(const QByteArray &xml, QString root = {});

// The instant of an ISO 8601 text as milliseconds since the epoch, or nothing.
std::optional<qint64> instantOf(const QString &text);
