// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

#include <optional>

class QCollator;
class QString;

// The tables' text order: natural (digit runs by value) and case-insensitive, as QCollator's numeric mode orders
// the identifiers AWS allows, at a fraction of its cost.
namespace NaturalOrder {

inline char16_t lower(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c;
}

inline bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

// Natural, case-insensitive order for ASCII text (<0, 0, >0); nullopt when the two differ only after a non-ASCII
// character, which collator then orders.
std::optional<int> compareAscii(QStringView a, QStringView b);
// compareAscii(), else collator (numeric mode, case-insensitive).
int compare(const QString &a, const QString &b, const QCollator &collator);

} // namespace NaturalOrder
