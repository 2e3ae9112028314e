// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "emptystateoverlay.h"

#include "snapshotfilterproxymodel.h"
#include "snapshottablemodel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

EmptyStateOverlay::EmptyStateOverlay(QAbstractItemView *view, SnapshotFilterProxyModel *proxy, QAction *clearFilters)
    : QWidget(view->viewport())
    , m_view(view)
    , m_proxy(proxy)
{
    setObjectName(u"emptyState"_s);
    m_text = new QLabel(tr("No snapshots match the filters —"), this);
    m_text->setObjectName(u"emptyStateText"_s);
    m_clear = new QPushButton(tr("Clear filters"), this);
    m_clear->setObjectName(u"emptyStateClearButton"_s);
    connect(m_clear, &QPushButton::clicked, clearFilters, &QAction::trigger);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(m_text);
    layout->addWidget(m_clear);

    hide();
    view->viewport()->installEventFilter(this);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(proxy, signal, this, &EmptyStateOverlay::update);
    connect(proxy, &QAbstractItemModel::modelReset, this, &EmptyStateOverlay::update);
    connect(proxy, &QAbstractItemModel::layoutChanged, this, &EmptyStateOverlay::update);
    update();
}

EmptyStateOverlay::~EmptyStateOverlay() = default;

QPushButton *EmptyStateOverlay::clearButton() const
{
    return m_clear;
}

bool EmptyStateOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        place();
    return QWidget::eventFilter(watched, event);
}

void EmptyStateOverlay::update()
{
    const bool hiddenByFilters = m_proxy->rowCount() == 0 && m_proxy->snapshotModel()->rowCount() > 0;
    if (hiddenByFilters == !isHidden())
        return;
    setVisible(hiddenByFilters);
    if (hiddenByFilters) {
        place();
        raise();
    }
}

void EmptyStateOverlay::place()
{
    // Centred near the top of the empty table, where the first row would be.
    const QSize size = sizeHint().boundedTo(m_view->viewport()->size());
    move(std::max(0, (m_view->viewport()->width() - size.width()) / 2), 16);
    resize(size);
}
