#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Peering is not transitive. Hub and spoke A-B, B-C with every route in
# place: A and C cannot reach each other through B (dropped at the first
# crossing as dst_not_peer); a non-VPC ("on-prem") network behind B cannot
# reach C (dropped at B's crossing as src_not_local); a route to a
# destination outside the peer VPC is dropped as dst_not_peer; a spoofed
# source from a host in A is dropped as src_not_local. Every drop is
# counted on the endpoint the packet was sent into, and nowhere else.
# "vpcpeerctl peering test" gives the same verdicts without a packet.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer

make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_vpc c 103 10.3 fd00:3
make_peering ab a b
make_peering bc b c

# Every route toward the other spoke, so that only the verdict stands in
# the way: A and C route each other through B; B routes both.
route_vpc a ab-a c
route_vpc c bc-b a

# The direct peerings work.
test_direct() {
	ping_ok a "$(host4 b)"
	ping_ok a "$(host6 b)"
	ping_ok c "$(host4 b)"
	ping_ok c "$(host6 b)"
	drops_zero
}
tcase_or_stop "the direct peerings carry traffic, counting no drop" test_direct

# A to C: VRF A sends it into ab-a; C is not A's peer.
test_a_to_c() {
	ping_dropped a "$(host4 c)" ab-a:dst_not_peer
	ping_dropped a "$(host6 c)" ab-a:dst_not_peer
}
tcase "A cannot reach C through B: dst_not_peer" test_a_to_c

# C to A, the same at the other spoke.
test_c_to_a() {
	drops_mark
	ping_fails c "$(host4 a)"
	ping_fails c "$(host6 a)"
	drops_expect bc-b:dst_not_peer=2
}
tcase "C cannot reach A through B: dst_not_peer" test_c_to_a

# Even B's router forwarding it on does not help: had A's packet crossed
# into B, B would route it to C, but its source is not in B's CIDRs.
# Shown with the on-prem network behind B: 10.200.1.0/24 and
# fd00:200:0:1::/64, reachable from B, routed by B toward C, and by C back.
make_host onprem b 10.200 fd00:200
route_to c bc-b 10.200.0.0/16 fd00:200::/48
test_onprem() {
	ping_ok onprem "$(gw4 b)"
	ping_ok onprem "$(gw6 b)"
	ping_ok onprem "$(host4 b)"
	ping_ok onprem "$(host6 b)"
	ping_dropped onprem "$(host4 c)" bc-a:src_not_local
	ping_dropped onprem "$(host6 c)" bc-a:src_not_local
	# Nor may on-prem reach A (B routes A's CIDRs into ab-b).
	drops_mark
	ping_fails onprem "$(host4 a)"
	ping_fails onprem "$(host6 a)"
	drops_expect ab-b:src_not_local=2
}
tcase "on-prem behind B reaches B, but neither C nor A: src_not_local" test_onprem

# A route in A to somewhere that is not B's: dropped at the crossing.
route_to a ab-a 10.250.0.0/16 fd00:250::/48
test_nowhere() {
	drops_mark
	ping_fails a 10.250.0.1
	ping_fails a fd00:250::1
	drops_expect ab-a:dst_not_peer=2
}
tcase "a route in A to what is not B's is dropped at the crossing" test_nowhere

# Spoofed sources from host A: not in A's CIDRs, even if they are in the
# peer's (B) or in a VPC further on (C). The route back does not matter.
run hx a ip addr add 10.99.0.1/32 dev eth0
run hx a ip addr add fd00:99::1/128 dev eth0 nodad
run hx a ip addr add 10.2.99.1/32 dev eth0
run hx a ip addr add fd00:2:0:99::1/128 dev eth0 nodad
run hx a ip addr add 10.3.99.1/32 dev eth0
test_spoofed() {
	drops_mark
	ping_fails a -I 10.99.0.1 "$(host4 b)"
	drops_expect ab-a:src_not_local=1
	drops_mark
	ping_fails a -I fd00:99::1 "$(host6 b)"
	drops_expect ab-a:src_not_local=1
	drops_mark
	ping_fails a -I 10.2.99.1 "$(host4 b)"
	ping_fails a -I fd00:2:0:99::1 "$(host6 b)"
	ping_fails a -I 10.3.99.1 "$(host4 b)"
	drops_expect ab-a:src_not_local=3
	# A spoofed source toward a non-peer destination fails the source test first.
	drops_mark
	ping_fails a -I 10.99.0.1 "$(host4 c)"
	drops_expect ab-a:src_not_local=1
}
tcase "spoofed sources from host A are dropped: src_not_local" test_spoofed

# And through all of it, legitimate traffic still flows, uncounted.
test_still_flows() {
	drops_mark
	ping_ok a "$(host4 b)"
	ping_ok b "$(host6 a)"
	ping_ok b "$(host4 c)"
	ping_ok c "$(host6 b)"
	drops_expect
	drops_show
	drops_in_stats
}
tcase "legitimate traffic still flows, uncounted, and the stats agree" test_still_flows

# The same verdicts, asked of the kernel without sending a packet
# ("peering test", as "ip route get" for routes); nothing is counted.
drops_mark
verdict() {
	rt vpcpeerctl peering test "$@"
}
test_verdicts() {
	assert_eq "$(verdict ab from "$(host4 a)" to "$(host4 b)")" \
		"pass from a $(host4 a) to $(host4 b)" "test: A to B"
	assert_eq "$(verdict ab from "$(host6 a)" to "$(host6 c)")" \
		"drop dst_not_peer from a $(host6 a) to $(host6 c)" "test: A to C"
	assert_eq "$(verdict bc from 10.200.1.2 to "$(host4 c)")" \
		"drop src_not_local from b 10.200.1.2 to $(host4 c)" "test: on-prem to C"
	assert_eq "$(verdict ab from "$(host4 a)" to "$(host4 b)" vpc b)" \
		"drop src_not_local from b $(host4 a) to $(host4 b)" "test: sent from B"
	assert_eq "$(rt vpcpeerctl -j peering test ab from "$(host6 b)" to "$(host6 a)" |
	jq -r '[.peering, .vpc, .verdict, .reason // "-"] | join(" ")')" \
		"ab b pass -" "test: B to A, JSON"
	run rt vpcpeerctl peering set ab down
	assert_eq "$(rt vpcpeerctl -j peering test ab from "$(host4 a)" to "$(host4 b)" |
	jq -r '.verdict + " " + .reason')" "drop peering_down" "test: peering down"
	run rt vpcpeerctl peering set ab up
	expect_fail "VPC c is not a side of peering ab" \
		rt vpcpeerctl peering test ab from "$(host4 a)" to "$(host4 b)" vpc c
	expect_fail "peering nope not found" \
		rt vpcpeerctl peering test nope from "$(host4 a)" to "$(host4 b)"
	expect_fail "are not of one family" \
		rt vpcpeerctl peering test ab from "$(host4 a)" to "$(host6 b)"
	drops_expect
}
tcase "peering test gives the same verdicts, counting nothing" test_verdicts
