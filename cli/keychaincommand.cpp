// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "keychaincommand.h"

#include "commandline.h"
#include "credentialstore.h"

#include <QIODevice>
#include <QTimer>

using namespace Qt::StringLiterals;

KeychainCommand::KeychainCommand(std::shared_ptr<CredentialStore> store, QIODevice *in, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_in(in)
{
}

KeychainCommand::~KeychainCommand() = default;

void KeychainCommand::run(const QString &action, const QString &profile,
                          std::function<void(int, const QString &, const QString &)> done)
{
    auto fail = [this, done](const ApiError &e) {
        const int code
            = e.code == u"StoredProfileNotFound" || e.code == u"InvalidProfileName" || e.code == u"PartialCredentials"
            ? ExitCode::Config
            : ExitCode::Failure;
        QTimer::singleShot(0, this,
                           [done, code, e] { done(code, QString(), u"cachesnap-cli: %1\n"_s.arg(e.message)); });
    };
    if (action == u"list") {
        QString text;
        for (const QString &name : m_store->profileNames()) {
            const QString region = m_store->region(name);
            text += region.isEmpty() ? QString(name + u"\n"_s) : QString(name + u"\t"_s + region + u"\n"_s);
        }
        QTimer::singleShot(0, this, [done, text] { done(ExitCode::Success, text, QString()); });
        return;
    }
    if (profile.isEmpty()) {
        ApiError e;
        e.code = u"InvalidProfileName"_s;
        e.message = u"keychain %1 needs --profile NAME."_s.arg(action);
        fail(e);
        return;
    }
    if (action == u"delete") {
        m_store->remove(profile, this, [done, profile, fail](const std::optional<ApiError> &error) {
            if (error)
                return fail(*error);
            done(ExitCode::Success, u"Deleted the keys of app-kept profile %1.\n"_s.arg(profile), QString());
        });
        return;
    }
    // store: read at most three lines; the secret is never echoed, logged or kept after the write.
    QList<QByteArray> lines;
    for (int i = 0; m_in && i < 3; ++i) {
        const QByteArray line = m_in->readLine(); // blocks until a line or the end of the input
        if (line.isEmpty())
            break;
        lines.append(line);
    }
    AwsCredentials c;
    c.accessKeyId = QString::fromUtf8(lines.value(0)).trimmed();
    c.secretAccessKey = QString::fromUtf8(lines.value(1)).trimmed();
    c.sessionToken = QString::fromUtf8(lines.value(2)).trimmed();
    for (QByteArray &line : lines)
        line.fill('\0');
    if (!c.isValid()) {
        ApiError e;
        e.code = u"PartialCredentials"_s;
        e.message = u"keychain store reads the access key id and the secret access key from standard input, one a "
                    "line (an optional third line holds a session token)."_s;
        fail(e);
        return;
    }
    const QString region = m_store->region(profile);
    m_store->write(profile, c, this, [this, done, profile, fail, region](const std::optional<ApiError> &error) {
        if (error)
            return fail(*error);
        if (!region.isEmpty())
            m_store->setRegion(profile, region);
        done(ExitCode::Success,
             u"Stored the keys of app-kept profile %1 in %2.\n"_s.arg(profile, m_store->backendName()), QString());
    });
}
