#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl's error paths, part two: the peering commands (route ones are
# in cli-routes.sh, "routes auto" ones in cli-auto.sh), checked as in
# cli-errors.sh: status, one line with the kernel's message or one naming
# the bad argument, and nothing changed.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1
plan_vpc b 2
plan_vpc c 3
make_vrf d 104
run ip link add notvrf0 type dummy
run vpcpeerctl peering add ab a b
run vpcpeerctl route add a 10.2.0.0/16 peering ab

# peering: usage.
test_peering_usage() {
	expect_usage 'peering add: missing VPC_B' vpcpeerctl peering add ac a
	expect_usage 'invalid mtu "big"' vpcpeerctl peering add ac a c mtu big
	expect_usage 'peering add: invalid routes mode "manual" (expected "auto")' \
		vpcpeerctl peering add ac a c routes manual
	expect_usage 'peering add: "mtu" given twice' vpcpeerctl peering add ac a c mtu 1400 mtu 1400
	expect_usage 'peering name "abcdefghijklmn" is longer than 13 characters' \
		vpcpeerctl peering add abcdefghijklmn a c
	expect_usage 'peering name "a/c" has a character other than A-Z a-z 0-9 . _ -' \
		vpcpeerctl peering add a/c a c
	expect_usage 'peering set: invalid state "sideways" (expected up or down)' \
		vpcpeerctl peering set ab sideways
	expect_usage 'peering del: missing NAME' vpcpeerctl peering del
}
tcase "peering: bad usage" test_peering_usage
# peering: refusals.
test_peering_refused() {
	expect_refused 'vpcpeer: cannot peer a VPC with itself (a)' vpcpeerctl peering add aa a a
	expect_refused 'vpcpeer: VPCs b and a are already peered by ab' vpcpeerctl peering add ba b a
	expect_refused 'vpcpeer: peering ab already exists' vpcpeerctl peering add ab a c
	expect_refused 'vpcpeer: VPC nope not found' vpcpeerctl peering add an a nope
	expect_refused 'vpcpeer: peering nope not found' vpcpeerctl peering del nope
	expect_refused 'vpcpeer: peering nope not found' vpcpeerctl peering set nope down
	expect_refused 'peering "nope" not found' vpcpeerctl peering show nope
}
tcase "peering: refusals, with the kernel's messages" test_peering_refused
run vpcpeerctl vpc add d vrf vrf-d cidr 10.4.0.0/16 cidr 10.1.5.0/24
test_peering_overlap() {
	expect_refused 'vpcpeer: 10.1.0.0/16 of VPC a overlaps 10.1.5.0/24 of VPC d' \
		vpcpeerctl peering add ad a d routes auto
}
tcase "peering VPCs whose CIDRs overlap is refused, naming both" test_peering_overlap
test_mtu_range() {
	expect_usage 'peering add: mtu 20 is out of range (68 to 65535)' vpcpeerctl peering add ac a c mtu 20
	expect_usage 'peering add: mtu 65536 is out of range (68 to 65535)' vpcpeerctl peering add ac a c mtu 65536
}
tcase "peering add: an MTU out of range is bad usage" test_mtu_range
