// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "packing.h"

#include <algorithm>

namespace ModelPackingDetail {

void putString(QByteArray &out, const QString &text, bool interned)
{
    if (text.isNull() || text.isEmpty() || interned) {
        const quint32 id = text.isNull() ? SharedStrings::NullId
            : text.isEmpty()             ? SharedStrings::EmptyId
                                         : SharedStrings::idOf(text);
        if (id != SharedStrings::NotInterned) {
            putVarint(out, quint64(id) << 1);
            return;
        }
    }
    const QChar *chars = text.constData();
    const qsizetype n = text.size();
    const bool latin1 = std::all_of(chars, chars + n, [](QChar c) { return c.unicode() < 0x100; });
    putVarint(out, quint64(n) << 2 | (latin1 ? 3 : 1));
    if (latin1) {
        const qsizetype at = out.size();
        out.resize(at + n);
        char *bytes = out.data() + at;
        for (qsizetype i = 0; i < n; ++i)
            bytes[i] = char(chars[i].unicode());
    } else {
        out.append(reinterpret_cast<const char *>(chars), n * qsizetype(sizeof(QChar)));
    }
}

bool getString(const char *&p, const char *end, QString &text)
{
    quint64 v = 0;
    if (!getVarint(p, end, v))
        return false;
    if (!(v & 1)) {
        if ((v >> 1) >= SharedStrings::size())
            return false;
        text = SharedStrings::at(quint32(v >> 1));
        return true;
    }
    const quint64 n = v >> 2;
    const bool latin1 = v & 2;
    const quint64 bytes = latin1 ? n : n * sizeof(QChar);
    if (n > quint64(end - p) || bytes > quint64(end - p))
        return false;
    if (latin1) {
        text = QString::fromLatin1(p, qsizetype(n));
    } else {
        text.resize(qsizetype(n));
        std::memcpy(text.data(), p, bytes);
    }
    p += bytes;
    return true;
}

} // namespace ModelPackingDetail
