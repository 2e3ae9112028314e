// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QSize>
#include <QString>

#include <functional>

class QComboBox;
class QDialog;
class QDialogButtonBox;
class QLabel;
class QSpinBox;
class QWidget;

namespace DialogUtil {

// An editable combo box whose completer matches anywhere in the item text, case-insensitively, and which shows the
// start of its text when it is not being edited.
void makeSearchable(QComboBox *combo);
// A spin box of days: "1 day", "30 days" (the suffix follows the value).
void countDays(QSpinBox *spinBox);
// Colours a label as a refusal (red) or a warning (amber), in shades that read on the light or dark palette the
// label has.
void styleAsError(QLabel *label);
void styleAsWarning(QLabel *label);
// Shows a validation message (or hides the label when the message is empty), growing the window to fit it.
void showValidation(QLabel *label, const QString &message);
// Fits a visible window to the height its layout needs at its current width: labels that appear after the window
// was sized would otherwise squeeze the fields above them. A window the user made taller is not shrunk.
void growToFit(QWidget *widget);
// Gives window a height of its own (at most its screen's available height less a margin, at least its minimum),
// kept as if the user had chosen it: growToFit() then only ever grows it.
void setOpeningHeight(QWidget *window, int height);
// size, within window's screen's available size less a margin for the frame and panels (unchanged without a screen).
QSize boundedToScreen(const QWidget *window, QSize size);
// Gives window its opening size: size, within its screen (boundedToScreen(): a dialog sized for a large screen would
// open with its buttons off an 800×600 one), and at least its minimum.
void resizeWithinScreen(QWidget *window, QSize size);

// An action's dialog while its request runs and after it fails: the dialog stays open; while the request runs its
// fields are locked; a failure is shown in the dialog, the field to change gets the focus, and a refusal is not
// sent again unchanged (OK stays off until a field differs); a transient failure (throttling, 5xx, network) may
// be sent again as it is. Without a submit handler, OK simply accepts (the dialog alone, as in tests).
class PendingRequest
{
public:
    void setSubmitHandler(std::function<void()> submit);
    // OK was pressed on valid input: true when the handler took the request (the dialog stays open).
    bool submit(QDialog *dialog, QDialogButtonBox *buttons, const QString &key);
    // The request failed; the dialog unlocks. text: what to show.
    void fail(QDialog *dialog, QDialogButtonBox *buttons, const ApiError &error, const QString &text);
    // What to show for the current input: the failure when key is the failed request's, else nothing.
    QString failureFor(const QString &key) const;
    // Whether the current input repeats a refused request (OK must stay off).
    bool blocks(const QString &key) const;
    bool isRunning() const;

    // The failure in words: the service's message, the advice, and what to change.
    static QString describe(const ApiError &error, const QString &advice, const QString &change);

private:
    static void lock(QDialog *dialog, QDialogButtonBox *buttons, bool locked);

    std::function<void()> m_submit;
    bool m_running = false;
    QString m_key; // the request sent last
    QString m_failedKey;
    QString m_failure;
    bool m_transient = false;
};

} // namespace DialogUtil
