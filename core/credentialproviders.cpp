// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialproviders.h"

#include "credentialstore.h"
#include "endpointresolver.h"
#include "service/serviceclient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <csignal>

#include <pthread.h>
#include <sys/types.h>
#include <termios.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCredentials, "cachesnap.credentials", QtInfoMsg)

namespace {
ApiError credentialsError(const QString &code, const QString &message)
{
    ApiError e;
    e.kind = ApiError::Kind::Credentials;
    e.code = code;
    e.message = message;
    return e;
}

QDateTime parseTimestamp(const QString &text)
{
    QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!t.isValid()) {
        // "2026-12-01T10:00:00UTC", as some token caches write it.
        QString fixed = text.trimmed();
        if (fixed.endsWith(u"UTC"))
            t = QDateTime::fromString(fixed.chopped(3) + u'Z', Qt::ISODateWithMs);
    }
    return t.isValid() ? t.toUTC() : QDateTime();
}
} // namespace

// --- RefreshingCredentialsProvider ---

RefreshingCredentialsProvider::RefreshingCredentialsProvider(QString description)
    : m_description(std::move(description))
    , m_worker(std::make_unique<QObject>())
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
    , m_alive(std::make_shared<bool>(true))
{
}

RefreshingCredentialsProvider::~RefreshingCredentialsProvider()
{
    *m_alive = false;
    ApiError cancelled;
    cancelled.kind = ApiError::Kind::Cancelled;
    cancelled.code = u"Cancelled"_s;
    cancelled.message = u"The credentials for %1 were no longer needed."_s.arg(m_description);
    for (const Waiter &waiter : std::as_const(m_waiters)) {
        if (waiter.context)
            QMetaObject::invokeMethod(
                waiter.context.data(), [done = waiter.done, cancelled] { done(cancelled); }, Qt::QueuedConnection);
    }
}

QString RefreshingCredentialsProvider::description() const
{
    return m_description;
}

void RefreshingCredentialsProvider::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
}

int RefreshingCredentialsProvider::retrievals() const
{
    return m_retrievals;
}

QObject *RefreshingCredentialsProvider::worker() const
{
    return m_worker.get();
}

QDateTime RefreshingCredentialsProvider::now() const
{
    return m_now();
}

bool RefreshingCredentialsProvider::usable(const AwsCredentials &credentials, int marginSeconds) const
{
    return credentials.usableAt(now(), marginSeconds);
}

void RefreshingCredentialsProvider::fetch(QObject *context, std::function<void(const ApiResult<AwsCredentials> &)> done)
{
    if (m_cached && usable(*m_cached, kRefreshMarginSeconds)) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done), c = *m_cached] { done(c); }, Qt::QueuedConnection);
        return;
    }
    m_waiters.append(Waiter {context, std::move(done)});
    if (m_inFlight)
        return;
    m_inFlight = true;
    ++m_retrievals;
    // Started from the event loop so a source that answers at once still answers after fetch() returns.
    QTimer::singleShot(0, m_worker.get(), [this, alive = m_alive] {
        retrieve([this, alive, answered = std::make_shared<bool>(false)](const ApiResult<AwsCredentials> &r) {
            if (!*alive || *answered)
                return;
            *answered = true;
            onRetrieved(r);
        });
    });
}

void RefreshingCredentialsProvider::onRetrieved(const ApiResult<AwsCredentials> &result)
{
    m_inFlight = false;
    ApiResult<AwsCredentials> answer = result;
    if (result) {
        if (auto unsendable = result.value().checkSendable())
            answer = *unsendable;
    }
    if (answer) {
        m_cached = result.value();
    } else if (m_cached && usable(*m_cached, 0)) {
        // Still valid for a while: keep working and try again on the next fetch.
        qCWarning(lcCredentials).noquote()
            << u"Refreshing %1 failed (%2); using the current credentials until they expire."_s.arg(
                   m_description, answer.error().message);
        answer = *m_cached;
    } else {
        m_cached.reset();
    }
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            QMetaObject::invokeMethod(
                waiter.context.data(), [done = waiter.done, answer] { done(answer); }, Qt::QueuedConnection);
    }
}

// --- ProcessCredentialsProvider ---

ProcessCredentialsProvider::ProcessCredentialsProvider(QString profile, QString command, int timeoutMs)
    : RefreshingCredentialsProvider(u"profile %1 (credential_process)"_s.arg(profile))
    , m_profile(std::move(profile))
    , m_command(std::move(command))
    , m_timeoutMs(timeoutMs > 0 ? timeoutMs : kDefaultTimeoutMs)
{
}

std::optional<QStringList> ProcessCredentialsProvider::splitCommand(const QString &command)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (c == u'\'') {
            const qsizetype end = command.indexOf(u'\'', i + 1);
            if (end < 0)
                return std::nullopt;
            word += command.mid(i + 1, end - i - 1);
            inWord = true;
            i = end;
        } else if (c == u'"') {
            inWord = true;
            ++i;
            for (;; ++i) {
                if (i >= command.size())
                    return std::nullopt;
                const QChar d = command.at(i);
                if (d == u'"')
                    break;
                if (d == u'\\' && i + 1 < command.size() && QStringView(u"\\\"$`\n").contains(command.at(i + 1))) {
                    word += command.at(++i);
                    continue;
                }
                word += d;
            }
        } else if (c == u'\\') {
            if (i + 1 >= command.size())
                return std::nullopt;
            word += command.at(++i);
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

ApiResult<AwsCredentials> ProcessCredentialsProvider::parseOutput(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return credentialsError(
            u"CredentialProcessError"_s,
            u"The credential_process of %1 did not print a JSON object (%2)."_s.arg(source, parseError.errorString()));
    const QJsonObject o = document.object();
    const QJsonValue version = o.value(u"Version"_s);
    if (!version.isDouble() || version.toDouble() != 1)
        return credentialsError(
            u"CredentialProcessError"_s,
            u"Unsupported version '%1' for credential process provider, supported versions: 1 "
            "(%2)."_s.arg(version.isUndefined() ? u"<Version key not provided>"_s : version.toVariant().toString(),
                          source));
    for (const char *key : {"AccessKeyId", "SecretAccessKey"}) {
        if (!o.value(QLatin1StringView(key)).isString() || o.value(QLatin1StringView(key)).toString().isEmpty())
            return credentialsError(
                u"CredentialProcessError"_s,
                u"Missing required key in response: '%1' (%2)."_s.arg(QLatin1StringView(key), source));
    }
    AwsCredentials c;
    c.accessKeyId = o.value(u"AccessKeyId"_s).toString();
    c.secretAccessKey = o.value(u"SecretAccessKey"_s).toString();
    c.sessionToken = o.value(u"SessionToken"_s).toString();
    c.source = source;
    if (const QJsonValue expiration = o.value(u"Expiration"_s); expiration.isString()) {
        c.expiration = parseTimestamp(expiration.toString());
        if (!c.expiration.isValid())
            return credentialsError(
                u"CredentialProcessError"_s,
                u"The Expiration \"%1\" printed by the credential_process of %2 is not an ISO 8601 time."_s.arg(
                    expiration.toString(), source));
    }
    return c;
}

namespace {
constexpr qsizetype kMaxProcessOutput = qsizetype(1) << 20; // far above any real answer (a few hundred bytes)
constexpr qsizetype kMaxProcessErrorShown = 4096;
constexpr const char kTerminalProperty[] = "cachesnapTerminal";

#ifdef Q_OS_UNIX
// Whether this process's group is the terminal's foreground group: then a credential process gets the terminal
// (an MFA tool may ask the user) while it runs in a process group of its own.
bool ownsTerminal()
{
    return ::isatty(STDIN_FILENO) && ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
}

// Gives the terminal back to this process's group; a background group may do so with SIGTTOU blocked.
void reclaimTerminal()
{
    sigset_t block;
    sigset_t old;
    ::sigemptyset(&block);
    ::sigaddset(&block, SIGTTOU);
    ::pthread_sigmask(SIG_BLOCK, &block, &old);
    ::tcsetpgrp(STDIN_FILENO, ::getpgrp());
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
}
#endif

// After the process has ended (or was ended): the terminal comes back.
void releaseTerminal(QProcess *process)
{
#ifdef Q_OS_UNIX
    if (process->property(kTerminalProperty).toBool())
        reclaimTerminal();
#else
    Q_UNUSED(process)
#endif
}

// Ends a credential process and everything it started (its process group), and reaps it: no child outlives
// it, and QProcess never warns that it was destroyed while running. A SIGKILL'd process is reaped at once.
void killProcessGroup(QProcess *process)
{
    if (process->state() != QProcess::NotRunning) {
#ifdef Q_OS_UNIX
        if (const qint64 pid = process->processId(); pid > 0)
            ::kill(-pid_t(pid), SIGKILL);
#endif
        process->kill();
        process->waitForFinished(5000);
    }
    releaseTerminal(process);
}

// Standard error as a message may show it: at most kMaxProcessErrorShown bytes, control characters (other than
// line ends and tabs) replaced, and how much was left out.
QString shownError(const QByteArray &kept, qint64 dropped)
{
    QString text = QString::fromUtf8(kept);
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\t')
            c = u'?';
    }
    text = text.trimmed();
    if (dropped > 0)
        text += u" … (%1 more bytes of standard error not shown)"_s.arg(dropped);
    return text;
}
} // namespace

ProcessCredentialsProvider::~ProcessCredentialsProvider()
{
    // A retrieval still running when the provider goes: end the process group now, before the worker (its
    // QProcess's parent) is destroyed with the process still running.
    const auto processes = worker()->findChildren<QProcess *>(Qt::FindDirectChildrenOnly);
    for (QProcess *process : processes) {
        process->disconnect();
        killProcessGroup(process);
    }
}

void ProcessCredentialsProvider::retrieve(Completion complete)
{
    const QString source = description();
    const auto words = splitCommand(m_command);
    if (!words || words->isEmpty()) {
        complete(credentialsError(
            u"CredentialProcessError"_s,
            u"The credential_process of profile %1 cannot be split into a command: %2"_s.arg(m_profile, m_command)));
        return;
    }
    auto *process = new QProcess(worker());
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->setInputChannelMode(QProcess::ForwardedInputChannel); // a process may ask the user (an MFA tool)
#ifdef Q_OS_UNIX
    // Its own process group, so that a timeout ends whatever it started too.
    const bool terminal = ownsTerminal();
    process->setProperty(kTerminalProperty, terminal);
    process->setChildProcessModifier([terminal] {
        ::setpgid(0, 0);
        if (terminal) {
            sigset_t block;
            sigset_t old;
            ::sigemptyset(&block);
            ::sigaddset(&block, SIGTTOU);
            ::sigprocmask(SIG_BLOCK, &block, &old);
            ::tcsetpgrp(STDIN_FILENO, ::getpid());
            ::sigprocmask(SIG_SETMASK, &old, nullptr);
        }
    });
#endif
    struct Output
    {
        QByteArray out;
        QByteArray err; // the first kMaxProcessErrorShown bytes
        qint64 errDropped = 0;
        bool done = false;
    };
    auto output = std::make_shared<Output>();
    // Every path ends here exactly once; kill: the process may still be running.
    auto finish = [process, complete, output](const ApiResult<AwsCredentials> &result, bool kill) {
        if (output->done)
            return;
        output->done = true;
        process->disconnect();
        if (kill)
            killProcessGroup(process);
        else
            releaseTerminal(process);
        process->deleteLater();
        complete(result);
    };
    auto readError = [process, output] {
        const QByteArray chunk = process->readAllStandardError();
        const qsizetype room = qMax(qsizetype(0), kMaxProcessErrorShown - output->err.size());
        output->err += chunk.left(room);
        output->errDropped += qMax(qsizetype(0), chunk.size() - room);
    };
    auto readOutput = [process, output, finish, source] {
        output->out += process->readAllStandardOutput();
        if (output->out.size() <= kMaxProcessOutput)
            return true;
        finish(credentialsError(u"CredentialProcessError"_s,
                                u"The credential_process of %1 printed more than 1 MiB on standard output, far more "
                                "than a credentials document; it was stopped."_s.arg(source)),
               true);
        return false;
    };
    QObject::connect(process, &QProcess::readyReadStandardError, worker(), readError);
    QObject::connect(process, &QProcess::readyReadStandardOutput, worker(), readOutput);
    QObject::connect(process, &QProcess::errorOccurred, worker(),
                     [process, finish, words, source](QProcess::ProcessError e) {
                         if (e != QProcess::FailedToStart)
                             return;
                         finish(credentialsError(u"CredentialProcessError"_s,
                                                 u"The credential_process of %1 could not be started (%2): %3"_s.arg(
                                                     source, words->first(), process->errorString())),
                                false);
                     });
    QObject::connect(
        process, &QProcess::finished, worker(),
        [finish, readError, readOutput, output, source](int exitCode, QProcess::ExitStatus status) {
            readError();
            if (!readOutput())
                return;
            if (status != QProcess::NormalExit || exitCode != 0) {
                const QString how
                    = status == QProcess::NormalExit ? u"exited with status %1"_s.arg(exitCode) : u"crashed"_s;
                const QString err = shownError(output->err, output->errDropped);
                finish(credentialsError(u"CredentialProcessError"_s,
                                        u"The credential_process of %1 %2: %3"_s.arg(
                                            source, how, err.isEmpty() ? u"(nothing on standard error)"_s : err)),
                       false);
                return;
            }
            finish(parseOutput(output->out, source), false);
        });
    QTimer::singleShot(m_timeoutMs, process, [finish, source, timeout = m_timeoutMs] {
        finish(credentialsError(
                   u"CredentialProcessTimeout"_s,
                   u"The credential_process of %1 did not finish within %2 s."_s.arg(source).arg(timeout / 1000.0)),
               true);
    });
    process->start(words->first(), words->mid(1));
}

// --- AssumeRoleCredentialsProvider ---

AssumeRoleCredentialsProvider::AssumeRoleCredentialsProvider(QString profile, AssumeRoleRequest request,
                                                             ClientConfig sts,
                                                             std::shared_ptr<CredentialsProvider> source,
                                                             MfaPrompt mfaPrompt)
    : RefreshingCredentialsProvider(u"profile %1 (assume role %2)"_s.arg(profile, request.roleArn))
    , m_profile(std::move(profile))
    , m_request(std::move(request))
    , m_sts(std::move(sts))
    , m_mfaPrompt(std::move(mfaPrompt))
{
    m_sts.credentials = std::move(source);
}

void AssumeRoleCredentialsProvider::retrieve(Completion complete)
{
    AssumeRoleRequest request = m_request;
    if (request.roleSessionName.isEmpty())
        request.roleSessionName = u"cachesnap-session-%1"_s.arg(QDateTime::currentSecsSinceEpoch());
    if (request.serialNumber.isEmpty()) {
        callSts(request, complete);
        return;
    }
    if (!m_mfaPrompt) {
        complete(credentialsError(u"MfaCodeNeeded"_s,
                                  u"Profile %1 needs an MFA code for %2, and nothing here can ask for one."_s.arg(
                                      m_profile, request.serialNumber)));
        return;
    }
    QPointer<QObject> guard(worker());
    m_mfaPrompt(
        request.serialNumber, m_profile, [this, guard, request, complete](const std::optional<QString> &code) mutable {
            if (!guard)
                return;
            if (!code || code->trimmed().isEmpty()) {
                ApiError e
                    = credentialsError(u"MfaCancelled"_s, u"No MFA code was given for profile %1."_s.arg(m_profile));
                e.kind = ApiError::Kind::Cancelled;
                complete(e);
                return;
            }
            request.tokenCode = code->trimmed();
            callSts(request, complete);
        });
}

void AssumeRoleCredentialsProvider::callSts(AssumeRoleRequest request, Completion complete)
{
    auto *sts = new StsClient(m_sts, worker());
    AssumeRoleJob *job = sts->assumeRole(request);
    const QString source = description();
    QObject::connect(job, &AssumeRoleJob::finished, worker(),
                     [sts, complete, source](const ApiResult<AssumeRoleResult> &r) {
                         sts->deleteLater();
                         if (!r) {
                             ApiError e = r.error();
                             e.message = u"AssumeRole for %1 failed: %2"_s.arg(source, e.message);
                             complete(e);
                             return;
                         }
                         AwsCredentials c = r.value().credentials;
                         c.source = source;
                         complete(c);
                     });
}

// --- SsoCredentialsProvider ---

SsoCredentialsProvider::SsoCredentialsProvider(Settings settings)
    : RefreshingCredentialsProvider(u"profile %1 (IAM Identity Center, account %2, role %3)"_s.arg(
        settings.profile, settings.accountId, settings.roleName))
    , m_settings(std::move(settings))
{
}

QString SsoCredentialsProvider::tokenCachePath(const QString &sessionName, const QString &startUrl)
{
    const QString input = sessionName.isEmpty() ? startUrl : sessionName;
    const QByteArray hash = QCryptographicHash::hash(input.toUtf8(), QCryptographicHash::Sha1).toHex();
    return QDir::homePath() + u"/.aws/sso/cache/"_s + QString::fromLatin1(hash) + u".json"_s;
}

void SsoCredentialsProvider::retrieve(Completion complete)
{
    const Settings &s = m_settings;
    const QString login = s.sessionName.isEmpty() ? u"aws sso login --profile %1"_s.arg(s.profile)
                                                  : u"aws sso login --sso-session %1"_s.arg(s.sessionName);
    const QString expired
        = u"The SSO session of profile %1 has expired or is otherwise invalid: run %2."_s.arg(s.profile, login);
    const QString path = tokenCachePath(s.sessionName, s.startUrl);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        complete(credentialsError(u"SsoTokenMissing"_s,
                                  u"No cached SSO token for %1 (%2 cannot be read): run %3."_s.arg(
                                      s.sessionName.isEmpty() ? s.startUrl : s.sessionName, path, login)));
        return;
    }
    const QJsonObject token = QJsonDocument::fromJson(file.readAll()).object();
    const QString accessToken = token.value(u"accessToken"_s).toString();
    const QDateTime expiresAt = parseTimestamp(token.value(u"expiresAt"_s).toString());
    const bool tokenHasControl = std::any_of(accessToken.cbegin(), accessToken.cend(),
                                             [](QChar c) { return c.category() == QChar::Other_Control; });
    if (accessToken.isEmpty() || !expiresAt.isValid() || tokenHasControl) {
        complete(credentialsError(
            u"SsoTokenInvalid"_s,
            u"The cached SSO token in %1 has no usable accessToken or expiresAt: run %2."_s.arg(path, login)));
        return;
    }
    if (expiresAt <= now()) {
        complete(credentialsError(u"SsoTokenExpired"_s, expired));
        return;
    }

    QUrl url = s.portalEndpoint;
    const QString base = url.path().endsWith(u'/') ? url.path().chopped(1) : url.path();
    url.setPath(base + u"/federation/credentials"_s);
    QUrlQuery query;
    query.addQueryItem(u"account_id"_s, s.accountId);
    query.addQueryItem(u"role_name"_s, s.roleName);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("x-amz-sso_bearer_token", accessToken.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(s.transferTimeoutMs);
    ServiceClient::refuseRedirects(request); // the bearer token never goes anywhere else
    auto *nam = new QNetworkAccessManager(worker());
    QNetworkReply *reply = nam->get(request);
    ServiceClient::watchLimits(reply, s.totalTimeoutMs, s.maxAnswerBytes);
    const QString source = description();
    QObject::connect(reply, &QNetworkReply::finished, worker(), [nam, reply, complete, expired, source, url, s] {
        nam->deleteLater();
        if (std::optional<ApiError> e
            = ServiceClient::limitError(reply, u"the SSO portal "_s + url.host(), s.totalTimeoutMs, s.maxAnswerBytes)) {
            e->message = u"GetRoleCredentials for %1: %2"_s.arg(source, e->message);
            complete(*e);
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        if (status == 401) { // UnauthorizedException, which botocore also reads as an expired login
            complete(credentialsError(u"SsoTokenExpired"_s, expired));
            return;
        }
        if (status >= 300 && status < 400) {
            const QUrl location = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            const QString to = location.isValid() && !location.host().isEmpty()
                ? location.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                      .toDisplayString()
                : u"an unusable location"_s;
            ApiError e = credentialsError(
                u"Redirect"_s,
                u"The SSO portal %1 answered GetRoleCredentials for %2 with a redirect (HTTP %3) to %4; CacheSnap "
                "does not follow redirects with the SSO access token. Check the portal endpoint "
                "(AWS_ENDPOINT_URL_SSO, the profile's endpoint_url) and any proxy."_s.arg(url.host(), source,
                                                                                          QString::number(status), to));
            e.kind = ApiError::Kind::Http;
            e.httpStatus = status;
            complete(e);
            return;
        }
        if (status == 0) {
            ApiError e = credentialsError(
                u"NetworkError"_s, u"Could not reach the SSO portal %1: %2"_s.arg(url.host(), reply->errorString()));
            e.kind = reply->error() == QNetworkReply::OperationCanceledError ? ApiError::Kind::Timeout
                                                                             : ApiError::Kind::Network;
            complete(e);
            return;
        }
        if (status != 200) {
            ApiError e = credentialsError(QString::fromLatin1(reply->rawHeader("x-amzn-ErrorType")).section(u':', 0, 0),
                                          o.value(u"message"_s).toString());
            if (e.code.isEmpty())
                e.code = o.value(u"__type"_s).toString();
            e.kind = ApiError::Kind::Service;
            e.httpStatus = status;
            e.message = u"GetRoleCredentials for %1 failed (HTTP %2): %3"_s.arg(source).arg(status).arg(
                e.message.isEmpty() ? u"no message"_s : e.message);
            complete(e);
            return;
        }
        const QJsonObject rc = o.value(u"roleCredentials"_s).toObject();
        AwsCredentials c;
        c.accessKeyId = rc.value(u"accessKeyId"_s).toString();
        c.secretAccessKey = rc.value(u"secretAccessKey"_s).toString();
        c.sessionToken = rc.value(u"sessionToken"_s).toString();
        c.expiration = QDateTime::fromMSecsSinceEpoch(qint64(rc.value(u"expiration"_s).toDouble()), QTimeZone::utc());
        c.source = source;
        if (!c.isValid() || c.sessionToken.isEmpty() || rc.value(u"expiration"_s).toDouble() <= 0) {
            ApiError e = credentialsError(u"MalformedResponse"_s,
                                          u"The SSO portal's answer for %1 lacks role credentials."_s.arg(source));
            e.kind = ApiError::Kind::Parse;
            complete(e);
            return;
        }
        complete(c);
    });
}

// --- StoredCredentialsProvider ---

StoredCredentialsProvider::StoredCredentialsProvider(QString profile, std::shared_ptr<CredentialStore> store)
    : RefreshingCredentialsProvider(u"app-kept profile %1 (%2)"_s.arg(profile, store->backendName()))
    , m_profile(std::move(profile))
    , m_store(std::move(store))
{
}

void StoredCredentialsProvider::retrieve(Completion complete)
{
    m_store->read(m_profile, worker(), [complete, source = description()](const ApiResult<AwsCredentials> &r) {
        if (!r) {
            complete(r);
            return;
        }
        AwsCredentials c = r.value();
        c.source = source;
        complete(c);
    });
}
