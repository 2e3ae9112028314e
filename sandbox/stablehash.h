#pragma once

#include <QStringView>

// A hash of a text that is the same on every machine and in every run, for data the sandbox derives from names
// (which seeded sources carry tags, an exported object's size). qHash() with a non-zero seed is not: Qt picks an
// AES-based hash on processors that have the instructions, so the same seed gave different data on another machine.
// FNV-1a over the UTF-16 units, the seed mixed into the offset basis.
inline quint32 stableHash(QStringView text, quint32 seed = 0) noexcept
{
    quint32 h = 2166136261U ^ (seed * 0x9e3779b9U);
    for (const QChar c : text) {
        h = (h ^ (c.unicode() & 0xffU)) * 16777619U;
        h = (h ^ (c.unicode() >> 8)) * 16777619U;
    }
    return h;
}
