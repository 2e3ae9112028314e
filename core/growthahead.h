// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backgroundwork.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

// The next buffer of a large vector, allocated and written on a worker thread before the vector needs it. A vector
// of millions that doubles touches megabytes of new pages in one go, and a new page is a page fault: a few µs on a
// desktop, some 50 µs on the virtual machines the benchmarks run on, where the sorting proxy's row vectors doubling
// at a million rows were merge turns of 50-90 ms. Vectors under kFromBytes grow as they always do.
//
// Used on the vector's thread only; the worker touches nothing but the spare buffer (under its mutex).
template<typename T> class GrowthAhead
{
public:
    static constexpr size_t kFromBytes = size_t(1) << 20;

    // Call before v grows to size (resize, insert, assign): if that passes its capacity, v moves into the buffer
    // made ahead when there is one large enough, else grows as usual; once v is 60% full its next buffer is asked
    // for.
    void reserveFor(std::vector<T> &v, size_t size)
    {
        if (size > v.capacity()) {
            const size_t wanted = std::max(size, v.capacity() * 2);
            std::vector<T> next = take(wanted);
            if (!next.empty()) {
                next.assign(v.begin(), v.end()); // into pages written already; the capacity stays
                v.swap(next);
            } else {
                v.reserve(wanted);
            }
        }
        if (v.capacity() * sizeof(T) >= kFromBytes / 2 && size * 10 > v.capacity() * 6)
            prepare(v.capacity() * 2);
    }

    // Asks a worker for a buffer of this many value-initialized items (from kFromBytes up), unless one as large is
    // asked for already.
    void prepare(size_t items)
    {
        if (items * sizeof(T) < kFromBytes || (m_spare && m_spare->items >= items))
            return;
        auto spare = std::make_shared<Spare>();
        spare->items = items;
        m_spare = spare;
        BackgroundWork::start([spare, items] {
            std::vector<T> buffer(items); // every page written here
            const std::lock_guard lock(spare->mutex);
            spare->buffer = std::move(buffer);
        });
    }

    // The buffer made ahead, if it is ready and holds at least this many items (all value-initialized); else an
    // empty vector, and a buffer not ready yet stays asked for.
    std::vector<T> take(size_t atLeast)
    {
        if (!m_spare)
            return {};
        std::vector<T> buffer;
        {
            const std::lock_guard lock(m_spare->mutex);
            if (m_spare->buffer.size() < atLeast)
                return {};
            buffer = std::move(m_spare->buffer);
        }
        m_spare.reset();
        return buffer;
    }

    // Whether a buffer of at least this many items is ready.
    bool isReady(size_t items) const
    {
        if (!m_spare)
            return false;
        const std::lock_guard lock(m_spare->mutex);
        return m_spare->buffer.size() >= items;
    }

    // Forgets the buffer asked for (a worker still making it frees it).
    void drop() { m_spare.reset(); }

private:
    struct Spare
    {
        std::mutex mutex;
        std::vector<T> buffer; // empty until the worker has made it
        size_t items = 0; // asked for
    };

    std::shared_ptr<Spare> m_spare;
};
