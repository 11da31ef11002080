#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The driver stays checkpatch --strict, sparse and W=1 clean (make lint).
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/selftests/drivers/net/e1k/lib.sh"

test_lint_clean() {
	local out
	out=$("$top/scripts/lint.sh" 2>&1) || { echo "$out"; fail "make lint found problems"; }
	echo "$out" | tail -1
}

ktap_main test_lint_clean
