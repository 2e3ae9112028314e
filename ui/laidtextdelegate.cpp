// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "laidtextdelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>

LaidTextDelegate::LaidTextDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_laid(kKept)
{
}

size_t qHash(const LaidTextDelegate::Key &key, size_t seed) noexcept
{
    return qHashMulti(seed, key.text, key.font, key.width, key.elide);
}

const LaidTextDelegate::Laid &LaidTextDelegate::laid(const QString &text, const QFont &font, int width,
                                                     Qt::TextElideMode elide) const
{
    Key key {text, font, width, int(elide)};
    if (const Laid *kept = m_laid.object(key))
        return *kept;
    // As the style elides a line whose natural width, to a fraction of a pixel, does not fit
    // (QCommonStylePrivate::calculateElidedText).
    const QString shown = QFontMetricsF(font).horizontalAdvance(text) > width
        ? QFontMetrics(font).elidedText(text, elide, width)
        : text;
    auto *made = new Laid;
    made->text.setText(shown);
    made->text.setTextFormat(Qt::PlainText);
    made->text.prepare(QTransform(), font);
    made->size = made->text.size();
    m_laid.insert(std::move(key), made);
    return *made;
}

void LaidTextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    constexpr auto kOwnWay = QStyleOptionViewItem::WrapText | QStyleOptionViewItem::HasCheckIndicator;
    if (opt.text.isEmpty() || (opt.features & kOwnWay) || !opt.showDecorationSelected
        || (opt.state & (QStyle::State_Editing | QStyle::State_HasFocus)) || opt.direction != Qt::LeftToRight
        || opt.decorationPosition != QStyleOptionViewItem::Left || opt.text.contains(QChar::LineSeparator)) {
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }
    const QString text = opt.text;
    opt.text.clear();
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection, icon

    // Where the style puts the text (QCommonStylePrivate::viewItemLayout and viewItemDrawText): after the icon and
    // its margins, inside a margin of its own.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &opt, widget) + 1;
    QRect textRect = opt.rect;
    if (opt.features & QStyleOptionViewItem::HasDecoration)
        textRect.setLeft(textRect.left() + opt.decorationSize.width() + 2 * margin);
    textRect.adjust(margin, 0, -margin, 0);
    if (textRect.width() <= 0)
        return;
    const Laid &shown = laid(text, opt.font, textRect.width(), opt.textElideMode);
    // The style's text layout is a line as wide as the rectangle, which places the text in it to a fraction of a
    // pixel; vertically, the line's whole height is placed.
    const QRect line = QStyle::alignedRect(opt.direction, opt.displayAlignment & Qt::AlignVertical_Mask,
                                           QSize(textRect.width(), int(shown.size.height())), textRect);
    qreal x = textRect.x();
    const qreal spare = textRect.width() - shown.size.width();
    if (opt.displayAlignment & Qt::AlignRight)
        x += spare;
    else if (opt.displayAlignment & Qt::AlignHCenter)
        x += spare / 2;

    QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    painter->save();
    painter->setClipRect(opt.rect, Qt::IntersectClip); // as the style clips an item
    painter->setFont(opt.font);
    painter->setPen(
        opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->drawStaticText(QPointF(x, line.top()), shown.text);
    painter->restore();
}
