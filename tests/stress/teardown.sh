#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown under traffic, in rounds until STRESS_SECONDS (default 20) have
# passed (at least one round): a flood ping and an iperf3 stream cross a
# peering while (1) the namespace holding its VPCs is deleted, (2) the VRF
# of one of its VPCs is deleted, and (3) the module is removed. Each time
# the host carries on, the objects are gone (the VPC detached, its
# peering and endpoints deleted), and after the rmmod the module loads
# again and a new peering passes traffic. The rig fails the run on a splat,
# a netdevice reference never released, or a kmemleak report.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"
# shellcheck source=common.sh
. "$VPCPEER_TESTS/stress/common.sh"

duration=${STRESS_SECONDS:-20}

# traffic FROM TO: a flood ping and an iperf3 stream from host FROM to TO,
# flowing; sets the array TRAFFIC to their pids.
traffic() {
	iperf_server "$2"
	hx_bg "$1" iperf3 -c "$(host4 "$2")" -t 60 >/dev/null 2>&1
	TRAFFIC=("$IPERF_PID" "$!")
	flood "$1" "$(host4 "$2")"
	TRAFFIC+=("$FLOOD_PID")
	wait_flowing "$2"
}

# hosts_del NAME...: the tenant hosts, each veth (both ends at once) and
# then its namespace. The veth goes first because the next round uses its
# name again, and a deleted namespace can live on for a minute or more: a
# TCP socket of the killed traffic, orphaned in FIN_WAIT or LAST_ACK on the
# path the round cut, holds it while it retransmits.
hosts_del() {
	local name
	for name; do
		link_gone "r-$name" || run ip link del "r-$name"
		run ip netns del "h-$name"
	done
}

rounds=0
netns_dels=0
vrf_dels=0
rmmods=0
rx_total=0
end=$(deadline "$duration")
start=$SECONDS
run modprobe vpcpeer
while ((rounds == 0 || SECONDS < end)); do
	# (1) the router namespace goes, with its VPCs and peering
	TOPO_NS=rt
	run ip netns add rt
	run ip -n rt link set lo up
	make_vpc a 101 10.1 fd00:1
	make_vpc b 102 10.2 fd00:2
	make_peering ab a b
	traffic a b
	rx_total=$((rx_total + $(host_rx b)))
	run ip netns del rt
	TOPO_NS=	# fixtures.sh's: the root namespace again
	wait_for 30 host_gone a
	stop_bg "${TRAFFIC[@]}"
	hosts_del a b
	netns_dels=$((netns_dels + 1))

	# (2) a VRF goes under its VPC
	make_vpc c 103 10.3 fd00:3
	make_vpc d 104 10.4 fd00:4
	make_peering cd c d
	traffic c d
	rx_total=$((rx_total + $(host_rx d)))
	run ip link del vrf-c
	wait_for 30 link_gone cd-a
	link_gone cd-b
	assert_eq "$(vpcpeerctl -j vpc show | jq -r '[.[].name] | join(" ")')" "d" "VPCs after the VRF went"
	assert_eq "$(vpcpeerctl -j peering show | jq length)" 0 "peerings after the VRF went"
	stop_bg "${TRAFFIC[@]}"
	run vpcpeerctl vpc del d
	run ip link del vrf-d
	hosts_del c d
	vrf_dels=$((vrf_dels + 1))

	# (3) the module goes, with live objects and traffic
	make_vpc e 105 10.5 fd00:5
	make_vpc f 106 10.6 fd00:6
	make_peering ef e f
	traffic e f
	rx_total=$((rx_total + $(host_rx f)))
	run rmmod vpcpeer
	link_gone ef-a
	link_gone ef-b
	stop_bg "${TRAFFIC[@]}"
	rmmods=$((rmmods + 1))
	# and it comes back
	run modprobe vpcpeer
	vpc_add e
	vpc_add f
	make_peering ef e f
	ping_ok e "$(host4 f)"
	run vpcpeerctl vpc del e
	run vpcpeerctl vpc del f
	run ip link del vrf-e
	run ip link del vrf-f
	hosts_del e f
	rounds=$((rounds + 1))
done
assert_eq "$(vpcpeerctl -j vpc show)" "[]" "VPCs left"
run rmmod vpcpeer
((rounds > 0))
echo "STRESS teardown: seconds=$((SECONDS - start)) rounds=$rounds netns_deleted=$netns_dels" \
	"vrf_deleted=$vrf_dels rmmod=$rmmods reloads=$rmmods packets_received_before_teardown=$rx_total errors=0"
