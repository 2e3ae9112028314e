#!/bin/sh
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test under its own D-Bus session with an unlocked gnome-keyring (a real Secret Service), in a
# temporary HOME that the test may search for leaked secrets. Usage: with-keyring.sh TEST [ARGS...]
set -eu
HOME="$(mktemp -d)"
export HOME XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
trap 'rm -rf "$HOME"' EXIT
status=0
dbus-run-session -- sh -c 'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' \
    sh "$@" || status=$?
exit $status
