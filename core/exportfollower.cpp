// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportfollower.h"

#include "elasticacheclient.h"
#include "exportplan.h"
#include "s3client.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFollow, "cachesnap.core.follow", QtWarningMsg)

namespace {

constexpr qint64 kDefaultDeadlineSeconds = 12 * 3600;
// Events are read from a little before the export was accepted: the client's idea of the service's clock is only
// as good as the last answer's Date.
constexpr qint64 kEventMarginSeconds = 5;
// Rounds after the snapshot is available again with objects still missing, before that counts as a failure that
// the service did not explain (its event may be late).
constexpr int kGraceRounds = 3;
constexpr qsizetype kMaxEventMessage = 500;

ApiError malformed(const QString &message)
{
    return ApiError::make(ApiError::Kind::Parse, u"MalformedState"_s, message);
}

bool hasControl(QStringView text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator;
    });
}

// A service message as one line of plain text, bounded.
QString plain(QString text)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            c = u' ';
    }
    text = text.simplified();
    if (text.size() > kMaxEventMessage)
        text = text.left(kMaxEventMessage - 1) + u'…';
    return text;
}

bool isBucketName(const QString &name)
{
    static const QRegularExpression re(u"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"_s);
    return re.match(name).hasMatch() && !name.contains(u".."_s);
}

bool isSnapshotName(const QString &name)
{
    // Manual names are letters, digits and hyphens; automatic ones "automatic.<cluster>-<date>".
    static const QRegularExpression re(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$"_s);
    return re.match(name).hasMatch();
}

bool isRegion(const QString &name)
{
    static const QRegularExpression re(u"^[a-z0-9-]{0,40}$"_s);
    return re.match(name).hasMatch();
}

bool isKey(const QString &key)
{
    return !key.isEmpty() && key.toUtf8().size() <= FollowedExport::kMaxKeyBytes && !hasControl(key)
        && !key.startsWith(u'/') && !key.contains(u'\\');
}

bool isEndpoint(const QString &text)
{
    if (text.isEmpty())
        return true;
    if (text.size() > 2048)
        return false;
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty()
        && url.userInfo().isEmpty() && !url.hasQuery() && !url.hasFragment();
}

QString kindName(FollowedExport::Kind kind)
{
    return kind == FollowedExport::Kind::Serverless ? u"serverless"_s : u"node-based"_s;
}

QString commonPrefix(const QStringList &keys)
{
    if (keys.isEmpty())
        return {};
    QString prefix = keys.first();
    for (const QString &key : keys) {
        qsizetype n = 0;
        while (n < prefix.size() && n < key.size() && prefix.at(n) == key.at(n))
            ++n;
        prefix.truncate(n);
    }
    return prefix;
}

} // namespace

// ---- the record -------------------------------------------------------------------------------------------------

bool FollowedExport::belongsTo(const QString &profile, const QString &region, const QString &endpoint) const
{
    return this->profile == profile && this->region == region && this->endpoint == endpoint;
}

QString FollowedExport::location() const
{
    if (keys.size() == 1)
        return u"s3://%1/%2"_s.arg(bucket, keys.first());
    QString prefix = commonPrefix(keys);
    // "<target>-000" of "<target>-0001.rdb", "<target>-0002.rdb": the target name is the readable prefix.
    if (const qsizetype dash = prefix.lastIndexOf(u'-'); dash > 0)
        prefix.truncate(dash);
    return u"s3://%1/%2"_s.arg(bucket, prefix);
}

QString FollowedExport::id() const
{
    return kindName(kind) + u'/' + snapshotName + u'/' + bucket + u'/' + keys.value(0);
}

QJsonObject FollowedExport::toJson() const
{
    return QJsonObject {
        {u"version"_s, kFormatVersion},
        {u"profile"_s, profile},
        {u"region"_s, region},
        {u"endpoint"_s, endpoint},
        {u"kind"_s, kindName(kind)},
        {u"snapshot"_s, snapshotName},
        {u"bucket"_s, bucket},
        {u"keys"_s, QJsonArray::fromStringList(keys)},
        {u"acceptedAt"_s, acceptedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
}

ApiResult<FollowedExport> FollowedExport::fromJson(const QJsonObject &object)
{
    static const QStringList members = {u"version"_s,  u"profile"_s, u"region"_s, u"endpoint"_s,  u"kind"_s,
                                        u"snapshot"_s, u"bucket"_s,  u"keys"_s,   u"acceptedAt"_s};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!members.contains(it.key()))
            return malformed(u"unknown member \"%1\""_s.arg(plain(it.key().left(64))));
    }
    for (const QString &name : members) {
        const QJsonValue value = object.value(name);
        const bool wanted = name == u"version" ? value.isDouble()
            : name == u"keys"                  ? value.isArray()
                                               : value.isString();
        if (!wanted)
            return malformed(u"member \"%1\" is missing or of the wrong type"_s.arg(name));
    }
    if (object.value(u"version"_s).toDouble() != kFormatVersion)
        return malformed(u"unsupported version"_s);

    FollowedExport r;
    r.profile = object.value(u"profile"_s).toString();
    if (r.profile.isEmpty() || r.profile.size() > 256 || hasControl(r.profile))
        return malformed(u"the profile is not a profile name"_s);
    r.region = object.value(u"region"_s).toString();
    if (!isRegion(r.region))
        return malformed(u"the region is not a region name"_s);
    r.endpoint = object.value(u"endpoint"_s).toString();
    if (!isEndpoint(r.endpoint))
        return malformed(u"the endpoint is not an http(s) URL without a user name"_s);
    const QString kind = object.value(u"kind"_s).toString();
    if (kind == u"node-based")
        r.kind = Kind::NodeBased;
    else if (kind == u"serverless")
        r.kind = Kind::Serverless;
    else
        return malformed(u"the kind is neither node-based nor serverless"_s);
    r.snapshotName = object.value(u"snapshot"_s).toString();
    if (!isSnapshotName(r.snapshotName))
        return malformed(u"the snapshot is not a snapshot name"_s);
    r.bucket = object.value(u"bucket"_s).toString();
    if (!isBucketName(r.bucket))
        return malformed(u"the bucket is not a bucket name"_s);
    const QJsonArray keys = object.value(u"keys"_s).toArray();
    if (keys.isEmpty() || keys.size() > kMaxKeys)
        return malformed(u"there are %1 object keys (1 to %2 expected)"_s.arg(keys.size()).arg(kMaxKeys));
    for (const QJsonValue &key : keys) {
        if (!key.isString() || !isKey(key.toString()))
            return malformed(u"an object key is not an S3 key"_s);
        r.keys.append(key.toString());
    }
    const QString accepted = object.value(u"acceptedAt"_s).toString();
    r.acceptedAt = accepted.size() <= 40 ? QDateTime::fromString(accepted, Qt::ISODateWithMs) : QDateTime();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!r.acceptedAt.isValid() || r.acceptedAt < QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC)
        || r.acceptedAt > now.addDays(1))
        return malformed(u"the time the export was accepted is not a plausible time"_s);
    r.acceptedAt = r.acceptedAt.toUTC();
    return r;
}

QByteArray FollowedExport::listToJson(const QList<FollowedExport> &records)
{
    QJsonArray array;
    for (const FollowedExport &record : records)
        array.append(record.toJson());
    return QJsonDocument(QJsonObject {{u"exports"_s, array}}).toJson(QJsonDocument::Compact);
}

ApiResult<QList<FollowedExport>> FollowedExport::listFromJson(const QByteArray &document)
{
    if (document.size() > kMaxDocumentBytes)
        return malformed(
            u"the state is %1 bytes, more than the %2 it may have"_s.arg(document.size()).arg(kMaxDocumentBytes));
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !json.isObject())
        return malformed(u"the state is not a JSON object"_s);
    const QJsonObject root = json.object();
    if (root.size() != 1 || !root.value(u"exports"_s).isArray())
        return malformed(u"the state is not a list of exports"_s);
    const QJsonArray array = root.value(u"exports"_s).toArray();
    if (array.size() > kMaxRecords)
        return malformed(u"the state holds %1 exports, more than the %2 it may"_s.arg(array.size()).arg(kMaxRecords));
    QList<FollowedExport> records;
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return malformed(u"an export is not a JSON object"_s);
        ApiResult<FollowedExport> record = fromJson(value.toObject());
        if (!record)
            return record.error();
        records.append(record.value());
    }
    return records;
}

// ---- the follower -----------------------------------------------------------------------------------------------

class ExportFollower::Private
{
public:
    Private(ExportFollower *q, ElastiCacheClient *elastiCache, S3Client *s3, FollowedExport record)
        : q(q)
        , elastiCache(elastiCache)
        , s3(s3)
        , record(std::move(record))
    {
        progress.objectsExpected = this->record.keys.size();
        deadline = this->record.acceptedAt.addSecs(kDefaultDeadlineSeconds);
        timer.setSingleShot(true);
    }

    void round();
    void listObjects();
    void readEvents();
    void readStatus();
    void answered();
    void evaluate();
    void finish(bool ok, const QString &text);
    qint64 remainingMs() const;

    ExportFollower *q;
    QPointer<ElastiCacheClient> elastiCache;
    QPointer<S3Client> s3;
    FollowedExport record;
    QDateTime deadline;
    int firstDelayMs = 1000;
    int delayMs = 0;
    QTimer timer;
    bool running = false;
    quint64 generation = 0;
    int pending = 0;
    Progress progress;

    // What this round learnt.
    std::optional<ApiError> listError;
    std::optional<ApiError> eventsError;
    std::optional<ApiError> statusError;
    bool snapshotGone = false;
    std::optional<Event> failureEvent;
    bool statusWasBusy = false; // seen other than available since following started
    int roundsAvailableIncomplete = 0;
    int roundsCompleteBusy = 0;
};

qint64 ExportFollower::Private::remainingMs() const
{
    return QDateTime::currentDateTimeUtc().msecsTo(deadline);
}

void ExportFollower::Private::round()
{
    if (!running)
        return;
    if (!elastiCache || !s3) {
        finish(false, tr("Stopped following the export of %1: the connection was closed.").arg(record.snapshotName));
        return;
    }
    listError.reset();
    eventsError.reset();
    statusError.reset();
    snapshotGone = false;
    pending = 3;
    listObjects();
    readEvents();
    readStatus();
}

void ExportFollower::Private::listObjects()
{
    S3::ListObjectsV2Request request;
    request.bucket = record.bucket;
    request.prefix = commonPrefix(record.keys);
    const quint64 g = generation;
    s3->listObjectsV2(request)->onFinished(q, [this, g](const ApiResult<S3::ListObjectsV2Output> &result) {
        if (g != generation)
            return;
        if (!result) {
            listError = result.error();
        } else {
            qsizetype present = 0;
            qint64 bytes = 0;
            for (const S3::Object &object : result.value().contents) {
                if (record.keys.contains(object.key)) {
                    ++present;
                    bytes += std::max<qint64>(0, object.size.value_or(0));
                }
            }
            progress.objectsPresent = present;
            progress.bytes = bytes;
        }
        answered();
    });
}

void ExportFollower::Private::readEvents()
{
    DescribeEventsRequest request;
    // Every source: a node-based snapshot's events may be reported for its cluster or replication group, so they
    // are matched by name below rather than filtered by the service.
    request.startTime = Timestamp(record.acceptedAt.addSecs(-kEventMarginSeconds));
    const quint64 g = generation;
    elastiCache->describeEvents(request)->onFinished(q, [this, g](const ApiResult<QList<Event>> &result) {
        if (g != generation)
            return;
        if (!result) {
            eventsError = result.error();
        } else {
            for (const Event &event : result.value()) {
                if (isFailureEvent(event, record)) {
                    failureEvent = event;
                    break;
                }
            }
        }
        answered();
    });
}

void ExportFollower::Private::readStatus()
{
    const quint64 g = generation;
    const auto take = [this, g](const ApiError *error, const QString *status) {
        if (g != generation)
            return;
        if (error && error->code.contains(u"NotFound"))
            snapshotGone = true;
        else if (error)
            statusError = *error;
        else if (!status)
            snapshotGone = true;
        else
            progress.snapshotStatus = *status;
        answered();
    };
    if (record.kind == FollowedExport::Kind::Serverless) {
        DescribeServerlessCacheSnapshotsRequest request;
        request.serverlessCacheSnapshotName = record.snapshotName;
        elastiCache->describeServerlessCacheSnapshots(request)->onFinished(
            q, [take](const ApiResult<QList<ServerlessCacheSnapshot>> &result) {
                if (!result)
                    return take(&result.error(), nullptr);
                if (result.value().isEmpty())
                    return take(nullptr, nullptr);
                take(nullptr, &result.value().constFirst().status);
            });
        return;
    }
    DescribeSnapshotsRequest request;
    request.snapshotName = record.snapshotName;
    elastiCache->describeSnapshots(request)->onFinished(q, [take](const ApiResult<QList<Snapshot>> &result) {
        if (!result)
            return take(&result.error(), nullptr);
        if (result.value().isEmpty())
            return take(nullptr, nullptr);
        take(nullptr, &result.value().constFirst().snapshotStatus);
    });
}

void ExportFollower::Private::answered()
{
    if (--pending > 0)
        return;
    evaluate();
}

void ExportFollower::Private::evaluate()
{
    const QString where = record.location();
    if (failureEvent) {
        finish(false,
               tr("export of %1 to %2 failed: %3").arg(record.snapshotName, where, plain(failureEvent->message)));
        return;
    }
    const bool available = !statusError && progress.snapshotStatus == u"available";
    if (!listError && progress.objectsPresent == progress.objectsExpected) {
        // Every object is there; the snapshot's own status, where it can be read, says the service is done too.
        if (available || statusError || snapshotGone || ++roundsCompleteBusy > kGraceRounds) {
            finish(true, doneText(record, progress));
            return;
        }
    }
    if (listError && (listError->code == u"NoSuchBucket")) {
        finish(false,
               tr("export of %1 to %2 failed: the bucket %3 does not exist (any more).")
                   .arg(record.snapshotName, where, record.bucket));
        return;
    }
    if (snapshotGone) {
        finish(false,
               tr("export of %1 to %2 failed: the snapshot no longer exists (%3 of %4 objects arrived).")
                   .arg(record.snapshotName, where)
                   .arg(progress.objectsPresent)
                   .arg(progress.objectsExpected));
        return;
    }
    if (!statusError && !available)
        statusWasBusy = true;
    const bool listingDenied = listError && !listError->isTransient() && !listError->isThrottling();
    if (available && statusWasBusy && listingDenied) {
        // Without s3:ListBucket the objects cannot be counted; the snapshot's status and the events are all there is.
        finish(true,
               tr("export of %1 to %2 finished: the snapshot is available again and the service reported no "
                  "failure (the objects could not be listed: %3)")
                   .arg(record.snapshotName, where, plain(listError->message)));
        return;
    }
    if (available && statusWasBusy && !listError) {
        if (++roundsAvailableIncomplete > kGraceRounds) {
            finish(false,
                   tr("export of %1 to %2 failed: the snapshot is available again but only %3 of %4 objects "
                      "arrived, and the service gave no reason.")
                       .arg(record.snapshotName, where)
                       .arg(progress.objectsPresent)
                       .arg(progress.objectsExpected));
            return;
        }
    }
    const qint64 remaining = remainingMs();
    if (remaining <= 0) {
        QString detail = progressText(progress);
        if (listError)
            detail += tr("; the bucket could not be listed: %1").arg(plain(listError->message));
        finish(false,
               tr("stopped following the export of %1 to %2 at its deadline (%3).")
                   .arg(record.snapshotName, where, detail));
        return;
    }
    for (const std::optional<ApiError> *error : {&listError, &eventsError, &statusError}) {
        if (*error)
            qCDebug(lcFollow).noquote() << u"following %1: %2"_s.arg(record.id(), (*error)->toString());
    }
    const QPointer<ExportFollower> guard(q);
    Q_EMIT q->progressed(progress, progressText(progress));
    if (!guard || !running)
        return;
    delayMs
        = delayMs <= 0 ? std::min<qint64>(firstDelayMs, remaining) : ExportPlan::nextPollDelayMs(delayMs, remaining);
    timer.start(std::max(0, delayMs));
}

void ExportFollower::Private::finish(bool ok, const QString &text)
{
    if (!running)
        return;
    running = false;
    ++generation;
    timer.stop();
    Q_EMIT q->finished(ok, text);
}

ExportFollower::ExportFollower(ElastiCacheClient *elastiCache, S3Client *s3, FollowedExport record, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, elastiCache, s3, std::move(record)))
{
    connect(&d->timer, &QTimer::timeout, this, [this] { d->round(); });
}

ExportFollower::~ExportFollower() = default;

const FollowedExport &ExportFollower::record() const
{
    return d->record;
}

void ExportFollower::setDeadline(const QDateTime &deadline)
{
    d->deadline = deadline;
}

void ExportFollower::setFirstDelayMs(int ms)
{
    d->firstDelayMs = std::max(1, ms);
}

void ExportFollower::start()
{
    if (d->running)
        return;
    d->running = true;
    d->delayMs = 0;
    d->timer.start(0);
}

void ExportFollower::stop()
{
    d->running = false;
    ++d->generation;
    d->timer.stop();
}

bool ExportFollower::isRunning() const
{
    return d->running;
}

const ExportFollower::Progress &ExportFollower::progress() const
{
    return d->progress;
}

QString ExportFollower::progressText(const Progress &progress)
{
    const QString objects = progress.objectsExpected == 1
        ? tr("%1 of 1 object").arg(progress.objectsPresent)
        : tr("%1 of %2 objects").arg(progress.objectsPresent).arg(progress.objectsExpected);
    if (progress.bytes > 0)
        return tr("exporting: %1, %2 so far").arg(objects, cacheSizeText(progress.bytes, QLocale::c()));
    return tr("exporting: %1 so far").arg(objects);
}

QString ExportFollower::doneText(const FollowedExport &record, const Progress &progress)
{
    const QString objects
        = progress.objectsPresent == 1 ? tr("1 object") : tr("%1 objects").arg(progress.objectsPresent);
    return tr("exported to %1 (%2, %3)").arg(record.location(), objects, cacheSizeText(progress.bytes, QLocale::c()));
}

bool ExportFollower::isFailureEvent(const Event &event, const FollowedExport &record)
{
    const QString &name = record.snapshotName;
    // The name as a word of the message: "nightly" is not mentioned by "nightly-2 failed".
    const auto mentions = [&name](const QString &text) {
        const auto isNameChar = [](QChar c) {
            return c.isLetterOrNumber() || c == u'-';
        };
        for (qsizetype at = text.indexOf(name, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(name, at + 1, Qt::CaseInsensitive)) {
            const qsizetype end = at + name.size();
            if ((at == 0 || !isNameChar(text.at(at - 1))) && (end == text.size() || !isNameChar(text.at(end))))
                return true;
        }
        return false;
    };
    const bool aboutIt = event.sourceIdentifier.compare(name, Qt::CaseInsensitive) == 0 || mentions(event.message);
    if (!aboutIt)
        return false;
    static const QRegularExpression failed(u"\\b(fail(ed|ure)?|could not|unable to|error)\\b"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    return failed.match(event.message).hasMatch();
}
