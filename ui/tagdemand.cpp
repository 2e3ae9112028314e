// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tagdemand.h"

#include "rowtableview.h"
#include "snapshotfilterproxymodel.h"
#include "snapshottablemodel.h"
#include "tagcache.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

constexpr int kVisibleDelayMs = 100;
// The filter's list is every row that passes the other filters: built again at most this often while rows stream
// in (a listing, a refresh).
constexpr int kFilterDelayMs = 500;
// A view taller than this many rows is not asked for at once.
constexpr int kMostVisibleRows = 300;

} // namespace

TagDemand::TagDemand(TagCache *cache, RowTableView *view, SnapshotFilterProxyModel *proxy, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_view(view)
    , m_viewport(view->viewport())
    , m_proxy(proxy)
{
    m_visible = new QTimer(this);
    m_visible->setObjectName(u"visibleTagsTimer"_s);
    m_visible->setSingleShot(true);
    m_visible->setInterval(kVisibleDelayMs);
    connect(m_visible, &QTimer::timeout, this, &TagDemand::updateVisible);
    m_filter = new QTimer(this);
    m_filter->setObjectName(u"filterTagsTimer"_s);
    m_filter->setSingleShot(true);
    m_filter->setInterval(kFilterDelayMs);
    connect(m_filter, &QTimer::timeout, this, &TagDemand::updateFilter);
    m_filterNow = new QTimer(this);
    m_filterNow->setObjectName(u"filterTagsNowTimer"_s);
    m_filterNow->setSingleShot(true);
    m_filterNow->setInterval(0);
    connect(m_filterNow, &QTimer::timeout, this, &TagDemand::updateFilter);

    // A scroll is followed once it stops (each step restarts the pause).
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, m_visible, qOverload<>(&QTimer::start));
    // Hiding or showing a column resizes its section (to 0 or back).
    connect(m_view->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == SnapshotTableModel::TagsColumn)
            scheduleVisible();
    });
    m_view->viewport()->installEventFilter(this);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &TagDemand::scheduleVisible);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TagDemand::scheduleVisible);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TagDemand::scheduleVisible);
    // What passes the other filters changes with the rows (not with their tags), and its order with the sort.
    const SnapshotTableModel *model = m_proxy->snapshotModel();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &TagDemand::scheduleFilter);
    connect(model, &QAbstractItemModel::modelReset, this, &TagDemand::scheduleFilter);
    connect(model, &QAbstractItemModel::layoutChanged, this, &TagDemand::scheduleFilter);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (topLeft.column() != SnapshotTableModel::TagsColumn
                    || bottomRight.column() != SnapshotTableModel::TagsColumn)
                    scheduleFilter();
            });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TagDemand::scheduleFilter);
    connect(m_proxy, &SnapshotFilterProxyModel::filterChanged, this, [this] {
        // A new tag filter is answered at once, in an event of its own: at a million rows, the pass that lists what
        // the other filters let through and the filtering itself took 70 ms in one. The rows on screen come first.
        m_filter->stop();
        m_filterNow->start();
        scheduleVisible();
    });
}

TagDemand::~TagDemand() = default;

void TagDemand::updateNow()
{
    updateVisible();
    updateFilter();
}

bool TagDemand::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        scheduleVisible();
    return QObject::eventFilter(watched, event);
}

void TagDemand::scheduleVisible()
{
    if (!m_visible->isActive())
        m_visible->start();
}

void TagDemand::scheduleFilter()
{
    if (m_proxy->filter().hasTagCriteria() && !m_filter->isActive())
        m_filter->start();
}

void TagDemand::updateVisible()
{
    m_visible->stop();
    const bool columnShown = !m_view->header()->isSectionHidden(SnapshotTableModel::TagsColumn);
    const bool greyed = m_proxy->filter().hasTagCriteria();
    QStringList arns;
    if (m_view->isVisible() && (columnShown || greyed)) {
        const QWidget *viewport = m_view->viewport();
        const QModelIndex top = m_view->indexAt(QPoint(1, 1));
        if (top.isValid()) {
            const QModelIndex bottom = m_view->indexAt(QPoint(1, viewport->height() - 2));
            const int last
                = std::min(bottom.isValid() ? bottom.row() : m_proxy->rowCount() - 1, top.row() + kMostVisibleRows - 1);
            const SnapshotTableModel *model = m_proxy->snapshotModel();
            for (int row = top.row(); row <= last; ++row)
                arns.append(model->snapshotAt(m_proxy->mapToSource(m_proxy->index(row, 0)).row()).arn());
        }
    }
    m_cache->setDemand(TagCache::Demand::Visible, arns);
}

void TagDemand::updateFilter()
{
    m_filter->stop();
    m_filterNow->stop();
    m_cache->setDemand(TagCache::Demand::Filter,
                       m_proxy->filter().hasTagCriteria() ? m_proxy->arnsMatchingAllButTags() : QStringList());
}
