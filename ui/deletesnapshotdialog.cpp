// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "deletesnapshotdialog.h"

#include "statusicons.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

DeleteSnapshotDialog::DeleteSnapshotDialog(QStringList names, int automaticCount, QWidget *parent)
    : QDialog(parent)
    , m_names(std::move(names))
{
    setObjectName(u"deleteSnapshotDialog"_s);
    const int count = int(m_names.size());
    // Spelled out rather than "%n snapshot(s)": the app ships no translation that would resolve the plural.
    const QString action = count == 1 ? tr("Delete 1 snapshot") : tr("Delete %1 snapshots").arg(count);
    setWindowTitle(action);

    auto *question = new QLabel(this);
    question->setObjectName(u"question"_s);
    question->setWordWrap(true);
    question->setText(count == 1 ? tr("Delete this snapshot? This cannot be undone: the backup is gone for good.")
                                 : tr("Delete these %1 snapshots? This cannot be undone: the backups are gone for "
                                      "good.")
                                       .arg(count));

    auto *list = new QListWidget(this);
    list->setObjectName(u"names"_s);
    list->addItems(m_names);
    list->setSelectionMode(QAbstractItemView::NoSelection);
    list->setMaximumHeight(qMin(240, 24 + 20 * int(m_names.size())));
    // Every name readable without scrolling sideways, up to a sane width.
    int widest = 0;
    for (const QString &name : std::as_const(m_names))
        widest = qMax(widest, list->fontMetrics().horizontalAdvance(name));
    list->setMinimumWidth(qBound(360, widest + 40, 720));

    auto *automaticNote = new QLabel(this);
    automaticNote->setWordWrap(true);
    automaticNote->setVisible(automaticCount > 0);
    automaticNote->setObjectName(u"automaticNote"_s);
    if (count == 1)
        automaticNote->setText(tr("It is an automatic backup: it would expire on its own when its retention ends, "
                                  "and deleting it leaves a gap in the automatic backups."));
    else if (automaticCount == count)
        automaticNote->setText(tr("All %1 are automatic backups: they would expire on their own when their "
                                  "retention ends.")
                                   .arg(count));
    else if (automaticCount == 1)
        automaticNote->setText(tr("1 of them is an automatic backup, which would expire on its own when its "
                                  "retention ends."));
    else
        automaticNote->setText(tr("%1 of them are automatic backups, which would expire on their own when their "
                                  "retention ends.")
                                   .arg(automaticCount));

    auto *buttons = new QDialogButtonBox(this);
    m_delete = buttons->addButton(action, QDialogButtonBox::DestructiveRole);
    m_delete->setObjectName(u"deleteButton"_s);
    m_delete->setIcon(StatusIcons::action(u"delete"_s));
    m_delete->setAutoDefault(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setDefault(true);
    m_cancel->setAutoDefault(true);
    connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    layout->addWidget(list);
    layout->addWidget(automaticNote);
    layout->addWidget(buttons);
    m_cancel->setFocus();
}

DeleteSnapshotDialog::~DeleteSnapshotDialog() = default;

const QStringList &DeleteSnapshotDialog::names() const
{
    return m_names;
}

QPushButton *DeleteSnapshotDialog::deleteButton() const
{
    return m_delete;
}

QPushButton *DeleteSnapshotDialog::cancelButton() const
{
    return m_cancel;
}
