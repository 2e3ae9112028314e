// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <memory>
#include <string_view>
#include <vector>

// Byte strings stored back to back in 64 KiB blocks and addressed by a 32-bit position: the sort and search keys
// of 100,000 rows without an allocation, a heap header and a std::string each, and laid out in the order they
// were written, so a scan over the rows reads memory in order. Nothing is freed one by one: the owner counts what
// it no longer uses and writes the live keys into a fresh arena when that grows large.
class KeyArena
{
public:
    static constexpr quint32 kBlockSize = 64 * 1024;
    static constexpr quint32 kMaxSize = 16 * 1024; // longer keys are cut: they still sort and match on that much

    struct Span
    {
        quint32 at = 0;
        quint32 size = 0;
    };

    KeyArena() = default;
    KeyArena(KeyArena &&) noexcept = default;
    KeyArena &operator=(KeyArena &&) noexcept = default;

    Span append(std::string_view bytes);
    std::string_view view(Span span) const
    {
        if (span.size == 0)
            return {};
        return {m_blocks[span.at / kBlockSize].get() + span.at % kBlockSize, span.size};
    }
    void clear();
    // Bytes held in blocks, and bytes written (some of which the owner may no longer use).
    size_t capacity() const { return m_blocks.size() * size_t(kBlockSize); }
    size_t written() const { return m_written; }

private:
    std::vector<std::unique_ptr<char[]>> m_blocks;
    quint32 m_used = kBlockSize; // in the last block; a full "block" before the first
    size_t m_written = 0;
};
