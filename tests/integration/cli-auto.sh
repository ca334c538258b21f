#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "peering add ... routes auto": both VPCs get one route per CIDR of the
# other, v4 and v6, and keep them in step when either VPC's CIDRs change
# through vpcpeerctl, in a later invocation (the flag lives in the kernel's
# peering). A failure part-way (a route that cannot be added because the
# table already has one to the same prefix with the same metric) leaves
# nothing half-done: no peering, no routes; no CIDR. A batch touches only
# the routes its lines concern, and reconciles running at once do not fail
# each other. Deleting the peering or a VPC leaves no route behind.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1 host
plan_vpc b 2 host
plan_vpc c 3
run vpcpeerctl vpc cidr add a 10.11.0.0/16

test_routes_auto() {
	run vpcpeerctl peering add ab a b routes auto
	out=$(run vpcpeerctl peering show ab)
	assert_contains "$out" "flags routes-auto"
	assert_eq "$(routes)" "a 10.2.0.0/16 ab 0
a fd00:2::/48 ab 1024
b 10.1.0.0/16 ab 0
b 10.11.0.0/16 ab 0
b fd00:1::/48 ab 1024" "routes auto of ab"
	assert_eq "$(proto_routes vrf-a)" "10.2.0.0/16 dev ab-a scope link
fd00:2::/48 dev ab-a metric 1024 pref medium" "ip route, vrf-a"
	ping_ok a 10.2.1.2
	ping_ok b fd00:1:0:1::2
}
tcase_or_stop "peering add ... routes auto: each VPC routes to the other's CIDRs" test_routes_auto

# A CIDR added to b: a routes to it; removed: the route goes.
test_cidrs_follow() {
	run vpcpeerctl vpc cidr add b 10.22.0.0/16 fd00:22::/32
	assert_eq "$(routes a)" "a 10.2.0.0/16 ab 0
a 10.22.0.0/16 ab 0
a fd00:2::/48 ab 1024
a fd00:22::/32 ab 1024" "a after b gained CIDRs"
	run vpcpeerctl vpc cidr del b 10.22.0.0/16
	assert_eq "$(routes a)" "a 10.2.0.0/16 ab 0
a fd00:2::/48 ab 1024
a fd00:22::/32 ab 1024" "a after b lost 10.22.0.0/16"
	# The other direction, and b's own routes never move.
	run vpcpeerctl vpc cidr del a 10.11.0.0/16 fd00:1::/48
	assert_eq "$(routes b)" "b 10.1.0.0/16 ab 0" "b after a lost CIDRs"
	run vpcpeerctl vpc cidr add a fd00:1::/48
	assert_eq "$(routes b)" "b 10.1.0.0/16 ab 0
b fd00:1::/48 ab 1024" "b after a got fd00:1::/48 back"
	ping_ok b fd00:1:0:1::2
}
tcase_or_stop "a CIDR added to or removed from either VPC: the peer's routes follow" test_cidrs_follow

# A route removed by hand is no reason to fail the CIDR's removal.
test_removed_by_hand() {
	run vpcpeerctl route del a fd00:22::/32 peering ab
	run vpcpeerctl vpc cidr del b fd00:22::/32
	assert_eq "$(routes a)" "a 10.2.0.0/16 ab 0
a fd00:2::/48 ab 1024" "a after fd00:22::/32 went"
}
tcase_or_stop "a route removed by hand does not fail its CIDR's removal" test_removed_by_hand

# A peering without the flag is left alone.
test_without_flag() {
	run vpcpeerctl peering add bc b c
	run vpcpeerctl vpc cidr add c 10.33.0.0/16
	assert_eq "$(routes b; routes c)" "b 10.1.0.0/16 ab 0
b fd00:1::/48 ab 1024" "no routes for bc"
}
tcase_or_stop "a peering without the flag is left alone" test_without_flag

# Half-failure of "peering add ... routes auto": c's VRF already routes
# fd00:1::/48 with the default metric, so the last route cannot be added.
# Neither the peering nor any of its routes remain.
test_half_peering() {
	run ip -6 route add fd00:1::/48 dev lo vrf vrf-c
	expect_refused 'peering "ac": routes auto: vpc "c" (vrf vrf-c, table 103) already has a route to fd00:1::/48 with metric 1024; the peering and its routes were removed' \
		vpcpeerctl peering add ac a c routes auto
	! ip link show ac-a 2>/dev/null || false
	# In a's VRF this time (its first route), then with nothing in the way.
	run ip -6 route del fd00:1::/48 dev lo vrf vrf-c
	run ip route add 10.3.0.0/16 dev lo vrf vrf-a
	expect_refused 'peering "ac": routes auto: vpc "a" (vrf vrf-a, table 101) already has a route to 10.3.0.0/16 with metric 0; the peering and its routes were removed' \
		vpcpeerctl peering add ac a c routes auto
	run ip route del 10.3.0.0/16 dev lo vrf vrf-a
	run vpcpeerctl peering add ac a c routes auto
	assert_eq "$(routes c)" "c 10.1.0.0/16 ac 0
c fd00:1::/48 ac 1024" "routes auto of ac in c"
}
tcase_or_stop "peering add ... routes auto failing part-way leaves no peering, no route" test_half_peering

# Half-failure of "vpc cidr add": a's VRF routes 10.44.0.0/16 already, so
# c cannot take it: the CIDRs, and the route to fd00:44::/32 added in a's
# VRF before the failure, are removed again.
test_half_cidr() {
	run ip route add 10.44.0.0/16 dev lo vrf vrf-a
	expect_refused 'vpc "c": routes auto: vpc "a" (vrf vrf-a, table 101) already has a route to 10.44.0.0/16 with metric 0; the CIDRs and their routes were removed again' \
		vpcpeerctl vpc cidr add c fd00:44::/32 10.44.0.0/16
	run ip route del 10.44.0.0/16 dev lo vrf vrf-a
}
tcase_or_stop "vpc cidr add failing part-way leaves no CIDR, no route" test_half_cidr

# b and c both peer with a (routes auto): a CIDR of a goes to both peers.
test_both_peers() {
	run vpcpeerctl vpc cidr add a 10.12.0.0/16
	assert_contains "$(routes b)" "b 10.12.0.0/16 ab 0"
	assert_contains "$(routes c)" "c 10.12.0.0/16 ac 0"
	# ... and if one peer cannot take it, neither keeps it.
	run ip route add 10.13.0.0/16 dev lo vrf vrf-c
	expect_refused 'vpc "a": routes auto: vpc "c" (vrf vrf-c, table 103) already has a route to 10.13.0.0/16 with metric 0; the CIDRs and their routes were removed again' \
		vpcpeerctl vpc cidr add a 10.13.0.0/16
	run ip route del 10.13.0.0/16 dev lo vrf vrf-c
}
tcase_or_stop "a CIDR of a goes to both its peers with routes auto, or to neither" test_both_peers

# The kernel's refusal comes first, and then there is nothing to route.
test_overlap_first() {
	expect_refused "vpcpeer: 10.2.128.0/17 overlaps 10.2.0.0/16 of peered VPC b" \
		vpcpeerctl vpc cidr add c 10.2.128.0/17
}
tcase "the kernel's refusal of an overlap comes first" test_overlap_first

# A batch puts in step only the routes its lines concern. ac's endpoint in
# c is down, and its routes went with it: no reason to fail a batch about
# ab, which leaves them alone; "route sync" brings them back once it is up.
test_batch() {
	run ip link set ac-b down
	run vpcpeerctl -b - <<<"vpc cidr add b 10.23.0.0/16"
	assert_contains "$(routes a)" "a 10.23.0.0/16 ab 0"
	assert_eq "$(routes c)" "" "c's routes while ac-b is down"
	run ip link set ac-b up
	assert_eq "$(run vpcpeerctl route sync)" "route add c 10.1.0.0/16 peering ac
route add c 10.12.0.0/16 peering ac
route add c fd00:1::/48 peering ac" "route sync once ac-b is up"
}
tcase_or_stop "a batch reconciles only its lines' routes; route sync the rest" test_batch

# Reconciles at once: each finds the 300 routes of b's new CIDRs missing in
# a's table, and the routes one adds after another read the state are no
# failure of the other's.
test_syncs_at_once() {
	cidrs=()
	for y in $(seq 0 299); do
		cidrs+=("10.$((24 + y / 200)).$((y % 200)).0/24")
	done
	run vpcpeerctl vpc cidr add b "${cidrs[@]}"
	run ip link set ab-a down
	run ip link set ab-a up
	assert_eq "$(routes a | grep -c ' ab ' || true)" 0 "a's routes while ab-a cycled"
	pids=()
	for _ in 1 2 3 4; do
		vpcpeerctl route sync a >/dev/null &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || { echo "a route sync beside three others failed" >&2; false; }
	done
	assert_eq "$(routes a | grep -c ' ab ' || true)" 303 "a's routes after the syncs"
}
tcase_or_stop "four route syncs at once do not fail each other" test_syncs_at_once

# Deleting the peering, then a VPC: the kernel takes their routes along;
# vpcpeerctl deletes nothing twice.
test_deleted() {
	run vpcpeerctl peering del ab
	assert_eq "$(routes | grep -c ' ab ' || true)" 0 "routes of ab after peering del ab"
	assert_eq "$(proto_routes vrf-b)" "" "ip: b after peering del ab"
	assert_eq "$(proto_routes vrf-a | grep -c ab-a || true)" 0 "ip: a after peering del ab"
	assert_eq "$(routes a)" "a 10.3.0.0/16 ac 0
a 10.33.0.0/16 ac 0
a fd00:3::/48 ac 1024" "a keeps the routes of ac"
	assert_contains "$(routes c)" "c 10.1.0.0/16 ac 0"
	run vpcpeerctl vpc del a
	assert_eq "$(routes)" "" "after vpc del a"
	assert_eq "$(proto_routes vrf-c)" "" "ip: c"
}
tcase "deleting the peering, then a VPC, takes their routes along" test_deleted
