// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "snapshot.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

class ElastiCacheClient;
class S3Client;

// One export the service has accepted, as much as is needed to follow it later: which connection it belongs
// to (profile, region and endpoint, never a key), what was exported, where to, and when. It is written to the
// app's state and read back from it, so reading trusts nothing: every member is checked for type, length and
// form, unknown members are refused, and a document holds at most kMaxRecords records.
struct FollowedExport
{
    enum class Kind { NodeBased, Serverless };

    static constexpr int kFormatVersion = 1;
    static constexpr qsizetype kMaxDocumentBytes = 256 * 1024;
    static constexpr qsizetype kMaxRecords = 64;
    static constexpr qsizetype kMaxKeys = 500; // one object per shard; a cluster has at most 500 shards
    static constexpr qsizetype kMaxKeyBytes = 1024; // S3's limit on a key

    QString profile; // the connection's name ("default", "(environment)", "sandbox")
    QString region;
    QString endpoint; // a custom ElastiCache endpoint (the sandbox's URL); empty for AWS's
    Kind kind = Kind::NodeBased;
    QString snapshotName; // the source snapshot
    QString bucket;
    QStringList keys; // the objects the export writes (ExportPlan)
    QDateTime acceptedAt; // UTC, the service's clock as well as the client knows it

    bool operator==(const FollowedExport &) const = default;

    // Whether it belongs to the connection with this profile, region and endpoint.
    bool belongsTo(const QString &profile, const QString &region, const QString &endpoint) const;
    // "s3://bucket/key" for one object; "s3://bucket/<common prefix>" for several.
    QString location() const;
    // A stable identity within one connection: kind, snapshot, bucket and the first key.
    QString id() const;

    QJsonObject toJson() const;
    // Refuses anything the app did not write: wrong types, unknown members, names that are not names, a key
    // with control characters, an endpoint with a user name, a time far from now.
    static ApiResult<FollowedExport> fromJson(const QJsonObject &object);
    static QByteArray listToJson(const QList<FollowedExport> &records);
    static ApiResult<QList<FollowedExport>> listFromJson(const QByteArray &document);
};

// Follows one accepted export until every expected object is in the bucket (done), the service reports that it
// failed (an event for the snapshot since the export was accepted whose message says it failed), the snapshot
// goes away, or the deadline passes. Each round lists the bucket under the objects' prefix (ListObjectsV2),
// reads the events since the export was accepted (DescribeEvents) and the snapshot's status, all three at once;
// rounds are ExportPlan::nextPollDelayMs() apart. Emits progressed() after each round that is not the last,
// then finished() exactly once. The clients must outlive it, or it fails with "the connection was closed".
class ExportFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportFollower)

public:
    struct Progress
    {
        qsizetype objectsPresent = 0;
        qsizetype objectsExpected = 0;
        qint64 bytes = 0; // the sizes of the expected objects listed so far
        QString snapshotStatus; // empty until read
    };

    ExportFollower(ElastiCacheClient *elastiCache, S3Client *s3, FollowedExport record, QObject *parent = nullptr);
    ~ExportFollower() override;

    const FollowedExport &record() const;
    // Give up when this instant passes (default: 12 hours after the export was accepted).
    void setDeadline(const QDateTime &deadline);
    // The first pause between rounds (default 1 s, growing by half each round to at most 15 s); tests shorten it.
    void setFirstDelayMs(int ms);
    void start(); // the first round starts on the next event-loop turn
    void stop(); // stops without finished()
    bool isRunning() const;
    const Progress &progress() const;

    // "exporting: 2 of 3 objects, 1.4 GB so far"
    static QString progressText(const Progress &progress);
    // "exported to s3://bucket/prefix (3 objects, 4.2 GB)"
    static QString doneText(const FollowedExport &record, const Progress &progress);
    // Whether an event says that this export failed: it names the snapshot (as its source or in its words) and
    // its message says the export or copy failed.
    static bool isFailureEvent(const Event &event, const FollowedExport &record);

Q_SIGNALS:
    void progressed(const ExportFollower::Progress &progress, const QString &text);
    // ok: every object is there (text is doneText()); otherwise text says what went wrong in plain words.
    void finished(bool ok, const QString &text);

private:
    class Private;
    std::unique_ptr<Private> d;
};
