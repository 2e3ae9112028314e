// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

#include <unordered_set>
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
    // The pooled copy of text, or a null string if it is not pooled (a Shared pool: not among the copies of the
    // table it remembers). Copies nothing: a reader looks up the characters it is looking at, and most of a
    // listing's interned values are ones it has seen.
    QString pooled(QStringView text) const;
    // The pooled copy of text (pooling it if it is new; text should have no spare room, as it is kept).
    QString interned(QString text);
    // How many distinct strings a Local pool holds (a Shared pool: 0, see SharedStrings::size()).
    qsizetype size() const;
    void clear();
    // intern() remembers the buffers it has seen (a parsed page shares one buffer among its equal strings), so a
    // string seen again costs a pointer lookup rather than hashing its text. Forget them once the strings of a
    // batch are interned; until then the remembered strings are kept alive.
    void forgetRecent();

private:
    // Looked up by a view of the text (C++20's heterogeneous lookup), so that finding a string copies nothing.
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(QStringView text) const noexcept { return qHash(text); }
    };
    struct Equal
    {
        using is_transparent = void;
        bool operator()(QStringView a, QStringView b) const noexcept { return a == b; }
    };
    using Set = std::unordered_set<QString, Hash, Equal>;
    // What a Shared pool remembers of the table's copies it handed out, to find them again without the table's
    // lock: one answer's values, so a few hundred, bounded in case an answer is all new values.
    static constexpr size_t kSharedRemembered = 4096;

    Scope m_scope;
    Set m_strings; // a Local pool's strings; a Shared pool's remembered copies of the table's
    QHash<const void *, std::pair<QString, QString>> m_recent; // buffer -> (that string, its pooled copy)
};
