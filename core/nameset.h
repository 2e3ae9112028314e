// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rowindex.h"

#include <QStringView>

#include <memory>
#include <vector>

// A set of names kept back to back in large blocks, found through a RowIndex: what a listing has seen, without
// an allocation per name. A QSet<QString> of a million snapshot names was a million small allocations, freed
// in one event at the end of a listing (almost half a second), and left the heap's pages partly used.
class NameSet
{
public:
    bool insert(QStringView name); // false if it was there
    bool contains(QStringView name) const;
    qsizetype size() const { return qsizetype(m_spans.size()); }
    void clear();

private:
    struct Span
    {
        quint32 block;
        quint32 at;
        quint32 size;
    };
    QStringView view(const Span &span) const;
    int find(quint32 hash, QStringView name) const;

    static constexpr quint32 kBlockSize = 32 * 1024; // characters; longer names have a block of their own
    std::vector<std::unique_ptr<QChar[]>> m_blocks;
    quint32 m_used = 0; // characters of the last block in use
    quint32 m_room = 0; // and free
    std::vector<Span> m_spans;
    RowIndex m_index;
};
