# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# B1's three paths between tenant hosts h-A (behind VRF A) and h-B (behind
# VRF B), built side by side: a vpcpeer peering (pp-a, pp-b), a veth pair
# between the VRFs (vx-a, vx-b) and VRF route leaking; "via PATH" switches
# the VRFs' routes to one of them. Each path is checked with a ping, and an
# iperf3 server is left listening on h-B. Sourced by bench/b1-datapath.sh
# and bench/profile-b1.sh, after bench/lib.sh.

run modprobe vpcpeer
make_vpc A 101 10.1 fd00:1
make_vpc B 102 10.2 fd00:2
run vpcpeerctl peering add pp A B
ipb <<-EOF2
	link add vx-a type veth peer name vx-b
	link set vx-a master vrf-A
	link set vx-b master vrf-B
	addr add 192.168.250.1/30 dev vx-a
	addr add 192.168.250.2/30 dev vx-b
	link set vx-a up
	link set vx-b up
EOF2

# via VARIANT: the routes between the two VPCs' CIDRs go through VARIANT.
via() {
	case $1 in
	peering) rt ip -batch - <<-EOF2 ;;
		route replace 10.2.0.0/16 vrf vrf-A dev pp-a
		route replace 10.1.0.0/16 vrf vrf-B dev pp-b
	EOF2
	veth) rt ip -batch - <<-EOF2 ;;
		route replace 10.2.0.0/16 vrf vrf-A via 192.168.250.2 dev vx-a
		route replace 10.1.0.0/16 vrf vrf-B via 192.168.250.1 dev vx-b
	EOF2
	leak) rt ip -batch - <<-EOF2 ;;
		route replace 10.2.0.0/16 vrf vrf-A dev vrf-B
		route replace 10.1.0.0/16 vrf vrf-B dev vrf-A
	EOF2
	esac
}

# Every path works before anything is timed.
for v in peering veth leak; do
	via "$v"
	ping_ok A "$(host4 B)"
done

hx_bg B iperf3 -s
server=$!
trap 'stop_bg $server' EXIT
wait_for 20 listening B 5201

# udp64_mbits IPERF3_JSON: payload Mbit/s of the 64-byte datagrams h-B got
# (those sent less those lost).
udp64_mbits() {
	jq '.end.sum as $s | ($s.packets - $s.lost_packets) * 64 * 8 / $s.seconds / 1e6' <<<"$1"
}

# tcp_mbits IPERF3_JSON: Mbit/s the receiver got.
tcp_mbits() {
	jq '.end.sum_received.bits_per_second / 1e6' <<<"$1"
}
