#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl route add, del and show refused: a prefix outside the peer's
# CIDRs (the message lists them), a VPC not in the peering, host bits, a
# route that exists or does not, unknown names: exit 1, one line naming the
# problem, nothing changed. Bad usage: exit 2, nothing sent.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1
plan_vpc b 2
plan_vpc c 3
run vpcpeerctl peering add ab a b
run vpcpeerctl peering add bc b c
run vpcpeerctl route add a 10.2.0.0/16 peering ab
run vpcpeerctl route add a fd00:2::/48 peering ab
run vpcpeerctl route add b 10.1.0.0/16 peering ab metric 20

# Refusals: exit 1, one line, nothing changed.
test_route_refused() {
	expect_refused '10.3.0.0/16 is not inside the CIDRs of vpc "b", the peer of "a" in peering "ab": 10.2.0.0/16, fd00:2::/48' \
		vpcpeerctl route add a 10.3.0.0/16 peering ab
	expect_refused 'fd00:3::/48 is not inside the CIDRs of vpc "b"' \
		vpcpeerctl route add a fd00:3::/48 peering ab
	# Wider than the peer's CIDR: not inside it.
	expect_refused '10.0.0.0/8 is not inside the CIDRs of vpc "b"' \
		vpcpeerctl route add a 10.0.0.0/8 peering ab
	# The default route is not a peer CIDR either.
	expect_refused '::/0 is not inside the CIDRs of vpc "a"' \
		vpcpeerctl route add b ::/0 peering ab
	expect_refused 'vpc "c" is not part of peering "ab", which joins "a" and "b"' \
		vpcpeerctl route add c 10.1.0.0/16 peering ab
	expect_refused 'vpc "c" is not part of peering "ab", which joins "a" and "b"' \
		vpcpeerctl route del c 10.1.0.0/16 peering ab
	# host bits: bad usage, found before any lookup (of a VPC not there, here)
	expect_usage '10.2.0.1/16 has host bits set' \
		vpcpeerctl route add a 10.2.0.1/16 peering ab
	expect_usage 'fd00:2::1/32 has host bits set' \
		vpcpeerctl route add nosuch fd00:2::1/32 peering nosuch
	expect_refused 'vpc "a" (vrf vrf-a, table 101) already has a route to 10.2.0.0/16 with metric 0' \
		vpcpeerctl route add a 10.2.0.0/16 peering ab
	expect_refused 'vpc "a" (vrf vrf-a, table 101) already has a route to fd00:2::/48 with metric 1024' \
		vpcpeerctl route add a fd00:2::/48 peering ab metric 1024
	expect_refused 'vpc "a" (vrf vrf-a, table 101) has no route to 10.2.9.0/24 via ab-a of protocol vpcpeer' \
		vpcpeerctl route del a 10.2.9.0/24 peering ab
	expect_refused 'vpc "b" (vrf vrf-b, table 102) has no route to 10.1.0.0/16 with metric 7 via ab-b of protocol vpcpeer' \
		vpcpeerctl route del b 10.1.0.0/16 peering ab metric 7
	expect_refused 'peering "nope" not found' vpcpeerctl route add a 10.2.0.0/16 peering nope
	expect_refused 'vpc "nope" not found' vpcpeerctl route add nope 10.2.0.0/16 peering ab
	expect_refused 'vpc "nope" not found' vpcpeerctl route show nope
}
tcase "route: refusals, one line each, nothing changed" test_route_refused

# Bad usage: exit 2, nothing sent.
test_route_usage() {
	expect_usage 'route add: missing "peering NAME"' vpcpeerctl route add a 10.2.0.0/16
	expect_usage 'route add: missing PREFIX' vpcpeerctl route add a
	expect_usage 'route add: missing VPC' vpcpeerctl route add
	expect_usage 'invalid prefix "10.2.0.0" (missing /LENGTH)' \
		vpcpeerctl route add a 10.2.0.0 peering ab
	expect_usage 'invalid prefix "10.2.0.0/33" (length must be 0 to 32)' \
		vpcpeerctl route add a 10.2.0.0/33 peering ab
	expect_usage 'invalid prefix "bogus/8"' vpcpeerctl route add a bogus/8 peering ab
	expect_usage 'invalid metric "-1"' vpcpeerctl route add a 10.2.0.0/16 peering ab metric -1
	expect_usage 'invalid metric "4294967296"' \
		vpcpeerctl route add a 10.2.0.0/16 peering ab metric 4294967296
	expect_usage 'route add: "metric" given twice' \
		vpcpeerctl route add a 10.2.0.0/16 peering ab metric 1 metric 2
	expect_usage 'route add: "peering" given twice' \
		vpcpeerctl route add a 10.2.0.0/16 peering ab peering ab
	expect_usage 'route add: missing N after "metric"' \
		vpcpeerctl route add a 10.2.0.0/16 peering ab metric
	expect_usage 'route del: unknown keyword "via"' \
		vpcpeerctl route del a 10.2.0.0/16 peering ab via 10.0.0.1
	expect_usage 'peering name "abcdefghijklmn" is longer than 13 characters' \
		vpcpeerctl route add a 10.2.0.0/16 peering abcdefghijklmn
	expect_usage 'vpc name "abcdefghijklmnop" is longer than 15 characters' \
		vpcpeerctl route show abcdefghijklmnop
	expect_usage 'route show: unexpected argument "b"' vpcpeerctl route show a b
	expect_usage 'unknown route command "flush"; try "vpcpeerctl route help"' \
		vpcpeerctl route flush
	out=$(run vpcpeerctl route help)
	assert_contains "$out" "Usage: vpcpeerctl route add VPC PREFIX peering NAME [metric N]"
}
tcase "route: bad usage, nothing sent" test_route_usage
