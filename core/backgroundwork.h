// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

// Work taken off the thread that shows the window: reading answers (ApiJob's page readers), putting long lists
// together and freeing them. Its threads are apart from the global pool, which the table's filter and sort use,
// so that a keystroke never waits behind a listing, and they run at a lower priority than the window's thread:
// when both want a core, the window's events are handled first (a listing reads on every core it can get, and the
// window's thread waiting for one made its short events long).
namespace BackgroundWork {

QThreadPool *pool();

// How much nicer than the process's first thread the workers run (Linux; elsewhere they keep its priority). On a
// core the window's thread shares with one of them it gets about 90% of the time at 10 (CFS weights 1024 and 110),
// 75% at 5: at 5, with twenty listings reading, a merge turn of 25 ms of CPU took 50-100 ms.
inline constexpr int kNiceness = 10;

// Runs task on a worker thread, at the workers' priority.
void start(std::function<void()> task);

// Lowers the calling thread to the workers' priority (once; for threads of the same kind of work, the listing's).
void lowerCurrentThread();

// The calling thread's scheduling priority as a nice value (higher runs less), or 0 where there is none to read.
int currentNiceness();

// Destroys value on a worker thread: a list of hundreds of thousands of items takes tens of milliseconds to free.
template<typename T> void dispose(T &&value)
{
    start([gone = std::make_shared<std::remove_cvref_t<T>>(std::forward<T>(value))]() mutable {
        [[maybe_unused]] const std::remove_cvref_t<T> freed = std::move(*gone);
    });
}

// Runs work() on a worker thread and hands its result to done on context's thread, or not at all if context is
// destroyed first.
template<typename Work, typename Done> void run(QObject *context, Work &&work, Done &&done)
{
    using Result = std::invoke_result_t<std::decay_t<Work> &>;
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::forward<Done>(done)]() mutable {
                         Result result = watcher->future().takeResult(); // taken, not shared: done may change it
                         watcher->deleteLater();
                         done(std::move(result));
                     });
    auto promise = std::make_shared<QPromise<Result>>();
    watcher->setFuture(promise->future());
    promise->start();
    start([promise, work = std::make_shared<std::decay_t<Work>>(std::forward<Work>(work))]() mutable {
        promise->addResult((*work)());
        promise->finish();
    });
}

} // namespace BackgroundWork

// Pages of items kept as they came: appending a page never moves what is queued already (one growing list
// reallocates, and at hundreds of thousands of items one growth was an event of half a second), and take() hands
// them out oldest first, whole pages moved where they fit. Used on one thread at a time.
template<typename T> class PageQueue
{
public:
    void append(QList<T> page)
    {
        if (page.isEmpty())
            return;
        m_size += page.size();
        m_pages.push_back(std::move(page));
    }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void clear()
    {
        m_pages.clear();
        m_size = 0;
    }
    // At most n items, oldest first, in one list (one allocation, not one a page); each page is freed as it is
    // emptied, so taking everything peaks at the list and one page.
    QList<T> take(qsizetype n)
    {
        QList<T> taken;
        if (!m_pages.empty() && m_pages.front().size() <= n)
            taken = takeFront(); // a whole page, no copy
        if (taken.size() < n && !m_pages.empty())
            taken.reserve(std::min(n, taken.size() + m_size));
        while (taken.size() < n && !m_pages.empty()) {
            QList<T> &front = m_pages.front();
            const qsizetype count = std::min(n - taken.size(), front.size());
            if (count == front.size()) {
                taken.append(takeFront());
                continue;
            }
            for (qsizetype i = 0; i < count; ++i)
                taken.append(std::move(front[i]));
            front.remove(0, count);
            m_size -= count;
        }
        return taken;
    }

private:
    QList<T> takeFront()
    {
        QList<T> page = std::move(m_pages.front());
        m_pages.pop_front();
        m_size -= page.size();
        return page;
    }

    std::deque<QList<T>> m_pages;
    qsizetype m_size = 0;
};

// Items that arrive page by page, put together into one list without an event that moves them all: the pages are
// queued as they come (PageQueue), and a long list is made, exactly sized, on a worker thread.
template<typename T> class PageGather
{
public:
    // Lists from a megabyte up are put together on a worker thread; shorter ones at once. A new list of megabytes is
    // a page fault every 4 KB: the Caches tab's 18,000 clusters (336 bytes each) were 26 ms of the window's thread
    // when the bound was 20,000 items of any size.
    static constexpr qsizetype kApartBytes = qsizetype(1) << 20;
    static constexpr qsizetype kApartItems = std::max<qsizetype>(1, kApartBytes / qsizetype(sizeof(T)));

    void append(QList<T> page) { m_pages.append(std::move(page)); }
    qsizetype size() const { return m_pages.size(); }

    // Hands every item, in order, to done on context's thread: at once for a short list, else once a worker has
    // put it together (and not at all if context is destroyed first). Leaves the gather empty.
    void finish(QObject *context, std::function<void(QList<T>)> done, qsizetype apartFrom = kApartItems)
    {
        PageQueue<T> pages = std::exchange(m_pages, {});
        if (pages.size() < apartFrom) {
            done(pages.take(pages.size()));
            return;
        }
        BackgroundWork::run(
            context, [pages = std::move(pages)]() mutable { return pages.take(pages.size()); }, std::move(done));
    }

private:
    PageQueue<T> m_pages;
};
