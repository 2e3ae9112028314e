// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class FilterChoiceModel;
class QAction;
class QComboBox;
class QHBoxLayout;
class QLineEdit;
class QTimer;
class QToolButton;
class SnapshotFilterProxyModel;
class SnapshotListing;

// The filter row above the table: the search box (debounced), the tag filter (`key` or `key=value`, several
// separated by commas; see TagRules::parseFilter) and the cluster, replication group, source, kind, status and
// age combos, and with more than one connection the profile, account and region combos. It sets the proxy's
// SnapshotFilter and offers the clusters (serverless caches marked as such) and groups that have snapshots, with their
// counts. Narrower than one row needs, it wraps into two. A fresh start shows every snapshot: the filters are not kept
// across restarts.
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
    // With several connections: only that connection's snapshots (its profile, account and region chosen).
    void showConnection(int connection);
    bool isWrapped() const; // the combos on a second row
    QString tagFilterError() const; // why the tag filter's text is not used; empty when it is
    // From how many ids the cluster and group choices are prepared on a worker thread (a test sets 0).
    void setChoicesApartFrom(qsizetype ids) { m_choicesApartFrom = ids; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void apply();
    void arrange(bool wrapped);
    int oneRowWidth() const;
    void scheduleChoices(int ms);
    void updateChoices();
    void updateConnectionChoices(); // the profile, account and region combos, from the model's connections
    QList<QComboBox *> shortCombos() const; // the ones shown, after the id combos

    SnapshotFilterProxyModel *m_proxy;
    SnapshotListing *m_listing;
    QAction *m_findAction = nullptr;
    QAction *m_clearAction = nullptr;
    QLineEdit *m_search = nullptr;
    QLineEdit *m_tagFilter = nullptr;
    QString m_tagFilterError;
    QString m_tagFilterUsage;
    QComboBox *m_clusterFilter = nullptr;
    QComboBox *m_groupFilter = nullptr;
    FilterChoiceModel *m_clusterChoices = nullptr;
    FilterChoiceModel *m_groupChoices = nullptr;
    QComboBox *m_sourceFilter = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_ageFilter = nullptr;
    QComboBox *m_profileFilter = nullptr;
    QComboBox *m_accountFilter = nullptr;
    QComboBox *m_regionFilter = nullptr;
    QToolButton *m_clearButton = nullptr;
    QHBoxLayout *m_firstRow = nullptr;
    QHBoxLayout *m_secondRow = nullptr;
    bool m_wrapped = false;
    QTimer *m_searchDebounce = nullptr;
    QTimer *m_choicesUpdate = nullptr;
    quint64 m_choicesRound = 0; // the latest refill of the combos asked for
    qsizetype m_choicesApartFrom = 5000; // ids from which the choices are prepared on a worker thread
};
