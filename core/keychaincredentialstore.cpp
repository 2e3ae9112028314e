// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "keychaincredentialstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>
#include <QSettings>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {
const QString kGroup = QStringLiteral("AppKeptProfiles");

QString entryKey(const QString &profile)
{
    return u"profile:"_s + profile;
}

ApiError storeError(const QString &code, const QString &message)
{
    ApiError e;
    e.kind = ApiError::Kind::Credentials;
    e.code = code;
    e.message = message;
    return e;
}

// libsecret reports a missing session bus or Secret Service as OtherError with D-Bus wording.
bool meansNoBackend(const QKeychain::Job *job)
{
    if (job->error() == QKeychain::NoBackendAvailable)
        return true;
    if (job->error() != QKeychain::OtherError)
        return false;
    const QString text = job->errorString().toLower();
    return text.contains(u"dbus") || text.contains(u"d-bus") || text.contains(u"secrets")
        || text.contains(u"could not connect") || text.contains(u"no such interface")
        || text.contains(u"was not provided by any .service files");
}

template<typename Done, typename Result> void deliver(QObject *context, Done done, Result result)
{
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)] { done(result); }, Qt::QueuedConnection);
}
} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service, QString settingsPath)
    : m_service(std::move(service))
    , m_index(settingsPath.isEmpty() ? std::make_unique<QSettings>(u"CacheSnap"_s, u"CacheSnap"_s)
                                     : std::make_unique<QSettings>(settingsPath, QSettings::IniFormat))
    , m_jobs(std::make_unique<QObject>())
{
}

KeychainCredentialStore::~KeychainCredentialStore() = default;

QString KeychainCredentialStore::backendName() const
{
    return u"the OS keychain (Secret Service)"_s;
}

QStringList KeychainCredentialStore::profileNames() const
{
    m_index->sync();
    m_index->beginGroup(kGroup);
    QStringList names = m_index->childGroups();
    m_index->endGroup();
    names.sort();
    return names;
}

QString KeychainCredentialStore::region(const QString &profile) const
{
    return m_index->value(kGroup + u'/' + profile + u"/region"_s).toString();
}

void KeychainCredentialStore::setRegion(const QString &profile, const QString &region)
{
    if (!contains(profile))
        return;
    m_index->setValue(kGroup + u'/' + profile + u"/region"_s, region);
    m_index->sync();
}

void KeychainCredentialStore::addToIndex(const QString &profile)
{
    // A group exists once it has a key; the flag says nothing secret.
    m_index->setValue(kGroup + u'/' + profile + u"/kept"_s, true);
    m_index->sync();
}

void KeychainCredentialStore::removeFromIndex(const QString &profile)
{
    m_index->remove(kGroup + u'/' + profile);
    m_index->sync();
}

void KeychainCredentialStore::run(std::function<QKeychain::Job *()> make, const QString &what, JobDone done,
                                  int attempt)
{
    QKeychain::Job *job = make();
    job->setAutoDelete(false);
    job->setInsecureFallback(false);
    job->setParent(m_jobs.get());
    auto answered = std::make_shared<bool>(false);
    QTimer::singleShot(kTimeoutMs, job, [job, answered, done, what] {
        if (*answered)
            return;
        *answered = true;
        job->disconnect(); // a job cannot be cancelled; it is deleted with the store or when it ends
        QObject::connect(job, &QKeychain::Job::finished, job, &QObject::deleteLater);
        done(storeError(u"KeychainTimeout"_s,
                        u"The OS keychain did not answer within %1 s while %2 (is it waiting for an unlock prompt?)."_s
                            .arg(kTimeoutMs / 1000)
                            .arg(what)),
             nullptr);
    });
    QObject::connect(
        job, &QKeychain::Job::finished, m_jobs.get(),
        [this, job, answered, done, make, what, attempt](QKeychain::Job *) {
            if (*answered)
                return;
            *answered = true;
            job->deleteLater();
            const QKeychain::Error error = job->error();
            if (attempt == 1 && (error == QKeychain::NoBackendAvailable || error == QKeychain::OtherError)) {
                // One retry: a Secret Service started on demand may not be ready for the first call.
                run(make, what, done, attempt + 1);
                return;
            }
            if (error == QKeychain::NoError) {
                done(std::nullopt, job);
            } else if (meansNoBackend(job)) {
                done(
                    storeError(u"KeychainUnavailable"_s,
                               u"No Secret Service is running, so the OS keychain cannot be used while "
                               "%1 (%2). CacheSnap keeps app-kept keys only in the keychain: start "
                               "gnome-keyring or KWallet, or use a profile in ~/.aws."_s.arg(what, job->errorString())),
                    job);
            } else if (error == QKeychain::AccessDenied || error == QKeychain::AccessDeniedByUser) {
                done(storeError(u"KeychainAccessDenied"_s,
                                u"The OS keychain refused access while %1: %2 (is it locked?)"_s.arg(
                                    what, job->errorString())),
                     job);
            } else {
                done(storeError(error == QKeychain::EntryNotFound ? u"StoredProfileNotFound"_s : u"KeychainError"_s,
                                u"The OS keychain failed while %1: %2"_s.arg(what, job->errorString())),
                     job);
            }
        });
    job->start();
}

void KeychainCredentialStore::read(const QString &profile, QObject *context, ReadDone done)
{
    if (!contains(profile)) {
        deliver(context, std::move(done),
                ApiResult<AwsCredentials>(CredentialStoreErrors::notFound(profile, backendName())));
        return;
    }
    const QString service = m_service;
    QPointer<QObject> guard(context);
    run(
        [service, profile] {
            auto *job = new QKeychain::ReadPasswordJob(service);
            job->setKey(entryKey(profile));
            return job;
        },
        u"reading profile %1"_s.arg(profile),
        [this, guard, done, profile](const std::optional<ApiError> &error, QKeychain::Job *job) {
            if (!guard)
                return;
            if (error) {
                ApiError e = *error;
                if (e.code == u"StoredProfileNotFound")
                    e = CredentialStoreErrors::notFound(profile, backendName());
                deliver(guard.data(), done, ApiResult<AwsCredentials>(e));
                return;
            }
            QByteArray data = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
            const QJsonObject o = QJsonDocument::fromJson(data).object();
            data.fill('\0');
            AwsCredentials c;
            c.accessKeyId = o.value(u"AccessKeyId"_s).toString();
            c.secretAccessKey = o.value(u"SecretAccessKey"_s).toString();
            c.sessionToken = o.value(u"SessionToken"_s).toString();
            c.source = u"app-kept profile %1 (%2)"_s.arg(profile, backendName());
            if (!c.isValid()) {
                deliver(guard.data(), done,
                        ApiResult<AwsCredentials>(storeError(
                            u"KeychainError"_s,
                            u"The keychain entry of profile %1 is not a CacheSnap key pair; store it again."_s.arg(
                                profile))));
                return;
            }
            deliver(guard.data(), done, ApiResult<AwsCredentials>(c));
        });
}

void KeychainCredentialStore::write(const QString &profile, const AwsCredentials &credentials, QObject *context,
                                    WriteDone done)
{
    if (auto bad = checkName(profile)) {
        deliver(context, std::move(done), bad);
        return;
    }
    if (!credentials.isValid()) {
        deliver(context, std::move(done),
                std::optional<ApiError>(storeError(u"PartialCredentials"_s,
                                                   u"An access key id and a secret access key are both needed."_s)));
        return;
    }
    QJsonObject o {{u"AccessKeyId"_s, credentials.accessKeyId}, {u"SecretAccessKey"_s, credentials.secretAccessKey}};
    if (!credentials.sessionToken.isEmpty())
        o.insert(u"SessionToken"_s, credentials.sessionToken);
    const QByteArray data = QJsonDocument(o).toJson(QJsonDocument::Compact);
    const QString service = m_service;
    QPointer<QObject> guard(context);
    run(
        [service, profile, data] {
            auto *job = new QKeychain::WritePasswordJob(service);
            job->setKey(entryKey(profile));
            job->setBinaryData(data);
            return job;
        },
        u"storing profile %1"_s.arg(profile),
        [this, guard, done, profile](const std::optional<ApiError> &error, QKeychain::Job *) {
            if (!error)
                addToIndex(profile);
            if (guard)
                deliver(guard.data(), done, error);
        });
}

void KeychainCredentialStore::remove(const QString &profile, QObject *context, WriteDone done)
{
    const bool indexed = contains(profile);
    const QString service = m_service;
    QPointer<QObject> guard(context);
    run(
        [service, profile] {
            auto *job = new QKeychain::DeletePasswordJob(service);
            job->setKey(entryKey(profile));
            return job;
        },
        u"deleting profile %1"_s.arg(profile),
        [this, guard, done, profile, indexed](const std::optional<ApiError> &error, QKeychain::Job *) {
            std::optional<ApiError> result = error;
            if (!error || error->code == u"StoredProfileNotFound") {
                removeFromIndex(profile);
                // libsecret does not say whether there was an entry to delete; the index does.
                result = indexed ? std::nullopt
                                 : std::optional<ApiError>(CredentialStoreErrors::notFound(profile, backendName()));
            }
            if (guard)
                deliver(guard.data(), done, result);
        });
}
