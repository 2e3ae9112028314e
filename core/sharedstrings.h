// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The process's table of repeated strings (engines, node types, cluster and group ids, statuses, ARN prefixes),
// each kept once and named by a 32-bit id. A listing of a million snapshots keeps each row's strings as ids
// (SnapshotEntry, core/model/packing.h): four bytes where a QString costs 24 even when it is shared.
//
// Thread-safe: idOf() may be called from any thread; at() of an id that was handed out before (on this thread,
// or before the reading thread was told of it) reads without a lock, as the filter's worker threads do. Strings
// are never removed, so the table is bounded: once it holds limit() strings, idOf() answers NotInterned and the
// caller keeps the text itself (a server sending ever new values costs memory, as it would without the table,
// but cannot grow the table without end).
class SharedStrings
{
public:
    static constexpr quint32 NullId = 0; // QString()
    static constexpr quint32 EmptyId = 1; // QString(u"") (present and empty: the model tells them apart)
    static constexpr quint32 NotInterned = 0xffffffffu;
    static constexpr quint32 MaximumLimit = 1u << 24;

    static quint32 idOf(const QString &text);
    // The table's copy of text (text itself when the table is full): for values many objects repeat.
    static QString shared(const QString &text);
    static const QString &at(quint32 id); // id < size()
    static quint32 size();
    static quint32 limit();
    // For tests of a full table: at least size(), at most MaximumLimit.
    static void setLimit(quint32 limit);
};
