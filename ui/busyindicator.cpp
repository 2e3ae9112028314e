// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "busyindicator.h"

#include <QPainter>
#include <QTimerEvent>

#include <cmath>
#include <numbers>

BusyIndicator::BusyIndicator(QWidget *parent)
    : QWidget(parent)
{
    // Painting its own background, it is repainted alone, without the widgets beneath it.
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Busy"));
}

BusyIndicator::~BusyIndicator() = default;

QSize BusyIndicator::sizeHint() const
{
    const int side = fontMetrics().height();
    return {side, side};
}

QSize BusyIndicator::minimumSizeHint() const
{
    return sizeHint();
}

void BusyIndicator::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    const qreal side = qMin(width(), height());
    const qreal dot = side / 5;
    const qreal radius = (side - dot) / 2;
    const QPointF centre = QRectF(rect()).center();
    QColor colour = palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText);
    for (int i = 0; i < kDots; ++i) {
        // The step's dot is the brightest; the ones behind it fade to a fifth.
        const int behind = (m_step - i + kDots) % kDots;
        colour.setAlphaF(float(1.0 - 0.8 * behind / (kDots - 1)));
        painter.setBrush(colour);
        // Clockwise from twelve o'clock.
        const qreal angle = 2 * std::numbers::pi * i / kDots - std::numbers::pi / 2;
        painter.drawEllipse(centre + radius * QPointF(std::cos(angle), std::sin(angle)), dot / 2, dot / 2);
    }
}

void BusyIndicator::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QWidget::timerEvent(event);
        return;
    }
    m_step = (m_step + 1) % kDots;
    update();
}

void BusyIndicator::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer.start(kStepMs, this);
}

void BusyIndicator::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}
