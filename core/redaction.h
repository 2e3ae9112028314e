// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>

// What the debug log (cachesnap.api, cachesnap-cli --debug) may show of a request or response: everything
// except signatures, session tokens and secrets.
namespace Redaction {

inline constexpr char kPlaceholder[] = "<redacted>";

// Authorization keeps its algorithm, credential scope and signed headers, but not the signature;
// X-Amz-Security-Token, cookies and proxy credentials are replaced whole.
QByteArray headerValue(const QByteArray &name, const QByteArray &value);
// A form body with the values of secret-looking members (…Password, AuthToken, …SecretAccessKey, …) replaced.
QByteArray formBody(const QByteArray &body);
// An XML document with the text of secret-looking elements (SecretAccessKey, SessionToken, …) replaced.
QByteArray xmlBody(const QByteArray &body);
// Replaces every occurrence of each of the given secrets (empty ones are skipped) by the placeholder.
QByteArray knownSecrets(QByteArray text, const QByteArrayList &secrets);

// True for a member or element name that holds a secret.
bool isSecretName(QByteArrayView name);

} // namespace Redaction
