// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPointer>
#include <QToolBar>

#include <array>

class QAction;

// A toolbar that drops its buttons' texts, not its items, when the window is too narrow: first the texts of the
// actions named by setTextDroppedFirst() (their tooltips still say them), then every text. With every text the main
// toolbar needs some 1,450 px: at 1024 px the region, the connections chooser, the auto-refresh interval and the
// details pane's toggle went behind the toolbar's » menu.
class FittingToolBar final : public QToolBar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FittingToolBar)

public:
    enum class Texts { All, Some, None };
    Q_ENUM(Texts)

    explicit FittingToolBar(const QString &title, QWidget *parent = nullptr);
    ~FittingToolBar() override;

    void setTextDroppedFirst(const QList<QAction *> &actions);
    Texts texts() const;

protected:
    bool event(QEvent *event) override;

private:
    void fit();
    void showTexts(Texts texts);

    QList<QPointer<QAction>> m_droppedFirst;
    Texts m_texts = Texts::All;
    // What the texts dropped by leaving All, and by leaving Some, add to the width: measured on the way down (-1
    // until then), for the way back. They depend on the texts alone, not on the combos' widths.
    std::array<int, 2> m_textWidth {-1, -1};
};
