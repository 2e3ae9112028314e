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
            if (next.capacity() >= wanted) {
                next.assign(v.begin(), v.end());
                v.swap(next);
            } else {
                v.reserve(wanted);
            }
        }
        if (v.capacity() * sizeof(T) >= kFromBytes / 2 && size * 10 > v.capacity() * 6)
            prepare(v.capacity() * 2);
    }

    // Whether a buffer of at least this many items is ready (for tests).
    bool isReady(size_t capacity) const
    {
        if (!m_spare)
            return false;
        const std::lock_guard lock(m_spare->mutex);
        return m_spare->buffer.capacity() >= capacity;
    }

private:
    struct Spare
    {
        std::mutex mutex;
        std::vector<T> buffer; // empty, with its capacity written once, when ready
        size_t capacity = 0; // asked for
    };

    void prepare(size_t capacity)
    {
        if (capacity * sizeof(T) < kFromBytes || (m_spare && m_spare->capacity >= capacity))
            return;
        auto spare = std::make_shared<Spare>();
        spare->capacity = capacity;
        m_spare = spare;
        BackgroundWork::start([spare, capacity] {
            std::vector<T> buffer(capacity); // every page written here
            buffer.clear(); // the capacity stays
            const std::lock_guard lock(spare->mutex);
            spare->buffer = std::move(buffer);
        });
    }

    std::vector<T> take(size_t atLeast)
    {
        if (!m_spare)
            return {};
        std::vector<T> buffer;
        {
            const std::lock_guard lock(m_spare->mutex);
            if (m_spare->buffer.capacity() < atLeast)
                return {};
            buffer = std::move(m_spare->buffer);
        }
        m_spare.reset();
        return buffer;
    }

    std::shared_ptr<Spare> m_spare;
};
