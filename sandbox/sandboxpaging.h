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
#include <utility>

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

// A page of the records [it, end) yields in key order: recordOf(it) gives the key and the record (null when there is
// none); the ones that match are presented as the answer shows them, and a marker follows when another match does.
template<typename T, typename It, typename RecordOf, typename Match, typename Present>
SandboxPage<T> fillPage(const QString &operation, int limit, It it, It end, RecordOf recordOf, Match match,
                        Present present)
{
    SandboxPage<T> page;
    page.items.reserve(limit);
    QString lastKey;
    for (; it != end; ++it) {
        const auto [key, record] = recordOf(it);
        if (!record || !match(*record))
            continue;
        if (page.items.size() == limit) {
            // Another match exists, so a marker is due; a last page never carries one.
            page.marker = encodeMarker(operation, lastKey);
            break;
        }
        page.items.append(present(*record));
        lastKey = *key;
    }
    return page;
}

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
    return fillPage<T>(
        operation, limit, it, items.end(), [](auto at) { return std::pair(&at->first, &at->second); }, match, present);
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
    if (!candidates)
        return SandboxPage<T>();
    const auto recordOf = [&items](auto key) {
        const auto it = items.find(*key);
        return it == items.end() ? std::pair<const QString *, const Record *>(nullptr, nullptr)
                                 : std::pair(&it->first, &it->second);
    };
    return fillPage<T>(operation, limit, marker.isEmpty() ? candidates->begin() : candidates->upper_bound(after),
                       candidates->end(), recordOf, match, present);
}

} // namespace SandboxPaging
