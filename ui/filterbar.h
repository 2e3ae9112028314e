// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class FilterChoiceModel;
class QAction;
class QComboBox;
class QLineEdit;
class QTimer;
class SnapshotFilterProxyModel;
class SnapshotListing;

// The filter row above the table: the search box (debounced) and the cluster, replication group, source, kind,
// status and age combos. It sets the proxy's SnapshotFilter, offers the clusters and groups with their snapshot
// counts (and those the listing found without snapshots), and keeps the filter in the settings.
class FilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)

public:
    FilterBar(SnapshotFilterProxyModel *proxy, SnapshotListing *listing, QWidget *parent = nullptr);
    ~FilterBar() override;

    QAction *findAction() const; // focuses the search box
    QAction *clearAction() const;

    void clear();
    void restoreSettings(); // and applies them
    void saveSettings() const;

private:
    void apply();
    void scheduleChoices(int ms);
    void updateChoices();

    SnapshotFilterProxyModel *m_proxy;
    SnapshotListing *m_listing;
    QAction *m_findAction = nullptr;
    QAction *m_clearAction = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_clusterFilter = nullptr;
    QComboBox *m_groupFilter = nullptr;
    FilterChoiceModel *m_clusterChoices = nullptr;
    FilterChoiceModel *m_groupChoices = nullptr;
    QComboBox *m_sourceFilter = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_ageFilter = nullptr;
    QTimer *m_searchDebounce = nullptr;
    QTimer *m_choicesUpdate = nullptr;
};
