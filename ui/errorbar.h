// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;

// A non-modal bar at the top of the window for a failed request: what was being done, the AWS code and
// message, advice when there is some, and a Retry button when the action can be repeated.
class ErrorBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorBar)

public:
    explicit ErrorBar(QWidget *parent = nullptr);
    ~ErrorBar() override;

    // retry may be empty: then no Retry button is shown.
    void showError(const QString &what, const ApiError &error, const QString &advice = QString(),
                   std::function<void()> retry = {});
    void showMessage(const QString &what, const QString &detail, std::function<void()> retry = {});
    void dismiss();
    QString text() const;

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_close = nullptr;
    std::function<void()> m_retryAction;
};
