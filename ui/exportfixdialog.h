// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exportcheck.h"

#include <QDialog>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QVBoxLayout;

// The confirmation of a fix the export check offers: for the fix chosen (where there is a choice, as with ACLs
// disabled, each way is offered explicitly), the exact text of every document it changes, before and after,
// in full (monospace, scrollable, the added lines marked), and the promise that nothing is removed. Nothing is
// written by this dialog: accepted() means the operator confirmed chosenFix().
class ExportFixDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportFixDialog)

public:
    ExportFixDialog(QString bucket, ExportCheck::Item item, QWidget *parent = nullptr);
    ~ExportFixDialog() override;

    const ExportCheck::Item &item() const;
    int chosenIndex() const;
    const ExportCheck::Fix &chosenFix() const;
    void choose(int index);

    // The before and after texts shown for the chosen fix's change (for tests).
    QStringList beforeTexts() const;
    QStringList afterTexts() const;
    // The lines of after that are not in before (outside their longest common run of lines), in order: what the
    // fix adds.
    static QStringList addedLines(const QString &before, const QString &after);
    // Their line numbers in after (0-based).
    static QList<int> addedLineNumbers(const QString &before, const QString &after);

private:
    void showChosen();

    QString m_bucket;
    ExportCheck::Item m_item;
    int m_chosen = 0;
    QButtonGroup *m_choices = nullptr;
    QLabel *m_detail = nullptr;
    QWidget *m_changes = nullptr;
    QVBoxLayout *m_changesLayout = nullptr;
    QList<QPlainTextEdit *> m_before;
    QList<QPlainTextEdit *> m_after;
    QDialogButtonBox *m_buttons = nullptr;
};
