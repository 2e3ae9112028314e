// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "nameset.h"

#include <algorithm>

QStringView NameSet::view(const Span &span) const
{
    return QStringView(m_blocks[span.block].get() + span.at, qsizetype(span.size));
}

int NameSet::find(quint32 hash, QStringView name) const
{
    return m_index.find(hash, [&](int i) { return view(m_spans[size_t(i)]) == name; });
}

bool NameSet::contains(QStringView name) const
{
    return find(RowIndex::hashOf(0, 0, name), name) >= 0;
}

bool NameSet::insert(QStringView name)
{
    const quint32 hash = RowIndex::hashOf(0, 0, name);
    if (find(hash, name) >= 0)
        return false;
    const auto size = quint32(name.size());
    if (m_blocks.empty() || size > m_room) {
        const quint32 capacity = std::max(kBlockSize, size);
        m_blocks.push_back(std::make_unique<QChar[]>(capacity));
        m_used = 0;
        m_room = capacity;
    }
    std::copy(name.begin(), name.end(), m_blocks.back().get() + m_used);
    m_spans.push_back({quint32(m_blocks.size() - 1), m_used, size});
    m_used += size;
    m_room -= size;
    m_index.insert(hash, int(m_spans.size() - 1));
    return true;
}

void NameSet::clear()
{
    m_blocks.clear();
    m_used = 0;
    m_room = 0;
    m_spans.clear();
    m_spans.shrink_to_fit();
    m_index.clear();
}
