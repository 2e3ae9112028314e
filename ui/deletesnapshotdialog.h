// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QStringList>

class QPushButton;

// Confirms deleting one or more snapshots: names them, says it cannot be undone, and gives Cancel the
// default so that Enter does not delete.
class DeleteSnapshotDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeleteSnapshotDialog)

public:
    DeleteSnapshotDialog(QStringList names, int automaticCount, QWidget *parent = nullptr);
    ~DeleteSnapshotDialog() override;

    const QStringList &names() const;
    QPushButton *deleteButton() const;
    QPushButton *cancelButton() const;

private:
    QStringList m_names;
    QPushButton *m_delete = nullptr;
    QPushButton *m_cancel = nullptr;
};
