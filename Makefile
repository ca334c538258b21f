# SPDX-License-Identifier: GPL-2.0
#
# make                 vpcpeer.ko against the running kernel (or KDIR=...)
#                      and tools/vpcpeerctl/vpcpeerctl
# make modules KDIR=   the module only, against the kernel build tree KDIR
# make tools           vpcpeerctl and the iproute2 link plugin
#                      tools/iplink/link_vpcpeer.so
# make check-fast      tests/fast: what needs no root (but to install
#                      missing packages) and no VM: builds, checkpatch,
#                      shellcheck, host unit tests (tests/unit/), the
#                      module with W=1 C=2 against installed headers
# make check           everything tests/run checks, check-fast's first
#                      (installs its own deps)
# make demo            the guided scenario in a QEMU VM (tests/demo/run;
#                      DEMO_KERNEL=6.1|6.12|debug, default 6.1)
# make demo-fleet      the same, across three hypervisors over FRR BGP
#                      EVPN (tests/demo/fleet.sh; DEMO_KERNEL as above)
# make bench           the benchmarks in a VM on the stock 6.1 kernel
#                      (BENCH_KERNEL=6.12 for the other): a table on stdout,
#                      bench/results/*.json; see bench/README.md
# make stress          tests/stress/run: the reliability scenarios, long
#                      variants, on the debug kernel, and the CLI fuzzers
# make install         vpcpeerctl, its man page, bash completion, route
#                      protocol name, vpcpeer.service and vpcpeer@.service
#                      (not enabled),
#                      link_vpcpeer.so into ip's library directory
#                      (IPLIBDIR=, by default /usr/lib/MULTIARCH/ip, where
#                      Debian's ip looks);
#                      vpcpeer.ko too if it was built (then depmod, unless
#                      DESTDIR is set). DESTDIR=, PREFIX=
#                      (default /usr/local), KVER= (the kernel release whose
#                      /lib/modules gets the module; by default KDIR's)
# make uninstall       remove what "make install" installed
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

# The release of the kernel KDIR builds for, as /lib/modules names it:
# /lib/modules/RELEASE/build, Debian's linux-headers-RELEASE, or a tree's
# own include/config/kernel.release.
KVER ?= $(strip $(or \
	$(patsubst /lib/modules/%/build,%,$(filter /lib/modules/%/build,$(KDIR:%/=%))), \
	$(patsubst linux-headers-%,%,$(filter linux-headers-%,$(notdir $(KDIR:%/=%)))), \
	$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null), \
	$(shell uname -r)))

PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
MODDIR ?= /lib/modules/$(KVER)/extra
BASHCOMPDIR ?= /usr/share/bash-completion/completions
RTPROTDIR ?= /etc/iproute2/rt_protos.d
UNITDIR ?= $(PREFIX)/lib/systemd/system
# Where Debian's ip(8) dlopen()s link_KIND.so: its LIBDIR, the multiarch
# library directory, and "/ip".
MULTIARCH ?= $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || $(CC) -print-multiarch)
IPLIBDIR ?= /usr/lib/$(MULTIARCH)/ip
TOOL := tools/vpcpeerctl
IPLINK := tools/iplink

all: modules tools

modules:
	@test -f $(KDIR)/Makefile || { echo "no kernel build tree at $(KDIR): install linux-headers-$$(uname -r) or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/vpcpeerctl
	$(MAKE) -C tools/iplink

check-fast:
	tests/fast

check:
	tests/run

demo:
	tests/demo/run $(if $(DEMO_KERNEL),--kernel $(DEMO_KERNEL))

demo-fleet:
	tests/demo/run --fleet $(if $(DEMO_KERNEL),--kernel $(DEMO_KERNEL))

bench:
	bench/run

stress:
	tests/stress/run

install: tools
	install -D -m 755 $(TOOL)/vpcpeerctl $(DESTDIR)$(SBINDIR)/vpcpeerctl
	install -D -m 644 $(TOOL)/vpcpeerctl.8 $(DESTDIR)$(MANDIR)/man8/vpcpeerctl.8
	install -D -m 644 $(TOOL)/vpcpeerctl.bash-completion $(DESTDIR)$(BASHCOMPDIR)/vpcpeerctl
	install -D -m 644 $(TOOL)/rt_protos.d/vpcpeer.conf $(DESTDIR)$(RTPROTDIR)/vpcpeer.conf
	install -d $(DESTDIR)$(UNITDIR)
	for unit in vpcpeer.service vpcpeer@.service; do \
		sed 's|/usr/local/sbin/vpcpeerctl|$(SBINDIR)/vpcpeerctl|' $(TOOL)/$$unit \
			>$(DESTDIR)$(UNITDIR)/$$unit && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$unit || exit 1; \
	done
	install -D -m 644 $(IPLINK)/link_vpcpeer.so $(DESTDIR)$(IPLIBDIR)/link_vpcpeer.so
	@if [ -f vpcpeer.ko ]; then \
		echo "install -D -m 644 vpcpeer.ko $(DESTDIR)$(MODDIR)/vpcpeer.ko"; \
		install -D -m 644 vpcpeer.ko $(DESTDIR)$(MODDIR)/vpcpeer.ko || exit 1; \
		if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi; \
	else \
		echo "no vpcpeer.ko: the module was not built (make modules), not installed"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/vpcpeerctl $(DESTDIR)$(MANDIR)/man8/vpcpeerctl.8 \
		$(DESTDIR)$(BASHCOMPDIR)/vpcpeerctl $(DESTDIR)$(RTPROTDIR)/vpcpeer.conf \
		$(DESTDIR)$(UNITDIR)/vpcpeer.service $(DESTDIR)$(UNITDIR)/vpcpeer@.service \
		$(DESTDIR)$(IPLIBDIR)/link_vpcpeer.so
	@if [ -f $(DESTDIR)$(MODDIR)/vpcpeer.ko ]; then \
		echo "rm -f $(DESTDIR)$(MODDIR)/vpcpeer.ko"; \
		rm -f $(DESTDIR)$(MODDIR)/vpcpeer.ko; \
		if [ -z "$(DESTDIR)" ]; then echo "depmod -a $(KVER)"; depmod -a $(KVER); fi; \
	fi

clean:
	@if [ -f $(KDIR)/Makefile ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.o.d' \) -not -path './.git/*' -delete
	rm -f Module.symvers modules.order
	$(MAKE) -C tools/vpcpeerctl clean
	$(MAKE) -C tools/iplink clean

.PHONY: all modules tools check-fast check demo demo-fleet bench stress install uninstall clean
