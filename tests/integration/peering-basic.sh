#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two peered VPCs exchange traffic both ways, IPv4 and IPv6: ping, ICMP
# errors from either VRF's router (fragmentation needed, packet too big,
# TTL and hop limit exceeded), a TCP stream; the endpoints show as kind
# vpcpeer with the right sysfs attributes and a settable MTU; neither an
# idle peering nor legitimate traffic counts a single drop.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer

make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_vpc c 103 10.3 fd00:3
run vpcpeerctl peering add ab a b

# The endpoints: kind vpcpeer, each in its own VPC's VRF, up, MTU 1500.
test_endpoints() {
	out=$(run ip -d link show ab-a)
	echo "$out"
	assert_contains "$out" "vpcpeer" "kind of ab-a"
	assert_contains "$out" "master vrf-a" "master of ab-a"
	assert_contains "$out" "UP" "ab-a is up"
	out=$(run ip -d link show ab-b)
	echo "$out"
	assert_contains "$out" "vpcpeer" "kind of ab-b"
	assert_contains "$out" "master vrf-b" "master of ab-b"
	assert_eq "$(cat /sys/class/net/ab-a/mtu)" 1500 "default MTU of ab-a"
	assert_eq "$(cat /sys/class/net/ab-b/mtu)" 1500 "default MTU of ab-b"

	assert_eq "$(attr ab-a peering)" ab "ab-a peering"
	assert_eq "$(attr ab-a local_vpc)" a "ab-a local_vpc"
	assert_eq "$(attr ab-a peer_vpc)" b "ab-a peer_vpc"
	assert_eq "$(attr ab-a state)" up "ab-a state"
	assert_eq "$(attr ab-b peering)" ab "ab-b peering"
	assert_eq "$(attr ab-b local_vpc)" b "ab-b local_vpc"
	assert_eq "$(attr ab-b peer_vpc)" a "ab-b peer_vpc"
	assert_eq "$(attr ab-b state)" up "ab-b state"

	out=$(run vpcpeerctl -j peering show ab)
	echo "$out"
	assert_contains "$out" '"ab"' "peering show names the peering"
}
tcase "the endpoints: kind vpcpeer, in their VPCs' VRFs, up, MTU 1500, in sysfs" test_endpoints

# "mtu N" at creation sets both endpoints.
test_mtu_at_creation() {
	run vpcpeerctl peering add ac a c mtu 1400
	assert_eq "$(cat /sys/class/net/ac-a/mtu)" 1400 "MTU of ac-a"
	assert_eq "$(cat /sys/class/net/ac-b/mtu)" 1400 "MTU of ac-b"
	assert_eq "$(attr ac-b local_vpc)" c "ac-b local_vpc"
}
tcase "mtu N at creation sets both endpoints" test_mtu_at_creation

# Idle: whatever the endpoints' own IPv6 machinery does in its first
# seconds (DAD, MLD, router solicitations) must not be counted as drops.
# Absence cannot be polled for; give it time.
test_idle() {
	sleep 5
	drops_zero
}
tcase "idle endpoints count no drops" test_idle

peer_routes ab a b

# Traffic both ways, both families.
test_traffic() {
	ping_ok a "$(host4 b)"
	ping_ok a "$(host6 b)"
	ping_ok b "$(host4 a)"
	ping_ok b "$(host6 a)"
	# Two router hops (VRF A, then VRF B): TTL 3 arrives, so the crossing
	# itself costs no hop.
	ping_ok a -t 3 "$(host4 b)"
	ping_ok a -t 3 "$(host6 b)"
	ping_ok b -t 3 "$(host4 a)"
}
tcase_or_stop "traffic crosses both ways, both families, costing no hop" test_traffic

# TTL 2 dies in VRF B's forwarding; the error, from B's gateway, crosses
# back to the sender.
test_ttl() {
	expect_fail "From $(gw4 b) icmp_seq=1 Time to live exceeded" \
		hx a ping -c 1 -W 3 -t 2 "$(host4 b)"
	expect_fail "From $(gw6 b) icmp_seq=1 Time exceeded: Hop limit" \
		hx a ping -c 1 -W 3 -t 2 "$(host6 b)"
	expect_fail "From $(gw4 a) icmp_seq=1 Time to live exceeded" \
		hx b ping -c 1 -W 3 -t 2 "$(host4 a)"
}
tcase "TTL 2 dies in VRF B, and the error crosses back" test_ttl

# The endpoint MTU is settable, and VRF A's router reports it.
test_mtu() {
	run ip link set ab-a mtu 1400
	assert_eq "$(cat /sys/class/net/ab-a/mtu)" 1400 "MTU of ab-a after ip link set"
	expect_fail "From $(gw4 a) icmp_seq=1 Frag needed and DF set (mtu = 1400)" \
		hx a ping -c 1 -W 3 -M "do" -s 1450 "$(host4 b)"
	expect_fail "From $(gw6 a) icmp_seq=1 Packet too big: mtu=1400" \
		hx a ping -c 1 -W 3 -M "do" -s 1450 "$(host6 b)"
	# 1372 + 28 = 1400 bytes fits.
	ping_ok a -M "do" -s 1372 "$(host4 b)"
	ping_ok a -M "do" -s 1352 "$(host6 b)"
	run ip link set ab-a mtu 1500
	# Full-size packets cross again: from A once it forgets the path MTU it
	# learnt (IPv4), and from B, which never learnt one.
	run hx a ip route flush cache
	ping_ok a -M "do" -s 1472 "$(host4 b)"
	ping_ok b -M "do" -s 1472 "$(host4 a)"
	ping_ok b -M "do" -s 1452 "$(host6 a)"
}
tcase_or_stop "the endpoint MTU is settable, and VRF A's router reports it" test_mtu

# TCP, A to B, both families. Host A's TCP hands its veth large (GSO)
# packets, which VRF A forwards as they are: they must cross as they are
# too, not be cut to the MTU first, so B's endpoint sees packets longer
# than 1500 bytes.
test_gso() {
	iperf_server b
	dump=$(mktemp -d)
	tcpdump -Z root -l -n -i ab-b -c 200 tcp >"$dump/out" 2>"$dump/err" &
	dump_pid=$!
	wait_for 20 grep -q "listening on ab-b" "$dump/err"
	out=$(run hx a iperf3 -c "$(host4 b)" -t 2)
	echo "$out"
	assert_contains "$out" "receiver" "iperf3 over IPv4 finished"
	wait "$IPERF_PID"
	# (200 packets end the capture; should a short run see fewer, stop it.)
	kill -INT "$dump_pid" 2>/dev/null || true
	wait "$dump_pid" || true
	longest=$(sed -n 's/.*, length \([0-9]*\)$/\1/p' "$dump/out" | sort -n | tail -n 1)
	echo "longest TCP payload seen on ab-b: $longest bytes" >&2
	((longest > 1500)) || { echo "no GSO packet crossed (longest TCP payload $longest)" >&2; false; }
	iperf_server b
	out=$(run hx a iperf3 -c "$(host6 b)" -t 2)
	echo "$out"
	assert_contains "$out" "receiver" "iperf3 over IPv6 finished"
	wait "$IPERF_PID"
}
tcase "TCP crosses both families, GSO packets as they are" test_gso

# None of it was a drop, on any endpoint.
test_no_drops() {
	drops_zero
	assert_eq "$(attr ab-a state)" up "ab-a state after traffic"
}
tcase "none of it was a drop, on any endpoint" test_no_drops
