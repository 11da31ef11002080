#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of the "installed" suites: the e1k tests as `make install` left
# them (/payload/ksft-e1k), run the way a user runs them on a real machine,
# with a plain net.config and a clean environment.  The harness is taken
# away first: no QEMU host layer (/payload/lib.sh, hostctl), no copy of the
# source tree, none of its variables; what needs the host skips, naming it.
# Prints run_tests.sh's flat KTAP.  E1K_INSTALLED: the test files to run.
root=/payload/ksft-e1k
dir=$root/drivers/net/e1k
if [ ! -x "$dir/run_tests.sh" ]; then
	echo "not ok 1 installed:suite # no installed suite in $dir"
	exit 1
fi

# the config a user writes (tools/testing/selftests/drivers/net/README.rst)
cat > "$dir/net.config" <<CFG
# the NIC under test and its peer's end, a netns on this machine
NETIF=eth0
LOCAL_V4=$LOCAL_V4
LOCAL_V6=$LOCAL_V6
REMOTE_V4=$REMOTE_V4
REMOTE_V6=$REMOTE_V6
REMOTE_TYPE=netns
REMOTE_ARGS=ns-remote
REMOTE_NETIF=eth1
CFG
echo "# net.config: $(grep -v '^#' "$dir/net.config" | paste -sd ' ')"

files=${E1K_INSTALLED:-link.sh,loop.sh}
files=${files//,/ }
mv /payload/lib.sh /payload/lib.sh.harness
rm -rf /payload/selftests /payload/xdp-progs
cd "$dir" || exit 1
exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root ./run_tests.sh $files
