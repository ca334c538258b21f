# SPDX-License-Identifier: GPL-2.0
#
# make                 vpcpeer.ko against the running kernel (or KDIR=...)
#                      and tools/vpcpeerctl/vpcpeerctl
# make modules KDIR=   the module only, against the kernel build tree KDIR
# make tools           vpcpeerctl only
# make check           everything tests/run checks (installs its own deps)
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules tools

modules:
	@test -f $(KDIR)/Makefile || { echo "no kernel build tree at $(KDIR): install linux-headers-$$(uname -r) or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/vpcpeerctl

check:
	tests/run

clean:
	@if [ -f $(KDIR)/Makefile ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.o.d' \) -not -path './.git/*' -delete
	rm -f Module.symvers modules.order
	$(MAKE) -C tools/vpcpeerctl clean

.PHONY: all modules tools check clean
