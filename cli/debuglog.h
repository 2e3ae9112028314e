// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>

class QIODevice;

// --debug: turns on the cachesnap.* debug categories (the client logs each request and response there, already
// redacted) and writes every message to the given device as "<time> - <category> - <message>". As a second
// line of defence, every secret registered here is masked in whatever is logged.
namespace DebugLog {

void enable(QIODevice *device);
void addSecrets(const QByteArrayList &secrets);
bool isEnabled();

} // namespace DebugLog
