// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "../sharedstrings.h"
#include "shape.h"

#include <QByteArray>

#include <cstring>

// A model value packed into bytes, for keeping many of them: a parsed Snapshot is about 600 bytes of mostly empty
// QStrings plus 140 a node snapshot; packed it is some 60. The members are written in model order, each as:
//   string            varint v: v even = SharedStrings id v/2 (0 = null, 1 = empty); members the model marks
//                     Interned are written so when the table takes them. v odd = the text inline: v >> 2
//                     characters, Latin-1 bytes when bit 1 is set, UTF-16 (native order) otherwise
//   optional scalar   a byte (0 absent, 1 present), then the value: integers zigzag varints, doubles 8 bytes,
//                     booleans a byte
//   Timestamp         varint 0 when invalid, else 1, the microseconds and the offset as zigzag varints
//   list              varint (count << 1 | present), then the items
//   optional structure  a byte (0 absent, 1 present), then its members
//   string map        varint count, then key and value pairs (inline)
// The bytes stay in the process (ids are this process's table): nothing is ever read from outside.
template<ModelShape S> void packShape(const S &value, QByteArray &out);
// False if the bytes end early or hold what packShape() does not write; value then holds what was read.
template<ModelShape S> bool unpackShape(S &value, const char *&p, const char *end);

namespace ModelPackingDetail {

inline void putVarint(QByteArray &out, quint64 v)
{
    while (v >= 0x80) {
        out.append(char(v | 0x80));
        v >>= 7;
    }
    out.append(char(v));
}

inline bool getVarint(const char *&p, const char *end, quint64 &v)
{
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const auto byte = quint8(*p++);
        v |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

inline quint64 zigzag(qint64 v)
{
    return (quint64(v) << 1) ^ quint64(v >> 63);
}

inline qint64 unzigzag(quint64 v)
{
    return qint64(v >> 1) ^ -qint64(v & 1);
}

void putString(QByteArray &out, const QString &text, bool interned);
bool getString(const char *&p, const char *end, QString &text);

template<typename T> void putValue(QByteArray &out, const T &member, bool interned)
{
    if constexpr (std::is_same_v<T, QString>) {
        putString(out, member, interned);
    } else if constexpr (ScalarOptional<T>) {
        using V = typename IsOptional<T>::Value;
        out.append(char(member ? 1 : 0));
        if (!member)
            return;
        if constexpr (std::is_same_v<V, bool>)
            out.append(char(*member ? 1 : 0));
        else if constexpr (std::is_floating_point_v<V>)
            out.append(reinterpret_cast<const char *>(&*member), sizeof(V));
        else
            putVarint(out, zigzag(qint64(*member)));
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        if (!member.isValid()) {
            putVarint(out, 0);
            return;
        }
        putVarint(out, 1);
        putVarint(out, zigzag(member.toMicroseconds()));
        putVarint(out, zigzag(member.offsetSeconds()));
    } else if constexpr (StructureOptional<T>) {
        out.append(char(member ? 1 : 0));
        if (member)
            packShape(*member, out);
    } else if constexpr (ShapeListOf<T>) {
        putVarint(out, quint64(member.size()) << 1 | (member.isPresent() ? 1 : 0));
        for (const auto &item : member) {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, QString>)
                putString(out, item, interned);
            else
                packShape(item, out);
        }
    } else if constexpr (StringMap<T>) {
        putVarint(out, quint64(member.size()));
        for (auto it = member.cbegin(); it != member.cend(); ++it) {
            putString(out, it.key(), false);
            putString(out, it.value(), false);
        }
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

template<typename T> bool getValue(const char *&p, const char *end, T &member)
{
    if constexpr (std::is_same_v<T, QString>) {
        return getString(p, end, member);
    } else if constexpr (ScalarOptional<T>) {
        using V = typename IsOptional<T>::Value;
        if (p >= end)
            return false;
        if (*p++ == 0) {
            member.reset();
            return true;
        }
        if constexpr (std::is_same_v<V, bool>) {
            if (p >= end)
                return false;
            member = *p++ != 0;
        } else if constexpr (std::is_floating_point_v<V>) {
            if (end - p < qsizetype(sizeof(V)))
                return false;
            V v;
            std::memcpy(&v, p, sizeof(V));
            p += sizeof(V);
            member = v;
        } else {
            quint64 v = 0;
            if (!getVarint(p, end, v))
                return false;
            member = V(unzigzag(v));
        }
        return true;
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        quint64 valid = 0;
        quint64 usecs = 0;
        quint64 offset = 0;
        if (!getVarint(p, end, valid))
            return false;
        if (!valid) {
            member = Timestamp();
            return true;
        }
        if (!getVarint(p, end, usecs) || !getVarint(p, end, offset))
            return false;
        member = Timestamp::fromMicroseconds(unzigzag(usecs), int(unzigzag(offset)));
        return true;
    } else if constexpr (StructureOptional<T>) {
        if (p >= end)
            return false;
        if (*p++ == 0) {
            member = std::nullopt;
            return true;
        }
        typename IsOptional<T>::Value value;
        if (!unpackShape(value, p, end))
            return false;
        member = std::move(value);
        return true;
    } else if constexpr (ShapeListOf<T>) {
        quint64 header = 0;
        if (!getVarint(p, end, header) || (header >> 1) > quint64(end - p))
            return false; // every item takes at least a byte
        const auto count = qsizetype(header >> 1);
        member.clear();
        member.setPresent(header & 1);
        member.reserve(count);
        for (qsizetype i = 0; i < count; ++i) {
            typename IsShapeList<T>::Value item;
            bool ok = false;
            if constexpr (std::is_same_v<decltype(item), QString>)
                ok = getString(p, end, item);
            else
                ok = unpackShape(item, p, end);
            if (!ok)
                return false;
            member.append(std::move(item));
        }
        return true;
    } else if constexpr (StringMap<T>) {
        quint64 count = 0;
        if (!getVarint(p, end, count) || count > quint64(end - p))
            return false;
        member.clear();
        for (quint64 i = 0; i < count; ++i) {
            QString key;
            QString value;
            if (!getString(p, end, key) || !getString(p, end, value))
                return false;
            member.insert(key, value);
        }
        return true;
    } else {
        static_assert(sizeof(T) == 0, "a member type Shape<> does not describe");
    }
}

} // namespace ModelPackingDetail

template<ModelShape S> void packShape(const S &value, QByteArray &out)
{
    forEachField<S>([&](const auto &f) {
        ModelPackingDetail::putValue(out, value.*(f.member), (f.flags & ShapeField::Interned) != 0);
    });
}

template<ModelShape S> bool unpackShape(S &value, const char *&p, const char *end)
{
    bool ok = true;
    forEachField<S>([&](const auto &f) {
        if (ok)
            ok = ModelPackingDetail::getValue(p, end, value.*(f.member));
    });
    return ok;
}
