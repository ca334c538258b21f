#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU discovery across a peering, and the rule that keeps it working
# (Documentation/vpcpeer.rst): a VPC's VRF must source its ICMP errors from
# its own CIDRs. B's host sits behind a 1280-byte link; a 1400-byte ping
# with DF set from A gets "fragmentation needed" from VRF B, which crosses
# back because VRF B sources it from its gateway, 10.2.1.1, in B's CIDRs.
# Given a first address outside B's CIDRs (on the VRF device itself, where
# the kernel looks first), VRF B sources the error from it: the verdict
# drops it as src_not_local on ab-b and A never learns the path MTU.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b
run ip link set r-b mtu 1280

test_crosses() {
	ping_ok a "$(host4 b)"
	drops_zero
}
tcase_or_stop "with B's host behind a 1280-byte link, pings cross, nothing dropped" test_crosses

# learned_mtu: the path MTU h-a has cached for B's host, or "none".
learned_mtu() {
	local out
	out=$(hx a ip route get "$(host4 b)")
	[[ $out =~ mtu\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo none
}

# big_ping: one 1400-byte echo, DF set, from h-a to B's host; fails either
# way (too big for the last link), and what h-a learns is the point.
big_ping() {
	run hx a ip route flush cache
	printf '+ hx a ping -M do -s 1400 -c 1 -W 2 %s\n' "$(host4 b)" >&2
	hx a ping -M 'do' -s 1400 -c 1 -W 2 "$(host4 b)" >&2 || true
}

# The gateway's address answers: the error crosses, h-a learns 1280.
test_gateway() {
	drops_mark
	big_ping
	assert_eq "$(learned_mtu)" 1280 "path MTU h-a learned from VRF B"
	drops_expect
}
tcase "VRF B sources the error from its gateway: it crosses, h-a learns 1280" test_gateway

# A first address outside B's CIDRs: the error is dropped, nothing learned.
test_outside() {
	run ip addr add 192.168.77.1/32 dev vrf-b
	drops_mark
	big_ping
	assert_eq "$(learned_mtu)" none "path MTU h-a learned from VRF B sourcing outside B"
	drops_expect ab-b:src_not_local=1
}
tcase_or_stop "sourced outside B's CIDRs, the error drops as src_not_local" test_outside

# Put right, as the rule says: the error crosses again.
test_put_right() {
	run ip addr del 192.168.77.1/32 dev vrf-b
	drops_mark
	big_ping
	assert_eq "$(learned_mtu)" 1280 "path MTU after the address went"
	drops_expect
}
tcase "put right, the error crosses again" test_put_right

test_stats() {
	drops_in_stats
}
tcase "the drops show in the endpoints' standard statistics" test_stats
