// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogutil.h"

#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLayout>
#include <QPalette>
#include <QVariant>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace DialogUtil {

void makeSearchable(QComboBox *combo)
{
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    QCompleter *completer = combo->completer();
    completer->setFilterMode(Qt::MatchContains);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
}

namespace {
void colour(QLabel *label, const char *onLight, const char *onDark)
{
    const bool dark = label->palette().color(QPalette::Window).lightness() < 128;
    label->setStyleSheet(u"color: %1;"_s.arg(QLatin1StringView(dark ? onDark : onLight)));
}
} // namespace

void styleAsError(QLabel *label)
{
    colour(label, "#c0392b", "#ff8a80");
}

void styleAsWarning(QLabel *label)
{
    colour(label, "#9a4d00", "#ffb74d");
}

void showValidation(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    growToFit(label);
}

void growToFit(QWidget *widget)
{
    QWidget *window = widget->window();
    QLayout *layout = window->layout();
    if (!window->isVisible() || !layout)
        return;
    layout->activate();
    const int needed
        = layout->hasHeightForWidth() ? layout->totalHeightForWidth(window->width()) : layout->totalSizeHint().height();
    // Shrink back too when the height is still the one this function (or the first show) gave: a message that
    // comes and goes leaves no gap. A height the user chose is only ever grown.
    const QVariant ours = window->property("dialogUtilHeight");
    const bool untouched = !ours.isValid() || ours.toInt() == window->height();
    if (needed > window->height() || (untouched && needed < window->height())) {
        window->resize(window->width(), needed);
        window->setProperty("dialogUtilHeight", window->height());
    }
}

} // namespace DialogUtil
