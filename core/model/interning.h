// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "shape.h"
#include "stringpool.h"

// Replaces every string member the model marks Interned (engine, node type, status, group ids…), at any depth,
// by the pool's copy. The parser does this as it reads when it is given a pool; this is for values that were
// made some other way (state files, tests, values built in code).
template<ModelShape S> void internStrings(StringPool &pool, S &value);

namespace ModelInterningDetail {

template<typename T> void internMember(StringPool &pool, T &member, bool interned)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (interned)
            pool.intern(member);
    } else if constexpr (StructureOptional<T>) {
        if (member)
            internStrings(pool, *member);
    } else if constexpr (ShapeListOf<T>) {
        for (auto &item : member) {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, QString>) {
                if (interned)
                    pool.intern(item);
            } else {
                internStrings(pool, item);
            }
        }
    }
}

} // namespace ModelInterningDetail

template<ModelShape S> void internStrings(StringPool &pool, S &value)
{
    forEachField<S>([&](const auto &f) {
        ModelInterningDetail::internMember(pool, value.*(f.member), (f.flags & ShapeField::Interned) != 0);
    });
}
