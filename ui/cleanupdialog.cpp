// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cleanupdialog.h"

#include "dialogutil.h"
#include "tagcache.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

enum Column { NameColumn, CreatedColumn, SizeColumn, WhyColumn, ResultColumn, ColumnCount };

QString snapshotsText(qint64 count)
{
    return count == 1 ? CleanupDialog::tr("1 snapshot") : CleanupDialog::tr("%1 snapshots").arg(count);
}

QString dateText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd"_s) : QString();
}

QString sizeText(qint64 bytes)
{
    return bytes < 0 ? CleanupDialog::tr("unknown") : CleanupPlan::formatBytes(bytes);
}

} // namespace

CleanupDialog::CleanupDialog(QList<CleanupConnection> connections, QList<CleanupRow> rows,
                             CleanupRun::ClientFor clientFor, TagsFor tagsFor, QWidget *parent)
    : QDialog(parent)
    , m_connections(std::move(connections))
    , m_rows(std::move(rows))
    , m_clientFor(std::move(clientFor))
    , m_tagsFor(std::move(tagsFor))
{
    setObjectName(u"cleanupDialog"_s);
    setWindowTitle(tr("Clean up snapshots"));
    m_askPath = [this](const QString &title, const QString &suggested) {
        return QFileDialog::getSaveFileName(this, title, suggested);
    };

    auto *rules = new QFormLayout;
    auto *older = new QHBoxLayout;
    m_olderCheck = new QCheckBox(tr("Manual snapshots older than"), this);
    m_olderCheck->setObjectName(u"olderCheck"_s);
    m_olderCheck->setChecked(true);
    m_olderDays = new QSpinBox(this);
    m_olderDays->setObjectName(u"olderDays"_s);
    m_olderDays->setRange(0, 36500);
    m_olderDays->setValue(90);
    DialogUtil::countDays(m_olderDays);
    older->addWidget(m_olderCheck);
    older->addWidget(m_olderDays);
    older->addStretch();
    rules->addRow(tr("Select:"), older);
    m_goneCheck = new QCheckBox(tr("…whose cluster, replication group or serverless cache no longer exists"), this);
    m_goneCheck->setObjectName(u"goneCheck"_s);
    rules->addRow(QString(), m_goneCheck);
    auto *keep = new QHBoxLayout;
    m_keepCheck = new QCheckBox(tr("Keep the newest"), this);
    m_keepCheck->setObjectName(u"keepCheck"_s);
    m_keepCount = new QSpinBox(this);
    m_keepCount->setObjectName(u"keepCount"_s);
    m_keepCount->setRange(0, 100000);
    m_keepCount->setValue(3);
    keep->addWidget(m_keepCheck);
    keep->addWidget(m_keepCount);
    keep->addWidget(new QLabel(tr("manual snapshots of each source"), this));
    keep->addStretch();
    rules->addRow(tr("Keep:"), keep);
    m_skipTags = new QLineEdit(this);
    m_skipTags->setObjectName(u"skipTags"_s);
    m_skipTags->setPlaceholderText(tr("keep=true, legal-hold"));
    m_skipTags->setToolTip(tr("Snapshots carrying any of these tags (key, or key=value; separated by commas) are "
                              "kept. Until a snapshot's tags are read it is held, never deleted."));
    rules->addRow(tr("Skip tagged:"), m_skipTags);
    m_price = new QDoubleSpinBox(this);
    m_price->setObjectName(u"price"_s);
    m_price->setDecimals(3);
    m_price->setRange(0, 1000);
    m_price->setSingleStep(0.005);
    m_price->setValue(kCleanupDefaultPricePerGbMonth);
    m_price->setPrefix(u"$"_s);
    m_price->setSuffix(tr(" per GB-month"));
    m_price->setMaximumWidth(m_price->sizeHint().width() + 40); // with its suffix ("$0.085 per GB-mo" was cut)
    m_price->setToolTip(tr("Backup storage price for the estimate; the default is us-east-1's (see the user guide)."));
    rules->addRow(tr("Price:"), m_price);
    m_connectionList = new QListWidget(this);
    m_connectionList->setObjectName(u"connectionList"_s);
    // The warning of a connection not fully listed keeps its row as tall as the others.
    const int iconSide = m_connectionList->fontMetrics().height();
    m_connectionList->setIconSize(QSize(iconSide, iconSide));
    int notWhole = 0;
    for (const CleanupConnection &c : std::as_const(m_connections)) {
        auto *item = new QListWidgetItem(c.label(), m_connectionList);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        if (!c.notWhole.isEmpty()) {
            ++notWhole;
            item->setText(c.label() + u" — "_s + c.notWhole);
            item->setToolTip(c.notWhole);
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        }
    }
    // Up to four rows, and the scroll bar a row's reason may need.
    m_connectionList->setMaximumHeight(
        m_connectionList->sizeHintForRow(0) * std::min<int>(4, int(m_connections.size()))
        + 2 * m_connectionList->frameWidth() + 4
        + (notWhole > 0 ? m_connectionList->horizontalScrollBar()->sizeHint().height() : 0));
    rules->addRow(tr("Connections:"), m_connectionList);
    // A plan never looks whole when a list is not: what a failed or unfinished listing did not return is not in it.
    auto *notWholeNote = new QLabel(this);
    notWholeNote->setObjectName(u"notWhole"_s);
    notWholeNote->setWordWrap(true);
    notWholeNote->setText(
        notWhole == 1 ? tr("1 connection is not fully listed (marked above): the snapshots it did not list are "
                           "not in this plan.")
                      : tr("%1 connections are not fully listed (marked above): the snapshots they did not list "
                           "are not in this plan.")
                            .arg(notWhole));
    notWholeNote->setVisible(notWhole > 0);
    DialogUtil::styleAsWarning(notWholeNote);
    rules->addRow(QString(), notWholeNote);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    DialogUtil::styleAsWarning(m_problem);
    m_problem->hide();

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"planTree"_s);
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Snapshot"), tr("Created"), tr("Size"), tr("Why"), tr("Result")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(WhyColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(NameColumn, 320);
    m_tree->setColumnHidden(ResultColumn, true); // until a run: the preview's reasons get its room

    m_totals = new QLabel(this);
    m_totals->setObjectName(u"totals"_s);
    m_totals->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"progress"_s);
    m_progress->hide();

    m_savePlanCsv = new QPushButton(tr("Save plan as CSV…"), this);
    m_savePlanCsv->setObjectName(u"savePlanCsv"_s);
    m_savePlanJson = new QPushButton(tr("Save plan as JSON…"), this);
    m_savePlanJson->setObjectName(u"savePlanJson"_s);
    m_delete = new QPushButton(this);
    m_delete->setObjectName(u"deleteButton"_s);
    m_delete->setAutoDefault(false);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(u"stopButton"_s);
    m_stop->setAutoDefault(false);
    m_stop->hide();
    m_saveResults = new QPushButton(tr("Save results…"), this);
    m_saveResults->setObjectName(u"saveResults"_s);
    m_saveResults->hide();
    m_close = new QPushButton(tr("Close"), this);
    m_close->setObjectName(u"closeButton"_s);
    m_close->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_savePlanCsv);
    buttons->addWidget(m_savePlanJson);
    buttons->addStretch();
    buttons->addWidget(m_saveResults);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_delete);
    buttons->addWidget(m_close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(rules);
    layout->addWidget(m_problem);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_totals);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
    DialogUtil::resizeWithinScreen(this, QSize(1000, 700));

    m_replanTimer.setSingleShot(true);
    m_replanTimer.setInterval(150);
    connect(&m_replanTimer, &QTimer::timeout, this, &CleanupDialog::replan);
    for (QCheckBox *box : {m_olderCheck, m_goneCheck, m_keepCheck})
        connect(box, &QCheckBox::toggled, this, &CleanupDialog::schedulePlan);
    for (QSpinBox *spin : {m_olderDays, m_keepCount})
        connect(spin, &QSpinBox::valueChanged, this, &CleanupDialog::schedulePlan);
    connect(m_price, &QDoubleSpinBox::valueChanged, this, &CleanupDialog::schedulePlan);
    connect(m_skipTags, &QLineEdit::textChanged, this, &CleanupDialog::schedulePlan);
    connect(m_connectionList, &QListWidget::itemChanged, this, &CleanupDialog::schedulePlan);
    if (m_tagsFor) {
        QSet<TagCache *> caches;
        for (int i = 0; i < m_connections.size(); ++i) {
            if (TagCache *cache = m_tagsFor(i); cache && !caches.contains(cache)) {
                caches.insert(cache);
                connect(cache, &TagCache::tagsChanged, this, [this] {
                    if (!m_plan.held().isEmpty())
                        schedulePlan();
                });
            }
        }
    }
    connect(m_savePlanCsv, &QPushButton::clicked, this, [this] { saveWith(false, false); });
    connect(m_savePlanJson, &QPushButton::clicked, this, [this] { saveWith(false, true); });
    connect(m_saveResults, &QPushButton::clicked, this, [this] { saveWith(true, false); });
    connect(m_delete, &QPushButton::clicked, this, &CleanupDialog::confirmDelete);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_run) {
            m_run->stop();
            m_stop->setEnabled(false);
            m_stop->setText(tr("Stopping…"));
        }
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    replan();
}

CleanupDialog::~CleanupDialog() = default;

void CleanupDialog::setAskPath(AskPath askPath)
{
    m_askPath = std::move(askPath);
}

void CleanupDialog::setRunOptions(const CleanupRun::Options &options)
{
    m_runOptions = options;
}

const CleanupPlan &CleanupDialog::plan() const
{
    return m_plan;
}

CleanupRun *CleanupDialog::run() const
{
    return m_run;
}

void CleanupDialog::reject()
{
    if (m_run && m_run->isRunning())
        return;
    QDialog::reject();
}

void CleanupDialog::schedulePlan()
{
    if (!m_run)
        m_replanTimer.start();
}

void CleanupDialog::replan()
{
    if (m_run)
        return; // the plan being carried out stays what was confirmed
    CleanupRules rules;
    if (m_olderCheck->isChecked())
        rules.olderThanDays = m_olderDays->value();
    rules.sourceGone = m_goneCheck->isChecked();
    if (m_keepCheck->isChecked())
        rules.keepNewest = m_keepCount->value();
    QString problem;
    const QString tagText = m_skipTags->text().trimmed();
    if (!tagText.isEmpty()) {
        const TagRules::ParsedFilter parsed = TagRules::parseFilter(tagText);
        if (!parsed.error.isEmpty())
            problem = tr("Skip tagged: %1").arg(parsed.error);
        rules.skipTags = parsed.criteria;
    }
    for (int i = 0; i < m_connectionList->count(); ++i) {
        if (m_connectionList->item(i)->checkState() == Qt::Checked)
            rules.connections.append(i);
    }
    if (rules.connections.isEmpty())
        rules.connections.append(-1); // none chosen: nothing in scope

    CleanupInput input;
    input.connections = m_connections;
    input.rows = m_rows;
    input.now = QDateTime::currentDateTimeUtc();
    input.pricePerGbMonth = m_price->value();
    if (m_tagsFor) {
        const TagsFor tagsFor = m_tagsFor;
        input.tags = [tagsFor](const CleanupRow &row) -> std::optional<QList<Tag>> {
            TagCache *cache = tagsFor(row.connection);
            if (!cache || row.entry.arn().isEmpty())
                return std::nullopt;
            return cache->tags(row.entry.arn()); // asks for them when unknown
        };
    }
    m_plan = CleanupPlan::make(input, rules);
    if (problem.isEmpty())
        problem = m_plan.problem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    fillTree();
    updateButtons();
}

void CleanupDialog::fillTree()
{
    m_tree->setUpdatesEnabled(false);
    m_tree->clear();
    m_itemOfResult.clear();
    const QList<CleanupItem> &items = m_plan.toDelete();
    QTreeWidgetItem *connectionItem = nullptr;
    QTreeWidgetItem *sourceItem = nullptr;
    int lastConnection = -1;
    QString lastSource;
    const auto addSums = [](QTreeWidgetItem *item, qint64 count, qint64 bytes) {
        if (!item)
            return;
        item->setText(SizeColumn, CleanupPlan::formatBytes(bytes));
        item->setText(WhyColumn, snapshotsText(count));
    };
    qint64 connectionCount = 0, connectionBytes = 0, sourceCount = 0, sourceBytes = 0;
    for (int i = 0; i < items.size(); ++i) {
        const CleanupItem &item = items.at(i);
        if (item.connection != lastConnection) {
            addSums(connectionItem, connectionCount, connectionBytes);
            addSums(sourceItem, sourceCount, sourceBytes);
            connectionItem = new QTreeWidgetItem(m_tree, {m_connections.at(item.connection).label()});
            connectionItem->setExpanded(true);
            lastConnection = item.connection;
            lastSource.clear();
            sourceItem = nullptr;
            connectionCount = connectionBytes = 0;
        }
        const QString source = item.sourceWords();
        if (!sourceItem || source != lastSource) {
            addSums(sourceItem, sourceCount, sourceBytes);
            sourceItem = new QTreeWidgetItem(connectionItem, {source});
            sourceItem->setExpanded(true);
            lastSource = source;
            sourceCount = sourceBytes = 0;
        }
        const qint64 bytes = item.entry.sizeBytes();
        auto *row = new QTreeWidgetItem(
            sourceItem,
            {item.entry.name(), dateText(item.entry.created()), sizeText(bytes), m_plan.reasonWords(item), QString()});
        row->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        row->setToolTip(WhyColumn, row->text(WhyColumn));
        m_itemOfResult.insert(i, row);
        ++connectionCount;
        ++sourceCount;
        connectionBytes += qMax<qint64>(0, bytes);
        sourceBytes += qMax<qint64>(0, bytes);
    }
    addSums(connectionItem, connectionCount, connectionBytes);
    addSums(sourceItem, sourceCount, sourceBytes);

    const auto section = [this](const QString &title, const QList<CleanupItem> &list) {
        if (list.isEmpty())
            return;
        auto *top = new QTreeWidgetItem(m_tree, {title.arg(list.size())});
        for (const CleanupItem &item : list)
            new QTreeWidgetItem(top,
                                {item.entry.name(), dateText(item.entry.created()), sizeText(item.entry.sizeBytes()),
                                 m_plan.reasonWords(item)});
    };
    section(tr("Cannot delete now (%1)"), m_plan.notAvailable());
    section(tr("Held, not deleted (%1)"), m_plan.held());
    if (!m_plan.automatic().isEmpty()) {
        auto *top = new QTreeWidgetItem(
            m_tree, {tr("Automatic snapshots, not deleted (%1 sources)").arg(m_plan.automatic().size())});
        for (const CleanupAutomatic &a : m_plan.automatic()) {
            auto *row = new QTreeWidgetItem(top, {a.source, QString(), CleanupPlan::formatBytes(a.bytes), a.words()});
            row->setToolTip(WhyColumn, a.words());
        }
    }
    m_tree->setUpdatesEnabled(true);

    const CleanupTotals totals = m_plan.totals();
    QString text
        = tr("To delete: %1, %2, %3 a month at %4 per GB-month.")
              .arg(snapshotsText(totals.count), CleanupPlan::formatBytes(totals.bytes),
                   CleanupPlan::formatCost(totals.monthlyCost), u"$"_s + QString::number(m_plan.pricePerGbMonth()));
    if (totals.unknownSize > 0)
        text += u' ' + tr("%1 of them have no size in the listing.").arg(totals.unknownSize);
    if (m_plan.keptNewest() > 0 || m_plan.keptByTag() > 0)
        text += u' '
            + tr("Kept: %1 as the newest of their source, %2 by a tag.")
                  .arg(m_plan.keptNewest())
                  .arg(m_plan.keptByTag());
    if (!m_plan.held().isEmpty())
        text += u' ' + tr("Held: %1 (see below).").arg(m_plan.held().size());
    m_totals->setText(text);
}

void CleanupDialog::updateButtons()
{
    const CleanupTotals totals = m_plan.totals();
    m_delete->setText(tr("Delete %1 (%2, %3 a month)…")
                          .arg(snapshotsText(totals.count), CleanupPlan::formatBytes(totals.bytes),
                               CleanupPlan::formatCost(totals.monthlyCost)));
    const bool running = m_run && m_run->isRunning();
    m_delete->setEnabled(!m_run && totals.count > 0);
    m_savePlanCsv->setEnabled(m_plan.problem().isEmpty());
    m_savePlanJson->setEnabled(m_plan.problem().isEmpty());
    for (QWidget *w : std::initializer_list<QWidget *> {m_olderCheck, m_olderDays, m_goneCheck, m_keepCheck,
                                                        m_keepCount, m_skipTags, m_price, m_connectionList})
        w->setEnabled(!m_run);
    m_stop->setVisible(running);
    m_close->setEnabled(!running);
}

void CleanupDialog::confirmDelete()
{
    const CleanupTotals totals = m_plan.totals();
    if (m_run || totals.count == 0)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete snapshots"),
                                tr("Delete %1 (%2, %3 a month)? This cannot be undone.")
                                    .arg(snapshotsText(totals.count), CleanupPlan::formatBytes(totals.bytes),
                                         CleanupPlan::formatCost(totals.monthlyCost)),
                                QMessageBox::NoButton, this);
    box->setObjectName(u"cleanupConfirm"_s);
    box->setInformativeText(tr("Each snapshot is read again just before it is deleted, and skipped if it changed "
                               "since this preview. Automatic snapshots are never deleted."));
    QPushButton *yes = box->addButton(tr("Delete %1").arg(snapshotsText(totals.count)), QMessageBox::DestructiveRole);
    yes->setObjectName(u"confirmDeleteButton"_s);
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(u"confirmCancelButton"_s);
    box->setDefaultButton(cancel); // Enter alone does not delete
    box->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 confirmedCount = totals.count;
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, confirmedCount](QAbstractButton *button) {
        // The totals confirmed must still be the plan's (the preview is frozen while the box is open).
        if (button == yes && m_plan.totals().count == confirmedCount)
            startRun();
    });
    m_replanTimer.stop();
    box->open();
}

void CleanupDialog::startRun()
{
    m_replanTimer.stop();
    m_run = new CleanupRun(m_plan, m_clientFor, m_runOptions, this);
    connect(m_run, &CleanupRun::itemFinished, this, &CleanupDialog::onItemFinished);
    connect(m_run, &CleanupRun::progressed, this, [this](int done, int total) {
        m_progress->setMaximum(total);
        m_progress->setValue(done);
    });
    connect(m_run, &CleanupRun::finished, this, &CleanupDialog::onRunFinished);
    m_progress->setRange(0, int(m_plan.toDelete().size()));
    m_progress->setValue(0);
    m_progress->show();
    for (QTreeWidgetItem *item : std::as_const(m_itemOfResult))
        item->setText(ResultColumn, tr("waiting"));
    m_tree->setColumnHidden(ResultColumn, false);
    m_run->start();
    updateButtons();
}

void CleanupDialog::onItemFinished(int index)
{
    QTreeWidgetItem *item = m_itemOfResult.value(index);
    if (!item || !m_run)
        return;
    const CleanupResult &result = m_run->results().at(index);
    item->setText(ResultColumn, CleanupResult::outcomeName(result.outcome));
    item->setToolTip(ResultColumn, result.reason);
    if (result.outcome != CleanupResult::Outcome::Deleted) {
        item->setText(WhyColumn, result.reason);
        item->setToolTip(WhyColumn, result.reason);
    }
}

void CleanupDialog::onRunFinished()
{
    for (auto it = m_itemOfResult.cbegin(); it != m_itemOfResult.cend(); ++it) {
        const CleanupResult &result = m_run->results().at(it.key());
        if (result.outcome == CleanupResult::Outcome::NotRun) {
            it.value()->setText(ResultColumn, CleanupResult::outcomeName(result.outcome));
            it.value()->setToolTip(ResultColumn, result.reason);
        }
    }
    const CleanupRun::Counts n = m_run->counts();
    m_totals->setText(tr("Deleted %1, skipped %2, failed %3, not run %4.")
                          .arg(snapshotsText(n.deleted))
                          .arg(n.skipped)
                          .arg(n.failed)
                          .arg(n.notRun));
    m_saveResults->show();
    m_stop->hide();
    updateButtons();
    Q_EMIT runFinished();
}

bool CleanupDialog::savePlan(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(path.endsWith(u".json"_s, Qt::CaseInsensitive) ? m_plan.toJson() : m_plan.toCsv());
    return file.commit();
}

bool CleanupDialog::saveResults(const QString &path) const
{
    if (!m_run)
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(path.endsWith(u".json"_s, Qt::CaseInsensitive) ? m_run->resultsJson() : m_run->resultsCsv());
    return file.commit();
}

void CleanupDialog::saveWith(bool results, bool json)
{
    const QString suggested = (results ? u"cleanup-results"_s : u"cleanup-plan"_s) + (json ? u".json"_s : u".csv"_s);
    const QString path = m_askPath ? m_askPath(results ? tr("Save results") : tr("Save plan"), suggested) : QString();
    if (path.isEmpty())
        return;
    const bool ok = results ? saveResults(path) : savePlan(path);
    if (!ok) {
        m_problem->setText(tr("Could not write %1.").arg(path));
        m_problem->show();
    }
}
