// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/elasticache.h"
#include "model/queryparams.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace QuerySerializer {

// "Action=<op>&Version=2015-02-02&<members>" with botocore's quote_plus encoding: space as '+',
// A-Z a-z 0-9 _ . - ~ kept, every other byte of the UTF-8 form percent-encoded in upper-case hex.
QByteArray formBody(const QString &action, const QueryParams &params);
// The same for another Query-protocol service (STS: "2011-06-15").
QByteArray formBody(const QString &action, const QString &version, const QueryParams &params);
QByteArray encodeComponent(const QString &text);
// The inverse, for the sandbox and tests: splits and decodes a form body ('+' is a space).
QueryParams parseFormBody(const QByteArray &body);

// The members of a request, in model order; lists as <Member>.<Element>.<n> from 1, e.g. Tags.Tag.1.Key.
template<ModelShape S> QueryParams params(const S &request)
{
    return toQueryParams(request);
}

} // namespace QuerySerializer
