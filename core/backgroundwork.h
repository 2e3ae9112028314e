// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

// Work taken off the thread that shows the window: reading answers (ApiJob's page readers), putting long lists
// together and freeing them. Its threads are apart from the global pool, which the table's filter and sort use,
// so that a keystroke never waits behind a listing.
namespace BackgroundWork {

QThreadPool *pool();

// Destroys value on a worker thread: a list of hundreds of thousands of items takes tens of milliseconds to free.
template<typename T> void dispose(T &&value)
{
    pool()->start([gone = std::forward<T>(value)]() mutable {
        [[maybe_unused]] const std::remove_cvref_t<T> freed = std::move(gone);
    });
}

} // namespace BackgroundWork

// Items that arrive page by page, put together into one list without an event that moves them all: appending a
// page never moves what came before (one growing list reallocates, and at hundreds of thousands of items one
// growth, or a squeeze at the end, was an event of half a second), and a long list is made, exactly sized, on a
// worker thread. Used on one thread.
template<typename T> class PageGather
{
public:
    // Lists from this many items up are put together on a worker thread; shorter ones at once.
    static constexpr qsizetype kApartItems = 20000;

    void append(QList<T> page)
    {
        if (page.isEmpty())
            return;
        m_size += page.size();
        m_pages.push_back(std::move(page));
    }
    qsizetype size() const { return m_size; }

    // Hands every item, in order, to done on context's thread: at once for a short list, else once a worker has
    // put it together (and not at all if context is destroyed first). Leaves the gather empty.
    void finish(QObject *context, std::function<void(QList<T>)> done, qsizetype apartFrom = kApartItems)
    {
        std::vector<QList<T>> pages = std::exchange(m_pages, {});
        const qsizetype size = std::exchange(m_size, 0);
        if (size < apartFrom) {
            done(joined(std::move(pages), size));
            return;
        }
        auto *watcher = new QFutureWatcher<QList<T>>(context);
        QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
            QList<T> all = watcher->future().takeResult(); // taken, not shared: the receiver may change it
            watcher->deleteLater();
            done(std::move(all));
        });
        auto promise = std::make_shared<QPromise<QList<T>>>();
        watcher->setFuture(promise->future());
        promise->start();
        BackgroundWork::pool()->start([promise, pages = std::move(pages), size]() mutable {
            promise->addResult(joined(std::move(pages), size));
            promise->finish();
        });
    }

private:
    static QList<T> joined(std::vector<QList<T>> pages, qsizetype size)
    {
        if (pages.size() == 1)
            return std::move(pages.front());
        QList<T> all;
        all.reserve(size);
        for (QList<T> &page : pages) {
            for (T &item : page)
                all.append(std::move(item));
            page = QList<T>(); // freed as it goes: the peak is the list and one page
        }
        return all;
    }

    std::vector<QList<T>> m_pages;
    qsizetype m_size = 0;
};
