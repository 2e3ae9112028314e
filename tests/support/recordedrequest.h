// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

// One request as it arrived on the wire.
struct RecordedRequest
{
    QByteArray requestLine; // as sent, e.g. "POST / HTTP/1.1"
    QByteArray method;
    QByteArray target;
    QList<QPair<QByteArray, QByteArray>> headers; // in received order, names as sent
    QByteArray body;

    QByteArray header(QByteArrayView name) const; // first value, case-insensitive name
    QList<QByteArray> headerNames() const;

    // A raw HTTP/1.1 request as the wire captures and the SigV4 suites write it: the request line, "Name:value"
    // headers (a line starting with a space or tab continues the previous value, joined with '\n'), an empty
    // line, then the body. Line ends are '\n'.
    static RecordedRequest parse(const QByteArray &text);
};
