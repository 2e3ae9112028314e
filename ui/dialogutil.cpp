// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogutil.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QCompleter>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFocusEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QVariant>
#include <QWidget>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// Shows the start of an editable combo's text when focus moves on from it (not to a popup, such as its completer's,
// nor to another window: the edit goes on when the user comes back). The combo has the focus and hands its focus
// events to its line edit itself, past the line edit's event filters.
class StartWhenLeft final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::FocusOut) {
            const Qt::FocusReason reason = static_cast<QFocusEvent *>(event)->reason();
            if (reason != Qt::PopupFocusReason && reason != Qt::ActiveWindowFocusReason) {
                // After the combo's own handling, which ends the edit.
                QMetaObject::invokeMethod(
                    watched,
                    [combo = static_cast<QComboBox *>(watched)] {
                        if (!combo->hasFocus())
                            combo->lineEdit()->setCursorPosition(0);
                    },
                    Qt::QueuedConnection);
            }
        }
        return false;
    }
};
} // namespace

namespace DialogUtil {

void makeSearchable(QComboBox *combo)
{
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    QCompleter *completer = combo->completer();
    completer->setFilterMode(Qt::MatchContains);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    // Not being edited (a choice made, a refill, focus gone), it shows the start of its text, as a plain combo
    // does: a line edit scrolls to its cursor, which setText() and selecting all on Tab put at the end, so a
    // narrow box showed "ation groups" of "All replication groups".
    QObject::connect(combo->lineEdit(), &QLineEdit::textChanged, combo, [combo] {
        // Set, not typed (keys sent to a box without focus are typing too).
        if (!combo->hasFocus() && !combo->lineEdit()->isModified())
            combo->lineEdit()->setCursorPosition(0);
    });
    combo->installEventFilter(new StartWhenLeft(combo));
}

namespace {
void colour(QLabel *label, const char *onLight, const char *onDark)
{
    const bool dark = label->palette().color(QPalette::Window).lightness() < 128;
    label->setStyleSheet(u"color: %1;"_s.arg(QLatin1StringView(dark ? onDark : onLight)));
}
} // namespace

void countDays(QSpinBox *spinBox)
{
    const auto suffix = [spinBox](int value) {
        spinBox->setSuffix(value == 1 ? QCoreApplication::translate("DialogUtil", " day")
                                      : QCoreApplication::translate("DialogUtil", " days"));
    };
    suffix(spinBox->value());
    QObject::connect(spinBox, &QSpinBox::valueChanged, spinBox, suffix);
}

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

QSize boundedToScreen(const QWidget *window, QSize size)
{
    if (const QScreen *screen = window->screen())
        size = size.boundedTo(screen->availableSize() - QSize(40, 60));
    return size;
}

void setOpeningHeight(QWidget *window, int height)
{
    height = boundedToScreen(window, QSize(window->width(), height)).height();
    window->resize(window->width(), std::max(height, window->minimumSizeHint().height()));
    window->setProperty("dialogUtilHeight", -1); // not the height growToFit() gave: it is not shrunk
}

void resizeWithinScreen(QWidget *window, QSize size)
{
    window->resize(boundedToScreen(window, size).expandedTo(window->minimumSizeHint()));
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

void PendingRequest::setSubmitHandler(std::function<void()> submit)
{
    m_submit = std::move(submit);
}

bool PendingRequest::submit(QDialog *dialog, QDialogButtonBox *buttons, const QString &key)
{
    if (!m_submit)
        return false;
    if (m_running || blocks(key))
        return true;
    m_running = true;
    m_key = key;
    lock(dialog, buttons, true);
    m_submit();
    return true;
}

void PendingRequest::fail(QDialog *dialog, QDialogButtonBox *buttons, const ApiError &error, const QString &text)
{
    m_running = false;
    m_failedKey = m_key;
    m_failure = text;
    m_transient = error.isTransient() || error.isThrottling();
    lock(dialog, buttons, false);
}

QString PendingRequest::failureFor(const QString &key) const
{
    return !m_failedKey.isNull() && key == m_failedKey ? m_failure : QString();
}

bool PendingRequest::blocks(const QString &key) const
{
    return !m_transient && !m_failedKey.isNull() && key == m_failedKey;
}

bool PendingRequest::isRunning() const
{
    return m_running;
}

QString PendingRequest::describe(const ApiError &error, const QString &advice, const QString &change)
{
    QString text = QDialog::tr("The request failed: %1").arg(error.toString());
    if (!advice.isEmpty())
        text += u'\n' + advice;
    if (error.isTransient() || error.isThrottling())
        text += u'\n' + QDialog::tr("This may pass: press OK to send it again.");
    else if (!change.isEmpty())
        text += u'\n' + change;
    return text;
}

void PendingRequest::lock(QDialog *dialog, QDialogButtonBox *buttons, bool locked)
{
    const QList<QWidget *> fields = dialog->findChildren<QWidget *>();
    for (QWidget *field : fields) {
        if (qobject_cast<QLineEdit *>(field) || qobject_cast<QComboBox *>(field)) {
            // The field's own state, not the effective one: an editable combo box's line edit is disabled with the
            // combo box, and must not stay disabled when the combo box is enabled again.
            if (locked)
                field->setProperty("pendingRequestWasEnabled", !field->testAttribute(Qt::WA_ForceDisabled));
            field->setEnabled(locked ? false : field->property("pendingRequestWasEnabled").toBool());
        }
    }
    if (QPushButton *ok = buttons->button(QDialogButtonBox::Ok)) {
        if (locked) {
            ok->setProperty("pendingRequestText", ok->text());
            ok->setText(QDialog::tr("Sending…"));
            ok->setEnabled(false);
        } else {
            ok->setText(ok->property("pendingRequestText").toString());
        }
    }
    dialog->setCursor(locked ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace DialogUtil
