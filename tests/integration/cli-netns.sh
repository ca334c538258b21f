#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl -n NAME (--netns NAME): VPCs, peerings, routes (routes auto,
# route add and del, a batch) in another network namespace, as "ip -n"
# does, leaving the current namespace as it was; its refusals are the
# other namespace's. An unknown namespace, or a name that is no name, is
# refused.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1
plan_vpc b 2
run vpcpeerctl peering add ab a b

test_bad_names() {
	expect_usage 'invalid network namespace name "a/b"' vpcpeerctl -n a/b vpc show
	expect_usage 'invalid network namespace name ".."' vpcpeerctl -n .. vpc show
	expect_refused 'cannot open network namespace "nope": No such file or directory' \
		vpcpeerctl -n nope vpc show
	expect_refused 'cannot open network namespace "nope": No such file or directory' \
		vpcpeerctl -n nope route add a 10.2.0.0/16 peering ab
}
tcase "an unknown namespace, or a name that is no name, is refused" test_bad_names

run ip netns add ns1
run ip -n ns1 link add vrf-a type vrf table 101
run ip -n ns1 link add vrf-b type vrf table 102
run ip -n ns1 link set vrf-a up
run ip -n ns1 link set vrf-b up
before=$(state)

test_objects() {
	run vpcpeerctl -n ns1 vpc add a vrf vrf-a cidr 10.1.0.0/16
	run vpcpeerctl --netns ns1 vpc add b vrf vrf-b cidr 10.2.0.0/16 cidr fd00:2::/48
	run vpcpeerctl -n ns1 peering add ab a b routes auto
	run vpcpeerctl -n ns1 route add b 10.1.0.0/16 peering ab metric 5
	assert_eq "$(vpcpeerctl -n ns1 -j route show | jq -r '.[] | "\(.vpc) \(.dst) \(.metric)"')" "a 10.2.0.0/16 0
a fd00:2::/48 1024
b 10.1.0.0/16 0
b 10.1.0.0/16 5" "routes in ns1"
	assert_contains "$(ip -n ns1 route show vrf vrf-a)" "10.2.0.0/16 dev ab-a proto vpcpeer scope link"
}
tcase_or_stop "VPCs, a peering with routes auto and a route, made in another namespace" test_objects

test_batch() {
	printf 'route del b 10.1.0.0/16 peering ab metric 5\nvpc cidr del b fd00:2::/48\n' >"$TEST_TMP/ns1.batch"
	run vpcpeerctl -n ns1 -b "$TEST_TMP/ns1.batch"
	assert_eq "$(vpcpeerctl -n ns1 -j route show | jq -r '.[] | "\(.vpc) \(.dst) \(.metric)"')" "a 10.2.0.0/16 0
b 10.1.0.0/16 0" "routes in ns1 after the batch"
}
tcase "a batch in another namespace" test_batch

test_its_own() {
	expect_refused 'vpc "c" not found' vpcpeerctl -n ns1 route add c 10.1.0.0/16 peering ab
	# the same names, each namespace its own objects
	expect_refused 'vpcpeer: VPC a already exists' vpcpeerctl -n ns1 vpc add a vrf vrf-b
	assert_eq "$(vpcpeerctl -n ns1 -j peering show | jq -r '.[].flags[]')" "routes_auto" "ab in ns1"
	assert_eq "$(vpcpeerctl -j peering show | jq -r '.[].flags | length')" "0" "ab here"
}
tcase "its refusals and its objects are the other namespace's" test_its_own

test_here_untouched() {
	same_state "$before"
}
tcase "the current namespace is left as it was" test_here_untouched
run ip netns del ns1
