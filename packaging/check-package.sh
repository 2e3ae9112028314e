#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from a configured and built build folder and checks it the way an operator meets it:
# the control fields (with Depends computed by dpkg-shlibdeps), the file list, desktop-file-validate and
# appstreamcli on the shipped files, the icons, the man pages against each binary's --help, the bash completion
# against cachesnap-cli's --help, and --version of each binary run from an unpacked copy.
#
#   packaging/check-package.sh --build-dir build/dev --version 0.1.0 [--cpack cpack] [--app-id ID]
#
# Every check runs; the failures are listed at the end and the exit status is 1 if there was any.
# shellcheck disable=SC2015 # pass only prints, so "test && pass || fail" is an if-then-else here
set -euo pipefail
trap 'echo "FAIL: check-package.sh stopped at line $LINENO: $BASH_COMMAND" >&2' ERR

build_dir=""
cpack=cpack
version=""
app_id=io.github.cachesnap.CacheSnap
while (($#)); do
    case "$1" in
    --build-dir) build_dir=$2 ;;
    --cpack) cpack=$2 ;;
    --version) version=$2 ;;
    --app-id) app_id=$2 ;;
    *) echo "usage: $0 --build-dir DIR --version X.Y.Z [--cpack CPACK] [--app-id ID]" >&2; exit 2 ;;
    esac
    shift 2
done
[[ -n $build_dir && -n $version ]] || { echo "usage: $0 --build-dir DIR --version X.Y.Z" >&2; exit 2; }
build_dir=$(cd "$build_dir" && pwd)

for tool in dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli xmllint groff file readelf identify; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (run scripts/install-deps.sh)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/cachesnap-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=()
fail() {
    failures+=("$*")
    echo "FAIL: $*"
}
pass() { echo "ok: $*"; }
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi
}
# A set of words as one sorted line, for comparing; words may hold escaped spaces ("ops\ team").
set_of() { sed 's/\([^\\]\) /\1\n/g; s/\([^\\]\) /\1\n/g' | sed '/^$/d' | sort -u | paste -sd' ' -; }

# --- Build the package (into the temporary folder, so the build folder stays as it was) -----------------------
echo "== cpack -G DEB"
if ! "$cpack" -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    echo "FAIL: cpack -G DEB failed"
    exit 1
fi
shopt -s nullglob
debs=("$work"/out/*.deb)
shopt -u nullglob
if ((${#debs[@]} != 1)); then
    cat "$work/cpack.log"
    echo "FAIL: expected one .deb, got ${#debs[@]}"
    exit 1
fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
expect_eq "file name" "cachesnap_${version}_${arch}.deb" "$(basename "$deb")"

# --- Control fields ---------------------------------------------------------------------------------------------
echo "== control fields"
field() { dpkg-deb -f "$deb" "$1"; }
expect_eq "Package" cachesnap "$(field Package)"
expect_eq "Version (the CMake project version)" "$version" "$(field Version)"
expect_eq "Architecture" "$arch" "$(field Architecture)"
[[ -n $(field Section) ]] && pass "Section: $(field Section)" || fail "Section is empty"
[[ $(field Maintainer) =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] && pass "Maintainer: $(field Maintainer)" \
    || fail "Maintainer is not 'Name <address>': [$(field Maintainer)]"
[[ $(field Homepage) == https://* ]] && pass "Homepage: $(field Homepage)" || fail "Homepage: [$(field Homepage)]"
description=$(field Description)
[[ $(sed -n 1p <<<"$description") == *ElastiCache* ]] && pass "Description summary" \
    || fail "Description summary: [$(sed -n 1p <<<"$description")]"
(($(wc -l <<<"$description") >= 3)) && pass "Description has a long part" || fail "Description has no long part"
# Long part: lines of one leading space and under 80 columns, paragraphs separated by " ."; no CMake list
# separators leaking in.
bad_lines=$(sed 1d <<<"$description" | grep -vE '^ [^ ;].{0,77}$' || true)
[[ -z $bad_lines ]] && pass "Description lines are well-formed" || fail "Description lines: $bad_lines"
depends=$(field Depends)
echo "   Depends: $depends"
# Computed by dpkg-shlibdeps from the binaries: the Qt libraries they link, each with a minimum version.
for lib in libc6 libstdc++6 libqt6core6 libqt6network6 libqt6gui6 libqt6widgets6 libqt6httpserver6; do
    [[ ", $depends" == *", $lib (>= "* ]] && pass "Depends computed: $lib" || fail "Depends lacks $lib (>= ...)"
done
# Not linked but loaded as a plugin, so declared by hand.
[[ $depends == *libqt6svg6* ]] && pass "Depends: libqt6svg6 (SVG icon engine)" || fail "Depends lacks libqt6svg6"
dpkg-deb -e "$deb" "$work/control"
[[ -s $work/control/md5sums ]] && pass "md5sums" || fail "no md5sums in the control archive"

# --- File list --------------------------------------------------------------------------------------------------
echo "== contents"
dpkg-deb -c "$deb" >"$work/contents"
expected=(
    "-rwxr-xr-x ./usr/bin/cachesnap"
    "-rwxr-xr-x ./usr/bin/cachesnap-cli"
    "-rwxr-xr-x ./usr/bin/cachesnap-sandbox"
    "-rw-r--r-- ./usr/share/applications/$app_id.desktop"
    "-rw-r--r-- ./usr/share/metainfo/$app_id.metainfo.xml"
    "-rw-r--r-- ./usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    "-rw-r--r-- ./usr/share/man/man1/cachesnap.1.gz"
    "-rw-r--r-- ./usr/share/man/man1/cachesnap-cli.1.gz"
    "-rw-r--r-- ./usr/share/man/man1/cachesnap-sandbox.1.gz"
    "-rw-r--r-- ./usr/share/bash-completion/completions/cachesnap-cli"
    "-rw-r--r-- ./usr/share/bash-completion/completions/cachesnap-sandbox"
    "-rw-r--r-- ./usr/share/doc/cachesnap/copyright"
)
icon_sizes=(16 22 24 32 48 64 128 256)
for size in "${icon_sizes[@]}"; do
    expected+=("-rw-r--r-- ./usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
awk '$1 !~ /^d/ {print $1, $6}' "$work/contents" | sort >"$work/files"
for entry in "${expected[@]}"; do
    grep -qxF -- "$entry" "$work/files" && pass "contains ${entry#* }" || fail "missing or wrong mode: $entry"
done
unexpected=$(printf '%s\n' "${expected[@]}" | sort | comm -13 - "$work/files")
[[ -z $unexpected ]] && pass "nothing else is shipped" || fail "unexpected files: $(paste -sd - <<<"$unexpected")"
owners=$(awk '{print $2}' "$work/contents" | sort -u)
expect_eq "every file owned by root" "root/root" "$owners"

# --- Unpack and check the files as installed ------------------------------------------------------------------
root=$work/root
dpkg-deb -x "$deb" "$root"
bin=$root/usr/bin
share=$root/usr/share
# The GUI binary runs headless, with a home and runtime folder of its own.
mkdir -p "$work/runtime" "$work/home"
chmod 700 "$work/runtime"

echo "== binaries"
for b in cachesnap cachesnap-cli cachesnap-sandbox; do
    dynamic=$(readelf -d "$bin/$b")
    grep -qE '\((RPATH|RUNPATH)\)' <<<"$dynamic" && fail "$b has an RPATH/RUNPATH (points into the build tree?)" \
        || pass "$b has no RPATH"
    missing=$(ldd "$bin/$b" | grep 'not found' || true)
    [[ -z $missing ]] && pass "$b: every library resolves" || fail "$b: $missing"
    [[ $(file -b "$bin/$b") == *", stripped"* ]] && pass "$b is stripped" || fail "$b is not stripped"
done
# --version from the unpacked copy (the GUI one headless); all three from CACHESNAP_VERSION.
out=$("$bin/cachesnap-cli" --version 2>&1) || fail "cachesnap-cli --version exited $?"
[[ $out =~ ^cachesnap-cli\ ${version//./\\.}\ \(Qt\ [0-9.]+\)$ ]] && pass "cachesnap-cli --version: $out" \
    || fail "cachesnap-cli --version: [$out]"
out=$("$bin/cachesnap-sandbox" --version 2>&1) || fail "cachesnap-sandbox --version exited $?"
expect_eq "cachesnap-sandbox --version" "cachesnap-sandbox $version" "$out"
out=$(env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/runtime" HOME="$work/home" "$bin/cachesnap" --version \
    2>/dev/null) || fail "cachesnap --version exited $?"
expect_eq "cachesnap --version" "CacheSnap $version" "$out"

echo "== desktop entry"
desktop=$share/applications/$app_id.desktop
if report=$(desktop-file-validate "$desktop" 2>&1) && [[ -z $report ]]; then
    pass "desktop-file-validate"
else
    fail "desktop-file-validate: $report"
fi
desktop_key() { sed -n "0,/^\[Desktop Action/{s/^$1=//p}" "$desktop"; }
exec_name=$(desktop_key Exec | awk '{print $1}')
[[ -x $bin/$exec_name ]] && pass "Exec=$exec_name is shipped" || fail "Exec=$exec_name is not in /usr/bin"
expect_eq "Icon= names the shipped icon" "$app_id" "$(desktop_key Icon)"

echo "== AppStream metainfo"
metainfo=$share/metainfo/$app_id.metainfo.xml
if report=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
    pass "appstreamcli validate --no-net"
else
    fail "appstreamcli validate --no-net: $report"
fi
xp() { xmllint --xpath "$1" "$metainfo" 2>/dev/null || true; }
expect_eq "metainfo id" "$app_id" "$(xp 'string(/component/id)')"
expect_eq "launchable is the desktop file" "$app_id.desktop" "$(xp 'string(//launchable[@type="desktop-id"])')"
expect_eq "newest release is the project version" "$version" "$(xp 'string(//releases/release[1]/@version)')"
expect_eq "provides the three binaries" "cachesnap cachesnap-cli cachesnap-sandbox" \
    "$(xp '//provides/binary/text()' | set_of)"
[[ $(xp 'string(//content_rating/@type)') == oars-* ]] && pass "OARS content rating" || fail "no OARS content rating"

echo "== icons"
svg=$share/icons/hicolor/scalable/apps/$app_id.svg
xmllint --noout "$svg" 2>/dev/null && pass "scalable icon is well-formed SVG" || fail "scalable icon is not SVG"
for size in "${icon_sizes[@]}"; do
    png=$share/icons/hicolor/${size}x${size}/apps/$app_id.png
    kind=$(file -b "$png")
    [[ $kind == "PNG image data, $size x $size, 8-bit/color RGBA"* ]] && pass "${size}x${size}: $kind" \
        || fail "${size}x${size} icon: $kind"
    # A rendered icon covers much of its square; an empty render (missing SVG support) is fully transparent.
    coverage=$(identify -verbose "$png" 2>/dev/null \
        | awk '/^    Alpha:/ {on = 1} on && !done && /^      mean:/ {gsub(/[()]/, "", $3); print $3; done = 1}')
    coverage=${coverage:-0}
    awk -v c="$coverage" 'BEGIN { exit !(c > 0.3) }' && pass "${size}x${size} is drawn (alpha mean $coverage)" \
        || fail "${size}x${size} icon is (nearly) empty: alpha mean $coverage"
done

# --- Man pages: valid roff, and every option of each binary's --help documented ---------------------------------
echo "== man pages"
render_man() { gzip -dc "$share/man/man1/$1.1.gz" | groff -man -Tascii -P-cbou 2>/dev/null; }
# Long options named by a --help text (QCommandLineParser's or cachesnap-cli's).
long_options() { grep -oE '^ +(-[a-zA-Z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+' | sort -u; }
cli_help=$("$bin/cachesnap-cli" --help)
cli_commands=$(sed -n '/^Commands:/,/^$/p' <<<"$cli_help" | sed -n 's/^  \([a-z-]\+\( [a-z-]\+\)\?\)  .*/\1/p')
[[ -n $cli_commands ]] && pass "cachesnap-cli --help lists $(wc -l <<<"$cli_commands") commands" \
    || fail "no commands found in cachesnap-cli --help"
cli_globals=$(sed -n '/^Global options/,/^$/p' <<<"$cli_help" | long_options)
for page in cachesnap cachesnap-cli cachesnap-sandbox; do
    gz=$share/man/man1/$page.1.gz
    gzip -t "$gz" 2>/dev/null && pass "$page.1.gz is gzip" || { fail "$page.1.gz is not gzip"; continue; }
    warnings=$(gzip -dc "$gz" | groff -man -Tutf8 -ww -z 2>&1)
    [[ -z $warnings ]] && pass "$page.1 renders without warnings" || fail "$page.1: $warnings"
    text=$(render_man "$page")
    grep -q "CacheSnap $version" <<<"$text" && pass "$page.1 names version $version" \
        || fail "$page.1 does not name version $version"
    case $page in
    cachesnap) options=$(env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/runtime" HOME="$work/home" \
        "$bin/cachesnap" --help 2>/dev/null | long_options) ;;
    cachesnap-sandbox) options=$("$bin/cachesnap-sandbox" --help | long_options) ;;
    cachesnap-cli) options=$cli_globals ;;
    esac
    undocumented=()
    for option in $options; do
        grep -qE -- "(^|[^a-z-])$option([^a-z-]|$)" <<<"$text" || undocumented+=("$option")
    done
    ((${#undocumented[@]} == 0)) && pass "$page.1 documents its $(wc -w <<<"$options") options" \
        || fail "$page.1 does not document: ${undocumented[*]}"
done
cli_text=$(render_man cachesnap-cli)
while IFS= read -r command; do
    # Each command has its own subsection, listing exactly the options of its --help.
    section=$(awk -v c="   $command" 'index($0, c) == 1 && length($0) == length(c) {on = 1; next}
                                      /^   [a-z]/ || /^[A-Z]/ {on = 0} on' <<<"$cli_text")
    if [[ -z $section ]]; then
        fail "cachesnap-cli.1 has no section for \"$command\""
        continue
    fi
    # shellcheck disable=SC2086 # the command may be two words
    wanted=$("$bin/cachesnap-cli" $command --help | sed -n '/^OPTIONS/,/^$/p' | long_options | grep -vx -- --help || true)
    # The option tags (.TP) are lines of their own: the option and perhaps its value name.
    documented=$(grep -E -- '^ {7}--[a-z0-9-]+( [A-Z:]+)?$' <<<"$section" | grep -oE -- '--[a-z0-9-]+' | sort -u || true)
    expect_eq "cachesnap-cli.1 \"$command\" options" "$(set_of <<<"$wanted")" "$(set_of <<<"$documented")"
done <<<"$cli_commands"

# --- bash completion, against the unpacked binary's own help ----------------------------------------------------
echo "== bash completion"
completion=$share/bash-completion/completions/cachesnap-cli
# complete_words WORD... : what the completion offers for a command line whose last word is being typed.
complete_words() {
    # shellcheck disable=SC2016 # the script is for the inner bash
    env -i HOME="$work/home" PATH="$PATH" AWS_CONFIG_FILE="$work/aws-config" \
        AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials" bash --norc --noprofile -c '
        set -u
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _cachesnap_cli
        printf "%s\n" "${COMPREPLY[@]}"' bash "$completion" "$@" | set_of
}
printf '[default]\nregion = eu-west-1\n[profile staging]\n[sso-session corp]\n[profile ops team]\n' \
    >"$work/aws-config"
printf '[ci]\naws_access_key_id = AKIDEXAMPLE\n' >"$work/aws-credentials"

registered=$(bash --norc --noprofile -c 'source "$1"; complete -p cachesnap-cli' bash "$completion" 2>&1)
expect_eq "registered for cachesnap-cli" "complete -F _cachesnap_cli cachesnap-cli" "$registered"
expect_eq "commands" "$( (cut -d' ' -f1 <<<"$cli_commands"; echo help) | set_of)" \
    "$(complete_words cachesnap-cli "")"
expect_eq "commands after global options" "$(cut -d' ' -f1 <<<"$cli_commands" | grep '^describe-' | set_of)" \
    "$(complete_words cachesnap-cli --region eu-west-1 --output = json --debug describe-)"
# Two-word commands ("wait snapshot-available", "keychain store"): the second word after the first.
# shellcheck disable=SC2013 # one word a line
for group in $(awk 'NF == 2 {print $1}' <<<"$cli_commands" | sort -u); do
    expect_eq "\"$group\" second words" "$(awk -v g="$group" '$1 == g {print $2}' <<<"$cli_commands" | set_of)" \
        "$(complete_words cachesnap-cli "$group" "")"
done
expect_eq "global options" "$(set_of <<<"$cli_globals")" "$(complete_words cachesnap-cli --)"
expect_eq "--output values" "csv json table" "$(complete_words cachesnap-cli --output "")"
expect_eq "--output= values" "json" "$(complete_words cachesnap-cli --output = j)"
expect_eq "--profile values (config and credentials files)" "ci default ops\ team staging" \
    "$(complete_words cachesnap-cli --profile "")"
while IFS= read -r command; do
    # shellcheck disable=SC2086
    command_help=$("$bin/cachesnap-cli" $command --help)
    own=$(sed -n '/^OPTIONS/,/^$/p' <<<"$command_help" | long_options)
    # shellcheck disable=SC2086
    expect_eq "\"$command\" options" "$( (echo "$own"; echo "$cli_globals") | set_of)" \
        "$(complete_words cachesnap-cli $command --)"
    # Options with a fixed set of values ("One of: a, b" in the help) complete those values.
    while read -r option values; do
        # shellcheck disable=SC2086
        expect_eq "\"$command\" $option values" "$(tr -d ',' <<<"$values" | tr ' ' '\n' | set_of)" \
            "$(complete_words cachesnap-cli $command "$option" "")"
    done < <(awk '/^    --/ {option = $1} /^        One of: / {sub(/^        One of: /, ""); print option, $0}' \
        <<<"$command_help")
done <<<"$cli_commands"
# An option already given is not offered again; values of free-form options are not guessed.
first=$(head -n1 <<<"$cli_commands")
first_option=$("$bin/cachesnap-cli" "$first" --help | sed -n '/^OPTIONS/,/^$/p' | long_options | head -n1)
offered=$(complete_words cachesnap-cli "$first" "$first_option" x --)
[[ " $offered " != *" $first_option "* ]] && pass "\"$first\": $first_option not offered twice" \
    || fail "\"$first\": $first_option offered again after use"

# cachesnap-sandbox: every option of its --help, and the values of --region and --regions.
sandbox_completion=$share/bash-completion/completions/cachesnap-sandbox
sandbox_words() {
    # shellcheck disable=SC2016 # the script is for the inner bash
    env -i HOME="$work/home" PATH="$PATH" bash --norc --noprofile -c '
        set -u
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _cachesnap_sandbox
        printf "%s\n" "${COMPREPLY[@]}"' bash "$sandbox_completion" "$@" | set_of
}
registered=$(bash --norc --noprofile -c 'source "$1"; complete -p cachesnap-sandbox' bash "$sandbox_completion" 2>&1)
expect_eq "registered for cachesnap-sandbox" "complete -F _cachesnap_sandbox cachesnap-sandbox" "$registered"
expect_eq "cachesnap-sandbox options" "$("$bin/cachesnap-sandbox" --help | long_options | set_of)" \
    "$(sandbox_words cachesnap-sandbox --)"
expect_eq "cachesnap-sandbox --region values" "eu-west-1 eu-west-2 eu-west-3" \
    "$(sandbox_words cachesnap-sandbox --region eu-west)"
expect_eq "cachesnap-sandbox --regions list items" "eu-west-1,us-west-1 eu-west-1,us-west-2" \
    "$(sandbox_words cachesnap-sandbox --regions eu-west-1,us-west)"

# --- Result ----------------------------------------------------------------------------------------------------
echo
if ((${#failures[@]})); then
    echo "${#failures[@]} check(s) failed:"
    printf '  - %s\n' "${failures[@]}"
    exit 1
fi
echo "all package checks passed: $(basename "$deb")"
