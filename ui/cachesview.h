// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "backupsettings.h"
#include "hashgrowth.h"
#include "unprotectedsources.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

class BackupSettingsDialog;
class CacheDetailsPane;
class CacheFilterProxyModel;
class CacheListing;
class CacheTableModel;
class CacheWatch;
class ElastiCacheClient;
class ErrorBar;
class QAction;
class QLabel;
class QSpinBox;
class PaneSplitter;
class QTimer;
class QToolButton;
class RowTableView;
class SnapshotTableModel;

// The Caches tab: every source (replication groups, clusters, serverless caches) with its automatic-backup
// settings and newest snapshot, the ones without backups in one look ("Without backups", N days editable), the
// selected one's details with "Edit backup settings…", and the caches CacheWatch follows with their live status.
class CachesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CachesView)

public:
    // snapshots: the snapshot table, read for each source's newest snapshots.
    explicit CachesView(SnapshotTableModel *snapshots, QWidget *parent = nullptr);
    ~CachesView() override;

    // The connection whose caches the tab lists: its client, the caches it follows (restores), its index in the
    // snapshot table (whose rows give each source's newest snapshots) and, in a set, its name, shown above the list.
    void setClient(ElastiCacheClient *client, CacheWatch *watch, int connection = 0, const QString &name = QString());
    int shownConnection() const;
    ElastiCacheClient *client() const;
    void refresh();

    void setUnprotectedOnly(bool only);
    bool unprotectedOnly() const;
    void setUnprotectedDays(int days);
    int unprotectedCount() const;
    // A pass over every snapshot row for the newest snapshot per source is under way or due (rows went or changed).
    bool isRecomputingLatest() const;

    bool selectSource(CacheSource::Kind kind, const QString &id);
    // Opens the backup-settings dialog for the selected source (when its settings can be changed).
    void editSelected();

    CacheListing *listing() const;
    CacheTableModel *model() const;
    CacheFilterProxyModel *proxy() const;
    RowTableView *view() const;
    CacheDetailsPane *detailsPane() const;
    QAction *editAction() const;
    QAction *showUnprotectedAction() const; // checkable: the "Without backups" view
    BackupSettingsDialog *openDialog() const; // the backup-settings dialog while it is open

    void saveSettings() const;
    void restoreSettings();

Q_SIGNALS:
    void showSnapshotsRequested(const CacheSource &source);
    void unprotectedCountChanged(int count);
    // A change was applied (ok) or failed, in words for the status bar.
    void notified(const QString &text, bool failure);

private:
    void openEditor(const CacheSource &source);
    void apply(QPointer<BackupSettingsDialog> dialog);
    void applied(QPointer<BackupSettingsDialog> dialog, const CacheSource &before, const CacheSource &after);
    void updateDetails();
    void setWatch(CacheWatch *watch);
    void showFollowNotes(); // the shown connection's CacheWatch's notes
    void updateCounts();
    void recomputeLatest();
    void scheduleLatest();
    void noteInserted(int first, int last);
    void rebuildLatest(bool rowsMoved);
    void continueLatest();
    CacheSource selected(bool *ok) const;

    SnapshotTableModel *m_snapshots;
    QPointer<CacheWatch> m_watch;
    QPointer<ElastiCacheClient> m_client;
    CacheListing *m_listing = nullptr;
    CacheTableModel *m_model = nullptr;
    CacheFilterProxyModel *m_proxy = nullptr;
    RowTableView *m_view = nullptr;
    CacheDetailsPane *m_details = nullptr;
    ErrorBar *m_errorBar = nullptr;
    PaneSplitter *m_splitter = nullptr;
    QToolButton *m_showAll = nullptr;
    QToolButton *m_showUnprotected = nullptr;
    QSpinBox *m_days = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_connectionName = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_unprotectedAction = nullptr;
    QTimer *m_latestTimer = nullptr;
    // The newest snapshot per source: rows inserted are noted as they come (the newest only grows); a removal or a
    // change starts a full pass over every row, made a slice a turn of the event loop (m_rebuildRow: its next row,
    // -1 when none runs) so that a million rows never hold the window.
    // Only the rows of the connection whose caches the tab lists: another region's or account's cluster of the same
    // name is another cluster, and noting twenty connections' rows made a hash of some 370,000 sources, whose
    // growing took 30 ms in a merge turn at a million rows.
    int m_shownConnection = 0;
    UnprotectedSources::LatestBySource m_latest;
    QSet<QString> m_latestChanged; // the keys of m_latest changed since the model last read it
    bool m_latestReplaced = true; // m_latest is another hash since then: the model reads all of it
    UnprotectedSources::LatestBySource m_rebuilding;
    HashGrowth::Watch m_latestGrowth {&m_latest, &m_rebuilding};
    int m_rebuildRow = -1;
    bool m_continuationQueued = false;
    bool m_rebuildNeeded = true;
    QPointer<BackupSettingsDialog> m_dialog;
};
