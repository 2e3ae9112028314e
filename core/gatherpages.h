// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "backgroundwork.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>
#include <utility>

// A listing job's items, each page made into Ts as it arrives (a page is small, so no event has to convert, or free,
// tens of thousands of fully described items at once), and handed to done on context's thread once the job has
// succeeded: the whole list, put together on a worker when it is long (PageGather). A job that failed hands done no
// items and its error. done(QList<T>, const std::optional<ApiError> &) is not called once context is gone.
template<typename T, typename Item, typename Job, typename Convert, typename Done>
void gatherPages(QObject *context, Job *job, Convert convert, Done done)
{
    job->setAccumulate(false);
    auto gathered = std::make_shared<PageGather<T>>();
    job->onPageReceived(context, [gathered, convert](const QList<Item> &page) {
        QList<T> items;
        items.reserve(page.size());
        for (const Item &item : page)
            items.append(convert(item));
        gathered->append(std::move(items));
    });
    job->onFinished(context, [context, gathered, done](const ApiResult<QList<Item>> &result) {
        if (!result) {
            done(QList<T>(), std::optional<ApiError>(result.error()));
            return;
        }
        gathered->finish(context, [done](QList<T> all) { done(std::move(all), std::optional<ApiError>()); });
    });
}
