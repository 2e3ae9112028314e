// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotnames.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace SnapshotNames {

namespace {
bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

Verdict fail(const QString &reason)
{
    return Verdict {false, reason};
}

Verdict checkIdentifierCharacters(const QString &name, int maxLength)
{
    if (name.isEmpty())
        return fail(u"Enter a name."_s);
    if (name.size() > maxLength)
        return fail(u"A name can have at most %1 characters (this one has %2)."_s.arg(maxLength).arg(name.size()));
    if (!isAsciiLetter(name.front()))
        return fail(u"A name must start with a letter."_s);
    for (QChar c : name) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != u'-')
            return fail(u"Only letters, digits and hyphens are allowed (not \u201c%1\u201d)."_s.arg(c));
    }
    if (name.contains(u"--"))
        return fail(u"A name cannot contain two hyphens in a row."_s);
    if (name.endsWith(u'-'))
        return fail(u"A name cannot end with a hyphen."_s);
    return {};
}
} // namespace

Verdict checkManualName(const QString &name)
{
    return checkIdentifierCharacters(name, 40);
}

Verdict checkServerlessName(const QString &name)
{
    return checkIdentifierCharacters(name, 255);
}

Verdict checkCopyTargetName(const QString &name)
{
    if (name.isEmpty())
        return fail(u"Enter a name for the copy."_s);
    if (name.size() > 1000)
        return fail(u"A copy's name can have at most 1000 characters."_s);
    for (QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return fail(u"A name cannot contain control characters."_s);
    }
    return {};
}

Verdict checkBucketName(const QString &name)
{
    if (name.size() < 3 || name.size() > 63)
        return fail(u"A bucket name has 3 to 63 characters."_s);
    for (QChar c : name) {
        if (!(c >= u'a' && c <= u'z') && !isAsciiDigit(c) && c != u'.' && c != u'-')
            return fail(u"A bucket name has only lowercase letters, digits, dots and hyphens."_s);
    }
    const QStringList labels = name.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty())
            return fail(u"A bucket name cannot have two dots in a row or start or end with a dot."_s);
        if (label.front() == u'-' || label.back() == u'-')
            return fail(u"Each part of a bucket name starts and ends with a letter or digit."_s);
    }
    // S3 refuses names formatted as an IPv4 address: four dotted numbers. (QHostAddress would also take
    // inet_aton's short forms, such as "123456", which are valid bucket names.)
    static const QRegularExpression ipv4(uR"(^\d{1,3}(\.\d{1,3}){3}$)"_s);
    if (ipv4.match(name).hasMatch())
        return fail(u"A bucket name cannot be an IP address."_s);
    return {};
}

QString normalized(const QString &name)
{
    return name.toLower();
}

QString derivedName(const QString &base, const QString &suffix, int maxLength)
{
    QString cleanBase;
    for (QChar c : base) {
        const bool allowed = isAsciiLetter(c) || isAsciiDigit(c);
        if (allowed)
            cleanBase += c.toLower();
        else if (!cleanBase.isEmpty() && !cleanBase.endsWith(u'-'))
            cleanBase += u'-';
    }
    if (cleanBase.isEmpty() || !isAsciiLetter(cleanBase.front()))
        cleanBase.prepend(u"snap-"_s);
    const qsizetype room = maxLength - suffix.size() - 1;
    if (room > 0 && cleanBase.size() > room)
        cleanBase.truncate(room);
    while (cleanBase.endsWith(u'-'))
        cleanBase.chop(1);
    QString name = suffix.isEmpty() ? cleanBase : cleanBase + u'-' + suffix;
    if (name.size() > maxLength)
        name.truncate(maxLength);
    while (name.endsWith(u'-'))
        name.chop(1);
    return name;
}

} // namespace SnapshotNames
