// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// A pseudo-terminal: a child's stdin is the terminal's slave side (so that cachesnap-cli asks before it acts), and
// the test types on the master side.
class PseudoTerminal
{
public:
    PseudoTerminal();
    ~PseudoTerminal();
    Q_DISABLE_COPY_MOVE(PseudoTerminal)

    bool isValid() const { return !m_slavePath.isEmpty(); }
    QString slavePath() const { return m_slavePath; }
    // Writes text on the master side, as if typed; false when it could not all be written.
    bool type(const QByteArray &text);

private:
    int m_master = -1;
    QString m_slavePath;
};
