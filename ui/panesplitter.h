// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSplitter>

// A table beside its details pane, the table first. The pane keeps the width it was given (its default, the
// operator's drag, the width saved with the window) as the window grows; a narrower window takes from the pane too,
// down to a share of the splitter (or the pane's minimum), so that the table keeps most of the room. A fixed pane
// left the table some 230 px of an 800 px window beside the connections list, and the pane 340.
class PaneSplitter final : public QSplitter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaneSplitter)

public:
    // The most of the splitter's width the pane takes on a window too narrow for its own width.
    static constexpr double kPaneShare = 0.4;

    PaneSplitter(QWidget *table, QWidget *pane, int paneWidth, QWidget *parent = nullptr);
    ~PaneSplitter() override;

    // The width the pane takes when there is room: the last one the operator dragged it to, or the one set here.
    int paneWidth() const;
    void setPaneWidth(int width);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void fit();

    QWidget *m_pane = nullptr;
    int m_paneWidth = 0;
};
