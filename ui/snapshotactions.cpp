// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotactions.h"

#include "copysnapshotdialog.h"
#include "createsnapshotdialog.h"
#include "deletesnapshotdialog.h"
#include "elasticacheclient.h"
#include "errorbar.h"
#include "exportplan.h"
#include "exportsnapshotdialog.h"
#include "restoredialog.h"
#include "restoreplan.h"
#include "s3client.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshotnames.h"
#include "snapshotstatuspoller.h"
#include "snapshottablemodel.h"
#include "statusicons.h"
#include "tagcache.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSettings>
#include <QTreeView>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QString settingsKeyPart(QString text)
{
    // QSettings treats '/' as a group separator.
    return text.isEmpty() ? u"default"_s : text.replace(u'/', u'_');
}

} // namespace

SnapshotActions::SnapshotActions(SnapshotListing *listing, SnapshotStatusPoller *poller, QWidget *window)
    : QObject(window)
    , m_listing(listing)
    , m_poller(poller)
    , m_window(window)
{
    const auto make = [window](const QString &objectName, const QString &text, const QString &icon,
                               const QKeySequence &shortcut, const QString &toolTip) {
        auto *action = new QAction(text, window);
        action->setObjectName(objectName);
        if (!icon.isEmpty())
            action->setIcon(StatusIcons::action(icon));
        if (!shortcut.isEmpty()) {
            action->setShortcut(shortcut);
            action->setToolTip(toolTip + u" ("_s + shortcut.toString(QKeySequence::NativeText) + u')');
        } else {
            action->setToolTip(toolTip);
        }
        action->setShortcutContext(Qt::WindowShortcut);
        window->addAction(action);
        return action;
    };
    m_refreshAction = make(u"actionRefresh"_s, tr("&Refresh"), u"refresh"_s, QKeySequence(Qt::Key_F5),
                           tr("Reload the snapshot list"));
    m_createAction = make(u"actionCreate"_s, tr("&Create snapshot…"), u"create"_s, QKeySequence(Qt::CTRL | Qt::Key_N),
                          tr("Take a manual snapshot of a cache"));
    m_copyAction = make(u"actionCopy"_s, tr("Copy &Snapshot…"), u"copy"_s,
                        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), tr("Copy the selected snapshot to a new name"));
    m_exportAction = make(u"actionExport"_s, tr("&Export to S3…"), u"export"_s,
                          QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Export the selected snapshot to S3"));
    m_restoreAction = make(u"actionRestore"_s, tr("Res&tore…"), u"status-restoring"_s,
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                           tr("Restore the selected snapshot (or .rdb objects in S3) into a new cache"));
    m_deleteAction = make(u"actionDelete"_s, tr("&Delete…"), u"delete"_s, QKeySequence(Qt::Key_Delete),
                          tr("Delete the selected snapshots"));
    m_copyNameAction = make(u"actionCopyName"_s, tr("Copy &Name"), QString(), QKeySequence::Copy,
                            tr("Copy the selected snapshot names"));
    m_copyNameAction->setShortcutContext(Qt::WidgetShortcut);
    m_copyArnAction = make(u"actionCopyArn"_s, tr("Copy &ARN"), QString(), QKeySequence(), tr("Copy the ARN"));

    connect(m_refreshAction, &QAction::triggered, m_listing, &SnapshotListing::refresh);
    connect(m_createAction, &QAction::triggered, this, &SnapshotActions::createSnapshot);
    connect(m_copyAction, &QAction::triggered, this, &SnapshotActions::copySelected);
    connect(m_exportAction, &QAction::triggered, this, &SnapshotActions::exportSelected);
    connect(m_restoreAction, &QAction::triggered, this, &SnapshotActions::restoreSelected);
    connect(m_deleteAction, &QAction::triggered, this, &SnapshotActions::deleteSelected);
    connect(m_copyNameAction, &QAction::triggered, this, [this] {
        QStringList names;
        for (const SnapshotEntry &entry : selectedSnapshots())
            names.append(entry.name());
        QApplication::clipboard()->setText(names.join(u'\n'));
    });
    connect(m_copyArnAction, &QAction::triggered, this, [this] {
        QStringList arns;
        for (const SnapshotEntry &entry : selectedSnapshots())
            arns.append(entry.arn());
        QApplication::clipboard()->setText(arns.join(u'\n'));
    });
    connect(m_listing, &SnapshotListing::started, this, &SnapshotActions::updateEnabled);
    connect(m_listing, &SnapshotListing::finished, this, &SnapshotActions::updateEnabled);
}

SnapshotActions::~SnapshotActions() = default;

void SnapshotActions::attach(QTreeView *view, SnapshotFilterProxyModel *proxy, ErrorBar *errorBar)
{
    m_view = view;
    m_proxy = proxy;
    m_errorBar = errorBar;
    m_view->addAction(m_copyNameAction);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SnapshotActions::updateEnabled);
    connect(model(), &QAbstractItemModel::dataChanged, this, &SnapshotActions::updateEnabled);
    connect(model(), &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        if (m_poller->watchedCount() == 0)
            return;
        for (int row = from.row(); row <= to.row(); ++row)
            m_poller->observe(model()->snapshotAt(row));
    });
    updateEnabled();
}

void SnapshotActions::setConnection(ElastiCacheClient *client, const QString &region, const QString &settingsScope)
{
    m_client = client;
    m_region = region;
    m_settingsScope = settingsScope;
    updateEnabled();
}

void SnapshotActions::setS3Client(S3Client *s3, const QString &unavailableReason)
{
    m_s3 = s3;
    m_s3Unavailable = unavailableReason;
}

void SnapshotActions::setSecurityGroupSource(SecurityGroupSource source, const QString &unavailableReason)
{
    m_securityGroups = std::move(source);
    m_securityGroupsUnavailable = unavailableReason;
}

void SnapshotActions::setTagCache(TagCache *cache)
{
    m_tags = cache;
}

SnapshotTableModel *SnapshotActions::model() const
{
    return m_proxy->snapshotModel();
}

QAction *SnapshotActions::refreshAction() const
{
    return m_refreshAction;
}

QAction *SnapshotActions::createAction() const
{
    return m_createAction;
}

QAction *SnapshotActions::copyAction() const
{
    return m_copyAction;
}

QAction *SnapshotActions::exportAction() const
{
    return m_exportAction;
}

QAction *SnapshotActions::restoreAction() const
{
    return m_restoreAction;
}

QAction *SnapshotActions::deleteAction() const
{
    return m_deleteAction;
}

QAction *SnapshotActions::copyNameAction() const
{
    return m_copyNameAction;
}

QAction *SnapshotActions::copyArnAction() const
{
    return m_copyArnAction;
}

void SnapshotActions::updateEnabled()
{
    const QList<SnapshotEntry> selected = m_view ? selectedSnapshots() : QList<SnapshotEntry>();
    const bool connected = m_client != nullptr;
    m_refreshAction->setEnabled(!m_listing->isLoading());
    m_createAction->setEnabled(connected);
    m_copyAction->setEnabled(connected && selected.size() == 1);
    m_exportAction->setEnabled(connected && selected.size() == 1);
    // One snapshot, or none: then from objects in S3.
    m_restoreAction->setEnabled(connected && selected.size() <= 1);
    // Rows already being deleted are left out of a delete; with only those selected there is nothing to do.
    const auto deletable = std::count_if(selected.cbegin(), selected.cend(), [](const SnapshotEntry &entry) {
        return entry.status() != SnapshotEntry::Status::Deleting;
    });
    m_deleteAction->setEnabled(connected && deletable > 0);
    m_copyNameAction->setEnabled(!selected.isEmpty());
    m_copyArnAction->setEnabled(!selected.isEmpty());
    m_deleteAction->setText(deletable > 1 ? tr("&Delete %1 snapshots…").arg(deletable) : tr("&Delete…"));
}

QList<SnapshotEntry> SnapshotActions::selectedSnapshots() const
{
    QList<SnapshotEntry> entries;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    entries.reserve(rows.size());
    for (const QModelIndex &index : rows)
        entries.append(model()->snapshotAt(m_proxy->mapToSource(index).row()));
    return entries;
}

bool SnapshotActions::selectSnapshot(SnapshotEntry::Kind kind, const QString &name)
{
    const int row = model()->rowOf(kind, name);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(model()->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

QSet<QString> SnapshotActions::existingNames() const
{
    QSet<QString> names;
    names.reserve(model()->rowCount());
    for (int row = 0; row < model()->rowCount(); ++row)
        names.insert(SnapshotNames::normalized(model()->snapshotAt(row).name()));
    return names;
}

void SnapshotActions::popupContextMenu(const QPoint &viewportPos)
{
    auto *menu = new QMenu(m_window);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_copyNameAction);
    menu->addAction(m_copyArnAction);
    menu->addSeparator();
    menu->addAction(m_createAction);
    menu->addAction(m_copyAction);
    menu->addAction(m_exportAction);
    menu->addAction(m_restoreAction);
    menu->addAction(m_deleteAction);
    menu->addSeparator();
    menu->addAction(m_refreshAction);
    menu->popup(m_view->viewport()->mapToGlobal(viewportPos));
}

void SnapshotActions::createSnapshot()
{
    if (!m_client)
        return;
    auto *dialog = new CreateSnapshotDialog(m_listing->sources(), existingNames(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Preselect the source of the selected snapshot: the usual "another one of these" case.
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (selected.size() == 1) {
        const SnapshotEntry &entry = selected.first();
        if (entry.kind() == SnapshotEntry::Kind::Serverless)
            dialog->selectSource(SnapshotSource::Type::ServerlessCache, entry.serverlessCache());
        else if (!entry.replicationGroup().isEmpty())
            dialog->selectSource(SnapshotSource::Type::ReplicationGroup, entry.replicationGroup());
        else if (!entry.cluster().isEmpty())
            dialog->selectSource(SnapshotSource::Type::CacheCluster, entry.cluster());
    }
    dialog->setSubmitHandler([this, dialog] {
        startCreate(dialog->sourceType(), dialog->sourceId(), dialog->snapshotName(), dialog->kmsKeyId(),
                    dialog->tags(), dialog);
    });
    dialog->open();
}

void SnapshotActions::startCreate(SnapshotSource::Type type, const QString &source, const QString &name,
                                  const QString &kmsKey, const QList<Tag> &tags, QPointer<CreateSnapshotDialog> dialog)
{
    if (!m_client)
        return;
    const QString description = tr("Snapshot %1 of %2").arg(name, source);
    const auto failed = [this, type, source, name, kmsKey, tags, dialog](const ApiError &error) {
        if (dialog) {
            dialog->requestFailed(error);
        } else {
            std::function<void()> retry;
            if (error.isTransient() || error.isThrottling())
                retry = [this, type, source, name, kmsKey, tags] {
                    startCreate(type, source, name, kmsKey, tags);
                };
            m_errorBar->showError(tr("Could not create snapshot %1.").arg(name), error, QString(), retry);
        }
        Q_EMIT finished(u"create"_s, false);
    };
    // The same for both kinds once the service has accepted the request.
    const auto created
        = [this, description, dialog](SnapshotEntry::Kind kind, const auto &snapshot, const QString &stored) {
              if (dialog)
                  dialog->accept();
              if (m_tags)
                  m_tags->invalidate(snapshot.arn);
              model()->upsert(snapshot);
              selectSnapshot(kind, stored);
              m_poller->watch(kind, stored, SnapshotStatusPoller::Expect::Available, description);
              Q_EMIT statusMessage(tr("Creating snapshot %1…").arg(stored), 10000);
              Q_EMIT finished(u"create"_s, true);
          };
    if (type == SnapshotSource::Type::ServerlessCache) {
        CreateServerlessCacheSnapshotRequest request;
        request.serverlessCacheName = source;
        request.serverlessCacheSnapshotName = name;
        request.kmsKeyId = kmsKey;
        request.tags = tags;
        ServerlessSnapshotJob *job = m_client->createServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [failed, created](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result)
                        return failed(result.error());
                    created(SnapshotEntry::Kind::Serverless, result.value(),
                            result.value().serverlessCacheSnapshotName);
                });
        return;
    }
    CreateSnapshotRequest request;
    if (type == SnapshotSource::Type::ReplicationGroup)
        request.replicationGroupId = source;
    else
        request.cacheClusterId = source;
    request.snapshotName = name;
    request.kmsKeyId = kmsKey;
    request.tags = tags;
    SnapshotJob *job = m_client->createSnapshot(request);
    connect(job, &SnapshotJob::finished, this, [failed, created](const ApiResult<Snapshot> &result) {
        if (!result)
            return failed(result.error());
        created(SnapshotEntry::Kind::NodeBased, result.value(), result.value().snapshotName);
    });
}

void SnapshotActions::copySelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.size() != 1)
        return;
    auto *dialog = new CopySnapshotDialog(selected.first(), existingNames(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSubmitHandler([this, dialog] {
        startCopy(dialog->source(), dialog->targetName(), dialog->kmsKeyId(), dialog->tags(), dialog);
    });
    dialog->open();
}

void SnapshotActions::startCopy(const SnapshotEntry &source, const QString &target, const QString &kmsKey,
                                const QList<Tag> &tags, QPointer<CopySnapshotDialog> dialog)
{
    if (!m_client)
        return;
    observeCurrent(source.kind(), source.name());
    const QString description = tr("Copy of %1 to %2").arg(source.name(), target);
    const auto failed = [this, source, target, kmsKey, tags, dialog](const ApiError &error) {
        if (dialog) {
            dialog->requestFailed(error);
        } else {
            std::function<void()> retry;
            if (error.isTransient() || error.isThrottling())
                retry = [this, source, target, kmsKey, tags] {
                    startCopy(source, target, kmsKey, tags);
                };
            m_errorBar->showError(tr("Could not copy %1.").arg(source.name()), error, QString(), retry);
        }
        Q_EMIT finished(u"copy"_s, false);
    };
    // The same for both kinds once the service has accepted the request: the copy is followed, and so is its
    // source, which shows "copying" meanwhile.
    const auto copied = [this, source, description, dialog](const auto &snapshot, const QString &stored) {
        if (dialog)
            dialog->accept();
        if (m_tags)
            m_tags->invalidate(snapshot.arn);
        model()->upsert(snapshot);
        m_poller->watch(source.kind(), stored, SnapshotStatusPoller::Expect::Available, description);
        m_poller->watch(source.kind(), source.name(), SnapshotStatusPoller::Expect::Available, description);
        selectSnapshot(source.kind(), stored);
        Q_EMIT finished(u"copy"_s, true);
    };
    if (source.kind() == SnapshotEntry::Kind::Serverless) {
        CopyServerlessCacheSnapshotRequest request;
        request.sourceServerlessCacheSnapshotName = source.name();
        request.targetServerlessCacheSnapshotName = target;
        request.kmsKeyId = kmsKey;
        request.tags = tags;
        ServerlessSnapshotJob *job = m_client->copyServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [failed, copied](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result)
                        return failed(result.error());
                    copied(result.value(), result.value().serverlessCacheSnapshotName);
                });
        return;
    }
    CopySnapshotRequest request;
    request.sourceSnapshotName = source.name();
    request.targetSnapshotName = target;
    request.kmsKeyId = kmsKey;
    request.tags = tags;
    SnapshotJob *job = m_client->copySnapshot(request);
    connect(job, &SnapshotJob::finished, this, [failed, copied](const ApiResult<Snapshot> &result) {
        if (!result)
            return failed(result.error());
        copied(result.value(), result.value().snapshotName);
    });
}

QString SnapshotActions::exportBucketKey() const
{
    return u"export/"_s + settingsKeyPart(m_settingsScope) + u'/' + settingsKeyPart(m_region) + u"/bucket"_s;
}

void SnapshotActions::exportSelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.size() != 1)
        return;
    auto *dialog = new ExportSnapshotDialog(selected.first(), m_region, QSettings().value(exportBucketKey()).toString(),
                                            m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_s3)
        dialog->setS3Client(m_s3);
    else if (!m_s3Unavailable.isEmpty())
        dialog->setCheckUnavailable(m_s3Unavailable);
    dialog->setSubmitHandler(
        [this, dialog] { startExport(dialog->source(), dialog->bucket(), dialog->targetName(), dialog); });
    dialog->open();
}

void SnapshotActions::startExport(const SnapshotEntry &source, const QString &bucket, const QString &target,
                                  QPointer<ExportSnapshotDialog> dialog)
{
    if (!m_client)
        return;
    // An earlier export of this snapshot that has ended is announced before this one's answer, not after it.
    observeCurrent(source.kind(), source.name());
    // The row follows the snapshot's status; the export itself (its objects, its events) is followed and announced
    // by the window's ExportFollowing once the service has accepted it. Without an S3 client for the connection
    // nothing can follow the objects: the status poller then announces the end of the export, as it did before.
    const QString description = m_s3 ? QString() : tr("Export of %1 to s3://%2").arg(source.name(), bucket);
    const auto accepted
        = [this](FollowedExport::Kind kind, const QString &name, const QString &to, const QStringList &keys) {
              if (!m_s3)
                  return; // nothing to follow the objects with; the status poller announces the end
              FollowedExport record;
              record.kind = kind;
              record.snapshotName = name;
              record.bucket = to;
              record.keys = keys;
              record.acceptedAt = QDateTime::currentDateTimeUtc().addMSecs(m_client ? m_client->clockOffsetMs() : 0);
              Q_EMIT exportAccepted(record);
          };
    const QString region = m_region;
    const QString bucketKey = exportBucketKey();
    const auto failed = [this, source, bucket, target, region, dialog](const ApiError &error) {
        const QString advice = ExportSnapshotDialog::adviceFor(error, region, source.kind());
        if (dialog) {
            dialog->requestFailed(error, advice);
        } else {
            std::function<void()> retry;
            if (error.isTransient() || error.isThrottling())
                retry = [this, source, bucket, target] {
                    startExport(source, bucket, target);
                };
            m_errorBar->showError(tr("Could not export %1 to s3://%2.").arg(source.name(), bucket), error, advice,
                                  retry);
        }
        Q_EMIT finished(u"export"_s, false);
    };
    // Only a bucket that took an export is remembered for the next one.
    const auto worked = [bucketKey, bucket, dialog] {
        QSettings().setValue(bucketKey, bucket);
        if (dialog)
            dialog->accept();
    };
    if (source.kind() == SnapshotEntry::Kind::Serverless) {
        ExportServerlessCacheSnapshotRequest request;
        request.serverlessCacheSnapshotName = source.name();
        request.s3BucketName = bucket;
        ServerlessSnapshotJob *job = m_client->exportServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [this, source, bucket, description, failed, worked,
                 accepted](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result)
                        return failed(result.error());
                    worked();
                    model()->upsert(result.value());
                    m_poller->watch(SnapshotEntry::Kind::Serverless, source.name(),
                                    SnapshotStatusPoller::Expect::Available, description);
                    accepted(FollowedExport::Kind::Serverless, source.name(), bucket,
                             ExportPlan::serverlessObjectKeys(source.name()));
                    Q_EMIT finished(u"export"_s, true);
                });
        return;
    }
    CopySnapshotRequest request;
    request.sourceSnapshotName = source.name();
    request.targetSnapshotName = target;
    request.targetBucket = bucket;
    SnapshotJob *job = m_client->copySnapshot(request);
    connect(job, &SnapshotJob::finished, this,
            [this, source, bucket, target, description, failed, worked, accepted](const ApiResult<Snapshot> &result) {
                if (!result)
                    return failed(result.error());
                worked();
                // The answer describes the source snapshot (now "copying"); no new snapshot appears in ElastiCache.
                if (result.value().snapshotName == source.name())
                    model()->upsert(result.value());
                m_poller->watch(SnapshotEntry::Kind::NodeBased, source.name(), SnapshotStatusPoller::Expect::Available,
                                description);
                const Snapshot *known = source.nodeSnapshot();
                accepted(FollowedExport::Kind::NodeBased, source.name(), bucket,
                         ExportPlan::nodeBasedObjectKeys(
                             target, result.value().nodeSnapshots.isEmpty() && known ? *known : result.value()));
                Q_EMIT finished(u"export"_s, true);
            });
}

void SnapshotActions::observeCurrent(SnapshotEntry::Kind kind, const QString &name)
{
    if (const int row = model()->rowOf(kind, name); row >= 0)
        m_poller->observe(model()->snapshotAt(row));
}

void SnapshotActions::deleteSelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.isEmpty())
        return;
    QStringList names;
    int automatic = 0;
    QList<std::pair<SnapshotEntry::Kind, QString>> targets;
    for (const SnapshotEntry &entry : selected) {
        if (entry.status() == SnapshotEntry::Status::Deleting)
            continue;
        names.append(entry.name());
        automatic += entry.isAutomatic() ? 1 : 0;
        targets.append({entry.kind(), entry.name()});
    }
    if (names.isEmpty())
        return;
    auto *dialog = new DeleteSnapshotDialog(names, automatic, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, targets] {
        // Only what still exists: a refresh may have removed rows while the dialog was open.
        QList<std::pair<SnapshotEntry::Kind, QString>> existing;
        for (const auto &target : targets) {
            if (model()->rowOf(target.first, target.second) >= 0)
                existing.append(target);
        }
        startDelete(existing);
    });
    dialog->open();
}

void SnapshotActions::startDelete(const QList<std::pair<SnapshotEntry::Kind, QString>> &targets)
{
    if (!m_client || targets.isEmpty())
        return;
    struct Batch
    {
        int pending = 0;
        QList<std::pair<SnapshotEntry::Kind, QString>> deleting;
        QList<std::pair<SnapshotEntry::Kind, QString>> failed;
        std::optional<ApiError> lastError;
    };
    auto batch = std::make_shared<Batch>();
    batch->pending = int(targets.size());
    const auto done
        = [this, batch](SnapshotEntry::Kind kind, const QString &name, const std::optional<ApiError> &error) {
              if (error) {
                  batch->failed.append({kind, name});
                  batch->lastError = error;
              } else {
                  batch->deleting.append({kind, name});
              }
              if (--batch->pending > 0)
                  return;
              // One notification for the whole batch, naming every snapshot (or their count).
              if (!batch->deleting.isEmpty())
                  m_poller->watchBatch(batch->deleting, SnapshotStatusPoller::Expect::Gone,
                                       batch->deleting.size() == 1
                                           ? tr("Deletion of %1").arg(batch->deleting.first().second)
                                           : tr("Deletion of %n snapshot(s)", nullptr, int(batch->deleting.size())));
              if (batch->failed.isEmpty()) {
                  Q_EMIT finished(u"delete"_s, true);
                  return;
              }
              QStringList failedNames;
              for (const auto &f : std::as_const(batch->failed))
                  failedNames.append(f.second);
              const auto failed = batch->failed;
              std::function<void()> retry;
              if (batch->lastError->isTransient() || batch->lastError->isThrottling())
                  retry = [this, failed] {
                      startDelete(failed);
                  };
              m_errorBar->showError(tr("Could not delete %1.").arg(failedNames.join(u", ")), *batch->lastError,
                                    QString(), retry);
              Q_EMIT finished(u"delete"_s, false);
          };
    for (const auto &[kind, name] : targets) {
        if (kind == SnapshotEntry::Kind::Serverless) {
            DeleteServerlessCacheSnapshotRequest request;
            request.serverlessCacheSnapshotName = name;
            ServerlessSnapshotJob *job = m_client->deleteServerlessCacheSnapshot(request);
            connect(job, &ServerlessSnapshotJob::finished, this,
                    [this, done, name](const ApiResult<ServerlessCacheSnapshot> &result) {
                        if (result)
                            model()->upsert(result.value());
                        done(SnapshotEntry::Kind::Serverless, name,
                             result ? std::nullopt : std::optional(result.error()));
                    });
        } else {
            DeleteSnapshotRequest request;
            request.snapshotName = name;
            SnapshotJob *job = m_client->deleteSnapshot(request);
            connect(job, &SnapshotJob::finished, this, [this, done, name](const ApiResult<Snapshot> &result) {
                if (result)
                    model()->upsert(result.value());
                done(SnapshotEntry::Kind::NodeBased, name, result ? std::nullopt : std::optional(result.error()));
            });
        }
    }
}

void SnapshotActions::restoreSelected()
{
    const QList<SnapshotEntry> selected = selectedSnapshots();
    if (!m_client || selected.size() > 1)
        return;
    const SnapshotEntry snapshot = selected.isEmpty() ? SnapshotEntry() : m_listing->withShardConfig(selected.first());
    auto *dialog = new RestoreDialog(snapshot, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The caches that exist, per kind, so the new one's name is not taken (the listing's sources).
    QHash<int, QSet<QString>> existing;
    for (const SnapshotSource &source : m_listing->sources())
        existing[int(source.type)].insert(source.id.toLower());
    dialog->setExistingNames(RestorePlan::Target::ReplicationGroup,
                             existing.value(int(SnapshotSource::Type::ReplicationGroup)));
    dialog->setExistingNames(RestorePlan::Target::CacheCluster,
                             existing.value(int(SnapshotSource::Type::CacheCluster)));
    dialog->setExistingNames(RestorePlan::Target::ServerlessCache,
                             existing.value(int(SnapshotSource::Type::ServerlessCache)));
    dialog->setClient(m_client);
    dialog->setS3Client(m_s3);
    dialog->setSecurityGroupSource(m_securityGroups, m_securityGroupsUnavailable);
    dialog->setSubmitHandler([this, dialog] { startRestore(dialog); });
    dialog->open();
}

void SnapshotActions::startRestore(QPointer<RestoreDialog> dialog)
{
    if (!m_client || !dialog)
        return;
    const RestorePlan::Source source = dialog->source();
    const RestorePlan::Choice choice = dialog->choice();
    const QString from = RestorePlan::restoredFrom(source);
    const auto failed = [this, dialog](const ApiError &error) {
        if (dialog)
            dialog->requestFailed(error);
        else
            m_errorBar->showError(tr("Could not restore into a new cache."), error, RestoreDialog::adviceFor(error));
        Q_EMIT finished(u"restore"_s, false);
    };
    const auto accepted = [this, dialog, source, from](CacheWatch::Kind kind, const QString &id, const QString &arn,
                                                       const QString &status) {
        if (dialog)
            dialog->accept();
        // The snapshot is "restoring" while the cache is made from it: its row follows it until it is available.
        if (source.origin == RestorePlan::Origin::NodeSnapshot
            || source.origin == RestorePlan::Origin::ServerlessSnapshot) {
            const SnapshotEntry::Kind snapshotKind = source.origin == RestorePlan::Origin::NodeSnapshot
                ? SnapshotEntry::Kind::NodeBased
                : SnapshotEntry::Kind::Serverless;
            observeCurrent(snapshotKind, source.snapshotName);
            m_poller->watch(snapshotKind, source.snapshotName, SnapshotStatusPoller::Expect::Available, QString());
        }
        Q_EMIT restoreAccepted(kind, id, arn, from);
        Q_EMIT statusMessage(tr("ElastiCache accepted the restore: the %1 %2 is %3.")
                                 .arg(CacheWatch::kindName(kind), id, status.isEmpty() ? tr("being created") : status),
                             15000);
        Q_EMIT finished(u"restore"_s, true);
    };
    switch (choice.target) {
    case RestorePlan::Target::ReplicationGroup: {
        const CreateReplicationGroupRequest request = RestorePlan::replicationGroupRequest(source, choice);
        m_client->createReplicationGroup(request)->onFinished(
            this, [failed, accepted, request](const ApiResult<CreateReplicationGroupResult> &result) {
                if (!result)
                    return failed(result.error());
                const ReplicationGroup group = result.value().replicationGroup.value_or(ReplicationGroup());
                accepted(CacheWatch::Kind::ReplicationGroup,
                         group.replicationGroupId.isEmpty() ? request.replicationGroupId : group.replicationGroupId,
                         group.arn, group.status);
            });
        return;
    }
    case RestorePlan::Target::CacheCluster: {
        const CreateCacheClusterRequest request = RestorePlan::cacheClusterRequest(source, choice);
        m_client->createCacheCluster(request)->onFinished(
            this, [failed, accepted, request](const ApiResult<CreateCacheClusterResult> &result) {
                if (!result)
                    return failed(result.error());
                const CacheCluster cluster = result.value().cacheCluster.value_or(CacheCluster());
                accepted(CacheWatch::Kind::CacheCluster,
                         cluster.cacheClusterId.isEmpty() ? request.cacheClusterId : cluster.cacheClusterId,
                         cluster.arn, cluster.cacheClusterStatus);
            });
        return;
    }
    case RestorePlan::Target::ServerlessCache: {
        const CreateServerlessCacheRequest request = RestorePlan::serverlessCacheRequest(source, choice);
        m_client->createServerlessCache(request)->onFinished(
            this, [failed, accepted, request](const ApiResult<CreateServerlessCacheResult> &result) {
                if (!result)
                    return failed(result.error());
                const ServerlessCache cache = result.value().serverlessCache.value_or(ServerlessCache());
                accepted(CacheWatch::Kind::ServerlessCache,
                         cache.serverlessCacheName.isEmpty() ? request.serverlessCacheName : cache.serverlessCacheName,
                         cache.arn, cache.status);
            });
        return;
    }
    }
}
