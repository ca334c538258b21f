#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An endpoint released from its VRF again before it was put back: one
# "ip -batch" releases it, puts it back by hand and releases it again, so
# that the kernel's rejoin work is still queued when the second release
# comes. Each round must end with the endpoint back in its VRF and the
# peering up; the rig fails the run on the reference tracker's warning
# (a reference taken twice or put twice) or a leak.
. "$VPCPEER_TESTS/lib.sh"
. "$VPCPEER_TESTS/integration/topology.sh"

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b

batch=$(mktemp)
for i in $(seq 50); do
	printf 'link set ab-a nomaster\nlink set ab-a master vrf-a\nlink set ab-a nomaster\n'
done >"$batch"
for round in 1 2 3 4; do
	# "master vrf-a" may find the work already done: not a failure.
	ip -force -batch "$batch" >/dev/null 2>&1 || true
	wait_for 10 [ -e /sys/class/net/ab-a/upper_vrf-a ]
	wait_for 10 [ "$(attr ab-a state)" = up ]
	echo "round $round: ab-a back in vrf-a, peering up"
done
# Leaving the VRF flushed the routes through ab-a.
peer_routes ab a b
ping_ok a "$(host4 b)"

# The module goes with no reference left behind.
run ip link del vrf-a
run rmmod vpcpeer
