// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <utility>

// Low-cardinality strings (engine, node type, cluster ids, statuses) repeat across tens of thousands of
// snapshots, and each parsed answer has its own copies: a pool hands out one implicitly shared QString per
// distinct value instead of one allocation per item and field.
class StringPool
{
public:
    // Replaces text by the pooled copy of equal text (pooling it if it is new).
    void intern(QString &text);
    // The pooled copy of text; new text is squeezed before it is pooled.
    QString interned(QString &&text);
    qsizetype size() const;
    void clear();
    // intern() remembers the buffers it has seen (a parsed page shares one buffer among its equal strings), so a
    // string seen again costs a pointer lookup rather than hashing its text. Forget them once the strings of a
    // batch are interned; until then the remembered strings are kept alive.
    void forgetRecent();

private:
    QSet<QString> m_strings;
    QHash<const void *, std::pair<QString, QString>> m_recent; // buffer -> (that string, its pooled copy)
};
