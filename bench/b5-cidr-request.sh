#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B5: the heaviest CIDR request the default limits allow. One "vpc cidr
# add" of BENCH_CIDRS (default: max_cidrs_per_vpc less the VPC's own two)
# /32s, then its "vpc cidr del", to VPC "alone" (no peerings) and to VPC
# "hub", peered with BENCH_PEERS (default 32) VPCs of BENCH_PEER_CIDRS
# (default 2,048) CIDRs each, in alternating rounds. Every new CIDR is
# checked against each peer's, so the hub's request is the worst case; the
# figures are its times over the lone VPC's (the cost of the peer checks:
# a request walks the smaller of each pair of sets, so about 1 when the
# peers are small). While the hub's request runs, another namespace
# changes a link in a loop: the longest of those changes is reported (a
# CIDR request holds its namespace's lock, not RTNL: it should be no longer
# than a change takes on an idle VM, well under the request's time).
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"

npeers=${BENCH_PEERS:-32}
npeercidrs=${BENCH_PEER_CIDRS:-2048}
dir=$(mktemp -d)
run modprobe vpcpeer
ncidrs=${BENCH_CIDRS:-$(($(cat /sys/module/vpcpeer/parameters/max_cidrs_per_vpc) - 2))}
note cidrs_per_request "$ncidrs"
note peers "$npeers"
note cidrs_per_peer "$npeercidrs"
# The request's CIDRs go on one command line: a few MB of arguments.
ulimit -s 65536

# The request: /32s from 10.64.0.0 up (inside 10.64.0.0/10).
awk -v n="$ncidrs" 'BEGIN {
	for (k = 0; k < n; k++)
		printf "10.%d.%d.%d/32\n", 64 + int(k / 65536), int(k / 256) % 256, k % 256
}' >"$dir/request"
mapfile -t request <"$dir/request"

make_vpc alone 10 10.1 fd00:1
make_vpc hub 11 10.2 fd00:2
for ((p = 0; p < npeers; p++)); do
	# Peer p: its /16 and /48, and /32s from 10.(128 + p).0.0 up.
	make_vrf "p$p" $((100 + p))
	awk -v n="$npeercidrs" -v p="$p" 'BEGIN {
		for (k = 0; k < n; k++)
			printf "cidr 10.%d.%d.%d/32\n", 128 + p, int(k / 256) % 256, k % 256
	}' >"$dir/peer"
	mapfile -t peer <"$dir/peer"
	# shellcheck disable=SC2068 # "cidr PREFIX" pairs, split on purpose
	vpcpeerctl vpc add "p$p" vrf "vrf-p$p" ${peer[@]}
	vpcpeerctl peering add "hub-p$p" hub "p$p"
done
assert_eq "$(vpcpeerctl -j vpc show hub | jq '.[0].peering_count')" "$npeers" "peerings of hub"

ip netns add other
# rtnl_probe FILE: change a link of namespace "other" until killed, writing
# each change's seconds to FILE.
rtnl_probe() {
	local t0
	while :; do
		t0=$(now)
		ip -n other link set lo mtu $((RANDOM % 1000 + 60000))
		since "$t0" >>"$1"
	done
}

# cidrs VPC: one add and one delete of the request's CIDRs in VPC, with
# the probe running beside the add (for both VPCs, so that it weighs the
# same on both).
cidrs() {
	local t0 probe=$dir/probe pid
	: >"$probe"
	rtnl_probe "$probe" &
	pid=$!
	t0=$(now)
	vpcpeerctl vpc cidr add "$1" "${request[@]}"
	sample "add_$1" "$(since "$t0")"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	sample "rtnl_wait_$1" "$(sort -g "$probe" | tail -n 1)"
	assert_eq "$(vpcpeerctl -j vpc show "$1" | jq '.[0].cidrs | length')" \
		$((ncidrs + 2)) "CIDRs of $1"
	t0=$(now)
	vpcpeerctl vpc cidr del "$1" "${request[@]}"
	sample "del_$1" "$(since "$t0")"
}
alternate cidrs alone hub
ratio cidr_add_peered "add_hub" "add_alone" s "<=" 1.5 \
	"one add of the request's CIDRs: peered VPC / lone VPC (time)"
ratio cidr_del_peered "del_hub" "del_alone" s "<=" 1.5 \
	"one delete of them: peered VPC / lone VPC (time)"
# shellcheck disable=SC2086 # the samples, one word each
read -r _ _ max <<<"$(stats ${SAMPLES[rtnl_wait_hub]})"
note rtnl_wait_max_s "$max"
emit b5-cidr-request
