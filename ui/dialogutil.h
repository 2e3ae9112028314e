// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QComboBox;
class QLabel;

namespace DialogUtil {

// An editable combo box whose completer matches anywhere in the item text, case-insensitively.
void makeSearchable(QComboBox *combo);
// Shows a validation message (or hides the label when the message is empty).
void showValidation(QLabel *label, const QString &message);

} // namespace DialogUtil
