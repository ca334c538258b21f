#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl route add, del and show: ordinary routes in the VPC's VRF
# table, out of the peering's endpoint on that VPC's side, of protocol
# vpcpeer ("proto vpcpeer" in "ip route"); traffic flows through them.
# "route del" and "route show" touch only routes of protocol vpcpeer in VPC
# tables. Deleting a peering or a VPC takes its routes with it. The
# refusals are in cli-routes-errors.sh.
# shellcheck disable=SC2119 # routes (fixtures.sh) takes an optional VPC
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1 host
plan_vpc b 2 host
plan_vpc c 3
run vpcpeerctl peering add ab a b
run vpcpeerctl peering add bc b c

# Nothing yet: text and JSON.
test_nothing() {
	assert_eq "$(vpcpeerctl route show)" "" "route show, no routes"
	assert_eq "$(vpcpeerctl -j route show)" "[]" "route show -j, no routes"
}
tcase "with no routes, route show prints nothing, and -j an empty array" test_nothing

# Both sides, both families; side a of ab is VPC a, side b is VPC b.
test_added() {
	run vpcpeerctl route add a 10.2.0.0/16 peering ab
	run vpcpeerctl route add a fd00:2::/48 peering ab
	run vpcpeerctl route add b 10.1.0.0/16 peering ab metric 20
	run vpcpeerctl route add b fd00:1::/48 peering ab metric 20
	# A more specific prefix inside the peer's CIDR, with a metric.
	run vpcpeerctl route add a 10.2.7.0/24 peering ab metric 5

	out=$(run ip route show vrf vrf-a)
	echo "$out"
	assert_contains "$out" "10.2.0.0/16 dev ab-a proto vpcpeer scope link"
	assert_contains "$out" "10.2.7.0/24 dev ab-a proto vpcpeer scope link metric 5"
	out=$(run ip -6 route show vrf vrf-a)
	echo "$out"
	assert_contains "$out" "fd00:2::/48 dev ab-a proto vpcpeer metric 1024 pref medium"
	out=$(run ip route show vrf vrf-b)
	echo "$out"
	assert_contains "$out" "10.1.0.0/16 dev ab-b proto vpcpeer scope link metric 20"
	# The number behind the name.
	out=$(run ip -N route show vrf vrf-b)
	assert_contains "$out" "10.1.0.0/16 dev ab-b proto 215 scope 253 metric 20"

	ping_ok a 10.2.1.2
	ping_ok a fd00:2:0:1::2
	ping_ok b 10.1.1.2
	ping_ok b fd00:1:0:1::2
}
tcase_or_stop "routes added, both sides and families, are routes of proto vpcpeer" test_added

test_shown() {
	out=$(run vpcpeerctl route show)
	echo "$out"
	assert_eq "$out" "a 10.2.0.0/16 peering ab metric 0 dev ab-a vrf vrf-a table 101
a 10.2.7.0/24 peering ab metric 5 dev ab-a vrf vrf-a table 101
a fd00:2::/48 peering ab metric 1024 dev ab-a vrf vrf-a table 101
b 10.1.0.0/16 peering ab metric 20 dev ab-b vrf vrf-b table 102
b fd00:1::/48 peering ab metric 20 dev ab-b vrf vrf-b table 102" "route show"
	out=$(run vpcpeerctl route show b)
	assert_eq "$out" "b 10.1.0.0/16 peering ab metric 20 dev ab-b vrf vrf-b table 102
b fd00:1::/48 peering ab metric 20 dev ab-b vrf vrf-b table 102" "route show b"
	assert_eq "$(vpcpeerctl route show c)" "" "route show c"
	# "route" alone shows, as "ip route" does.
	assert_eq "$(vpcpeerctl route)" "$(vpcpeerctl route show)" "route"
}
tcase "route show lists them, all of them or a VPC's" test_shown

# Only protocol vpcpeer: a static route to the same prefix, out of the same
# endpoint with another metric, is not listed and not deleted; when it is
# the only one left, "route del" finds nothing to delete.
test_only_proto() {
	run ip route add 10.2.8.0/24 dev ab-a vrf vrf-a metric 3
	run ip route add 10.2.8.0/24 dev ab-a vrf vrf-a metric 4 proto vpcpeer
	run vpcpeerctl route del a 10.2.8.0/24 peering ab
	out=$(ip route show vrf vrf-a 10.2.8.0/24 | sed "s/ *$//")
	assert_eq "$out" "10.2.8.0/24 dev ab-a scope link metric 3" "the static route stays"
	expect_refused 'has no route to 10.2.8.0/24 via ab-a of protocol vpcpeer' \
		vpcpeerctl route del a 10.2.8.0/24 peering ab
	run ip route del 10.2.8.0/24 dev ab-a vrf vrf-a metric 3
	# A route of protocol vpcpeer in a table no VPC uses is not listed.
	run ip link add vrf-x type vrf table 199
	run ip route add 10.9.0.0/16 dev lo table 199 proto vpcpeer
	assert_eq "$(routes | grep -c 10.9.0.0/16 || true)" 0 "a non-VPC table"
	run ip link del vrf-x
	run ip route flush table 199
}
tcase_or_stop "only protocol vpcpeer in a VPC's table is listed or deleted" test_only_proto

# route del with the metric, or without (any metric), and "delete".
test_deleted() {
	run vpcpeerctl route del a 10.2.7.0/24 peering ab metric 5
	run vpcpeerctl route delete b fd00:1::/48 peering ab
	assert_eq "$(routes)" "a 10.2.0.0/16 ab 0
a fd00:2::/48 ab 1024
b 10.1.0.0/16 ab 20" "after the deletes"
	assert_eq "$(proto_routes vrf-b)" "10.1.0.0/16 dev ab-b scope link metric 20" \
		"ip route, proto vpcpeer, vrf-b"
}
tcase_or_stop "route del with the metric or without it, and route delete" test_deleted

# A second peering of b: its routes go out of its own endpoint, bc-a.
test_second() {
	run vpcpeerctl route add b 10.3.0.0/16 peering bc
	run vpcpeerctl route add c fd00:2::/48 peering bc
	assert_contains "$(ip route show vrf vrf-b)" "10.3.0.0/16 dev bc-a proto vpcpeer"
	assert_contains "$(ip -6 route show vrf vrf-c)" "fd00:2::/48 dev bc-b proto vpcpeer"
}
tcase_or_stop "a second peering's routes go out of its own endpoint" test_second

# Deleting a peering takes its routes (the kernel flushes the routes of the
# endpoints it unregisters); deleting a VPC takes those of its peerings.
test_flushed() {
	run vpcpeerctl peering del ab
	assert_eq "$(routes)" "b 10.3.0.0/16 bc 0
c fd00:2::/48 bc 1024" "after peering del ab"
	assert_eq "$(proto_routes vrf-a)" "" "vrf-a after peering del ab"
	run vpcpeerctl vpc del c
	assert_eq "$(routes)" "" "after vpc del c"
	assert_eq "$(proto_routes vrf-b)$(proto_routes vrf-c)" "" "vrf-b, vrf-c after vpc del c"
}
tcase "deleting a peering takes its routes, deleting a VPC its peerings'" test_flushed
