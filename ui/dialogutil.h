// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QComboBox;
class QLabel;
class QWidget;

namespace DialogUtil {

// An editable combo box whose completer matches anywhere in the item text, case-insensitively.
void makeSearchable(QComboBox *combo);
// Colours a label as a refusal (red) or a warning (amber), in shades that read on the light or dark palette the
// label has.
void styleAsError(QLabel *label);
void styleAsWarning(QLabel *label);
// Shows a validation message (or hides the label when the message is empty), growing the window to fit it.
void showValidation(QLabel *label, const QString &message);
// Fits a visible window to the height its layout needs at its current width: labels that appear after the window
// was sized would otherwise squeeze the fields above them. A window the user made taller is not shrunk.
void growToFit(QWidget *widget);

} // namespace DialogUtil
