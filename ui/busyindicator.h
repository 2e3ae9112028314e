// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QBasicTimer>
#include <QWidget>

// A ring of dots for work of unknown length, its brightest dot stepping round while the indicator is shown.
//
// The style's busy progress bar repaints a bar of 220 pixels at the animation driver's 60 frames a second: while a
// million rows load, that was a tenth of the window thread's time, beside the table it shares the thread with. This
// repaints a square the height of a line of text ten times a second, and nothing at all while hidden (a minimized
// window hides it too).
class BusyIndicator final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BusyIndicator)

public:
    explicit BusyIndicator(QWidget *parent = nullptr);
    ~BusyIndicator() override;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    bool isSpinning() const { return m_timer.isActive(); }
    int step() const { return m_step; } // the brightest dot's

    static constexpr int kDots = 8;
    static constexpr int kStepMs = 100;

protected:
    void paintEvent(QPaintEvent *event) override;
    void timerEvent(QTimerEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QBasicTimer m_timer;
    int m_step = 0;
};
