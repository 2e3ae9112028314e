// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>

#include <algorithm>
#include <ctime>

// How many items a turn of the event loop takes on (rows merged, sources applied) so that the turn lasts about
// turnMs: measured over the last turns, as an item's cost grows with the table it goes into (a merged row costs a
// few µs in a short table, some 20 µs at a million rows). Between minItems and maxItems. A turn is measured in the
// thread's CPU time where the system gives it: the time the thread waited for a core says nothing of the items,
// and counting it made the turns small, and the listing slow, on a busy machine.
//
// The wall time is bounded too: when the thread got only part of a core in recent turns (their wall time over their
// CPU time, the stretch), a turn takes fewer items, so that it lasts at most wallShare × turnMs of wall time as
// well. A merge turn of 25 ms of CPU took 50-60 ms while a million rows over 20 connections came in, on two cores
// shared with the sandbox serving them, and the repaint after it took more. The stretch is the longest of the last
// turns', let go of slowly: the thread waits for a core in bursts, which the turn before does not foretell.
//
// And the pass of the event loop is bounded: a turn is followed by what it made the window do (the repaint of the
// rows it merged, at a million rows 10-20 ms of CPU), and the event loop handles nothing else, input included, until
// both are done. When a turn says the next one follows at once, the wall time until that one starts is measured as
// the rest of the pass, and a turn takes at most what fits in passMs (35 ms unless set) besides the longest recent
// rest. A merge turn of 25 ms and the repaint after it blocked the event loop for 65-71 ms at a million rows over 20
// connections. The bound leaves 15 ms of the 50 the window may be held for the bursts no recent turn foretold: with
// 45, the loop was held over 25 ms 129-190 times a million-row load over 20 connections; with 35, 87 and 137 times,
// and the load took as long.
//
// The pass is shared by the turns of one thread: a turn that starts right after a turn ended (within kSamePassMs, the
// event loop having handled little in between) counts that turn's wall time, and the time since, as spent of its
// pass, whichever budget's it was. Two kinds of work of the window's thread (a merge of snapshots, a slice of the
// Caches tab's sources) took their turns of 20-30 ms back to back in one pass, and held the loop for 52 ms at a
// million snapshots in one connection; and so did two turns of the Caches tab, the second one queued by the first
// (queued calls come before the timers and the input that came due meanwhile).
class TurnBudget
{
public:
    // A turn starting sooner after the last one is in its pass. Two slices of the Caches tab, the second queued by the
    // first, came 2-3 ms apart (the events posted meanwhile), and with 2 ms here held the loop for 51-53 ms.
    static constexpr double kSamePassMs = 5;

    explicit TurnBudget(qsizetype maxItems, int turnMs = 25, qsizetype minItems = 100)
        : m_maxItems(maxItems)
        , m_minItems(minItems)
        , m_turnMs(turnMs)
    {
    }

    // The calling thread's CPU time where the system gives it, else a monotonic clock.
    static qint64 threadCpuNs()
    {
#if defined(CLOCK_THREAD_CPUTIME_ID)
        timespec now {};
        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
            return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
#endif
        static QElapsedTimer clock;
        if (!clock.isValid())
            clock.start();
        return clock.nsecsElapsed();
    }

    void setMaxItems(qsizetype items)
    {
        m_maxItems = std::max<qsizetype>(1, items);
    }
    qsizetype maxItems() const
    {
        return m_maxItems;
    }

    // Starts a turn: the items it may take.
    qsizetype start()
    {
        if (m_nextAtOnce) {
            // A longer rest counts at once, a shorter one a tenth a turn.
            const double rest = double(m_wall.nsecsElapsed()) / 1e6;
            m_restMs = rest > m_restMs ? rest : m_restMs * 0.9 + rest * 0.1;
            m_nextAtOnce = false;
        }
        double wallMs = m_wallShare > 0 ? m_wallShare * m_turnMs : 0;
        if (m_passMs > 0) {
            const double left = std::max(m_passMs - std::max(m_restMs, passSpentMs()), m_passMs * kLeastOfPass);
            wallMs = wallMs > 0 ? std::min(wallMs, left) : left;
        }
        m_wallLimitMs = wallMs;
        m_startNs = threadCpuNs();
        m_wall.start();
        if (m_itemsPerMs <= 0)
            return m_maxItems;
        const double cpuMs = wallMs > 0 ? std::min(double(m_turnMs), wallMs / m_stretch) : double(m_turnMs);
        return std::min(m_maxItems, std::max(m_minItems, qsizetype(m_itemsPerMs * cpuMs)));
    }
    // Ends it: the items it took (a turn of fewer than minItems says little of an item's cost), and whether the next
    // turn follows in the next pass of the event loop (then what runs until it starts is measured).
    void finish(qsizetype items, bool nextAtOnce = false)
    {
        const double ms = double(threadCpuNs() - m_startNs) / 1e6;
        m_nextAtOnce = nextAtOnce;
        const double wallMs = double(m_wall.nsecsElapsed()) / 1e6;
        m_wall.start(); // from here, the rest of the pass
        LastTurn &last = lastTurn();
        last.ended.start();
        last.wallMs = wallMs;
        if (items < m_minItems || ms <= 0)
            return;
        // A longer stretch counts at once, a shorter one a twentieth a turn.
        const double stretch = std::clamp(wallMs / ms, 1.0, kMostStretch);
        m_stretch = stretch > m_stretch ? stretch : m_stretch * 0.95 + stretch * 0.05;
        // Dearer items count at once; cheaper ones a quarter more a turn at most. A turn of cheap items (rows known
        // already, a page of short ones) averaged in made the next turn of dear ones run to three times its time.
        const double itemsPerMs = double(items) / ms;
        m_itemsPerMs
            = m_itemsPerMs > 0 && itemsPerMs > m_itemsPerMs ? std::min(itemsPerMs, m_itemsPerMs * kGrowth) : itemsPerMs;
    }

    // Of the turn under way: the wall time since start(), and the most it was given (0: not bounded). A turn that does
    // its items in blocks stops early when the next block would not fit: sized at its start, a turn knows nothing of
    // a wait for a core that begins midway (a merge turn of 27 ms of CPU took 58 ms, a million rows over 20
    // connections on two cores).
    double wallSpentMs() const
    {
        return double(m_wall.nsecsElapsed()) / 1e6;
    }
    double wallLimitMs() const
    {
        return m_wallLimitMs;
    }

    // The wall time of recent turns over their CPU time, from 1 to 4.
    double stretch() const
    {
        return m_stretch;
    }
    // A turn's wall time at most this many times turnMs (1.2 unless set); 0: the wall time is not bounded.
    void setWallShare(double share)
    {
        m_wallShare = std::max(0.0, share);
    }
    // The longest recent wall time between a turn and the next one that followed at once, let go of by a tenth a
    // turn.
    double restMs() const
    {
        return m_restMs;
    }
    // A turn and the rest of its pass last at most this many milliseconds of wall time (35 unless set; a turn still
    // takes a fifth of it); 0: not bounded.
    void setPassMs(double ms)
    {
        m_passMs = std::max(0.0, ms);
    }
    double passMs() const
    {
        return m_passMs;
    }

    // Of the pass of the event loop under way, what a turn of this thread that ended just now took (its wall time, and
    // the time since); 0 when none did. Budgets leave it room; work that no budget can shorten waits for a pass
    // that has room for it.
    static double passSpentMs()
    {
        const LastTurn &last = lastTurn();
        if (!last.ended.isValid())
            return 0;
        const double since = double(last.ended.nsecsElapsed()) / 1e6;
        return since < kSamePassMs ? last.wallMs + since : 0;
    }

private:
    // The last turn a budget of this thread finished.
    struct LastTurn
    {
        QElapsedTimer ended;
        double wallMs = 0;
    };
    static LastTurn &lastTurn()
    {
        thread_local LastTurn last;
        return last;
    }

    static constexpr double kGrowth = 1.25;
    static constexpr double kLeastOfPass = 0.2; // of passMs, however long the rest
    static constexpr double kMostStretch = 4; // a turn takes at least wallShare / kMostStretch of turnMs
    qsizetype m_maxItems;
    qsizetype m_minItems;
    int m_turnMs;
    double m_itemsPerMs = 0; // 0 before the first measured turn
    qint64 m_startNs = 0;
    QElapsedTimer m_wall;
    double m_stretch = 1;
    double m_wallShare = 1.2;
    double m_passMs = 35;
    double m_restMs = 0;
    double m_wallLimitMs = 0; // of the turn under way
    bool m_nextAtOnce = false;
};
