#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An endpoint released from its VRF, put back by hand and released again,
# 50 times in one "ip -batch", four times over: each round must end with
# the endpoint back in its VRF and the peering up, and the module must
# unload with no reference left (the rig fails the run on the reference
# tracker's warning or a leak). Whether the kernel's rejoin work is still
# queued at a second release depends on the scheduler (here it ran between
# the requests, on the old code too); the KUnit case endpoint_test.c
# holds RTNL across two releases and so catches a second reference taken
# every time.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b

batch=$(mktemp)
for _ in $(seq 50); do
	printf 'link set ab-a nomaster\nlink set ab-a master vrf-a\nlink set ab-a nomaster\n'
done >"$batch"
test_rounds() {
	for round in 1 2 3 4; do
		# "master vrf-a" may find the work already done: not a failure.
		ip -force -batch "$batch" >/dev/null 2>&1 || true
		wait_for 10 [ -e /sys/class/net/ab-a/upper_vrf-a ]
		wait_for 10 attr_is ab-a state up
		echo "round $round: ab-a back in vrf-a, peering up"
	done
}
tcase_or_stop "released and put back 50 times in a batch, four times: back in its VRF, up" test_rounds

# Leaving the VRF flushed the routes through ab-a.
test_traffic() {
	peer_routes ab a b
	ping_ok a "$(host4 b)"
}
tcase "with its routes added again, traffic crosses" test_traffic

# The module goes with no reference left behind.
test_unload() {
	run ip link del vrf-a
	run rmmod vpcpeer
}
tcase "the module unloads with no reference left behind" test_unload
