// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCache>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

// Paints an item as QStyledItemDelegate does, but draws a one-line text from the laid-out text it keeps instead of
// laying it out again at every paint. The style lays an item's text out three times a paint (its size, its
// elision, its drawing), each a pass of HarfBuzz over the text: while rows stream into a list, that was a third of
// the window thread's time (the visible rows are painted again after every merge, with the same texts). The
// background, the selection and the icon still come from the style; items it cannot draw the same way (wrapped,
// several lines, a check box, right to left, being edited, the current one with its focus frame drawn over the
// text, selection not spanning the icon) go the style's way.
class LaidTextDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit LaidTextDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // How many laid-out texts it keeps at most (the visible cells of a few screens), and keeps now.
    static constexpr int kKept = 4096;
    int kept() const { return int(m_laid.size()); }

private:
    struct Key
    {
        QString text;
        QFont font;
        int width = 0;
        int elide = 0;
        bool operator==(const Key &other) const = default;
    };
    friend size_t qHash(const Key &key, size_t seed) noexcept;
    struct Laid
    {
        QStaticText text;
        QSizeF size;
    };
    const Laid &laid(const QString &text, const QFont &font, int width, Qt::TextElideMode elide) const;

    mutable QCache<Key, Laid> m_laid;
};
