// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The answers' XML reader (model/xmlpullreader.*) against QXmlStreamReader, which it replaced: whatever it reads,
// QXmlStreamReader reads too, to the same elements, attributes and text (tests/support/xmltrace.h). It may refuse
// more (a DOCTYPE, other encodings, bytes that are not UTF-8, names outside ASCII, QXmlStreamReader's own lapses),
// never less. Positions are asked for at the end, as an error message does.
#include "fuzzsupport.h"
#include "xmltrace.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray xml = FuzzSupport::bytes(data, size);
    const XmlTrace own = XmlTrace::ofOwn(xml);
    {
        XmlPullReader r(xml);
        while (!r.atEnd())
            r.readNext();
        if (r.lineNumber() < 1 || r.columnNumber() < 0 || r.hasError() == own.ok)
            FuzzSupport::fail("a reader's position and error are consistent", r.errorString());
    }
    if (!own.ok)
        return 0;
    const XmlTrace qt = XmlTrace::ofQt(xml);
    if (!qt.ok)
        FuzzSupport::fail("what XmlPullReader reads, QXmlStreamReader reads", qt.error);
    if (own.events != qt.events)
        FuzzSupport::fail("XmlPullReader reads what QXmlStreamReader reads",
                          own.events.join(u" | ") + u"\n---\n" + qt.events.join(u" | "));
    return 0;
}
