// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "growthahead.h"

#include <QAnyStringView>

#include <vector>

// Numbered items (the snapshot table's rows, a NameSet's names) by the hash of their key: an open-addressing
// table (linear probing) of item numbers and hashes, 8 bytes a slot at most 70% full. The keys are not stored: a
// lookup asks the caller whether an item is the one it wants (the table model compares the row's own name). A
// QHash<QString, int> per connection and kind cost the table some 44 bytes a row, a million rows 50 MB.
class RowIndex
{
public:
    // A key of a connection, a kind and a name; the same for equal text in any encoding (the entries keep names in
    // Latin-1, lookups come as QString).
    static quint32 hashOf(int connection, int kind, QAnyStringView name);

    // The row with this hash that isRow(row) accepts; -1 if none.
    template<typename IsRow> int find(quint32 hash, IsRow &&isRow) const
    {
        if (m_slots.empty())
            return -1;
        for (size_t i = hash & mask();; i = (i + 1) & mask()) {
            const Slot &slot = m_slots[i];
            if (slot.row1 == 0)
                return -1;
            if (slot.hash == hash && isRow(int(slot.row1 - 1)))
                return int(slot.row1 - 1);
        }
    }
    // The caller makes sure no row with the same key is in the index.
    void insert(quint32 hash, int row);
    // Removes the row (found by its hash and number); false if it is not in the index.
    bool remove(quint32 hash, int row);
    // Gives every row the number f(row) (never -1: removed rows are removed first).
    template<typename F> void renumber(F &&f)
    {
        for (Slot &slot : m_slots) {
            if (slot.row1 != 0)
                slot.row1 = quint32(f(int(slot.row1 - 1)) + 1);
        }
    }
    void reserve(size_t rows);
    void clear();
    size_t size() const { return m_size; }
    // Whether the next, larger table is ready (see m_ahead).
    bool growthPrepared() const;

private:
    struct Slot
    {
        quint32 row1 = 0; // the row number + 1; 0: empty
        quint32 hash = 0;
    };
    size_t mask() const { return m_slots.size() - 1; }
    void rehash(size_t slots);
    void prepareGrowth();

    // The next table of a large index, allocated and its memory touched on a worker thread once the index is 60%
    // full: a fresh table of millions of slots is thousands of new pages, and the page faults were 220 ms of the
    // window's thread when the table model's index doubled at 734,000 rows (on a virtual machine whose faults are
    // slow). Taken by the rehash if it is ready and of the size wanted, else the rehash allocates as before.
    GrowthAhead<Slot> m_ahead;

    std::vector<Slot> m_slots; // a power of two, or empty
    size_t m_size = 0;
};
