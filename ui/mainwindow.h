// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "elasticacheclient.h"
#include "snapshotentry.h"
#include "snapshotfilter.h"
#include "snapshotsource.h"

#include <QDateTime>
#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class ApiJob;
class CredentialStore;
class DetailsPane;
class ErrorBar;
class FilterChoiceModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QTimer;
class QTreeView;
class SnapshotFilterProxyModel;
class SnapshotStatusPoller;
class SnapshotTableModel;

// Which account and region to talk to.
struct ConnectionChoice
{
    QString profile;
    QString region;
    QString endpointUrl;
    bool operator==(const ConnectionChoice &) const = default;
};

// Turns a choice into a client configuration (the credential chain, or the in-process sandbox).
using ConnectionResolver = std::function<ApiResult<ClientConfig>(const ConnectionChoice &)>;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    struct Options
    {
        ConnectionResolver resolver;
        QStringList profiles;
        QStringList regions;
        QString sandboxUrl; // non-empty: the window talks to the in-process sandbox and says so
        std::shared_ptr<CredentialStore> credentialStore; // app-kept profiles; null: keychain off or sandbox
        std::function<QStringList()> listProfiles; // re-read after the connections dialog changed something
        bool restoreSettings = true;
        // Rows of a streaming listing merged per turn of the event loop (about 5 µs of the window's time each).
        qsizetype maxMergeRows = 2000;
    };

    explicit MainWindow(Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const ConnectionChoice &choice);
    const ConnectionChoice &connection() const;
    // The connection the last session used, from the settings.
    static std::optional<ConnectionChoice> lastConnection();

    void refresh();
    bool isLoading() const;
    QDateTime lastRefreshed() const;
    void setAutoRefreshSeconds(int seconds); // 0 turns it off

    // Actions on the current selection; each opens its dialog asynchronously.
    void createSnapshot();
    void copySelected();
    void exportSelected();
    void deleteSelected();
    void clearFilters();
    void showConnections();

    void saveSettings() const;

    SnapshotTableModel *model() const;
    SnapshotFilterProxyModel *proxy() const;
    QTreeView *view() const;
    DetailsPane *detailsPane() const;
    ErrorBar *errorBar() const;
    SnapshotStatusPoller *poller() const;
    ElastiCacheClient *client() const;
    QList<SnapshotEntry> selectedSnapshots() const;
    bool selectSnapshot(SnapshotEntry::Kind kind, const QString &name);
    QString statusText() const;

Q_SIGNALS:
    void loadFinished(bool ok);
    // An action's API call answered (the snapshot may still be changing; see notified()).
    void actionFinished(const QString &operation, bool ok);
    void notified(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildUi();
    void showAbout();
    void fillColumnsMenu(QMenu *menu);
    void restoreSettings();
    void applyFilterFromWidgets();
    void loadFiltersFromSettings();
    void updateActions();
    void updateStatus();
    void updateDetails();
    void updateFilterCombos();
    void updateTitle();
    void loadSources();
    void listFinished(SnapshotEntry::Kind kind, const std::optional<ApiError> &error);
    void schedulePageMerge();
    void mergePendingPages();
    void dropPendingPages();
    void completeFinishedLists();
    void completeList(SnapshotEntry::Kind kind, const std::optional<ApiError> &error);
    void showHeaderMenu(const QPoint &pos);
    void showContextMenu(const QPoint &pos);
    void notify(const QString &text, bool failure);
    QSet<QString> existingNames() const;
    QString exportBucketKey() const;

    void startCreate(SnapshotSource::Type type, const QString &source, const QString &name, const QString &kmsKey);
    void startCopy(const SnapshotEntry &source, const QString &target, const QString &kmsKey);
    void startExport(const SnapshotEntry &source, const QString &bucket, const QString &target);
    void startDelete(const QList<std::pair<SnapshotEntry::Kind, QString>> &targets);

    Options m_options;
    ConnectionChoice m_connection;
    ElastiCacheClient *m_client = nullptr;
    SnapshotTableModel *m_model = nullptr;
    SnapshotFilterProxyModel *m_proxy = nullptr;
    SnapshotStatusPoller *m_poller = nullptr;
    QList<QPointer<ApiJob>> m_listJobs;
    int m_pendingLists = 0;
    bool m_listFailed = false;
    qint64 m_loadedThisRefresh = 0;
    QList<Snapshot> m_pendingNodePages;
    QList<ServerlessCacheSnapshot> m_pendingServerlessPages;
    // Listings whose jobs have finished, completed once their pages are merged.
    std::vector<std::pair<SnapshotEntry::Kind, std::optional<ApiError>>> m_finishedLists;
    QDateTime m_lastRefreshed;
    QList<SnapshotSource> m_sources;

    QTreeView *m_view = nullptr;
    DetailsPane *m_details = nullptr;
    ErrorBar *m_errorBar = nullptr;
    QSplitter *m_splitter = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_clusterFilter = nullptr;
    QComboBox *m_groupFilter = nullptr;
    FilterChoiceModel *m_clusterChoices = nullptr;
    FilterChoiceModel *m_groupChoices = nullptr;
    QComboBox *m_sourceFilter = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_ageFilter = nullptr;
    QComboBox *m_profileCombo = nullptr;
    QComboBox *m_regionCombo = nullptr;
    QComboBox *m_autoRefreshCombo = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_refreshedLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QTimer *m_searchDebounce = nullptr;
    QTimer *m_comboUpdate = nullptr;
    QTimer *m_pageMerge = nullptr;
    QTimer *m_autoRefresh = nullptr;

    QAction *m_refreshAction = nullptr;
    QAction *m_createAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_clearFiltersAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QAction *m_copyNameAction = nullptr;
    QAction *m_copyArnAction = nullptr;
    QAction *m_connectionsAction = nullptr;
};
