// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "keyarena.h"

#include <cstring>

KeyArena::Span KeyArena::append(std::string_view bytes)
{
    const quint32 size = quint32(std::min<size_t>(bytes.size(), kMaxSize));
    if (size == 0)
        return {};
    if (kBlockSize - m_used < size) {
        Q_ASSERT(m_blocks.size() < size_t(0xffffffffu / kBlockSize));
        m_blocks.push_back(std::make_unique_for_overwrite<char[]>(kBlockSize));
        m_used = 0;
    }
    const Span span {quint32(m_blocks.size() - 1) * kBlockSize + m_used, size};
    std::memcpy(m_blocks.back().get() + m_used, bytes.data(), size);
    m_used += size;
    m_written += size;
    return span;
}

void KeyArena::clear()
{
    m_blocks.clear();
    m_used = kBlockSize;
    m_written = 0;
}
