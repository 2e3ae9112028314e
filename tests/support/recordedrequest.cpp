// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordedrequest.h"

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QList<QByteArray> RecordedRequest::headerNames() const
{
    QList<QByteArray> names;
    for (const auto &header : headers)
        names << header.first;
    return names;
}

RecordedRequest RecordedRequest::parse(const QByteArray &text)
{
    RecordedRequest r;
    const QList<QByteArray> lines = text.split('\n');
    r.requestLine = lines.first();
    const qsizetype firstSpace = r.requestLine.indexOf(' ');
    const qsizetype versionAt = r.requestLine.lastIndexOf(" HTTP/");
    r.method = r.requestLine.left(firstSpace);
    r.target = r.requestLine.mid(firstSpace + 1, versionAt - firstSpace - 1);
    qsizetype i = 1;
    for (; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty())
            break;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !r.headers.isEmpty()) {
            r.headers.last().second += '\n' + line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    if (i < lines.size())
        r.body = lines.mid(i + 1).join('\n');
    return r;
}
