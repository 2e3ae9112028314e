// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "filterbar.h"

#include "dialogutil.h"
#include "filterchoicemodel.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "statusicons.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSettings>
#include <QTimer>
#include <QToolButton>

#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSearchDebounceMs = 150;

} // namespace

FilterBar::FilterBar(SnapshotFilterProxyModel *proxy, SnapshotListing *listing, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_listing(listing)
{
    setObjectName(u"filterBar"_s);
    const auto makeAction = [this](const QString &objectName, const QString &text, const QString &icon,
                                   const QKeySequence &shortcut, const QString &toolTip) {
        auto *action = new QAction(StatusIcons::action(icon), text, this);
        action->setObjectName(objectName);
        action->setShortcut(shortcut);
        action->setToolTip(toolTip + u" ("_s + shortcut.toString(QKeySequence::NativeText) + u')');
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
        return action;
    };
    m_clearAction = makeAction(u"actionClearFilters"_s, tr("Clear &filters"), u"filter-clear"_s,
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), tr("Show every snapshot"));
    m_findAction = makeAction(u"actionFind"_s, tr("&Find"), u"search"_s, QKeySequence::Find, tr("Search snapshots"));
    connect(m_clearAction, &QAction::triggered, this, &FilterBar::clear);

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Search name, cluster, group, ARN (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(StatusIcons::action(u"search"_s), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(260);
    auto *escape = new QAction(m_search);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetShortcut);
    connect(escape, &QAction::triggered, m_search, &QLineEdit::clear);
    m_search->addAction(escape);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    m_searchDebounce = new QTimer(this);
    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(kSearchDebounceMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_searchDebounce, &QTimer::timeout, this, &FilterBar::apply);

    const auto makeCombo = [this](const QString &objectName, const QString &toolTip) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(objectName);
        combo->setToolTip(toolTip);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        return combo;
    };
    const auto makeIdCombo = [makeCombo](const QString &objectName, const QString &toolTip, const QString &all,
                                         FilterChoiceModel **choices) {
        QComboBox *combo = makeCombo(objectName, toolTip);
        *choices = new FilterChoiceModel(all, combo);
        combo->setModel(*choices);
        DialogUtil::makeSearchable(combo);
        // Sized by a length, not by the widest of possibly thousands of items measured at every refill.
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(22);
        // An edited combo selects the matching item once editing ends.
        connect(combo->lineEdit(), &QLineEdit::editingFinished, combo, [combo] {
            const int index = combo->findText(combo->currentText(), Qt::MatchFixedString);
            if (index >= 0)
                combo->setCurrentIndex(index);
            else
                combo->setEditText(combo->itemText(combo->currentIndex()));
        });
        return combo;
    };
    m_clusterFilter = makeIdCombo(u"clusterFilter"_s, tr("Cache cluster or serverless cache"), tr("All clusters"),
                                  &m_clusterChoices);
    m_groupFilter
        = makeIdCombo(u"groupFilter"_s, tr("Replication group"), tr("All replication groups"), &m_groupChoices);
    m_sourceFilter = makeCombo(u"sourceFilter"_s, tr("Automatic or manual"));
    m_sourceFilter->addItem(tr("All sources"), int(SnapshotFilter::SourceFilter::Any));
    m_sourceFilter->addItem(tr("Automatic"), int(SnapshotFilter::SourceFilter::Automatic));
    m_sourceFilter->addItem(tr("Manual"), int(SnapshotFilter::SourceFilter::Manual));
    m_kindFilter = makeCombo(u"kindFilter"_s, tr("Node-based or serverless"));
    m_kindFilter->addItem(tr("All kinds"), -1);
    m_kindFilter->addItem(tr("Node-based"), int(SnapshotEntry::Kind::NodeBased));
    m_kindFilter->addItem(tr("Serverless"), int(SnapshotEntry::Kind::Serverless));
    m_statusFilter = makeCombo(u"statusFilter"_s, tr("Snapshot status"));
    m_statusFilter->addItem(tr("All statuses"), -1);
    for (auto status :
         {SnapshotEntry::Status::Available, SnapshotEntry::Status::Creating, SnapshotEntry::Status::Copying,
          SnapshotEntry::Status::Restoring, SnapshotEntry::Status::Deleting})
        m_statusFilter->addItem(StatusIcons::icon(status), SnapshotEntry::statusName(status), int(status));
    m_ageFilter = makeCombo(u"ageFilter"_s, tr("Only snapshots older than…"));
    m_ageFilter->addItem(tr("Any age"), 0);
    for (int days : {1, 7, 30, 90, 180, 365})
        m_ageFilter->addItem(days == 1 ? tr("Older than 1 day") : tr("Older than %1 days").arg(days), days);
    // Connected once all exist: filling a combo selects its first item, and the filter reads every combo.
    for (QComboBox *combo : {m_clusterFilter, m_groupFilter, m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter})
        connect(combo, &QComboBox::currentIndexChanged, this, &FilterBar::apply);
    auto *clearButton = new QToolButton(this);
    clearButton->setDefaultAction(m_clearAction);
    clearButton->setObjectName(u"clearFiltersButton"_s);

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_search, 2);
    row->addWidget(m_clusterFilter, 1);
    row->addWidget(m_groupFilter, 1);
    row->addWidget(m_sourceFilter);
    row->addWidget(m_kindFilter);
    row->addWidget(m_statusFilter);
    row->addWidget(m_ageFilter);
    row->addWidget(clearButton);

    // The combos' counts, throttled: with 100,000 rows counting takes milliseconds, and pages arrive faster
    // than that during a load.
    m_choicesUpdate = new QTimer(this);
    m_choicesUpdate->setObjectName(u"filterComboTimer"_s);
    m_choicesUpdate->setSingleShot(true);
    m_choicesUpdate->setInterval(400);
    connect(m_choicesUpdate, &QTimer::timeout, this, &FilterBar::updateChoices);
    const auto rowsChanged = [this] {
        // While a listing streams in the counts change all the time: refill less often (it ends with a refill).
        if (!m_choicesUpdate->isActive())
            m_choicesUpdate->start(m_listing->isLoading() ? 2000 : 400);
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, rowsChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, rowsChanged);
    // On a later turn of the event loop: the listing's last slice, or 30,000 clusters, took a while already.
    connect(m_listing, &SnapshotListing::finished, this, [this] { scheduleChoices(0); });
    connect(m_listing, &SnapshotListing::sourcesChanged, this, [this] { scheduleChoices(0); });
}

FilterBar::~FilterBar() = default;

QAction *FilterBar::findAction() const
{
    return m_findAction;
}

QAction *FilterBar::clearAction() const
{
    return m_clearAction;
}

void FilterBar::scheduleChoices(int ms)
{
    m_choicesUpdate->start(ms);
}

void FilterBar::apply()
{
    SnapshotFilter filter = m_proxy->filter();
    filter.setReferenceTime(QDateTime::currentDateTimeUtc());
    filter.setText(m_search->text());
    filter.setCluster(m_clusterFilter->currentData().toString());
    filter.setReplicationGroup(m_groupFilter->currentData().toString());
    filter.setSource(SnapshotFilter::SourceFilter(m_sourceFilter->currentData().toInt()));
    const int kind = m_kindFilter->currentData().toInt();
    filter.setKind(kind < 0 ? std::nullopt : std::optional(SnapshotEntry::Kind(kind)));
    const int status = m_statusFilter->currentData().toInt();
    filter.setStatus(status < 0 ? std::nullopt : std::optional(SnapshotEntry::Status(status)));
    filter.setMinimumAgeDays(m_ageFilter->currentData().toInt());
    m_proxy->setFilter(filter);
    m_clearAction->setEnabled(!filter.isEmpty());
}

void FilterBar::clear()
{
    for (QComboBox *combo :
         {m_clusterFilter, m_groupFilter, m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter}) {
        const QSignalBlocker blocker(combo);
        combo->setCurrentIndex(0);
    }
    {
        const QSignalBlocker blocker(m_search);
        m_search->clear();
    }
    m_searchDebounce->stop();
    apply();
}

void FilterBar::updateChoices()
{
    // The model keeps the counts; the clusters and groups listed by DescribeCacheClusters and
    // DescribeReplicationGroups are offered too, with no snapshots yet, and so is the current choice (a filter
    // restored from the settings, before its cluster is listed).
    const auto refill
        = [this](QComboBox *combo, FilterChoiceModel *choices, const QHash<QString, int> &counts, bool groups) {
              const QString current = combo->currentData().toString();
              std::vector<std::pair<QString, int>> list;
              list.reserve(size_t(counts.size()));
              for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                  list.emplace_back(it.key(), it.value());
              const auto offer = [&](const QString &id) {
                  if (!id.isEmpty() && !counts.contains(id))
                      list.emplace_back(id, 0);
              };
              for (const SnapshotSource &source : m_listing->sources()) {
                  if ((source.type == SnapshotSource::Type::ReplicationGroup) == groups)
                      offer(source.id);
              }
              offer(current);
              const QSignalBlocker blocker(combo);
              if (choices->setChoices(std::move(list)))
                  combo->setCurrentIndex(qMax(0, choices->rowOf(current)));
          };
    const SnapshotTableModel *model = m_proxy->snapshotModel();
    refill(m_clusterFilter, m_clusterChoices, model->clusterCounts(), false);
    refill(m_groupFilter, m_groupChoices, model->replicationGroupCounts(), true);
}

void FilterBar::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(u"filters"_s);
    const auto select = [](QComboBox *combo, const QVariant &data) {
        const QSignalBlocker blocker(combo);
        const int index = combo->findData(data);
        combo->setCurrentIndex(qMax(0, index));
    };
    const auto selectId = [](QComboBox *combo, FilterChoiceModel *choices, const QString &id) {
        if (id.isEmpty())
            return;
        const QSignalBlocker blocker(combo);
        choices->setChoices({{id, 0}}); // listed with its count once the snapshots are
        combo->setCurrentIndex(choices->rowOf(id));
    };
    {
        const QSignalBlocker blocker(m_search);
        m_search->setText(settings.value(u"text"_s).toString());
    }
    selectId(m_clusterFilter, m_clusterChoices, settings.value(u"cluster"_s).toString());
    selectId(m_groupFilter, m_groupChoices, settings.value(u"replicationGroup"_s).toString());
    select(m_sourceFilter, settings.value(u"source"_s, int(SnapshotFilter::SourceFilter::Any)).toInt());
    select(m_kindFilter, settings.value(u"kind"_s, -1).toInt());
    select(m_statusFilter, settings.value(u"status"_s, -1).toInt());
    select(m_ageFilter, settings.value(u"minimumAgeDays"_s, 0).toInt());
    settings.endGroup();
    apply();
}

void FilterBar::saveSettings() const
{
    const SnapshotFilter &filter = m_proxy->filter();
    QSettings settings;
    settings.beginGroup(u"filters"_s);
    settings.setValue(u"text"_s, filter.text());
    settings.setValue(u"cluster"_s, filter.cluster());
    settings.setValue(u"replicationGroup"_s, filter.replicationGroup());
    settings.setValue(u"source"_s, int(filter.source()));
    settings.setValue(u"kind"_s, filter.kind() ? int(*filter.kind()) : -1);
    settings.setValue(u"status"_s, filter.status() ? int(*filter.status()) : -1);
    settings.setValue(u"minimumAgeDays"_s, filter.minimumAgeDays());
    settings.endGroup();
}
