// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "stringpool.h"

#include "sharedstrings.h"

StringPool::StringPool(Scope scope)
    : m_scope(scope)
{
}

void StringPool::intern(QString &text)
{
    if (text.isEmpty())
        return;
    const void *buffer = text.constData();
    const auto recent = m_recent.constFind(buffer);
    if (recent != m_recent.constEnd()) {
        text = recent->second;
        return;
    }
    const QString seen = text;
    if (m_scope == Scope::Shared) {
        text = SharedStrings::shared(text);
    } else if (const auto it = m_strings.constFind(text); it != m_strings.constEnd()) {
        text = *it;
    } else {
        m_strings.insert(text);
    }
    // Keyed by a buffer that the entry itself keeps alive, so the address cannot be reused by other text.
    m_recent.insert(buffer, {seen, text});
}

QString StringPool::interned(QString &&text)
{
    if (m_scope == Scope::Shared)
        return SharedStrings::shared(text);
    const auto it = m_strings.constFind(text);
    if (it != m_strings.constEnd())
        return *it;
    text.squeeze();
    m_strings.insert(text);
    return std::move(text);
}

void StringPool::forgetRecent()
{
    m_recent.clear();
}

qsizetype StringPool::size() const
{
    return m_strings.size();
}

void StringPool::clear()
{
    m_strings.clear();
    m_recent.clear();
}
