#!/usr/bin/env bash
# Installs what CacheSnap needs to build, test and run, from Debian bookworm's own packages only.
set -euo pipefail
packages=(
    cmake ninja-build g++ pkg-config lld
    clang libclang-rt-14-dev libfuzzer-14-dev llvm-14
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev libqt6svg6
    qt6-qpa-plugins qt6-wayland libgl-dev qtkeychain-qt6-dev
    awscli
    xvfb xauth imagemagick dbus dbus-x11 gnome-keyring libsecret-tools
    desktop-file-utils appstream dpkg-dev file fonts-dejavu-core groff-base libxml2-utils
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
