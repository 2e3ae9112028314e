// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <functional>
#include <utility>

// Large hashes of the window's thread grown before they fill, in a turn of the event loop of their own.
//
// A QHash that fills doubles in the call that inserts its next key: every key is hashed again and moved, all at once.
// At a million snapshots in one connection the Caches tab's newest snapshot per source did so at 262,144 keys, in
// some 20-30 ms, and the table model's count of snapshots per cluster at its own sizes, inside merge turns sized for
// 25 ms: turns of 36-41 ms of CPU held the window for 49-55 ms, at the same point of every load (release build). A
// hash watched here is grown once it is three quarters full, by the first turn that calls growOne() (a merge turn,
// before it merges; it then merges nothing), so the rows that would have filled it find room.
//
// Per thread: a Watch registers its hashes with the thread it is made on, and growOne() grows that thread's. A Watch
// is made and destroyed on one thread, as the window's models are.
class HashGrowth final
{
    struct Registry; // a thread's watched hashes

public:
    HashGrowth() = delete;

    // Smaller hashes double in a millisecond or two, wherever that happens.
    static constexpr qsizetype kFromCapacity = 16384;

    // Whether a hash of this size and capacity (QHash::capacity(): what it holds before it doubles) is grown ahead.
    static bool isNearlyFull(qsizetype size, qsizetype capacity)
    {
        return capacity >= kFromCapacity && size * 4 >= capacity * 3;
    }

    // The hashes given (QHash or QSet: size(), capacity(), reserve()) are watched while this lives; declare it after
    // them, so it goes first.
    class Watch
    {
        Q_DISABLE_COPY_MOVE(Watch)

    public:
        template<typename... Hash> explicit Watch(Hash *...hashes) { (add(hashes), ...); }
        ~Watch();

    private:
        template<typename Hash> void add(Hash *hash)
        {
            // QHash::reserve(n) makes room for n keys in twice as many buckets, rounded up to a power of two: twice the
            // capacity is one doubling.
            add([hash] { return std::pair<qsizetype, qsizetype>(hash->size(), hash->capacity()); },
                [hash] { hash->reserve(hash->capacity() * 2); });
        }
        void add(std::function<std::pair<qsizetype, qsizetype>()> sizeAndCapacity, std::function<void()> grow);

        Registry *m_registry = nullptr; // its thread's
    };

    // Grows the watched hash of this thread that is nearly full and largest, if there is one; returns whether it
    // tried. One a call: each is a turn's work. Its time (the thread's CPU time) a key is kept for the estimates below.
    // A hash that did not grow is not tried again until its capacity changes.
    static bool growOne();
    // Whether a watched hash of this thread is nearly full; estimatedMs, when given, is set to how long its growth
    // should take at the pace of the last one of this thread (0 before any).
    static bool anyNearlyFull(double *estimatedMs = nullptr);
};
