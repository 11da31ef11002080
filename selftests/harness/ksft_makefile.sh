#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/drivers/net/e1k/Makefile keeps the kselftest contract (lib.mk's
# targets): `all` builds every TEST_GEN_FILES entry into OUTPUT, naming the
# Debian package of a missing compiler; `emit_tests` lists exactly the
# TEST_PROGS as drivers/net/e1k:<prog>; `install` puts every TEST_PROGS,
# TEST_FILES and TEST_GEN_FILES entry under INSTALL_PATH/drivers/net/e1k with
# a kselftest-list.txt the kernel's run_kselftest.sh reads; `clean` removes
# what `all` built; every file of the folder is listed for install.
# Host-side, a few seconds; it writes only to a temporary folder (OUTPUT=
# and INSTALL_PATH=).
# E1K_KSFT_SRC points it at another copy of the folder, to see it fail.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

src=${E1K_KSFT_SRC:-$top/selftests/drivers/net/e1k}
collection=drivers/net/e1k
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mk ARGS...: make in the tests' folder, free of an outer make's settings
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s --no-print-directory -C "$src" "$@" 2>&1; }

# var NAME: a variable of the Makefile, as make sees it
var() { mk --eval "ksft_var: ; @echo \$($1)" ksft_var; }

# built DIR: make all OUTPUT=DIR, or fail with make's output
built() {
	local out
	out=$(mk all OUTPUT="$1") || fail "make all OUTPUT=$1 failed: $out"
	info "$out"
}

test_all_builds_every_gen_file() {
	local f gen before
	read -ra gen <<< "$(var TEST_GEN_FILES)"
	[ ${#gen[@]} -gt 0 ] || fail "TEST_GEN_FILES is empty"
	before=$(cd "$src" && ls -d "${gen[@]}" 2>/dev/null)
	built "$tmp/all/out"
	for f in "${gen[@]}"; do
		[ -s "$tmp/all/out/$f" ] || fail "make all: no $f in OUTPUT"
		case $f in
		*.o) file -b "$tmp/all/out/$f" | grep -q eBPF || fail "$f is not a BPF object" ;;
		*) [ -x "$tmp/all/out/$f" ] || fail "$f is not executable" ;;
		esac
	done
	[ "$(cd "$src" && ls -d "${gen[@]}" 2>/dev/null)" = "$before" ] ||
		fail "make all OUTPUT=... wrote into the source folder"
	info "built: ${gen[*]}"
}

test_missing_compiler_names_debian_package() {
	local out
	out=$(mk all OUTPUT="$tmp/nocc" CLANG=/nonexistent/clang) &&
		fail "make all with no clang succeeded"
	info "$out"
	[ "$(echo "$out" | wc -l)" = 1 ] || fail "not one line: $out"
	echo "$out" | grep -q 'apt-get install clang' || fail "does not name the package clang: $out"
}

test_emit_tests_lists_the_test_progs() {
	local out want f
	out=$(mk emit_tests) || fail "make emit_tests failed: $out"
	want=$(for f in $(var TEST_PROGS); do echo "$collection:$f"; done)
	[ "$out" = "$want" ] ||
		fail "emit_tests is not one $collection:<prog> per TEST_PROGS: $(diff <(echo "$want") <(echo "$out") | grep '^[<>]' | paste -sd ' ')"
	info "$(echo "$out" | wc -l) tests"
}

# Every file the tests may need is installed: each file of the folder is a
# TEST_PROGS or TEST_FILES entry, but for the build's own (the Makefile,
# xdp/build.sh), what `all` builds and Python's caches; and each file that
# runs test cases (a ktap_main line) is a TEST_PROGS entry.
test_every_file_is_listed() {
	local progs files listed f
	progs=" $(var TEST_PROGS) "
	files=" $(var TEST_FILES) "
	listed="$progs$files $(var TEST_GEN_FILES) Makefile xdp/build.sh "
	for f in $(cd "$src" && find . -type f ! -path '*/__pycache__/*' ! -name '.*' | sed 's|^\./||' | sort); do
		[[ $listed == *" $f "* ]] || fail "$f is in neither TEST_PROGS nor TEST_FILES"
		! grep -q '^ktap_main ' "$src/$f" || [[ $progs == *" $f "* ]] ||
			fail "$f runs test cases but is not in TEST_PROGS"
	done
	for f in $progs $files; do
		[ -f "$src/$f" ] || fail "$f is listed but not in $src"
	done
}

test_install_has_every_entry_and_the_list() {
	local inst=$tmp/inst d f out want
	d=$inst/$collection
	# another collection installed there before: its lines stay
	mkdir -p "$inst"
	echo "net:other.sh" > "$inst/kselftest-list.txt"
	out=$(mk install OUTPUT="$tmp/inst-out" INSTALL_PATH="$inst") ||
		fail "make install failed: $out"
	info "$out"
	for f in $(var TEST_PROGS); do
		[ -x "$d/$f" ] || fail "TEST_PROGS $f not installed, or not executable"
	done
	for f in $(var TEST_FILES) $(var TEST_GEN_FILES); do
		[ -f "$d/$f" ] || fail "$f not installed in $d"
	done
	# twice: our lines once, after the other collection's
	out=$(mk install OUTPUT="$tmp/inst-out" INSTALL_PATH="$inst") ||
		fail "second make install failed: $out"
	want=$(echo "net:other.sh"; mk emit_tests)
	[ "$(cat "$inst/kselftest-list.txt")" = "$want" ] ||
		fail "kselftest-list.txt is not the other collection's line and emit_tests': $(cat "$inst/kselftest-list.txt")"
	if [ ! -x "$inst/run_kselftest.sh" ]; then
		info "no run_kselftest.sh installed (no kernel tree in KSFT_DIR)"
		return 0
	fi
	out=$("$inst/run_kselftest.sh" --dry-run --collection "$collection") ||
		fail "run_kselftest.sh --dry-run failed: $out"
	info "$out"
	[ "$out" = "$(printf 'cd %s\nrun_many %s' "$collection" "$(var TEST_PROGS)")" ] ||
		fail "run_kselftest.sh would not run the TEST_PROGS in $collection: $out"
}

test_clean_removes_generated_files() {
	local out f gen
	gen=$(var TEST_GEN_FILES)
	built "$tmp/clean"
	touch "$tmp/clean/keep"
	out=$(mk clean OUTPUT="$tmp/clean") || fail "make clean failed: $out"
	for f in $gen; do
		[ ! -e "$tmp/clean/$f" ] || fail "make clean left $f"
	done
	[ -e "$tmp/clean/keep" ] || fail "make clean removed a file it did not build"
}

ktap_main test_all_builds_every_gen_file test_missing_compiler_names_debian_package \
	test_emit_tests_lists_the_test_progs test_every_file_is_listed \
	test_install_has_every_entry_and_the_list test_clean_removes_generated_files
