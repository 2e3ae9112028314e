// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "connections.h"

#include <QMainWindow>

#include <QHash>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

struct FollowedExport;
class CacheWatch;
class CachesView;
class ConnectionBar;
class ConnectionsPanel;
class QDockWidget;
class CredentialStore;
class DetailsPane;
class ElastiCacheClient;
class EmptyStateOverlay;
class ErrorBar;
class ExportFollowing;
class FilterBar;
class ListingStatus;
class QComboBox;
class PaneSplitter;
class QTabWidget;
class RowTableView;
class Ec2Client;
class S3Client;
class SnapshotActions;
class SnapshotFilterProxyModel;
class SnapshotListing;
class SnapshotStatusPoller;
class SnapshotTableModel;
class TagCache;
class TagDemand;
class TagProgress;

// The main window lays out and connects the parts; the data flows job → SnapshotListing → SnapshotTableModel →
// SnapshotFilterProxyModel → view without passing through it. SnapshotActions does what the toolbar and menus
// offer, FilterBar sets the proxy's filter. It shows one connection (connectTo()) or a set of them in one table
// (connectToSet(): profiles × regions); connection 0's parts are the ones the accessors below name, the others'
// (their clients, status pollers and followed exports) are reached by index.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    struct Options
    {
        ConnectionResolver resolver;
        // The same connection's S3 (for the Export dialog's bucket check); null: no S3 client, nothing is checked.
        ConnectionResolver s3Resolver;
        // The same connection's EC2 (the Restore dialog's security groups); null: no EC2 client, and security groups
        // are typed as IDs.
        ConnectionResolver ec2Resolver;
        QStringList profiles;
        QStringList regions;
        QString sandboxUrl; // non-empty: the one connection is a sandbox's, and the window says so
        std::shared_ptr<CredentialStore> credentialStore; // app-kept profiles; null: keychain off or sandbox
        std::function<QStringList()> listProfiles; // re-read after the connections dialog changed something
        bool environmentConnection = false; // offer "Environment variables" (AWS_ACCESS_KEY_ID is set)
        bool restoreSettings = true;
        // Rows of a streaming listing merged per turn of the event loop (about 5 µs of the window's time each).
        qsizetype maxMergeRows = 2000;
    };

    explicit MainWindow(Options options, QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const ConnectionChoice &choice);
    // Several connections in one table; one is connectTo(). Remembered in the settings (not the sandbox's).
    void connectToSet(const QList<ConnectionChoice> &connections);
    const ConnectionChoice &connection() const; // the first
    const QList<ConnectionChoice> &connections() const;
    int connectionCount() const;
    // Lists one connection again (setting it up again when that failed).
    void retryConnection(int connection);
    ElastiCacheClient *clientOf(int connection) const;
    SnapshotStatusPoller *pollerOf(int connection) const;
    ExportFollowing *followingOf(int connection) const;
    CacheWatch *cacheWatchOf(int connection) const; // the caches restored through that connection
    ConnectionsPanel *connectionsPanel() const;
    QDockWidget *connectionsDock() const;
    QAction *chooseConnectionsAction() const;
    // Opens the connections chooser (profiles × regions); accepting it connects to what was ticked.
    void chooseConnections();
    // The set remembered by the last session (never a secret), when it had more than one connection.
    static QList<ConnectionChoice> rememberedSet();

    void setAutoRefreshSeconds(int seconds); // 0 turns it off
    void saveSettings() const;

    SnapshotTableModel *model() const;
    SnapshotFilterProxyModel *proxy() const;
    SnapshotListing *listing() const;
    SnapshotActions *actions() const; // on the view's selection
    FilterBar *filterBar() const;
    RowTableView *view() const;
    DetailsPane *detailsPane() const;
    ErrorBar *errorBar() const;
    SnapshotStatusPoller *poller() const;
    ExportFollowing *exportFollowing() const; // the exports being followed
    CacheWatch *cacheWatch() const; // the caches being followed (restores) until available or failed
    CachesView *cachesView() const; // the Caches tab: sources, their automatic backups, those without
    QTabWidget *tabs() const; // Snapshots (the default), Caches
    ElastiCacheClient *client() const;
    S3Client *s3Client() const; // null without options.s3Resolver, or when it failed
    // The connection's EC2 client (DescribeSecurityGroups); null without options.ec2Resolver, or when it failed (then
    // ec2Problem() says why, for a note next to the security groups).
    Ec2Client *ec2Client() const;
    QString ec2Problem() const;
    TagCache *tagCache() const; // the connection's tags, read only for what is shown
    TagDemand *tagDemand() const;
    QString statusText() const;
    EmptyStateOverlay *emptyState() const;
    // The size of a first start: 1500×900, or the screen's available area less a margin when that is smaller.
    QSize defaultSize() const;

Q_SIGNALS:
    void loadFinished(bool ok);
    // An action's API call answered (the snapshot may still be changing; see notified()).
    void actionFinished(const QString &operation, bool ok);
    void notified(const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    bool isSandbox() const;
    void buildMenus();
    void buildToolBar();
    void buildCentral();
    void connectParts();
    void showAbout();
    void openCleanup();
    void showHeaderMenu(const QPoint &pos);
    void showContextMenuAtCurrentRow();
    void showListingErrors();
    void restoreSettings();
    void listingFinished(bool complete);
    void updateDetails();
    void updateTitle();
    void notify(const QString &text, bool failure);
    void showFleetErrors();
    void pollerSettled(int connection, const QString &description, bool success, const QString &detail);
    void exportProgressed(int connection, const FollowedExport &record, const QString &text);
    void exportFinished(int connection, const FollowedExport &record, bool ok, const QString &text);
    // Connection 0's parts before another connection or set: clients dropped, its followers stopped.
    void disconnectAll();
    struct Resolved
    {
        ElastiCacheClient *client = nullptr;
        S3Client *s3 = nullptr;
        QString s3Problem;
        Ec2Client *ec2 = nullptr;
        QString ec2Problem;
        std::optional<ApiError> error; // the ElastiCache client could not be made
        QString region; // as resolved
    };
    Resolved resolve(const ConnectionChoice &choice);
    QString settingsScope(const ConnectionChoice &choice) const;
    void setUpMember(int connection, const ConnectionChoice &choice);
    void applyRoutes();
    ElastiCacheClient *clientForArn(const QString &arn) const;
    void showCachesOf(int connection, bool again = false); // again: its client was set up again
    void watchCaches(CacheWatch *watch, int connection);
    QString inConnection(int connection, const QString &text) const;

    // Connections 1…n-1 of a set (connection 0 is m_client, m_poller, m_following, m_cacheWatch, …).
    struct Member
    {
        ConnectionChoice choice;
        QPointer<ElastiCacheClient> client;
        QPointer<S3Client> s3;
        QString s3Problem;
        QPointer<Ec2Client> ec2;
        QString ec2Problem;
        std::optional<ApiError> error;
        SnapshotStatusPoller *poller = nullptr;
        ExportFollowing *following = nullptr;
        CacheWatch *watch = nullptr;
    };
    const Member *memberOf(int connection) const;

    Options m_options;
    ConnectionChoice m_connection;
    QList<ConnectionChoice> m_connections; // the set; {m_connection} with one
    std::vector<Member> m_members;
    QString m_s3Problem;
    std::optional<ApiError> m_connectionError; // connection 0's, in a set
    // Each connection's client configuration as the window resolved it (by ConnectionChoice::key()): the set's
    // listing (FleetInventory) uses the same, so both share their credentials (one MFA prompt, one SSO call).
    QHash<QString, ClientConfig> m_configs;
    ElastiCacheClient *m_client = nullptr;
    S3Client *m_s3Client = nullptr; // the same connection's S3: the export check, following exports
    Ec2Client *m_ec2Client = nullptr; // the same connection's EC2: security groups
    QString m_ec2Problem;
    SnapshotTableModel *m_model = nullptr;
    SnapshotFilterProxyModel *m_proxy = nullptr;
    SnapshotStatusPoller *m_poller = nullptr;
    ExportFollowing *m_following = nullptr;
    CacheWatch *m_cacheWatch = nullptr;
    CachesView *m_caches = nullptr;
    QTabWidget *m_tabs = nullptr;
    SnapshotListing *m_listing = nullptr;
    SnapshotActions *m_actions = nullptr;
    TagCache *m_tagCache = nullptr;
    TagDemand *m_tagDemand = nullptr;
    TagProgress *m_tagProgress = nullptr;

    FilterBar *m_filterBar = nullptr;
    RowTableView *m_view = nullptr;
    DetailsPane *m_details = nullptr;
    ErrorBar *m_errorBar = nullptr;
    PaneSplitter *m_splitter = nullptr;
    ConnectionBar *m_connectionBar = nullptr;
    ListingStatus *m_status = nullptr;
    QComboBox *m_autoRefreshCombo = nullptr;
    QAction *m_detailsAction = nullptr;
    QAction *m_chooseConnections = nullptr;
    ConnectionsPanel *m_connectionsPanel = nullptr;
    QDockWidget *m_connectionsDock = nullptr;
    EmptyStateOverlay *m_emptyState = nullptr;
};
