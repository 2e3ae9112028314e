// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "filterbar.h"

#include "backgroundwork.h"
#include "dialogutil.h"
#include "filterchoicemodel.h"
#include "snapshotfilterproxymodel.h"
#include "snapshotlisting.h"
#include "snapshottablemodel.h"
#include "statusicons.h"
#include "tagrules.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QResizeEvent>
#include <QSet>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSearchDebounceMs = 150;
// Rows shown at once by the cluster and group lists and their completions (Qt's default is 10).
constexpr int kVisibleChoices = 20;

// Lays out its rows alike (thousands of clusters), instead of measuring every one.
void uniformRows(QAbstractItemView *view)
{
    if (auto *list = qobject_cast<QListView *>(view))
        list->setUniformItemSizes(true);
}

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
    m_clearAction->setEnabled(false); // nothing to clear yet; apply() keeps it up to date

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Search name, cluster, group, ARN (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(StatusIcons::action(u"search"_s), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(180);
    auto *escape = new QAction(m_search);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetShortcut);
    connect(escape, &QAction::triggered, m_search, &QLineEdit::clear);
    m_search->addAction(escape);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    m_tagFilter = new QLineEdit(this);
    m_tagFilter->setObjectName(u"tagFilter"_s);
    m_tagFilter->setPlaceholderText(tr("Tags: key or key=value"));
    m_tagFilter->setClearButtonEnabled(true);
    m_tagFilter->setMinimumWidth(140);
    m_tagFilterUsage = (tr("Only snapshots with these tags: key (any value) or key=value, several separated by "
                           "commas (all must hold); keys and values are case-sensitive. Tags are read for the "
                           "snapshots the other filters let through; until a snapshot's tags are read it stays "
                           "in the list, greyed."));
    m_tagFilter->setToolTip(m_tagFilterUsage);
    auto *tagEscape = new QAction(m_tagFilter);
    tagEscape->setShortcut(Qt::Key_Escape);
    tagEscape->setShortcutContext(Qt::WidgetShortcut);
    connect(tagEscape, &QAction::triggered, m_tagFilter, &QLineEdit::clear);
    m_tagFilter->addAction(tagEscape);
    m_searchDebounce = new QTimer(this);
    m_searchDebounce->setSingleShot(true);
    m_searchDebounce->setInterval(kSearchDebounceMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_tagFilter, &QLineEdit::textChanged, m_searchDebounce, qOverload<>(&QTimer::start));
    connect(m_searchDebounce, &QTimer::timeout, this, &FilterBar::apply);

    const auto makeCombo = [this](const QString &objectName, const QString &toolTip) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(objectName);
        combo->setToolTip(toolTip);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        // As wide as its text when there is room; in a narrow window (800 pixels with the connections list and the
        // details pane beside it, seven of these on the second row) it may shrink to a few letters, the tooltip
        // saying what it is.
        combo->setMinimumWidth(combo->fontMetrics().averageCharWidth() * 4
                               + combo->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, combo) + 12);
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
        combo->setMinimumContentsLength(16);
        combo->setMaxVisibleItems(kVisibleChoices);
        uniformRows(combo->view());
        combo->completer()->setMaxVisibleItems(kVisibleChoices);
        uniformRows(combo->completer()->popup());
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
    // Offered (shown) only when the window lists more than one profile, account or region.
    m_profileFilter = makeCombo(u"profileFilter"_s, tr("The profile the snapshots were listed with"));
    m_profileFilter->addItem(tr("All profiles"), QString());
    m_accountFilter = makeCombo(u"accountFilter"_s, tr("AWS account"));
    m_accountFilter->addItem(tr("All accounts"), QString());
    m_regionFilter = makeCombo(u"regionFilter"_s, tr("AWS region"));
    m_regionFilter->addItem(tr("All regions"), QString());
    for (QComboBox *combo : {m_profileFilter, m_accountFilter, m_regionFilter})
        combo->hide();
    // Connected once all exist: filling a combo selects its first item, and the filter reads every combo.
    for (QComboBox *combo : {m_clusterFilter, m_groupFilter, m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter,
                             m_profileFilter, m_accountFilter, m_regionFilter})
        connect(combo, &QComboBox::currentIndexChanged, this, &FilterBar::apply);
    m_clearButton = new QToolButton(this);
    m_clearButton->setDefaultAction(m_clearAction);
    m_clearButton->setObjectName(u"clearFiltersButton"_s);

    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    m_firstRow = new QHBoxLayout;
    m_secondRow = new QHBoxLayout;
    rows->addLayout(m_firstRow);
    rows->addLayout(m_secondRow);
    arrange(false);

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
    connect(m_proxy->snapshotModel(), &SnapshotTableModel::connectionsChanged, this,
            &FilterBar::updateConnectionChoices);
}

QList<QComboBox *> FilterBar::shortCombos() const
{
    QList<QComboBox *> combos;
    for (QComboBox *combo : {m_profileFilter, m_accountFilter, m_regionFilter}) {
        if (!combo->isHidden())
            combos.append(combo);
    }
    return combos + QList<QComboBox *> {m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter};
}

void FilterBar::showConnection(int connection)
{
    const SnapshotTableModel *model = m_proxy->snapshotModel();
    if (model->connectionCount() < 2 || connection < 0 || connection >= model->connectionCount())
        return;
    const SnapshotTableModel::ConnectionLabel label = model->connectionLabel(connection);
    const std::pair<QComboBox *, QString> choices[]
        = {{m_profileFilter, label.profile}, {m_accountFilter, label.account}, {m_regionFilter, label.region}};
    for (const auto &[combo, value] : choices) {
        const int at = value.isEmpty() ? -1 : combo->findData(value);
        if (at >= 0) {
            const QSignalBlocker blocker(combo);
            combo->setCurrentIndex(at);
        }
    }
    apply();
}

void FilterBar::updateConnectionChoices()
{
    const SnapshotTableModel *model = m_proxy->snapshotModel();
    QStringList values[3];
    for (int connection = 0; connection < model->connectionCount(); ++connection) {
        const SnapshotTableModel::ConnectionLabel label = model->connectionLabel(connection);
        values[0].append(label.profile);
        values[1].append(label.account);
        values[2].append(label.region);
    }
    bool shownChanged = false;
    QComboBox *combos[3] = {m_profileFilter, m_accountFilter, m_regionFilter};
    for (int i = 0; i < 3; ++i) {
        QStringList &list = values[i];
        list.removeAll(QString());
        list.removeDuplicates();
        list.sort(Qt::CaseInsensitive);
        QComboBox *combo = combos[i];
        const QString current = combo->currentData().toString();
        if (!current.isEmpty() && !list.contains(current))
            list.append(current); // the current choice stays, even when no connection has it any more
        {
            const QSignalBlocker blocker(combo);
            while (combo->count() > 1)
                combo->removeItem(1);
            for (const QString &value : std::as_const(list))
                combo->addItem(value, value);
            combo->setCurrentIndex(std::max(0, combo->findData(current)));
        }
        const bool show = list.size() > 1 || !current.isEmpty();
        if (show == combo->isHidden()) {
            combo->setVisible(show);
            shownChanged = true;
        }
    }
    if (shownChanged) {
        arrange(m_wrapped);
        const bool wrap = width() < oneRowWidth();
        if (wrap != m_wrapped)
            arrange(wrap);
    }
    apply();
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

QString FilterBar::tagFilterError() const
{
    return m_tagFilterError;
}

bool FilterBar::isWrapped() const
{
    return m_wrapped;
}

void FilterBar::arrange(bool wrapped)
{
    // The search box and the id combos stay on the first row and share its width; the four short combos follow
    // them, or take a second row of their own.
    m_wrapped = wrapped;
    for (QLayout *row : {static_cast<QLayout *>(m_firstRow), static_cast<QLayout *>(m_secondRow)}) {
        while (QLayoutItem *item = row->takeAt(0))
            delete item;
    }
    m_firstRow->addWidget(m_search, 2);
    m_firstRow->addWidget(m_clusterFilter, 1);
    m_firstRow->addWidget(m_groupFilter, 1);
    m_firstRow->addWidget(m_tagFilter, 1);
    QHBoxLayout *rest = wrapped ? m_secondRow : m_firstRow;
    for (QComboBox *combo : shortCombos())
        rest->addWidget(combo);
    if (wrapped)
        m_secondRow->addStretch(1);
    m_firstRow->addWidget(m_clearButton);
}

int FilterBar::oneRowWidth() const
{
    int width = 0;
    int widgets = 0;
    QList<QWidget *> shown {m_search, m_clusterFilter, m_groupFilter, m_tagFilter, m_clearButton};
    for (QComboBox *combo : shortCombos())
        shown.append(combo);
    for (QWidget *widget : std::as_const(shown)) {
        width += widget->sizeHint().width();
        ++widgets;
    }
    const int spacing
        = m_firstRow->spacing() >= 0 ? m_firstRow->spacing() : style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing);
    return width + spacing * (widgets - 1);
}

QSize FilterBar::minimumSizeHint() const
{
    // As narrow as the wrapped rows allow, whichever way it is laid out now: resizeEvent() wraps it.
    const int spacing
        = m_firstRow->spacing() >= 0 ? m_firstRow->spacing() : style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing);
    const int first = m_search->minimumSizeHint().width() + m_clusterFilter->minimumSizeHint().width()
        + m_groupFilter->minimumSizeHint().width() + m_tagFilter->minimumSizeHint().width()
        + m_clearButton->sizeHint().width() + 4 * spacing;
    const QList<QComboBox *> combos = shortCombos();
    int second = int(combos.size() - 1) * spacing;
    for (QComboBox *combo : combos) // a minimum width set wins over the hint, as in layouts
        second += combo->minimumWidth() > 0 ? combo->minimumWidth() : combo->minimumSizeHint().width();
    const int rowHeight = QWidget::minimumSizeHint().height();
    return {std::max(first, second), rowHeight};
}

void FilterBar::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool wrap = event->size().width() < oneRowWidth();
    if (wrap != m_wrapped)
        arrange(wrap);
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
    filter.setProfile(m_profileFilter->currentData().toString());
    filter.setAccount(m_accountFilter->currentData().toString());
    filter.setRegion(m_regionFilter->currentData().toString());
    // Text that cannot be read filters nothing, and says why.
    const TagRules::ParsedFilter tags = TagRules::parseFilter(m_tagFilter->text());
    filter.setTags(tags.criteria);
    if (tags.error != m_tagFilterError) {
        m_tagFilterError = tags.error;
        QPalette palette = m_search->palette();
        if (!tags.error.isEmpty())
            palette.setColor(QPalette::Text, QColor(0xc0, 0x1c, 0x28));
        m_tagFilter->setPalette(palette);
        m_tagFilter->setToolTip(tags.error.isEmpty() ? m_tagFilterUsage : tr("Not used: %1").arg(tags.error));
    }
    m_proxy->setFilter(filter);
    m_clearAction->setEnabled(!filter.isEmpty());
}

void FilterBar::clear()
{
    for (QComboBox *combo : {m_clusterFilter, m_groupFilter, m_sourceFilter, m_kindFilter, m_statusFilter, m_ageFilter,
                             m_profileFilter, m_accountFilter, m_regionFilter}) {
        const QSignalBlocker blocker(combo);
        combo->setCurrentIndex(0);
    }
    // Not under a QSignalBlocker: the line edit hides its clear button on its own textChanged.
    m_search->clear();
    m_tagFilter->clear();
    m_searchDebounce->stop();
    apply();
}

void FilterBar::updateChoices()
{
    // The model keeps the counts. Only ids that name at least one snapshot are offered: a cluster without
    // snapshots, or a member of a replication group (its snapshots carry the group), would only ever show an empty
    // table. The current choice stays listed, with its count, even once it has none left.
    const SnapshotTableModel *model = m_proxy->snapshotModel();
    const auto prepare = [clusters = model->clusterCounts(), serverless = model->serverlessCacheCounts(),
                          groups = model->replicationGroupCounts()] {
        return std::pair(FilterChoiceModel::prepare(clusters, serverless), FilterChoiceModel::prepare(groups));
    };
    const quint64 round = ++m_choicesRound;
    const auto show = [this, round](std::pair<FilterChoiceModel::Choices, FilterChoiceModel::Choices> choices) {
        if (round != m_choicesRound)
            return; // a later refill is on its way
        const auto refill = [](QComboBox *combo, FilterChoiceModel *model, FilterChoiceModel::Choices choices) {
            const QString current = combo->currentData().toString();
            const QSignalBlocker blocker(combo);
            if (model->setChoices(std::move(choices), current))
                combo->setCurrentIndex(qMax(0, model->rowOf(current)));
        };
        refill(m_clusterFilter, m_clusterChoices, std::move(choices.first));
        refill(m_groupFilter, m_groupChoices, std::move(choices.second));
    };
    // Tens of thousands of ids take tens of milliseconds to list and sort: on a worker thread (the counts are
    // shared, not copied), shown on a later turn of the event loop.
    if (model->clusterCounts().size() + model->replicationGroupCounts().size() < m_choicesApartFrom)
        show(prepare());
    else
        BackgroundWork::run(this, prepare, show);
}
