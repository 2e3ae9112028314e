// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "pseudoterminal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

PseudoTerminal::PseudoTerminal()
{
    m_master = posix_openpt(O_RDWR | O_NOCTTY);
    if (m_master >= 0 && grantpt(m_master) == 0 && unlockpt(m_master) == 0)
        m_slavePath = QString::fromLocal8Bit(ptsname(m_master));
}

PseudoTerminal::~PseudoTerminal()
{
    if (m_master >= 0)
        ::close(m_master);
}

bool PseudoTerminal::type(const QByteArray &text)
{
    return ::write(m_master, text.constData(), size_t(text.size())) == text.size();
}
