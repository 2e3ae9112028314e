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
    } else if (const auto it = m_strings.find(QStringView(text)); it != m_strings.end()) {
        text = *it;
    } else {
        m_strings.insert(text);
    }
    // Keyed by a buffer that the entry itself keeps alive, so the address cannot be reused by other text.
    m_recent.insert(buffer, {seen, text});
}

QString StringPool::pooled(QStringView text) const
{
    const auto it = m_strings.find(text);
    return it != m_strings.end() ? *it : QString();
}

QString StringPool::interned(QString text)
{
    if (const auto it = m_strings.find(QStringView(text)); it != m_strings.end())
        return *it;
    if (m_scope == Scope::Shared) {
        text = SharedStrings::shared(text);
        if (m_strings.size() >= kSharedRemembered)
            m_strings.clear();
    }
    m_strings.insert(text);
    return text;
}

void StringPool::forgetRecent()
{
    m_recent.clear();
}

qsizetype StringPool::size() const
{
    return m_scope == Scope::Local ? qsizetype(m_strings.size()) : 0;
}

void StringPool::clear()
{
    m_strings.clear();
    m_recent.clear();
}
