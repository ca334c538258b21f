# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# B3's setup: VPCs A and B on VRFs vrf-A (table 101) and vrf-B, peering pp,
# and in $dir the same BENCH_ROUTES (default 10,000) routes per family as
# vpcpeerctl batch files (vpF.add, vpF.del) and ip batch files (ipF.add,
# ipF.del), F being 4 or 6: /28s inside B's 10.128.0.0/9 and /64s inside
# fd00:2::/32, out of pp-a with protocol vpcpeer (ip is given the table by
# number). Sourced by bench/b3-routes.sh and bench/profile-b3.sh, after
# bench/lib.sh.

n=${BENCH_ROUTES:-10000}
run modprobe vpcpeer
make_vrf A 101
make_vrf B 102
run vpcpeerctl vpc add A vrf vrf-A cidr 10.1.0.0/16 cidr fd00:1::/32
run vpcpeerctl vpc add B vrf vrf-B cidr 10.128.0.0/9 cidr fd00:2::/32
run vpcpeerctl peering add pp A B

dir=$(mktemp -d)
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		a = 128 * 65536 + i * 16
		printf "10.%d.%d.%d/28\n", int(a / 65536) % 256, int(a / 256) % 256, a % 256
	}
}' >"$dir/p4"
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "fd00:2:%x:%x::/64\n", int(i / 65536), i % 65536
}' >"$dir/p6"
for f in 4 6; do
	sed 's|.*|route add A & peering pp|' "$dir/p$f" >"$dir/vp$f.add"
	sed 's|.*|route del A & peering pp|' "$dir/p$f" >"$dir/vp$f.del"
	sed 's|.*|route add & table 101 dev pp-a proto vpcpeer|' "$dir/p$f" >"$dir/ip$f.add"
	sed 's|.*|route del & table 101 dev pp-a proto vpcpeer|' "$dir/p$f" >"$dir/ip$f.del"
done

# push_batch TOOL FAMILY OP: one batch of TOOL (vpcpeerctl or ip), run
# under the command in PUSH_WRAP (an array; empty by default).
PUSH_WRAP=()
push_batch() {
	case $1 in
	vpcpeerctl) "${PUSH_WRAP[@]}" vpcpeerctl -b "$dir/vp$2.$3" ;;
	ip) "${PUSH_WRAP[@]}" ip -batch "$dir/ip$2.$3" ;;
	esac
}

# count F: routes of protocol vpcpeer in VRF A's table, family F.
count() {
	ip "-$1" route show vrf vrf-A proto vpcpeer | grep -c . || true
}
