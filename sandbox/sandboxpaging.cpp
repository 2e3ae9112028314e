// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxpaging.h"

#include <QByteArray>

namespace SandboxPaging {

QString encodeMarker(const QString &operation, const QString &lastKey)
{
    return QString::fromLatin1((operation + u'\n' + lastKey)
                                   .toUtf8()
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QString> decodeMarker(const QString &operation, const QString &marker)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        marker.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QString text = QString::fromUtf8(*decoded);
    const qsizetype split = text.indexOf(u'\n');
    if (split < 0 || QStringView(text).left(split) != operation)
        return std::nullopt;
    return text.mid(split + 1);
}

} // namespace SandboxPaging
