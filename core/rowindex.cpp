// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowindex.h"

#include <QString>

#include <algorithm>
#include <bit>
#include <type_traits>

namespace {

// Tables from this many slots up (8 MB) have their next one made ready on a worker.
constexpr size_t kSpareFromSlots = size_t(1) << 20;

// FNV-1a over the UTF-16 code units, finished with a mix so that the low bits (the slot) depend on every unit.
struct Hasher
{
    quint32 h = 2166136261u;
    void add(quint32 unit)
    {
        h ^= unit;
        h *= 16777619u;
    }
    quint32 finish() const
    {
        quint32 x = h;
        x ^= x >> 16;
        x *= 0x7feb352du;
        x ^= x >> 15;
        x *= 0x846ca68bu;
        x ^= x >> 16;
        return x;
    }
};

} // namespace

quint32 RowIndex::hashOf(int connection, int kind, QAnyStringView name)
{
    Hasher hasher;
    hasher.add(quint32(connection) * 2 + quint32(kind));
    name.visit([&hasher](auto view) {
        using View = decltype(view);
        if constexpr (std::is_same_v<View, QUtf8StringView>) {
            for (QChar c : view.toString())
                hasher.add(c.unicode());
        } else if constexpr (std::is_same_v<View, QLatin1StringView>) {
            for (char c : view)
                hasher.add(uchar(c));
        } else {
            for (QChar c : view)
                hasher.add(c.unicode());
        }
    });
    return hasher.finish();
}

void RowIndex::insert(quint32 hash, int row)
{
    if ((m_size + 1) * 10 > m_slots.size() * 6)
        prepareGrowth();
    if ((m_size + 1) * 10 > m_slots.size() * 7)
        rehash(std::max<size_t>(16, m_slots.size() * 2));
    size_t i = hash & mask();
    while (m_slots[i].row1 != 0)
        i = (i + 1) & mask();
    m_slots[i] = {quint32(row + 1), hash};
    ++m_size;
}

bool RowIndex::remove(quint32 hash, int row)
{
    if (m_slots.empty())
        return false;
    size_t i = hash & mask();
    while (m_slots[i].row1 != quint32(row + 1)) {
        if (m_slots[i].row1 == 0)
            return false;
        i = (i + 1) & mask();
    }
    // Backward-shift deletion: the entries after it that would no longer be found move up.
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask();
        if (m_slots[j].row1 == 0)
            break;
        const size_t home = m_slots[j].hash & mask();
        const bool between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (between)
            continue;
        m_slots[i] = m_slots[j];
        i = j;
    }
    m_slots[i] = {};
    --m_size;
    return true;
}

void RowIndex::reserve(size_t rows)
{
    const size_t wanted = std::bit_ceil(std::max<size_t>(16, rows * 10 / 7 + 1));
    if (wanted > m_slots.size())
        rehash(wanted);
    else if (rows * 10 > m_slots.size() * 6)
        prepareGrowth();
}

void RowIndex::clear()
{
    m_slots.clear();
    m_slots.shrink_to_fit();
    m_size = 0;
    m_ahead.drop();
}

void RowIndex::prepareGrowth()
{
    const size_t next = m_slots.size() * 2;
    if (next >= kSpareFromSlots)
        m_ahead.prepare(next);
}

bool RowIndex::growthPrepared() const
{
    return m_ahead.isReady(m_slots.size() * 2);
}

void RowIndex::rehash(size_t slots)
{
    std::vector<Slot> old = std::move(m_slots);
    m_slots = m_ahead.take(slots); // every slot empty, when ready
    if (m_slots.size() != slots)
        m_slots.assign(slots, Slot());
    for (const Slot &slot : old) {
        if (slot.row1 == 0)
            continue;
        size_t i = slot.hash & mask();
        while (m_slots[i].row1 != 0)
            i = (i + 1) & mask();
        m_slots[i] = slot;
    }
}
