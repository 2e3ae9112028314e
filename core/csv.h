// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// Comma-separated values as RFC 4180 has them (what spreadsheets and Python's csv module read): a field holding a
// comma, a quote, a line break or leading or trailing blanks is quoted, its quotes doubled; lines end in CRLF.
namespace Csv {

// One field. A text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
// return, and not a number) gets a leading apostrophe, as OWASP advises against CSV injection: names come from the
// service and the files, not from the person opening the file.
QString field(QStringView text);
// The fields of one line, with its CRLF.
QString line(const QStringList &fields);

} // namespace Csv
