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
#include "rowtableview.h"
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

#include <algorithm>
#include <memory>
#include <numeric>

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
    , m_window(window)
    , m_routes(1)
{
    m_routes.front().poller = poller;
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

    connect(m_refreshAction, &QAction::triggered, m_listing, qOverload<>(&SnapshotListing::refresh));
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
            arns.append(entry.arn()); // the ARN names the row's own account and region
        QApplication::clipboard()->setText(arns.join(u'\n'));
    });
    connect(m_listing, &SnapshotListing::started, this, &SnapshotActions::updateEnabled);
    connect(m_listing, &SnapshotListing::finished, this, &SnapshotActions::updateEnabled);
}

SnapshotActions::~SnapshotActions() = default;

void SnapshotActions::attach(RowTableView *view, SnapshotFilterProxyModel *proxy, ErrorBar *errorBar)
{
    m_view = view;
    m_proxy = proxy;
    m_errorBar = errorBar;
    m_view->addAction(m_copyNameAction);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SnapshotActions::updateEnabled);
    connect(model(), &QAbstractItemModel::dataChanged, this, &SnapshotActions::updateEnabled);
    connect(model(), &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        for (int row = from.row(); row <= to.row(); ++row) {
            SnapshotStatusPoller *poller = pollerOf(model()->connectionOf(row));
            if (poller && poller->watchedCount() > 0)
                poller->observe(model()->snapshotAt(row));
        }
    });
    updateEnabled();
}

void SnapshotActions::setConnection(ElastiCacheClient *client, const QString &region, const QString &settingsScope)
{
    Route &route = m_routes.front();
    route.client = client;
    route.region = region;
    route.settingsScope = settingsScope;
    updateEnabled();
}

void SnapshotActions::setS3Client(S3Client *s3, const QString &unavailableReason)
{
    m_routes.front().s3 = s3;
    m_routes.front().s3Unavailable = unavailableReason;
}

void SnapshotActions::setSecurityGroupSource(SecurityGroupSource source, const QString &unavailableReason)
{
    m_routes.front().securityGroups = std::move(source);
    m_routes.front().securityGroupsUnavailable = unavailableReason;
}

void SnapshotActions::setRoute(int connection, Route route)
{
    if (connection < 0)
        return;
    if (size_t(connection) >= m_routes.size())
        m_routes.resize(size_t(connection) + 1);
    if (connection == 0 && !route.poller)
        route.poller = m_routes.front().poller; // the window's first poller stays connection 0's
    m_routes[size_t(connection)] = std::move(route);
    updateEnabled();
}

void SnapshotActions::setConnectionCount(int count)
{
    m_routes.resize(size_t(std::max(1, count)));
    m_currentConnection = std::min(m_currentConnection, int(m_routes.size()) - 1);
    updateEnabled();
}

int SnapshotActions::connectionCount() const
{
    return int(m_routes.size());
}

const SnapshotActions::Route &SnapshotActions::route(int connection) const
{
    static const Route none;
    return connection >= 0 && size_t(connection) < m_routes.size() ? m_routes[size_t(connection)] : none;
}

void SnapshotActions::setCurrentConnection(int connection)
{
    m_currentConnection = std::clamp(connection, 0, int(m_routes.size()) - 1);
    updateEnabled();
}

ElastiCacheClient *SnapshotActions::clientOf(int connection) const
{
    return route(connection).client;
}

SnapshotStatusPoller *SnapshotActions::pollerOf(int connection) const
{
    return route(connection).poller;
}

QString SnapshotActions::titled(const QString &title, int connection) const
{
    const QString label = route(connection).label;
    return m_routes.size() > 1 && !label.isEmpty() ? title + u" — "_s + label : title;
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
    const QList<std::pair<int, SnapshotEntry>> rows = m_view ? selectedRows() : QList<std::pair<int, SnapshotEntry>>();
    QList<SnapshotEntry> selected;
    for (const auto &row : rows)
        selected.append(row.second);
    // Each action goes to its rows' own connection; Create and Restore from S3 (nothing selected) to the current one.
    const int target = rows.size() == 1 ? rows.first().first : m_currentConnection;
    const bool connected = clientOf(target) != nullptr;
    m_refreshAction->setEnabled(!m_listing->isLoading());
    m_createAction->setEnabled(connected);
    m_copyAction->setEnabled(connected && selected.size() == 1);
    m_exportAction->setEnabled(connected && selected.size() == 1);
    // One snapshot, or none: then from objects in S3.
    m_restoreAction->setEnabled(connected && selected.size() <= 1);
    // Rows already being deleted are left out of a delete; with only those selected there is nothing to do.
    const auto deletable = std::count_if(rows.cbegin(), rows.cend(), [this](const std::pair<int, SnapshotEntry> &row) {
        return row.second.status() != SnapshotEntry::Status::Deleting && clientOf(row.first);
    });
    m_deleteAction->setEnabled(deletable > 0);
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

QList<std::pair<int, SnapshotEntry>> SnapshotActions::selectedRows() const
{
    QList<std::pair<int, SnapshotEntry>> entries;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    entries.reserve(rows.size());
    for (const QModelIndex &index : rows) {
        const int row = m_proxy->mapToSource(index).row();
        entries.append({model()->connectionOf(row), model()->snapshotAt(row)});
    }
    return entries;
}

bool SnapshotActions::selectSnapshot(SnapshotEntry::Kind kind, const QString &name)
{
    return selectSnapshot(0, kind, name);
}

bool SnapshotActions::selectSnapshot(int connection, SnapshotEntry::Kind kind, const QString &name)
{
    const int row = model()->rowOf(connection, kind, name);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(model()->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

QSet<QString> SnapshotActions::existingNames(int connection) const
{
    // Names are unique per account and region: the connection's own rows.
    QSet<QString> names;
    names.reserve(model()->rowCount());
    for (int row = 0; row < model()->rowCount(); ++row) {
        if (model()->connectionOf(row) == connection)
            names.insert(SnapshotNames::normalized(model()->snapshotAt(row).name()));
    }
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
    const QList<std::pair<int, SnapshotEntry>> rows = selectedRows();
    const int connection = rows.size() == 1 ? rows.first().first : m_currentConnection;
    if (!clientOf(connection))
        return;
    auto *dialog = new CreateSnapshotDialog(m_listing->sources(connection), existingNames(connection), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(titled(dialog->windowTitle(), connection));
    // Preselect the source of the selected snapshot: the usual "another one of these" case.
    if (rows.size() == 1) {
        const SnapshotEntry &entry = rows.first().second;
        if (entry.kind() == SnapshotEntry::Kind::Serverless)
            dialog->selectSource(SnapshotSource::Type::ServerlessCache, entry.serverlessCache());
        else if (!entry.replicationGroup().isEmpty())
            dialog->selectSource(SnapshotSource::Type::ReplicationGroup, entry.replicationGroup());
        else if (!entry.cluster().isEmpty())
            dialog->selectSource(SnapshotSource::Type::CacheCluster, entry.cluster());
    }
    dialog->setSubmitHandler([this, dialog, connection] {
        startCreate(connection, dialog->sourceType(), dialog->sourceId(), dialog->snapshotName(), dialog->kmsKeyId(),
                    dialog->tags(), dialog);
    });
    dialog->open();
}

void SnapshotActions::startCreate(int connection, SnapshotSource::Type type, const QString &source, const QString &name,
                                  const QString &kmsKey, const QList<Tag> &tags, QPointer<CreateSnapshotDialog> dialog)
{
    ElastiCacheClient *client = clientOf(connection);
    if (!client)
        return;
    const QString description = tr("Snapshot %1 of %2").arg(name, source);
    const auto failed = [this, connection, type, source, name, kmsKey, tags, dialog](const ApiError &error) {
        if (dialog) {
            dialog->requestFailed(error);
        } else {
            std::function<void()> retry;
            if (error.isTransient() || error.isThrottling())
                retry = [this, connection, type, source, name, kmsKey, tags] {
                    startCreate(connection, type, source, name, kmsKey, tags);
                };
            m_errorBar->showError(tr("Could not create snapshot %1.").arg(name), error, QString(), retry);
        }
        Q_EMIT finished(u"create"_s, false);
    };
    // The same for both kinds once the service has accepted the request.
    const auto created = [this, connection, description, dialog](SnapshotEntry::Kind kind, const auto &snapshot,
                                                                 const QString &stored) {
        if (dialog)
            dialog->accept();
        if (m_tags)
            m_tags->invalidate(snapshot.arn);
        model()->upsert(snapshot, connection);
        selectSnapshot(connection, kind, stored);
        if (SnapshotStatusPoller *poller = pollerOf(connection))
            poller->watch(kind, stored, SnapshotStatusPoller::Expect::Available, description);
        Q_EMIT statusMessage(tr("Creating snapshot %1…").arg(stored), 10000);
        Q_EMIT finished(u"create"_s, true);
    };
    if (type == SnapshotSource::Type::ServerlessCache) {
        CreateServerlessCacheSnapshotRequest request;
        request.serverlessCacheName = source;
        request.serverlessCacheSnapshotName = name;
        request.kmsKeyId = kmsKey;
        request.tags = tags;
        ServerlessSnapshotJob *job = client->createServerlessCacheSnapshot(request);
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
    SnapshotJob *job = client->createSnapshot(request);
    connect(job, &SnapshotJob::finished, this, [failed, created](const ApiResult<Snapshot> &result) {
        if (!result)
            return failed(result.error());
        created(SnapshotEntry::Kind::NodeBased, result.value(), result.value().snapshotName);
    });
}

void SnapshotActions::copySelected()
{
    const QList<std::pair<int, SnapshotEntry>> selected = selectedRows();
    if (selected.size() != 1 || !clientOf(selected.first().first))
        return;
    const int connection = selected.first().first;
    auto *dialog = new CopySnapshotDialog(selected.first().second, existingNames(connection), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(titled(dialog->windowTitle(), connection));
    dialog->setSubmitHandler([this, dialog, connection] {
        startCopy(connection, dialog->source(), dialog->targetName(), dialog->kmsKeyId(), dialog->tags(), dialog);
    });
    dialog->open();
}

void SnapshotActions::startCopy(int connection, const SnapshotEntry &source, const QString &target,
                                const QString &kmsKey, const QList<Tag> &tags, QPointer<CopySnapshotDialog> dialog)
{
    ElastiCacheClient *client = clientOf(connection);
    if (!client)
        return;
    observeCurrent(connection, source.kind(), source.name());
    const QString description = tr("Copy of %1 to %2").arg(source.name(), target);
    const auto failed = [this, connection, source, target, kmsKey, tags, dialog](const ApiError &error) {
        if (dialog) {
            dialog->requestFailed(error);
        } else {
            std::function<void()> retry;
            if (error.isTransient() || error.isThrottling())
                retry = [this, connection, source, target, kmsKey, tags] {
                    startCopy(connection, source, target, kmsKey, tags);
                };
            m_errorBar->showError(tr("Could not copy %1.").arg(source.name()), error, QString(), retry);
        }
        Q_EMIT finished(u"copy"_s, false);
    };
    // The same for both kinds once the service has accepted the request: the copy is followed, and so is its
    // source, which shows "copying" meanwhile.
    const auto copied = [this, connection, source, description, dialog](const auto &snapshot, const QString &stored) {
        if (dialog)
            dialog->accept();
        if (m_tags)
            m_tags->invalidate(snapshot.arn);
        model()->upsert(snapshot, connection);
        if (SnapshotStatusPoller *poller = pollerOf(connection)) {
            poller->watch(source.kind(), stored, SnapshotStatusPoller::Expect::Available, description);
            poller->watch(source.kind(), source.name(), SnapshotStatusPoller::Expect::Available, description);
        }
        selectSnapshot(connection, source.kind(), stored);
        Q_EMIT finished(u"copy"_s, true);
    };
    if (source.kind() == SnapshotEntry::Kind::Serverless) {
        CopyServerlessCacheSnapshotRequest request;
        request.sourceServerlessCacheSnapshotName = source.name();
        request.targetServerlessCacheSnapshotName = target;
        request.kmsKeyId = kmsKey;
        request.tags = tags;
        ServerlessSnapshotJob *job = client->copyServerlessCacheSnapshot(request);
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
    SnapshotJob *job = client->copySnapshot(request);
    connect(job, &SnapshotJob::finished, this, [failed, copied](const ApiResult<Snapshot> &result) {
        if (!result)
            return failed(result.error());
        copied(result.value(), result.value().snapshotName);
    });
}

QString SnapshotActions::exportBucketKey(int connection) const
{
    const Route &r = route(connection);
    return u"export/"_s + settingsKeyPart(r.settingsScope) + u'/' + settingsKeyPart(r.region) + u"/bucket"_s;
}

void SnapshotActions::exportSelected()
{
    const QList<std::pair<int, SnapshotEntry>> selected = selectedRows();
    if (selected.size() != 1 || !clientOf(selected.first().first))
        return;
    const int connection = selected.first().first;
    const Route &r = route(connection);
    auto *dialog = new ExportSnapshotDialog(selected.first().second, r.region,
                                            QSettings().value(exportBucketKey(connection)).toString(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(titled(dialog->windowTitle(), connection));
    if (r.s3)
        dialog->setS3Client(r.s3);
    else if (!r.s3Unavailable.isEmpty())
        dialog->setCheckUnavailable(r.s3Unavailable);
    dialog->setSubmitHandler([this, dialog, connection] {
        startExport(connection, dialog->source(), dialog->bucket(), dialog->targetName(), dialog);
    });
    dialog->open();
}

void SnapshotActions::startExport(int connection, const SnapshotEntry &source, const QString &bucket,
                                  const QString &target, QPointer<ExportSnapshotDialog> dialog)
{
    ElastiCacheClient *client = clientOf(connection);
    if (!client)
        return;
    const bool hasS3 = route(connection).s3 != nullptr;
    // An earlier export of this snapshot that has ended is announced before this one's answer, not after it.
    observeCurrent(connection, source.kind(), source.name());
    // The row follows the snapshot's status; the export itself (its objects, its events) is followed and announced
    // by the window's ExportFollowing once the service has accepted it. Without an S3 client for the connection
    // nothing can follow the objects: the status poller then announces the end of the export, as it did before.
    const QString description = hasS3 ? QString() : tr("Export of %1 to s3://%2").arg(source.name(), bucket);
    const auto accepted = [this, connection](FollowedExport::Kind kind, const QString &name, const QString &to,
                                             const QStringList &keys) {
        const Route &r = route(connection);
        if (!r.s3)
            return; // nothing to follow the objects with; the status poller announces the end
        FollowedExport record;
        record.kind = kind;
        record.snapshotName = name;
        record.bucket = to;
        record.keys = keys;
        record.acceptedAt = QDateTime::currentDateTimeUtc().addMSecs(r.client ? r.client->clockOffsetMs() : 0);
        // The record's connection members are filled in by the connection's ExportFollowing.
        Q_EMIT exportAccepted(connection, record);
    };
    const QString region = route(connection).region;
    const QString bucketKey = exportBucketKey(connection);
    const auto failed = [this, connection, source, bucket, target, region, dialog](const ApiError &error) {
        const QString advice = ExportSnapshotDialog::adviceFor(error, region, source.kind());
        if (dialog) {
            dialog->requestFailed(error, advice);
        } else {
            std::function<void()> retry;
            if (error.isTransient() || error.isThrottling())
                retry = [this, connection, source, bucket, target] {
                    startExport(connection, source, bucket, target);
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
        ServerlessSnapshotJob *job = client->exportServerlessCacheSnapshot(request);
        connect(job, &ServerlessSnapshotJob::finished, this,
                [this, connection, source, bucket, description, failed, worked,
                 accepted](const ApiResult<ServerlessCacheSnapshot> &result) {
                    if (!result)
                        return failed(result.error());
                    worked();
                    model()->upsert(result.value(), connection);
                    if (SnapshotStatusPoller *poller = pollerOf(connection))
                        poller->watch(SnapshotEntry::Kind::Serverless, source.name(),
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
    SnapshotJob *job = client->copySnapshot(request);
    connect(job, &SnapshotJob::finished, this,
            [this, connection, source, bucket, target, description, failed, worked,
             accepted](const ApiResult<Snapshot> &result) {
                if (!result)
                    return failed(result.error());
                worked();
                // The answer describes the source snapshot (now "copying"); no new snapshot appears in ElastiCache.
                if (result.value().snapshotName == source.name())
                    model()->upsert(result.value(), connection);
                if (SnapshotStatusPoller *poller = pollerOf(connection))
                    poller->watch(SnapshotEntry::Kind::NodeBased, source.name(),
                                  SnapshotStatusPoller::Expect::Available, description);
                const auto known = source.nodeSnapshot();
                accepted(FollowedExport::Kind::NodeBased, source.name(), bucket,
                         ExportPlan::nodeBasedObjectKeys(
                             target, result.value().nodeSnapshots.isEmpty() && known ? *known : result.value()));
                Q_EMIT finished(u"export"_s, true);
            });
}

void SnapshotActions::observeCurrent(int connection, SnapshotEntry::Kind kind, const QString &name)
{
    SnapshotStatusPoller *poller = pollerOf(connection);
    if (const int row = model()->rowOf(connection, kind, name); row >= 0 && poller)
        poller->observe(model()->snapshotAt(row));
}

void SnapshotActions::deleteSelected()
{
    const QList<std::pair<int, SnapshotEntry>> selected = selectedRows();
    if (selected.isEmpty())
        return;
    QStringList names;
    int automatic = 0;
    QList<Target> targets;
    for (const auto &[connection, entry] : selected) {
        if (entry.status() == SnapshotEntry::Status::Deleting || !clientOf(connection))
            continue;
        // With several connections each name says where it is: two regions may both have "nightly".
        const QString label = route(connection).label;
        names.append(m_routes.size() > 1 && !label.isEmpty() ? tr("%1 (%2)").arg(entry.name(), label) : entry.name());
        automatic += entry.isAutomatic() ? 1 : 0;
        targets.append({connection, entry.kind(), entry.name()});
    }
    if (names.isEmpty())
        return;
    auto *dialog = new DeleteSnapshotDialog(names, automatic, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, targets] {
        // Only what still exists: a refresh may have removed rows while the dialog was open.
        QList<Target> existing;
        for (const Target &target : targets) {
            if (model()->rowOf(target.connection, target.kind, target.name) >= 0)
                existing.append(target);
        }
        startDelete(existing);
    });
    dialog->open();
}

void SnapshotActions::startDelete(const QList<Target> &targets)
{
    if (targets.isEmpty())
        return;
    // Each snapshot goes to its own connection; the outcome is reported per snapshot (and the settling once per
    // connection, by that connection's poller).
    struct Batch
    {
        int pending = 0;
        QHash<int, QList<std::pair<SnapshotEntry::Kind, QString>>> deleting; // by connection
        QList<Target> failed;
        QStringList failures; // per snapshot: its name (and connection) and why
        std::optional<ApiError> lastError;
        bool retryable = true;
    };
    auto batch = std::make_shared<Batch>();
    batch->pending = int(targets.size());
    const bool several = m_routes.size() > 1;
    const auto done = [this, batch, several](const Target &target, const std::optional<ApiError> &error) {
        if (error) {
            batch->failed.append(target);
            batch->lastError = error;
            batch->retryable = batch->retryable && (error->isTransient() || error->isThrottling());
            const QString label = route(target.connection).label;
            batch->failures.append((several && !label.isEmpty() ? tr("%1 (%2)").arg(target.name, label) : target.name)
                                   + u": "_s + error->toString());
        } else {
            batch->deleting[target.connection].append({target.kind, target.name});
        }
        if (--batch->pending > 0)
            return;
        // One notification per connection for its part of the batch, naming every snapshot (or their count).
        for (auto it = batch->deleting.cbegin(); it != batch->deleting.cend(); ++it) {
            SnapshotStatusPoller *poller = pollerOf(it.key());
            if (!poller)
                continue;
            const auto &deleting = it.value();
            poller->watchBatch(deleting, SnapshotStatusPoller::Expect::Gone,
                               deleting.size() == 1 ? tr("Deletion of %1").arg(deleting.first().second)
                                                    : tr("Deletion of %n snapshot(s)", nullptr, int(deleting.size())));
        }
        if (batch->failed.isEmpty()) {
            Q_EMIT finished(u"delete"_s, true);
            return;
        }
        QStringList failedNames;
        for (const Target &f : std::as_const(batch->failed))
            failedNames.append(f.name);
        const QList<Target> failed = batch->failed;
        std::function<void()> retry;
        if (batch->retryable)
            retry = [this, failed] {
                startDelete(failed);
            };
        if (!several) {
            m_errorBar->showError(tr("Could not delete %1.").arg(failedNames.join(u", ")), *batch->lastError, QString(),
                                  retry);
        } else {
            // Per snapshot, in the details: which failed, where, and why; the others were deleted.
            m_errorBar->showMessage(
                tr("Could not delete %1 of %2 snapshots: %3.")
                    .arg(failedNames.size())
                    .arg(batch->failed.size()
                         + std::accumulate(batch->deleting.cbegin(), batch->deleting.cend(), 0,
                                           [](int sum, const auto &list) { return sum + int(list.size()); }))
                    .arg(failedNames.join(u", ")),
                batch->failures.join(u'\n'), retry);
        }
        Q_EMIT finished(u"delete"_s, false);
    };
    for (const Target &target : targets) {
        ElastiCacheClient *client = clientOf(target.connection);
        if (!client) {
            done(target,
                 ApiError {
                     ApiError::Kind::Config, u"NotConnected"_s, tr("The connection is not set up."), 0, {}, {}, 1});
            continue;
        }
        const int connection = target.connection;
        if (target.kind == SnapshotEntry::Kind::Serverless) {
            DeleteServerlessCacheSnapshotRequest request;
            request.serverlessCacheSnapshotName = target.name;
            ServerlessSnapshotJob *job = client->deleteServerlessCacheSnapshot(request);
            connect(job, &ServerlessSnapshotJob::finished, this,
                    [this, done, target, connection](const ApiResult<ServerlessCacheSnapshot> &result) {
                        if (result)
                            model()->upsert(result.value(), connection);
                        done(target, result ? std::nullopt : std::optional(result.error()));
                    });
        } else {
            DeleteSnapshotRequest request;
            request.snapshotName = target.name;
            SnapshotJob *job = client->deleteSnapshot(request);
            connect(job, &SnapshotJob::finished, this,
                    [this, done, target, connection](const ApiResult<Snapshot> &result) {
                        if (result)
                            model()->upsert(result.value(), connection);
                        done(target, result ? std::nullopt : std::optional(result.error()));
                    });
        }
    }
}

void SnapshotActions::restoreSelected()
{
    const QList<std::pair<int, SnapshotEntry>> selected = selectedRows();
    const int connection = selected.size() == 1 ? selected.first().first : m_currentConnection;
    if (!clientOf(connection) || selected.size() > 1)
        return;
    const Route &r = route(connection);
    const SnapshotEntry snapshot
        = selected.isEmpty() ? SnapshotEntry() : m_listing->withShardConfig(selected.first().second, connection);
    auto *dialog = new RestoreDialog(snapshot, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(titled(dialog->windowTitle(), connection));
    // The caches that exist, per kind, so the new one's name is not taken (the listing's sources).
    QHash<int, QSet<QString>> existing;
    for (const SnapshotSource &source : m_listing->sources(connection))
        existing[int(source.type)].insert(source.id.toLower());
    dialog->setExistingNames(RestorePlan::Target::ReplicationGroup,
                             existing.value(int(SnapshotSource::Type::ReplicationGroup)));
    dialog->setExistingNames(RestorePlan::Target::CacheCluster,
                             existing.value(int(SnapshotSource::Type::CacheCluster)));
    dialog->setExistingNames(RestorePlan::Target::ServerlessCache,
                             existing.value(int(SnapshotSource::Type::ServerlessCache)));
    dialog->setClient(r.client);
    dialog->setS3Client(r.s3);
    dialog->setSecurityGroupSource(r.securityGroups, r.securityGroupsUnavailable);
    dialog->setSubmitHandler([this, dialog, connection] { startRestore(connection, dialog); });
    dialog->open();
}

void SnapshotActions::startRestore(int connection, QPointer<RestoreDialog> dialog)
{
    ElastiCacheClient *client = clientOf(connection);
    if (!client || !dialog)
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
    const auto accepted = [this, connection, dialog, source, from](CacheWatch::Kind kind, const QString &id,
                                                                   const QString &arn, const QString &status) {
        if (dialog)
            dialog->accept();
        // The snapshot is "restoring" while the cache is made from it: its row follows it until it is available.
        if (source.origin == RestorePlan::Origin::NodeSnapshot
            || source.origin == RestorePlan::Origin::ServerlessSnapshot) {
            const SnapshotEntry::Kind snapshotKind = source.origin == RestorePlan::Origin::NodeSnapshot
                ? SnapshotEntry::Kind::NodeBased
                : SnapshotEntry::Kind::Serverless;
            observeCurrent(connection, snapshotKind, source.snapshotName);
            if (SnapshotStatusPoller *poller = pollerOf(connection))
                poller->watch(snapshotKind, source.snapshotName, SnapshotStatusPoller::Expect::Available, QString());
        }
        Q_EMIT restoreAccepted(connection, kind, id, arn, from);
        Q_EMIT statusMessage(tr("ElastiCache accepted the restore: the %1 %2 is %3.")
                                 .arg(CacheWatch::kindName(kind), id, status.isEmpty() ? tr("being created") : status),
                             15000);
        Q_EMIT finished(u"restore"_s, true);
    };
    switch (choice.target) {
    case RestorePlan::Target::ReplicationGroup: {
        const CreateReplicationGroupRequest request = RestorePlan::replicationGroupRequest(source, choice);
        client->createReplicationGroup(request)->onFinished(
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
        client->createCacheCluster(request)->onFinished(
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
        client->createServerlessCache(request)->onFinished(
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
