// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <memory>
#include <optional>

// std::optional's interface for a large member that is usually absent: one pointer when absent, the value on the
// heap when present, copied with its owner. NodeSnapshot's NodeGroupConfiguration is 150 bytes, and
// DescribeSnapshots leaves it out unless ShowNodeGroupConfig is set; as a std::optional it made up more than half
// of each node snapshot, about 30 MB of empty space in a listing of 100,000 snapshots.
template<typename T> class HeapOptional
{
public:
    HeapOptional() = default;
    HeapOptional(std::nullopt_t) { }
    HeapOptional(T value)
        : m_value(std::make_unique<T>(std::move(value)))
    {
    }
    HeapOptional(const HeapOptional &other)
        : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr)
    {
    }
    HeapOptional(HeapOptional &&) noexcept = default;
    ~HeapOptional() = default;

    HeapOptional &operator=(const HeapOptional &other)
    {
        if (this != &other)
            m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
        return *this;
    }
    HeapOptional &operator=(HeapOptional &&) noexcept = default;
    HeapOptional &operator=(std::nullopt_t)
    {
        m_value.reset();
        return *this;
    }
    HeapOptional &operator=(T value)
    {
        if (m_value)
            *m_value = std::move(value);
        else
            m_value = std::make_unique<T>(std::move(value));
        return *this;
    }

    bool has_value() const { return bool(m_value); }
    explicit operator bool() const { return bool(m_value); }
    void reset() { m_value.reset(); }

    T &operator*()
    {
        Q_ASSERT(m_value);
        return *m_value;
    }
    const T &operator*() const
    {
        Q_ASSERT(m_value);
        return *m_value;
    }
    T *operator->() { return &**this; }
    const T *operator->() const { return &**this; }

    friend bool operator==(const HeapOptional &a, const HeapOptional &b)
    {
        return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
    }

private:
    std::unique_ptr<T> m_value;
};
