// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "errorbar.h"

#include "statusicons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

using namespace Qt::StringLiterals;

ErrorBar::ErrorBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(u"errorBar"_s);
    setFrameShape(QFrame::StyledPanel);
    // Fixed colours that read on light and dark palettes alike.
    setStyleSheet(u"QFrame#errorBar { background: #fbe3e2; border: 1px solid #d64541; border-radius: 4px; }"
                  "QFrame#errorBar QLabel { color: #3b1211; }"_s);
    m_icon = new QLabel(this);
    m_icon->setPixmap(StatusIcons::action(u"error"_s).pixmap(20, 20));
    m_text = new QLabel(this);
    m_text->setObjectName(u"errorText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setTextFormat(Qt::PlainText);
    m_retry = new QPushButton(tr("&Retry"), this);
    m_retry->setObjectName(u"retryButton"_s);
    m_close = new QPushButton(tr("Dismiss"), this);
    m_close->setObjectName(u"dismissButton"_s);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        const std::function<void()> retry = m_retryAction;
        dismiss();
        if (retry)
            retry();
    });
    connect(m_close, &QPushButton::clicked, this, &ErrorBar::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

ErrorBar::~ErrorBar() = default;

void ErrorBar::showError(const QString &what, const ApiError &error, const QString &advice, std::function<void()> retry)
{
    QString detail = error.toString();
    if (!advice.isEmpty())
        detail += u"\n"_s + advice;
    showMessage(what, detail, std::move(retry));
}

void ErrorBar::showMessage(const QString &what, const QString &detail, std::function<void()> retry)
{
    m_retryAction = std::move(retry);
    m_text->setText(detail.isEmpty() ? what : what + u"\n"_s + detail);
    m_retry->setVisible(bool(m_retryAction));
    show();
}

void ErrorBar::dismiss()
{
    m_retryAction = nullptr;
    hide();
}

QString ErrorBar::text() const
{
    return m_text->text();
}
