// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fittingtoolbar.h"

#include <QAction>
#include <QEvent>
#include <QScopedValueRollback>

FittingToolBar::FittingToolBar(const QString &title, QWidget *parent)
    : QToolBar(title, parent)
{
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

FittingToolBar::~FittingToolBar() = default;

void FittingToolBar::setTextDroppedFirst(const QList<QAction *> &actions)
{
    m_droppedFirst.clear();
    for (QAction *action : actions)
        m_droppedFirst.append(action);
    show(m_texts);
    fit();
}

FittingToolBar::Texts FittingToolBar::texts() const
{
    return m_texts;
}

bool FittingToolBar::event(QEvent *event)
{
    const bool handled = QToolBar::event(event);
    switch (event->type()) {
    case QEvent::Resize:
    case QEvent::Show:
    case QEvent::LayoutRequest: // an item's width changed (a combo's text, an action shown or hidden)
        fit();
        break;
    default:
        break;
    }
    return handled;
}

// The toolbar's size hint is what all its items need in the current step, whether they fit or not.
void FittingToolBar::fit()
{
    if (m_fitting || !isVisible())
        return;
    const QScopedValueRollback guard(m_fitting, true);
    const int room = width();
    while (m_texts != Texts::All && m_needed[int(m_texts) - 1] <= room)
        show(Texts(int(m_texts) - 1));
    while (m_texts != Texts::None && sizeHint().width() > room) {
        m_needed[int(m_texts)] = sizeHint().width();
        show(Texts(int(m_texts) + 1));
    }
}

// Qt shows a low-priority action's icon alone in a toolbar of text beside icons.
void FittingToolBar::show(Texts texts)
{
    m_texts = texts;
    for (QAction *action : std::as_const(m_droppedFirst)) {
        if (action)
            action->setPriority(texts == Texts::All ? QAction::NormalPriority : QAction::LowPriority);
    }
    setToolButtonStyle(texts == Texts::None ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
}
