// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sharedstrings.h"

#include <QHash>
#include <QMutex>

#include <algorithm>
#include <array>
#include <atomic>
#include <memory>

namespace {

constexpr quint32 kChunkBits = 12;
constexpr quint32 kChunkSize = 1u << kChunkBits;
constexpr quint32 kChunks = SharedStrings::MaximumLimit / kChunkSize;

// Strings live in chunks that never move, so a reader needs no lock: the chunk's pointer is published (release)
// before any id in it is handed out.
struct Table
{
    QMutex mutex;
    std::array<std::atomic<QString *>, kChunks> chunks {};
    std::atomic<quint32> size {0};
    quint32 limit = SharedStrings::MaximumLimit;
    QHash<QString, quint32> byText;
    // The table's own buffers: a caller's string that shares one (a StringPool's copy, an earlier answer's) is
    // found without hashing its text. The table keeps each buffer alive, so an address is never reused.
    QHash<const void *, quint32> byBuffer;

    Table()
    {
        append(QString());
        append(QStringLiteral(""));
    }
    ~Table()
    {
        for (auto &chunk : chunks)
            delete[] chunk.load(std::memory_order_relaxed);
    }

    QString &slot(quint32 id)
    {
        return chunks[id >> kChunkBits].load(std::memory_order_acquire)[id & (kChunkSize - 1)];
    }

    quint32 append(const QString &text)
    {
        const quint32 id = size.load(std::memory_order_relaxed);
        std::atomic<QString *> &chunk = chunks[id >> kChunkBits];
        if (!chunk.load(std::memory_order_relaxed))
            chunk.store(new QString[kChunkSize], std::memory_order_release);
        slot(id) = text;
        size.store(id + 1, std::memory_order_release);
        return id;
    }
};

Table &table()
{
    static Table instance;
    return instance;
}

} // namespace

quint32 SharedStrings::idOf(const QString &text)
{
    if (text.isNull())
        return NullId;
    if (text.isEmpty())
        return EmptyId;
    Table &t = table();
    QMutexLocker lock(&t.mutex);
    const auto known = t.byBuffer.constFind(text.constData());
    if (known != t.byBuffer.constEnd() && t.slot(*known).size() == text.size())
        return *known;
    const auto equal = t.byText.constFind(text);
    if (equal != t.byText.constEnd())
        return *equal;
    if (t.size.load(std::memory_order_relaxed) >= t.limit)
        return NotInterned;
    // The caller's buffer is kept (so its later copies are found by address) unless it wastes much room or is
    // not owned (raw data: capacity() is 0).
    const bool copy = text.capacity() < text.size() || text.capacity() - text.size() > 8;
    const QString kept = copy ? QString(text.constData(), text.size()) : text;
    const quint32 id = t.append(kept);
    t.byText.insert(kept, id);
    t.byBuffer.insert(kept.constData(), id);
    return id;
}

QString SharedStrings::shared(const QString &text)
{
    const quint32 id = idOf(text);
    return id == NotInterned ? text : at(id);
}

const QString &SharedStrings::at(quint32 id)
{
    Q_ASSERT(id < size());
    return table().slot(id);
}

quint32 SharedStrings::size()
{
    return table().size.load(std::memory_order_acquire);
}

quint32 SharedStrings::limit()
{
    Table &t = table();
    QMutexLocker lock(&t.mutex);
    return t.limit;
}

void SharedStrings::setLimit(quint32 limit)
{
    Table &t = table();
    QMutexLocker lock(&t.mutex);
    t.limit = std::clamp(limit, t.size.load(std::memory_order_relaxed), MaximumLimit);
}
