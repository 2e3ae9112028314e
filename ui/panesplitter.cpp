// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "panesplitter.h"

#include <QEvent>
#include <QResizeEvent>

#include <algorithm>

PaneSplitter::PaneSplitter(QWidget *table, QWidget *pane, int paneWidth, QWidget *parent)
    : QSplitter(Qt::Horizontal, parent)
    , m_pane(pane)
    , m_paneWidth(paneWidth)
{
    addWidget(table);
    addWidget(pane);
    // A wider window widens the table; the pane keeps its width (its values wrap).
    setStretchFactor(0, 1);
    setStretchFactor(1, 0);
    setChildrenCollapsible(false);
    setSizes({4 * paneWidth, paneWidth});
    // Only the operator's drags move the splitter this way: setSizes() does not.
    connect(this, &QSplitter::splitterMoved, this, [this] { m_paneWidth = m_pane->width(); });
    // A pane shown again after the window narrowed comes back at its old width: fitted when it shows.
    m_pane->installEventFilter(this);
}

PaneSplitter::~PaneSplitter()
{
    m_pane->removeEventFilter(this);
}

int PaneSplitter::paneWidth() const
{
    return m_paneWidth;
}

void PaneSplitter::setPaneWidth(int width)
{
    if (width <= 0)
        return;
    m_paneWidth = width;
    fit();
}

bool PaneSplitter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_pane && event->type() == QEvent::Show)
        QMetaObject::invokeMethod(this, &PaneSplitter::fit, Qt::QueuedConnection);
    return QSplitter::eventFilter(watched, event);
}

void PaneSplitter::resizeEvent(QResizeEvent *event)
{
    QSplitter::resizeEvent(event);
    // Only a change of width: the error bar or a wrapped filter row changes the height, and the operator's drag
    // past the share stays until the window's width changes.
    if (event->size().width() != event->oldSize().width())
        fit();
}

void PaneSplitter::fit()
{
    if (m_pane->isHidden())
        return;
    const int room = width() - handleWidth();
    if (room <= 0)
        return;
    const int least = std::max(m_pane->minimumWidth(), m_pane->minimumSizeHint().width());
    const int share = std::max(least, int(room * kPaneShare));
    const int pane = std::min(m_paneWidth, share);
    if (sizes().value(1) != pane)
        setSizes({room - pane, pane});
}
