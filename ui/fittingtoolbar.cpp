// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fittingtoolbar.h"

#include <QAction>
#include <QEvent>

using namespace Qt::StringLiterals;

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
    showTexts(m_texts);
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

// Texts go a step at a time while the items do not fit, and come back a step at a time when the measured width of
// their texts fits with a little room to spare (so that they cannot come and go at one width).
void FittingToolBar::fit()
{
    if (!isVisible())
        return;
    const int room = width();
    while (m_texts != Texts::None && sizeHint().width() > room) {
        const int before = sizeHint().width();
        showTexts(Texts(int(m_texts) + 1));
        m_textWidth[int(m_texts) - 1] = before - sizeHint().width();
    }
    const int spare = fontMetrics().horizontalAdvance(u"  "_s);
    while (m_texts != Texts::All) {
        const int texts = m_textWidth[int(m_texts) - 1];
        if (texts < 0 || sizeHint().width() + texts + spare > room)
            break;
        showTexts(Texts(int(m_texts) - 1));
    }
}

// Qt shows a low-priority action's icon alone in a toolbar of text beside icons.
void FittingToolBar::showTexts(Texts texts)
{
    m_texts = texts;
    for (QAction *action : std::as_const(m_droppedFirst)) {
        if (action)
            action->setPriority(texts == Texts::All ? QAction::NormalPriority : QAction::LowPriority);
    }
    setToolButtonStyle(texts == Texts::None ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
}
