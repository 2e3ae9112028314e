// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "cachewatch.h"
#include "exportfollower.h"
#include "restoredialog.h"
#include "snapshotentry.h"
#include "snapshotsource.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <utility>
#include <vector>

class CopySnapshotDialog;
class CreateSnapshotDialog;
class ElastiCacheClient;
class ExportSnapshotDialog;
class ErrorBar;
class QAction;
class QPoint;
class RowTableView;
class QWidget;
class RestoreDialog;
class S3Client;
class SnapshotFilterProxyModel;
class SnapshotListing;
class SnapshotStatusPoller;
class SnapshotTableModel;
class TagCache;

// What can be done to snapshots, beside the view that selects them: the actions (refresh, create, copy, export,
// restore, delete, copy name or ARN) with their shortcuts and enabled states, the dialogs they open, and the API calls
// that carry them out. A call's answer updates its row at once; the status poller follows the snapshot until it
// settles. Failures show in the error bar, with a retry. With several connections (the window's fleet) every action
// goes to the selected row's own connection: its client, S3, EC2, region and status poller.
class SnapshotActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotActions)

public:
    // The actions are the window's (for their shortcuts); its dialogs open over it.
    SnapshotActions(SnapshotListing *listing, SnapshotStatusPoller *poller, QWidget *window);
    ~SnapshotActions() override;

    void attach(RowTableView *view, SnapshotFilterProxyModel *proxy, ErrorBar *errorBar);
    // Where one connection's actions go.
    struct Route
    {
        QPointer<ElastiCacheClient> client;
        QPointer<S3Client> s3;
        QString s3Unavailable;
        SecurityGroupSource securityGroups;
        QString securityGroupsUnavailable;
        QString region;
        QString settingsScope;
        QPointer<SnapshotStatusPoller> poller;
        QString label; // "profile @ region", in dialogs' titles and messages when there are several connections
    };
    // The routes of connections 1…n-1 (connection 0's are set by the setters below); count: how many connections.
    void setRoute(int connection, Route route);
    void setConnectionCount(int count);
    int connectionCount() const;
    const Route &route(int connection) const;
    // Where Create goes when no row is selected (the connections list's current connection).
    void setCurrentConnection(int connection);
    // settingsScope names the connection in the settings (the export bucket is remembered per scope and region).
    void setConnection(ElastiCacheClient *client, const QString &region, const QString &settingsScope);
    // The S3 client of the same connection, with which the Export dialog checks the bucket; null with the reason
    // it could not be made (empty reason: the window makes none, and the dialog checks nothing).
    void setS3Client(S3Client *s3, const QString &unavailableReason = QString());
    // Where the Restore dialog lists a VPC's security groups; null: typed as IDs, with the reason shown.
    void setSecurityGroupSource(SecurityGroupSource source, const QString &unavailableReason = QString());
    // The connection's tags: a snapshot the app creates or copies has its cached tags (if any) forgotten.
    void setTagCache(TagCache *cache);

    QAction *refreshAction() const;
    QAction *createAction() const;
    QAction *copyAction() const;
    QAction *exportAction() const;
    QAction *restoreAction() const;
    QAction *deleteAction() const;
    QAction *copyNameAction() const;
    QAction *copyArnAction() const;

    QList<SnapshotEntry> selectedSnapshots() const;
    // The selected rows with their connections.
    QList<std::pair<int, SnapshotEntry>> selectedRows() const;
    bool selectSnapshot(SnapshotEntry::Kind kind, const QString &name);
    bool selectSnapshot(int connection, SnapshotEntry::Kind kind, const QString &name);

    // Each opens its dialog asynchronously, on the current selection.
    void createSnapshot();
    void copySelected();
    void exportSelected();
    // From the selected snapshot, or (nothing selected) from .rdb objects in S3.
    void restoreSelected();
    void deleteSelected();

    void updateEnabled();
    void popupContextMenu(const QPoint &viewportPos);

Q_SIGNALS:
    // An action's API call answered (the snapshot may still be changing; see the poller).
    void finished(const QString &operation, bool ok);
    void statusMessage(const QString &text, int timeoutMs);
    // The service accepted an export: what to follow (the connection's members are left to the follower).
    void exportAccepted(int connection, const FollowedExport &record);
    // The service accepted a restore: the new cache to follow (its ARN from the answer, when it gave one) and what
    // it was restored from (a snapshot's name or the objects' ARNs).
    void restoreAccepted(int connection, CacheWatch::Kind kind, const QString &id, const QString &arn,
                         const QString &restoredFrom);

private:
    struct Target
    {
        int connection = 0;
        SnapshotEntry::Kind kind = SnapshotEntry::Kind::NodeBased;
        QString name;
    };
    SnapshotTableModel *model() const;
    QSet<QString> existingNames(int connection) const;
    QString exportBucketKey(int connection) const;
    QString titled(const QString &title, int connection) const; // with the connection's label, when several
    // Each sends its request; with a dialog (still open), the dialog closes when it worked and shows the error when
    // it failed; without one the error bar shows it, with a retry only for failures that may pass.
    void startCreate(int connection, SnapshotSource::Type type, const QString &source, const QString &name,
                     const QString &kmsKey, const QList<Tag> &tags, QPointer<CreateSnapshotDialog> dialog = {});
    void startCopy(int connection, const SnapshotEntry &source, const QString &target, const QString &kmsKey,
                   const QList<Tag> &tags, QPointer<CopySnapshotDialog> dialog = {});
    void startExport(int connection, const SnapshotEntry &source, const QString &bucket, const QString &target,
                     QPointer<ExportSnapshotDialog> dialog = {});
    // The poller hears what the model knows of the snapshot before a new request about it.
    void observeCurrent(int connection, SnapshotEntry::Kind kind, const QString &name);
    void startDelete(const QList<Target> &targets);
    void startRestore(int connection, QPointer<RestoreDialog> dialog);
    ElastiCacheClient *clientOf(int connection) const;
    SnapshotStatusPoller *pollerOf(int connection) const;

    SnapshotListing *m_listing;
    QWidget *m_window;
    RowTableView *m_view = nullptr;
    SnapshotFilterProxyModel *m_proxy = nullptr;
    ErrorBar *m_errorBar = nullptr;
    QPointer<TagCache> m_tags;
    std::vector<Route> m_routes; // per connection; at least one
    int m_currentConnection = 0;

    QAction *m_refreshAction = nullptr;
    QAction *m_createAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_restoreAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_copyNameAction = nullptr;
    QAction *m_copyArnAction = nullptr;
};
