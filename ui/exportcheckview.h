// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exportcheck.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

// The export check's items in the Export dialog: each item's verdict as an icon and in words (never colour
// alone), its title, its detail, the permissions the caller lacks when it can't tell, and a Fix button where
// CacheSnap can fix it. The items live in a scroll area of a fixed height, so items that come and go never move
// the fields or buttons around it; before there is a report it shows a placeholder text there.
class ExportCheckView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportCheckView)

public:
    explicit ExportCheckView(QWidget *parent = nullptr);
    ~ExportCheckView() override;

    // No report: the text stands in the items' place (what the bucket needs, or why nothing is checked).
    void showPlaceholder(const QString &summary, const QString &text);
    // A check for bucket is running: the last items stay, greyed, until its report replaces them.
    void showChecking(const QString &bucket);
    void showReport(const ExportCheck::Report &report);
    // A problem beside the items (a fix that failed, a check that could not start); empty hides it.
    void showProblem(const QString &text);

    bool hasReport() const;
    const ExportCheck::Report &report() const;
    QString summary() const;
    QString problem() const;
    // The row of an item (for tests and screenshots); null when the report has none.
    QWidget *itemWidget(ExportCheck::ItemId id) const;
    QPushButton *fixButton(ExportCheck::ItemId id) const;

    static QIcon verdictIcon(ExportCheck::Verdict verdict);
    static QString verdictWords(ExportCheck::Verdict verdict);

Q_SIGNALS:
    // The operator asked to fix an item: the dialog confirms the item's fixes before anything is written.
    void fixRequested(ExportCheck::ItemId id);

private:
    void clearItems();
    QWidget *makeRow(const ExportCheck::Item &item);

    QLabel *m_summary = nullptr;
    QLabel *m_problem = nullptr;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_items = nullptr;
    QVBoxLayout *m_itemsLayout = nullptr;
    QLabel *m_placeholder = nullptr;
    QList<QWidget *> m_rows;
    ExportCheck::Report m_report;
    bool m_hasReport = false;
    bool m_hasFixMnemonic = false;
};
