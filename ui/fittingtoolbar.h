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
// toolbar needs some 1,400 px: at 1024 px the region, the connections chooser, the auto-refresh interval and the
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
    void show(Texts texts);

    QList<QPointer<QAction>> m_droppedFirst;
    Texts m_texts = Texts::All;
    // The width each step needed when the toolbar last left it for a narrower one: the way back is taken when the
    // window has that room again.
    std::array<int, 3> m_needed {};
    bool m_fitting = false;
};
