// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "sandboxerrors.h"

#include <QList>
#include <QString>

#include <map>
#include <optional>
#include <set>

template<typename T> struct SandboxPage
{
    QList<T> items;
    QString marker; // empty on the last page
};

// The opaque paging markers of the sandbox's Describe operations: the operation and the last key of the page.
namespace SandboxPaging {

QString encodeMarker(const QString &operation, const QString &lastKey);
// The key after which the page starts, or nullopt when the marker is not one we issued for this operation.
std::optional<QString> decodeMarker(const QString &operation, const QString &marker);

// One page of a name-ordered map: the records after the marker's key that match, presented as the answer shows them.
template<typename T, typename Record, typename Match, typename Present>
ApiResult<SandboxPage<T>> pageOf(const QString &operation, const QString &marker, int limit,
                                 const std::map<QString, Record> &items, Match match, Present present)
{
    auto it = items.begin();
    if (!marker.isEmpty()) {
        const auto after = decodeMarker(operation, marker);
        if (!after)
            return SandboxErrors::invalidMarker();
        it = items.upper_bound(*after);
    }
    SandboxPage<T> page;
    page.items.reserve(limit);
    QString lastKey;
    for (; it != items.end(); ++it) {
        if (!match(it->second))
            continue;
        if (page.items.size() == limit) {
            // Another match exists, so a marker is due; a last page never carries one.
            page.marker = encodeMarker(operation, lastKey);
            break;
        }
        page.items.append(present(it->second));
        lastKey = it->first;
    }
    return page;
}

// The same page as pageOf() over every record gives, from an index's candidates: the keys of the records that may
// match (a superset, in key order; a key whose record is gone or does not match is passed over). No candidates:
// an empty last page.
template<typename T, typename Record, typename Match, typename Present>
ApiResult<SandboxPage<T>> pageOfIndexed(const QString &operation, const QString &marker, int limit,
                                        const std::set<QString> *candidates, const std::map<QString, Record> &items,
                                        Match match, Present present)
{
    QString after;
    if (!marker.isEmpty()) {
        const auto decoded = decodeMarker(operation, marker);
        if (!decoded)
            return SandboxErrors::invalidMarker();
        after = *decoded;
    }
    SandboxPage<T> page;
    if (!candidates)
        return page;
    QString lastKey;
    for (auto key = marker.isEmpty() ? candidates->begin() : candidates->upper_bound(after); key != candidates->end();
         ++key) {
        const auto it = items.find(*key);
        if (it == items.end() || !match(it->second))
            continue;
        if (page.items.size() == limit) {
            page.marker = encodeMarker(operation, lastKey);
            break;
        }
        page.items.append(present(it->second));
        lastKey = it->first;
    }
    return page;
}

} // namespace SandboxPaging
