#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest.sh ROUNDS SECONDS [BENCH_VAR=VALUE...] BENCH...: inside the VM
# (bench/run boots it), run each benchmark script bench/BENCH.sh with
# BENCH_ROUNDS, BENCH_TIME and the BENCH_VARs given set, the guest cleaned
# up between them; fail if any failed, after running them all.
set -uo pipefail

export BENCH_ROUNDS=$1 BENCH_TIME=$2
shift 2
while [[ ${1:-} =~ ^BENCH_[A-Z0-9_]+=[0-9]+$ ]]; do
	export "${1?}"
	shift
done
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

reset_guest() {
	local kind dev mod
	killall -q iperf3 tcpdump 2>/dev/null
	ip -all netns delete 2>/dev/null
	for kind in vrf veth dummy; do
		for dev in $(ip -o link show type "$kind" | sed -n 's/^[0-9]*: \([^:@]*\).*/\1/p'); do
			ip link del "$dev" 2>/dev/null
		done
	done
	for mod in vpcpeer_bench vpcpeer; do
		[[ ! -d /sys/module/$mod ]] || rmmod "$mod"
	done
}

# plain, or icount under tests/vm/run --icount: see bench/lib.sh.
bench_mode() {
	[[ ${VPCPEER_VM_ICOUNT:-0} = 1 ]] && echo icount || echo plain
}

rc=0
for b; do
	start=$EPOCHSECONDS
	echo "bench: === $b (rounds $BENCH_ROUNDS, ${BENCH_TIME}s runs, $(bench_mode) mode) ==="
	bash "bench/$b.sh" </dev/null
	brc=$?
	echo "bench: === $b exited $brc after $((EPOCHSECONDS - start))s ==="
	[[ $brc = 0 ]] || rc=$brc
	reset_guest
done
exit "$rc"
