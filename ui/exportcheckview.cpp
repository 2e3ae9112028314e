// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportcheckview.h"

#include "dialogutil.h"
#include "statusicons.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int kIconSize = 16;

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wrapped at whatever width the view has: a wrapped label's minimum width is small, so a long identifier (a
    // canonical ID) never widens the dialog.
    label->setMinimumWidth(1);
    return label;
}

} // namespace

ExportCheckView::ExportCheckView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"exportCheck"_s);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"checkSummary"_s);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    // One line is kept for the summary even while it is empty: the items below never move.
    m_summary->setMinimumHeight(m_summary->fontMetrics().height());

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"checkProblem"_s);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setVisible(false);
    DialogUtil::styleAsError(m_problem);

    m_items = new QWidget;
    m_items->setObjectName(u"checkItemList"_s);
    m_itemsLayout = new QVBoxLayout(m_items);
    m_itemsLayout->setContentsMargins(6, 6, 6, 6);
    m_itemsLayout->setSpacing(8);
    m_placeholder = wrappedLabel(QString(), m_items);
    m_placeholder->setObjectName(u"requirements"_s);
    m_itemsLayout->addWidget(m_placeholder);
    m_itemsLayout->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"checkItems"_s);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_items);
    // A fixed share of the dialog (room for about five items at once): the dialog does not grow or jump as items
    // come and go, and fits an 800×600 screen; the rest scrolls.
    m_scroll->setMinimumHeight(12 * fontMetrics().height());
    m_scroll->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_scroll->setFocusPolicy(Qt::NoFocus);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_problem);
}

ExportCheckView::~ExportCheckView() = default;

QIcon ExportCheckView::verdictIcon(ExportCheck::Verdict verdict)
{
    switch (verdict) {
    case ExportCheck::Verdict::Passes:
        return StatusIcons::action(u"check-passes"_s);
    case ExportCheck::Verdict::WillFail:
        return StatusIcons::action(u"check-fails"_s);
    case ExportCheck::Verdict::CantTell:
        break;
    }
    return StatusIcons::action(u"check-unknown"_s);
}

QString ExportCheckView::verdictWords(ExportCheck::Verdict verdict)
{
    switch (verdict) {
    case ExportCheck::Verdict::Passes:
        return tr("Passes");
    case ExportCheck::Verdict::WillFail:
        return tr("Will fail");
    case ExportCheck::Verdict::CantTell:
        break;
    }
    return tr("Can't tell");
}

void ExportCheckView::showPlaceholder(const QString &summary, const QString &text)
{
    clearItems();
    m_hasReport = false;
    m_report = {};
    m_summary->setText(summary);
    m_placeholder->setText(text);
    m_placeholder->setVisible(!text.isEmpty());
}

void ExportCheckView::showChecking(const QString &bucket)
{
    m_summary->setText(tr("Checking s3://%1 …").arg(bucket));
    for (QWidget *row : std::as_const(m_rows))
        row->setEnabled(false);
}

void ExportCheckView::showReport(const ExportCheck::Report &report)
{
    // Where the operator was reading stays in place when the same items come back (after a fix, say).
    const int scrolled = m_scroll->verticalScrollBar() ? m_scroll->verticalScrollBar()->value() : 0;
    clearItems();
    m_placeholder->setVisible(false);
    m_report = report;
    m_hasReport = true;
    int failing = 0;
    int unknown = 0;
    // What needs the operator comes first (will fail, then can't tell), so it is in view without scrolling; within
    // a verdict the check's own order.
    QList<ExportCheck::Item> items = report.items;
    const auto rank = [](ExportCheck::Verdict v) {
        return v == ExportCheck::Verdict::WillFail ? 0 : v == ExportCheck::Verdict::CantTell ? 1 : 2;
    };
    std::stable_sort(items.begin(), items.end(), [&rank](const ExportCheck::Item &a, const ExportCheck::Item &b) {
        return rank(a.verdict) < rank(b.verdict);
    });
    for (const ExportCheck::Item &item : std::as_const(items)) {
        failing += item.verdict == ExportCheck::Verdict::WillFail ? 1 : 0;
        unknown += item.verdict == ExportCheck::Verdict::CantTell ? 1 : 0;
        QWidget *row = makeRow(item);
        m_itemsLayout->insertWidget(m_itemsLayout->count() - 1, row);
        row->show(); // now, not on the layout's next turn: the report is shown whole at once
        m_rows.append(row);
    }
    QString summary;
    if (failing > 0)
        summary = (failing == 1 ? tr("s3://%1: the export will fail (1 problem, first below).")
                                : tr("s3://%1: the export will fail (%2 problems, first below)."))
                      .arg(report.bucket)
                      .arg(failing);
    else if (unknown > 0)
        summary = (unknown == 1 ? tr("s3://%1: nothing will fail that CacheSnap can see, but 1 item cannot be checked.")
                                : tr("s3://%1: nothing will fail that CacheSnap can see, but %2 items cannot be "
                                     "checked."))
                      .arg(report.bucket)
                      .arg(unknown);
    else
        summary = tr("s3://%1 is ready: every check passes.").arg(report.bucket);
    m_summary->setText(summary);
    m_scroll->verticalScrollBar()->setValue(scrolled);
}

void ExportCheckView::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

bool ExportCheckView::hasReport() const
{
    return m_hasReport;
}

const ExportCheck::Report &ExportCheckView::report() const
{
    return m_report;
}

QString ExportCheckView::summary() const
{
    return m_summary->text();
}

QString ExportCheckView::problem() const
{
    return m_problem->text();
}

QWidget *ExportCheckView::itemWidget(ExportCheck::ItemId id) const
{
    for (QWidget *row : m_rows) {
        if (row->property("itemId").toInt() == int(id))
            return row;
    }
    return nullptr;
}

QPushButton *ExportCheckView::fixButton(ExportCheck::ItemId id) const
{
    QWidget *row = itemWidget(id);
    return row ? row->findChild<QPushButton *>(u"fix"_s) : nullptr;
}

void ExportCheckView::clearItems()
{
    m_hasFixMnemonic = false;
    for (QWidget *row : std::as_const(m_rows)) {
        m_itemsLayout->removeWidget(row);
        row->hide();
        row->deleteLater();
    }
    m_rows.clear();
}

QWidget *ExportCheckView::makeRow(const ExportCheck::Item &item)
{
    auto *row = new QWidget(m_items);
    row->setObjectName(u"checkItem"_s + ExportCheck::idName(item.id));
    row->setProperty("itemId", int(item.id));
    row->setProperty("verdict", ExportCheck::verdictName(item.verdict));
    const QString words = verdictWords(item.verdict);

    auto *icon = new QLabel(row);
    icon->setObjectName(u"verdictIcon"_s);
    icon->setPixmap(verdictIcon(item.verdict).pixmap(kIconSize, kIconSize));
    icon->setAccessibleName(words);
    icon->setFixedWidth(kIconSize + 4);
    icon->setAlignment(Qt::AlignHCenter | Qt::AlignTop);

    // The verdict in words first, so it reads the same without the icon's colour and shape.
    auto *title = new QLabel(row);
    title->setObjectName(u"itemTitle"_s);
    title->setTextFormat(Qt::RichText);
    title->setWordWrap(true);
    title->setText(u"<b>%1:</b> %2"_s.arg(words.toHtmlEscaped(), item.title.toHtmlEscaped()));

    auto *grid = new QGridLayout(row);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    grid->addWidget(icon, 0, 0, Qt::AlignTop);
    grid->addWidget(title, 0, 1);
    int line = 1;
    QStringList description;
    if (!item.detail.isEmpty()) {
        QLabel *detail = wrappedLabel(item.detail, row);
        detail->setObjectName(u"itemDetail"_s);
        grid->addWidget(detail, line++, 1);
        description << item.detail;
    }
    if (!item.missingPermissions.isEmpty()) {
        const QString text = tr("Your credentials lack: %1").arg(item.missingPermissions.join(u", "_s));
        QLabel *missing = wrappedLabel(text, row);
        missing->setObjectName(u"itemMissingPermissions"_s);
        DialogUtil::styleAsWarning(missing);
        grid->addWidget(missing, line++, 1);
        description << text;
    }
    if (!item.fixes.isEmpty()) {
        // Alt+F presses the first Fix (problems come first); a mnemonic shared by two buttons would only move the
        // focus between them.
        const bool first = !m_hasFixMnemonic;
        m_hasFixMnemonic = true;
        const QString text = item.fixes.size() > 1 ? tr("Fix (choose how)…") : tr("Fix…");
        auto *fix = new QPushButton(first ? u"&"_s + text : text, row);
        fix->setObjectName(u"fix"_s);
        fix->setAutoDefault(false);
        fix->setAccessibleName(tr("Fix: %1").arg(item.title));
        fix->setAccessibleDescription(item.fixes.size() > 1 ? tr("Offers %1 ways to fix it.").arg(item.fixes.size())
                                                            : item.fixes.first().title);
        fix->setToolTip(item.fixes.size() > 1 ? tr("Choose how to fix it, see the exact change, then confirm")
                                              : item.fixes.first().title);
        grid->addWidget(fix, 0, 2, Qt::AlignTop);
        const ExportCheck::ItemId id = item.id;
        connect(fix, &QPushButton::clicked, this, [this, id] { Q_EMIT fixRequested(id); });
    }
    grid->setColumnStretch(1, 1);
    row->setAccessibleName(u"%1: %2"_s.arg(words, item.title));
    row->setAccessibleDescription(description.join(u' '));
    return row;
}
