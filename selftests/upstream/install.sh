#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the kernel's own drivers/net and drivers/net/hw selftests from
# Debian's linux-source (unpacked by make deps) into build/ksft, once per
# source version.  They are never committed; they run unmodified.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/build/linux-source
out=$top/build/ksft
ver=$(make -s -C "$src" kernelversion 2>/dev/null)
[ -f "$out/.version" ] && [ "$(cat "$out/.version")" = "$ver" ] && exit 0
echo "upstream: installing drivers/net selftests from linux-source $ver" >&2
rm -rf "$out"
make -s -C "$src/tools/testing/selftests" TARGETS="drivers/net drivers/net/hw" \
	install INSTALL_PATH="$out" >&2
echo "$ver" > "$out/.version"
