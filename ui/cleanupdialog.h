// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cleanupplan.h"
#include "cleanuprun.h"

#include <QDialog>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;
class TagCache;

// Clean up: the rules (older than N days, source gone, keep the newest K, skip tags, which connections, the price),
// the plan's preview as a tree (connection › source › snapshot, then what cannot be deleted now, what is held, the
// automatic snapshots not deleted) with its totals, saved as CSV or JSON; "Delete N snapshots (X GB, $Y a month)…"
// asks to confirm those totals, then carries the plan out (CleanupRun) with progress, Stop, each row's result, and
// the results saved. The preview follows the rules as they change; with a skip tag set, the tags of the candidates
// are asked of each connection's TagCache and the preview follows them as they arrive (until then those rows are
// held, never deleted).
class CleanupDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CleanupDialog)

public:
    using TagsFor = std::function<TagCache *(int connection)>;
    // Where to save: the path chosen (empty: cancelled). By default a file dialog.
    using AskPath = std::function<QString(const QString &title, const QString &suggestedName)>;

    CleanupDialog(QList<CleanupConnection> connections, QList<CleanupRow> rows, CleanupRun::ClientFor clientFor,
                  TagsFor tagsFor, QWidget *parent = nullptr);
    ~CleanupDialog() override;

    void setAskPath(AskPath askPath);
    void setRunOptions(const CleanupRun::Options &options);

    const CleanupPlan &plan() const;
    CleanupRun *run() const; // null until Delete was confirmed
    // Writes the plan (or the results) to path: JSON when it ends in .json, else CSV.
    bool savePlan(const QString &path) const;
    bool saveResults(const QString &path) const;

public Q_SLOTS:
    // Escape and the window's close button do nothing while a run is under way (Stop first).
    void reject() override;

Q_SIGNALS:
    // The run ended (completed or stopped): the window lists again.
    void runFinished();

private:
    void schedulePlan();
    void replan();
    void fillTree();
    void updateButtons();
    void confirmDelete();
    void startRun();
    void onItemFinished(int index);
    void onRunFinished();
    void saveWith(bool results, bool json);

    QList<CleanupConnection> m_connections;
    QList<CleanupRow> m_rows;
    CleanupRun::ClientFor m_clientFor;
    TagsFor m_tagsFor;
    AskPath m_askPath;
    CleanupRun::Options m_runOptions;
    CleanupPlan m_plan;
    QPointer<CleanupRun> m_run;
    QTimer m_replanTimer;
    QHash<int, QTreeWidgetItem *> m_itemOfResult; // index in the plan's toDelete() → its row in the tree

    QCheckBox *m_olderCheck = nullptr;
    QSpinBox *m_olderDays = nullptr;
    QCheckBox *m_goneCheck = nullptr;
    QCheckBox *m_keepCheck = nullptr;
    QSpinBox *m_keepCount = nullptr;
    QLineEdit *m_skipTags = nullptr;
    QDoubleSpinBox *m_price = nullptr;
    QListWidget *m_connectionList = nullptr;
    QLabel *m_problem = nullptr;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_totals = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_savePlanCsv = nullptr;
    QPushButton *m_savePlanJson = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_saveResults = nullptr;
    QPushButton *m_close = nullptr;
};
