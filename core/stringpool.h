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
//
// A Local pool keeps its own copies (one answer's reading, freed with it). A Shared pool hands out the
// process's copies (SharedStrings), for the values of rows that keep them anyway: a listing's snapshots, whose
// rows then find their strings' ids by address. A pool is for one thread at a time; the table behind a Shared
// pool is shared by every thread.
class StringPool
{
public:
    enum class Scope { Local, Shared };
    explicit StringPool(Scope scope = Scope::Local);

    // Replaces text by the pooled copy of equal text (pooling it if it is new).
    void intern(QString &text);
    // The pooled copy of text; new text is squeezed before it is pooled.
    QString interned(QString &&text);
    // How many distinct strings a Local pool holds (a Shared pool: 0, see SharedStrings::size()).
    qsizetype size() const;
    void clear();
    // intern() remembers the buffers it has seen (a parsed page shares one buffer among its equal strings), so a
    // string seen again costs a pointer lookup rather than hashing its text. Forget them once the strings of a
    // batch are interned; until then the remembered strings are kept alive.
    void forgetRecent();

private:
    Scope m_scope;
    QSet<QString> m_strings;
    QHash<const void *, std::pair<QString, QString>> m_recent; // buffer -> (that string, its pooled copy)
};
