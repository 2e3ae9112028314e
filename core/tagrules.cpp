// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tagrules.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace TagRules {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TagRules", text);
}

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r';
}

bool isSeparator(QChar c)
{
    return c == u',' || c == u'\n';
}

// One item of the text form as written, before any rule is applied.
struct RawItem
{
    QString key;
    std::optional<QString> value;
    int number = 0; // 1-based
    QString error;
};

// Reads the text form item by item (see tagrules.h).
class Reader
{
public:
    explicit Reader(QStringView text)
        : m_text(text)
    {
    }

    QList<RawItem> items()
    {
        QList<RawItem> items;
        int number = 0;
        while (m_at < m_text.size()) {
            RawItem item;
            item.number = number + 1;
            bool quoted = false;
            const bool keyRead = part(/*stopAtEquals=*/true, &item.key, &quoted, &item.error);
            if (keyRead && at(u'=')) {
                ++m_at;
                QString value;
                bool valueQuoted = false;
                if (part(false, &value, &valueQuoted, &item.error))
                    item.value = value;
            }
            if (item.error.isEmpty() && m_at < m_text.size() && !isSeparator(m_text[m_at]))
                item.error = tr("there is text after the closing quote");
            skipToSeparator();
            const bool blank = item.key.isEmpty() && !quoted && !item.value && item.error.isEmpty();
            if (m_at < m_text.size())
                ++m_at; // the separator
            if (blank)
                continue;
            ++number;
            items.append(std::move(item));
        }
        return items;
    }

private:
    bool at(QChar c) const { return m_at < m_text.size() && m_text[m_at] == c; }

    void skipBlanks()
    {
        while (m_at < m_text.size() && isBlank(m_text[m_at]))
            ++m_at;
    }

    // A key (ending at '=') or a value (where a later '=' belongs to it); false when it could not be read.
    bool part(bool stopAtEquals, QString *out, bool *quoted, QString *error)
    {
        skipBlanks();
        if (at(u'"')) {
            *quoted = true;
            ++m_at;
            while (m_at < m_text.size()) {
                const QChar c = m_text[m_at];
                if (c == u'\\' && m_at + 1 < m_text.size() && (m_text[m_at + 1] == u'"' || m_text[m_at + 1] == u'\\')) {
                    out->append(m_text[m_at + 1]);
                    m_at += 2;
                    continue;
                }
                ++m_at;
                if (c == u'"') {
                    skipBlanks();
                    return true;
                }
                out->append(c);
            }
            *error = tr("a quote is not closed");
            return false;
        }
        const qsizetype start = m_at;
        while (m_at < m_text.size() && !isSeparator(m_text[m_at]) && !(stopAtEquals && m_text[m_at] == u'='))
            ++m_at;
        *out = m_text.sliced(start, m_at - start).trimmed().toString();
        return true;
    }

    void skipToSeparator()
    {
        while (m_at < m_text.size() && !isSeparator(m_text[m_at]))
            ++m_at;
    }

    QStringView m_text;
    qsizetype m_at = 0;
};

// How a key appears in a message: quoted, and shortened when long.
QString shown(const QString &text)
{
    constexpr qsizetype kShown = 32;
    if (characterCount(text) <= kShown)
        return u'"' + text + u'"';
    return u'"' + text.left(kShown - 1) + u"…\""_s;
}

QString itemLabel(const RawItem &item)
{
    if (item.key.isEmpty())
        return tr("Tag %1").arg(item.number);
    return tr("Tag %1 (%2)").arg(item.number).arg(shown(item.key));
}

// Characters XML 1.0 cannot carry: the service's answers could not hold them.
bool carriesInXml(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x20 && c != u'\t' && c != u'\n' && c != u'\r')
            return false;
        if (c == 0xFFFE || c == 0xFFFF)
            return false;
        if (QChar::isHighSurrogate(c)) {
            if (i + 1 >= text.size() || !QChar::isLowSurrogate(text[i + 1].unicode()))
                return false;
            ++i;
        } else if (QChar::isLowSurrogate(c)) {
            return false;
        }
    }
    return true;
}

// The first character that is not portable, for the warning.
QString firstUnportable(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QStringView one
            = QChar::isHighSurrogate(text[i].unicode()) && i + 1 < text.size() ? text.sliced(i, 2) : text.sliced(i, 1);
        if (!isPortable(one))
            return one.toString();
        i += one.size() - 1;
    }
    return QString();
}

bool sameValue(const QString &a, const QString &b)
{
    // A tag without a value and one with an empty value are the same tag.
    return a.isEmpty() ? b.isEmpty() : a == b;
}

bool needsQuotes(const QString &part, bool isKey)
{
    if (part.isEmpty())
        return isKey;
    if (isBlank(part.front()) || isBlank(part.back()) || part.front() == u'"')
        return true;
    for (QChar c : part) {
        if (isSeparator(c) || c == u'"' || c == u'\r' || (isKey && c == u'='))
            return true;
    }
    return false;
}

QString formatPart(const QString &part, bool isKey)
{
    if (!needsQuotes(part, isKey))
        return part;
    QString quoted = u"\""_s;
    for (QChar c : part) {
        if (c == u'"' || c == u'\\')
            quoted += u'\\';
        quoted += c;
    }
    return quoted + u'"';
}

} // namespace

qsizetype characterCount(QStringView text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (QChar::isHighSurrogate(text[i].unicode()) && i + 1 < text.size()
            && QChar::isLowSurrogate(text[i + 1].unicode()))
            ++i;
        ++count;
    }
    return count;
}

bool isReserved(QStringView key)
{
    return key.startsWith(u"aws:", Qt::CaseInsensitive);
}

bool isPortable(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        if (QChar::isLetterOrNumber(c) || QChar::isSpace(c))
            continue;
        if (c < 0x80 && QStringView(u"+-=._:/@").contains(QChar(char16_t(c))))
            continue;
        return false;
    }
    return true;
}

QString keyProblem(QStringView key)
{
    if (key.isEmpty())
        return tr("a tag needs a key");
    if (isReserved(key))
        return tr("keys starting with \"aws:\" are reserved for AWS");
    if (const qsizetype length = characterCount(key); length > kMaxKeyLength)
        return tr("the key has %1 characters; at most %2").arg(length).arg(kMaxKeyLength);
    if (!carriesInXml(key))
        return tr("the key holds a control character, which the service cannot store");
    return QString();
}

QString valueProblem(QStringView value)
{
    if (const qsizetype length = characterCount(value); length > kMaxValueLength)
        return tr("the value has %1 characters; at most %2").arg(length).arg(kMaxValueLength);
    if (!carriesInXml(value))
        return tr("the value holds a control character, which the service cannot store");
    return QString();
}

ParsedTags parseTagList(QStringView text)
{
    ParsedTags parsed;
    const QList<RawItem> items = Reader(text).items();
    QHash<QString, int> firstWithKey;
    for (const RawItem &item : items) {
        if (!item.error.isEmpty()) {
            parsed.errors.append(tr("%1: %2.").arg(itemLabel(item), item.error));
            continue;
        }
        const Tag tag {item.key, item.value.value_or(QString())};
        QString problem = keyProblem(tag.key);
        if (problem.isEmpty())
            problem = valueProblem(tag.value);
        if (!problem.isEmpty()) {
            parsed.errors.append(tr("%1: %2.").arg(itemLabel(item), problem));
        } else if (const auto it = firstWithKey.constFind(tag.key); it != firstWithKey.constEnd()) {
            parsed.errors.append(tr("%1 is given twice (tags %2 and %3); a key has only one value.")
                                     .arg(shown(tag.key))
                                     .arg(*it)
                                     .arg(item.number));
        } else {
            firstWithKey.insert(tag.key, item.number);
            for (const QString &part : {tag.key, tag.value}) {
                if (const QString c = firstUnportable(part); !c.isEmpty()) {
                    parsed.warnings.append(tr("%1: \"%2\" is taken by ElastiCache but not by every AWS service "
                                              "(those take letters, digits, spaces and + - = . _ : / @).")
                                               .arg(itemLabel(item), c));
                    break;
                }
            }
        }
        parsed.tags.append(tag);
    }
    if (parsed.tags.size() > kMaxTagsPerResource)
        parsed.errors.append(
            tr("%1 tags; a resource has at most %2.").arg(parsed.tags.size()).arg(kMaxTagsPerResource));
    return parsed;
}

QString formatTag(const Tag &tag)
{
    return formatPart(tag.key, true) + u'=' + formatPart(tag.value, false);
}

QString formatTagList(const QList<Tag> &tags, QStringView separator)
{
    QString text;
    for (const Tag &tag : tags) {
        if (!text.isEmpty())
            text += separator;
        text += formatTag(tag);
    }
    return text;
}

QList<Tag> sortedForDisplay(QList<Tag> tags)
{
    std::stable_sort(tags.begin(), tags.end(), [](const Tag &a, const Tag &b) {
        const int order = a.key.compare(b.key, Qt::CaseInsensitive);
        return order != 0 ? order < 0 : a.key < b.key;
    });
    return tags;
}

ParsedFilter parseFilter(QStringView text)
{
    ParsedFilter parsed;
    for (const RawItem &item : Reader(text).items()) {
        if (!item.error.isEmpty()) {
            parsed.error = tr("%1: %2.").arg(itemLabel(item), item.error);
            parsed.criteria.clear();
            return parsed;
        }
        if (item.key.isEmpty()) {
            parsed.error = tr("%1: a tag needs a key.").arg(itemLabel(item));
            parsed.criteria.clear();
            return parsed;
        }
        parsed.criteria.append(TagCriterion {item.key, item.value});
    }
    return parsed;
}

QString formatFilter(const QList<TagCriterion> &criteria)
{
    QStringList items;
    for (const TagCriterion &criterion : criteria) {
        QString item = formatPart(criterion.key, true);
        if (criterion.value)
            item += u'=' + formatPart(*criterion.value, false);
        items.append(item);
    }
    return items.join(u", ");
}

bool matches(const QList<TagCriterion> &criteria, const QList<Tag> &tags)
{
    for (const TagCriterion &criterion : criteria) {
        const auto it = std::find_if(tags.cbegin(), tags.cend(), [&](const Tag &t) { return t.key == criterion.key; });
        if (it == tags.cend())
            return false;
        if (criterion.value && !sameValue(*criterion.value, it->value))
            return false;
    }
    return true;
}

Change difference(const QList<Tag> &current, const QList<Tag> &desired)
{
    Change change;
    QHash<QString, QString> now;
    for (const Tag &tag : current) {
        if (!isReserved(tag.key))
            now.insert(tag.key, tag.value);
    }
    QHash<QString, bool> wanted;
    for (const Tag &tag : desired) {
        if (isReserved(tag.key))
            continue;
        wanted.insert(tag.key, true);
        const auto it = now.constFind(tag.key);
        if (it == now.constEnd() || !sameValue(*it, tag.value))
            change.add.append(tag);
    }
    for (const Tag &tag : current) {
        if (!isReserved(tag.key) && !wanted.contains(tag.key) && !change.remove.contains(tag.key))
            change.remove.append(tag.key);
    }
    return change;
}

QList<Tag> editable(const QList<Tag> &tags)
{
    QList<Tag> result;
    for (const Tag &tag : tags) {
        if (!isReserved(tag.key))
            result.append(tag);
    }
    return result;
}

QList<Tag> reserved(const QList<Tag> &tags)
{
    QList<Tag> result;
    for (const Tag &tag : tags) {
        if (isReserved(tag.key))
            result.append(tag);
    }
    return result;
}

} // namespace TagRules
