// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "xmlwriter.h"

#include "jsonwriter.h"

namespace ModelXmlDetail {

QString doubleText(double value)
{
    return QString::fromLatin1(AwsCliJsonWriter::pythonFloat(value));
}

} // namespace ModelXmlDetail
