// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>

// What every fuzz target shares: a QCoreApplication (timers, QStandardPaths), Qt's messages kept quiet unless
// CACHESNAP_FUZZ_VERBOSE=1 (a fatal one still aborts, so libFuzzer reports it), and a scratch folder of the
// process's own.
namespace FuzzSupport {

// Call from LLVMFuzzerInitialize (or at the first input); idempotent.
void init();

// A folder under $TMPDIR that lives as long as the process and is removed at exit.
QString scratchDir();

// The input as a QByteArray of its own (a copy, NUL-terminated as Qt's are).
QByteArray bytes(const std::uint8_t *data, std::size_t size);

// Ends the process with libFuzzer's crash report: the property named by what did not hold for this input.
[[noreturn]] void fail(const char *property, const QString &detail = {});

// An HTTP request written as text, as the tests' captures and the SigV4 suites show them:
// "METHOD target HTTP/1.1\nName:value\n…\n\nbody" (CRLF or LF; a line starting with a space or tab continues the
// previous header's value). Anything missing is empty; never fails.
struct TextRequest
{
    QByteArray method;
    QByteArray path; // the target before '?'
    QByteArray query; // after '?', raw
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &lowerName) const; // the first of that name, or null
};
TextRequest parseTextRequest(const QByteArray &text);

} // namespace FuzzSupport
