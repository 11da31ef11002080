# SPDX-License-Identifier: GPL-2.0
# e1k: top-level entry points.  See README.md.
#
#   make               build drivers/net/ethernet/e1k/e1k.ko against the guest headers
#   make run           boot a VM with an emulated e1000, bring e1k up, print a report
#   make check         every test; last line "N passed, N failed, N skipped"
#   make list          the suites (SUITE=), test files and cases (T=) make check knows
#   make check-debug   the suites on a KASAN/kmemleak/lockdep kernel, fault injection
#   make lint          checkpatch --strict, sparse and W=1
#   make bench         e1k vs in-tree e1000 vs virtio-net (ROUNDS=3); results/latest
#   make bench-ab BASE=<rev>   this tree's e1k vs BASE's, in turn in one VM
#   make profile       guest perf, QEMU thread CPU, MMIO/IRQ counts per packet: e1k vs e1000
#   make deps          install what is missing (apt-get, as root) and fetch the kernel
#   make dkms-install  install e1k with DKMS for the running kernel (or KVER=<kver>)
#   make dkms-remove   take it out of DKMS and /usr/src again

TOP	:= $(CURDIR)
BUILD	:= $(TOP)/build
MOD_DIR	:= $(TOP)/drivers/net/ethernet/e1k
KVER_F	:= $(BUILD)/kver
# The headers the module is built against; resolved by qemu/deps.sh.
KDIR	= /usr/src/linux-headers-$(shell cat $(KVER_F))
# DKMS installs for KVER (or KERNELRELEASE) when given, any kernel with a
# /lib/modules/<kver>/build; else for the running kernel, as dkms itself does.
DKMS_KVER = $(or $(KERNELRELEASE),$(KVER),$(shell uname -r))

export NIC DRIVER MACHINE TOPO ACCEL SMP MEM KVER T ROUNDS BENCH_T

.PHONY: all modules deps run check check-args list check-debug lint bench bench-ab profile clean help \
	dkms-install dkms-remove

all: modules

deps:
	@$(TOP)/qemu/deps.sh $(BUILD) >/dev/null

# The developers' build fails on any warning; Kbuild itself does not add
# -Werror, so a user's DKMS build on a newer compiler still succeeds.
modules: deps
	$(MAKE) -C $(KDIR) M=$(MOD_DIR) W=1 KCFLAGS="$(KCFLAGS) -Werror" modules

run: modules
	@$(TOP)/qemu/report.sh

# T= and SUITE= are checked first: a typo is an error before anything builds
check: check-args modules
	@$(TOP)/selftests/run.sh

check-args:
	@$(TOP)/selftests/run.sh --check-args

list:
	@$(TOP)/selftests/run.sh --list

check-debug: deps
	@$(TOP)/scripts/check-debug.sh

bench: modules
	@$(TOP)/bench/run.sh

bench-ab: modules
	@$(TOP)/bench/ab.sh

profile: modules
	@$(TOP)/bench/profile.sh

lint: deps
	@$(TOP)/scripts/lint.sh

# Not deps: it would repin the guest kernel to KVER, and DKMS needs only
# the target kernel's headers, not the guest's.
dkms-install:
	@$(TOP)/scripts/dkms.sh install $(DKMS_KVER)

dkms-remove:
	@$(TOP)/scripts/dkms.sh remove

clean:
	@if [ -f $(KVER_F) ]; then $(MAKE) -C $(KDIR) M=$(MOD_DIR) clean; fi
	rm -rf $(BUILD)/run.* $(BUILD)/logs $(BUILD)/results $(BUILD)/ksft-e1k $(BUILD)/ksft-e1k-gen

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'
