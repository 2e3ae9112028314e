# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
# CPack settings, included from the top-level CMakeLists.txt just before include(CPack). `cpack -G DEB` in a
# build folder makes cachesnap_<version>_<arch>.deb. Name, version and homepage come from project().
set(CACHESNAP_PACKAGE_MAINTAINER "CacheSnap maintainers <maintainers@cachesnap.invalid>" CACHE STRING
    "Maintainer field of the packages (Name <address>)")

set(CPACK_PACKAGE_NAME cachesnap)
set(CPACK_PACKAGE_VENDOR "CacheSnap authors")
set(CPACK_PACKAGE_CONTACT "${CACHESNAP_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Debian wants the long description in lines of under 80 columns.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "CacheSnap is a desktop tool for Amazon ElastiCache operators. It lists the\n"
    "snapshots (backups) of node-based Valkey and Redis OSS clusters and\n"
    "replication groups side by side with serverless cache snapshots, filters\n"
    "thousands of them, and takes, copies, deletes and exports snapshots to S3.\n"
    "It speaks the ElastiCache Query API signed with Signature Version 4 and\n"
    "reads the AWS CLI's profiles.\n"
    "\n"
    "The package holds the desktop app (cachesnap), a command-line tool with the\n"
    "AWS CLI's command and option names (cachesnap-cli), and a local\n"
    "ElastiCache-compatible endpoint with realistic data and fault injection,\n"
    "for trying and testing without an AWS account (cachesnap-sandbox).")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CACHESNAP_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plugins, so dpkg-shlibdeps cannot see them: the SVG icon engine (every icon is an SVG).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6 (>= 6.4)")
# The Wayland platform plugin (X11's comes with libqt6gui6); a Secret Service provider for the keychain.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "gnome-keyring | keepassxc")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
