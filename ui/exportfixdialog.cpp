// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportfixdialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHash>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

QPlainTextEdit *documentView(const QString &text, const QString &name, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    // Read-only but reachable from the keyboard, to scroll and select; Tab leaves it rather than typing.
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    view->setTabChangesFocus(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setPlainText(text);
    const int lines = text.isEmpty() ? 1 : int(text.count(u'\n')) + 1;
    const int lineHeight = view->fontMetrics().lineSpacing();
    const int frame = 2 * view->frameWidth() + int(view->document()->documentMargin() * 2) + 4;
    // Short documents (an Object Ownership value) take the lines they have; long ones scroll.
    view->setMinimumHeight(std::min(lines, 4) * lineHeight + frame);
    view->setSizePolicy(QSizePolicy::Expanding, lines <= 4 ? QSizePolicy::Fixed : QSizePolicy::Expanding);
    if (lines <= 4)
        view->setFixedHeight(lines * lineHeight + frame + view->horizontalScrollBar()->sizeHint().height());
    return view;
}

// Marks the lines the fix adds, with a background and in the view's accessible description (not colour alone:
// the label above the view counts them too).
void markLines(QPlainTextEdit *view, const QList<int> &added)
{
    QList<QTextEdit::ExtraSelection> marks;
    const bool dark = view->palette().color(QPalette::Base).lightness() < 128;
    const QColor background = dark ? QColor(0x1f, 0x4d, 0x2b) : QColor(0xd9, 0xf2, 0xdf);
    for (const int number : added) {
        const QTextBlock block = view->document()->findBlockByNumber(number);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(block);
        mark.format.setBackground(background);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks.append(mark);
    }
    view->setExtraSelections(marks);
}

} // namespace

ExportFixDialog::ExportFixDialog(QString bucket, ExportCheck::Item item, QWidget *parent)
    : QDialog(parent)
    , m_bucket(std::move(bucket))
    , m_item(std::move(item))
{
    Q_ASSERT(!m_item.fixes.isEmpty());
    setObjectName(u"exportFixDialog"_s);
    setWindowTitle(tr("Fix s3://%1").arg(m_bucket));

    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(this);
    heading->setObjectName(u"fixHeading"_s);
    heading->setWordWrap(true);
    heading->setTextFormat(Qt::PlainText);
    heading->setText(m_item.fixes.size() > 1
                         ? tr("%1: %2\nCacheSnap can fix this in %3 ways. Choose one; only the one you choose is "
                              "written.")
                               .arg(m_item.title, m_item.detail)
                               .arg(m_item.fixes.size())
                         : tr("%1: %2").arg(m_item.title, m_item.detail));
    layout->addWidget(heading);

    m_choices = new QButtonGroup(this);
    if (m_item.fixes.size() > 1) {
        for (int i = 0; i < m_item.fixes.size(); ++i) {
            const ExportCheck::Fix &fix = m_item.fixes.at(i);
            auto *choice = new QRadioButton(u"&%1  %2"_s.arg(i + 1).arg(fix.title), this);
            choice->setObjectName(u"fixChoice"_s + ExportCheck::fixKindName(fix.kind));
            choice->setAccessibleDescription(fix.detail);
            m_choices->addButton(choice, i);
            layout->addWidget(choice);
        }
        m_choices->button(0)->setChecked(true);
        connect(m_choices, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
            if (checked)
                choose(id);
        });
    }

    m_detail = new QLabel(this);
    m_detail->setObjectName(u"fixDetail"_s);
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::PlainText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_detail);

    m_changes = new QWidget(this);
    m_changes->setObjectName(u"fixChanges"_s);
    m_changesLayout = new QVBoxLayout(m_changes);
    m_changesLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_changes, 1);

    auto *promise = new QLabel(tr("Nothing is removed: every existing grant and policy statement is kept. Nothing "
                                  "is written until you press Apply."),
                               this);
    promise->setObjectName(u"fixPromise"_s);
    promise->setWordWrap(true);
    layout->addWidget(promise);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *apply = m_buttons->addButton(tr("&Apply the change"), QDialogButtonBox::AcceptRole);
    apply->setObjectName(u"applyFix"_s);
    // As in the delete confirmation: Enter alone does not write to someone's bucket.
    apply->setAutoDefault(false);
    QPushButton *cancel = m_buttons->button(QDialogButtonBox::Cancel);
    cancel->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    showChosen();
    // Wide enough for the documents' long lines where the screen allows; 760×520 fits an 800×600 one.
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 800, 600);
    resize(std::clamp(available.width() * 3 / 4, 760, 1100), std::clamp(available.height() * 3 / 4, 520, 800));
    cancel->setFocus();
}

ExportFixDialog::~ExportFixDialog() = default;

const ExportCheck::Item &ExportFixDialog::item() const
{
    return m_item;
}

int ExportFixDialog::chosenIndex() const
{
    return m_chosen;
}

const ExportCheck::Fix &ExportFixDialog::chosenFix() const
{
    return m_item.fixes.at(m_chosen);
}

void ExportFixDialog::choose(int index)
{
    if (index < 0 || index >= m_item.fixes.size() || index == m_chosen)
        return;
    m_chosen = index;
    if (QAbstractButton *button = m_choices->button(index); button && !button->isChecked())
        button->setChecked(true);
    showChosen();
}

QStringList ExportFixDialog::beforeTexts() const
{
    QStringList texts;
    for (const QPlainTextEdit *view : m_before)
        texts << view->toPlainText();
    return texts;
}

QStringList ExportFixDialog::afterTexts() const
{
    QStringList texts;
    for (const QPlainTextEdit *view : m_after)
        texts << view->toPlainText();
    return texts;
}

QList<int> ExportFixDialog::addedLineNumbers(const QString &before, const QString &after)
{
    // The after lines outside a longest common subsequence with before: an added grant's "{" is marked, the
    // existing grants' are not. The documents are a few hundred lines at most.
    const QStringList a = before.isEmpty() ? QStringList() : before.split(u'\n');
    const QStringList b = after.split(u'\n');
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            lcs[size_t(i)][size_t(j)] = a.at(i) == b.at(j)
                ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);
    }
    QList<int> added;
    qsizetype i = 0;
    qsizetype j = 0;
    while (j < m) {
        if (i < n && a.at(i) == b.at(j)) {
            ++i;
            ++j;
        } else if (i < n && lcs[size_t(i + 1)][size_t(j)] >= lcs[size_t(i)][size_t(j + 1)]) {
            ++i;
        } else {
            added << int(j);
            ++j;
        }
    }
    return added;
}

QStringList ExportFixDialog::addedLines(const QString &before, const QString &after)
{
    const QStringList lines = after.split(u'\n');
    QStringList added;
    for (const int number : addedLineNumbers(before, after))
        added << lines.at(number);
    return added;
}

void ExportFixDialog::showChosen()
{
    const ExportCheck::Fix &fix = chosenFix();
    m_detail->setText(fix.detail);
    // Rebuilt for each choice: the documents differ in number and size.
    while (QLayoutItem *child = m_changesLayout->takeAt(0)) {
        if (QWidget *widget = child->widget())
            widget->deleteLater();
        delete child;
    }
    m_before.clear();
    m_after.clear();
    for (int i = 0; i < fix.changes.size(); ++i) {
        const ExportCheck::Change &change = fix.changes.at(i);
        auto *box = new QWidget(m_changes);
        auto *grid = new QGridLayout(box);
        grid->setContentsMargins(0, 0, 0, 0);
        const QList<int> addedNumbers = addedLineNumbers(change.before, change.after);
        const QStringList added = addedLines(change.before, change.after);
        QPlainTextEdit *before = documentView(change.before, u"before%1"_s.arg(i), box);
        before->setPlaceholderText(tr("(none)"));
        QPlainTextEdit *after = documentView(change.after, u"after%1"_s.arg(i), box);
        markLines(after, addedNumbers);
        auto *beforeLabel = new QLabel(tr("%1 now:").arg(change.what), box);
        beforeLabel->setBuddy(before);
        const QString afterText = added.isEmpty()
            ? tr("%1 after:").arg(change.what)
            : (added.size() == 1 ? tr("%1 after (1 line added, marked):").arg(change.what)
                                 : tr("%1 after (%2 lines added, marked):").arg(change.what).arg(added.size()));
        auto *afterLabel = new QLabel(afterText, box);
        afterLabel->setBuddy(after);
        before->setAccessibleName(beforeLabel->text());
        after->setAccessibleName(afterLabel->text());
        after->setAccessibleDescription(tr("Added: %1").arg(added.join(u' ')));
        grid->addWidget(beforeLabel, 0, 0);
        grid->addWidget(afterLabel, 0, 1);
        grid->addWidget(before, 1, 0);
        grid->addWidget(after, 1, 1);
        grid->setColumnStretch(0, 1);
        grid->setColumnStretch(1, 1);
        m_changesLayout->addWidget(box, before->sizePolicy().verticalPolicy() == QSizePolicy::Fixed ? 0 : 1);
        m_before << before;
        m_after << after;
    }
}
