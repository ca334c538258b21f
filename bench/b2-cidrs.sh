#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B2: verdict cost as the CIDR sets grow. B1's peering path, TCP and 64-byte
# UDP, through four peerings side by side whose VPCs own 1, 100, 10,000 and
# BENCH_CIDRS (default 100,000) CIDRs each: the tenant's own /16 buried
# among /32s that share its /8 (10.100.0.0 and up), so that every verdict
# walks a deep trie. Runs alternate between the four pairs; the figures are
# each size's throughput over the 1-CIDR pair's. (The in-kernel ns per
# lookup against fib_table_lookup() is not measured here: see bench/README.md.)
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"

big=${BENCH_CIDRS:-100000}
sizes=(1 100 10000 "$big")
dir=$(mktemp -d)
run modprobe vpcpeer

# Pair I (0..3) of size sizes[I]: VPCs aI (10.(10+2I)/16) and bI
# (10.(11+2I)/16), hosts h-aI and h-bI, peering ppI.
for i in 0 1 2 3; do
	for side in a b; do
		v=$((2 * i))
		[[ $side = a ]] || v=$((v + 1))
		make_vpc "$side$i" $((200 + v)) "10.$((10 + v))" "fd00:$((10 + v))"
		# The fillers: N - 1 /32s in 10.(100 + 2v).0.0/15.
		awk -v vpc="$side$i" -v n=$((sizes[i] - 1)) -v base=$((100 + 2 * v)) 'BEGIN {
			for (k = 0; k < n; k++)
				printf "vpc cidr add %s 10.%d.%d.%d/32\n", vpc, base + int(k / 65536),
					int(k / 256) % 256, k % 256
		}' >"$dir/fill-$side$i"
		t0=$(now)
		vpcpeerctl -b "$dir/fill-$side$i"
		printf 'bench: %d CIDRs into %s in %ss\n' "${sizes[i]}" "$side$i" "$(since "$t0")" >&2
		count=$(vpcpeerctl -j vpc show "$side$i" | jq '.[0].cidrs | length')
		# its own /16 and /48 besides the fillers
		assert_eq "$count" $((sizes[i] + 1)) "CIDRs of $side$i"
	done
	make_peering "pp$i" "a$i" "b$i"
	ping_ok "a$i" "$(host4 "b$i")"
	hx_bg "b$i" iperf3 -s
	wait_for 20 listening "b$i" 5201
done
trap 'killall -q iperf3 || true' EXIT

# tcp I, udp I: one run from h-aI to h-bI, Mbit/s received (as in B1).
tcp() {
	local out
	out=$(hx "a$1" iperf3 -c "$(host4 "b$1")" -t "$BENCH_TIME" -J)
	sample "tcp_${sizes[$1]}" "$(jq '.end.sum_received.bits_per_second / 1e6' <<<"$out")"
}
udp() {
	local out
	out=$(hx "a$1" iperf3 -c "$(host4 "b$1")" -u -l 64 -b 0 -t "$BENCH_TIME" -J)
	sample "udp_${sizes[$1]}" "$(jq '.end.sum as $s | ($s.packets - $s.lost_packets) * 64 * 8 / $s.seconds / 1e6' <<<"$out")"
}
# One untimed run first: the first connection ever pays for warming up.
hx a0 iperf3 -c "$(host4 b0)" -t 1 >/dev/null
alternate tcp 0 1 2 3
alternate udp 0 1 2 3

drops_zero
for i in 1 2 3; do
	ratio "tcp_${sizes[i]}" "tcp_${sizes[i]}" tcp_1 Mbit/s '>=' 0.95 \
		"TCP, ${sizes[i]} CIDRs / 1 CIDR"
	ratio "udp64_${sizes[i]}" "udp_${sizes[i]}" udp_1 Mbit/s '>=' 0.95 \
		"64-byte UDP, ${sizes[i]} CIDRs / 1 CIDR"
done
emit b2-cidrs
