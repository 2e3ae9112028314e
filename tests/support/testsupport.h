// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "queryserializer.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <initializer_list>
#include <optional>
#include <utility>

// Small helpers that several tests share. The larger ones have their own headers: sandboxprocess.h (programs and a
// sandbox process), scriptedserver.h (a scripted HTTP server), wirecaptures.h (what the AWS CLI sent and printed).

// A file under tests/data (CACHESNAP_TESTDATA_DIR); an empty name is the folder itself.
QString testDataPath(const QString &name);
// The bytes of a file under tests/data; a file that cannot be read ends the test (qFatal).
QByteArray testData(const QString &name);

// Spins the event loop (QTest::qWait) until done() holds or timeoutMs passes; returns done().
bool spinUntil(const std::function<bool()> &done, int timeoutMs);

// Spins the event loop until slot is set (by a callback) or timeoutMs passes; returns it.
template<typename T> std::optional<T> waitFor(std::optional<T> &slot, int timeoutMs = 30000)
{
    spinUntil([&slot] { return slot.has_value(); }, timeoutMs);
    return slot;
}

// Spins the event loop until parent has a child of type T for which ready(child) holds (a dialog shown and loaded);
// returns it, or null after timeoutMs.
template<typename T, typename Ready> T *waitForChild(const QObject *parent, Ready ready, int timeoutMs = 10000)
{
    T *child = nullptr;
    spinUntil(
        [&] {
            child = parent->findChild<T *>();
            return child && ready(child);
        },
        timeoutMs);
    return child && ready(child) ? child : nullptr;
}

// Unsets every AWS_* variable of this process, so that nothing from the user's own AWS set-up leaks into a test.
void unsetAwsVariables();

// Query parameters from a literal list: queryParams({{u"Action", u"DescribeSnapshots"_s}}).
QueryParams queryParams(std::initializer_list<std::pair<const char16_t *, QString>> list);
