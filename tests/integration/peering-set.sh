#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A peering's settings after creation: created administratively down, it
# lets nothing cross (peering_down) until set up; setting it up while an
# endpoint is down is announced though its state stays down; "peering set
# mtu" sets both endpoints at once; an endpoint set below its peer's MTU
# by hand makes longer packets drop as too_big where they were sent, not
# vanish at the far side. Both drops are freed with the core's reason that
# says the same (skb:kfree_skb: DEV_READY, PKT_TOO_BIG).
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

trace=/sys/kernel/tracing
[[ -d $trace/events ]] || run mount -t tracefs nodev "$trace"
# Enabling an event would also start recording task names, patching the
# scheduler's hot path each time; under TCG that live patching once
# oopsed (int3 in __schedule). The events here need no task names.
echo 0 >"$trace/options/record-cmd"
# freed_with CMD...: the core's reasons of the packets vpcpeer_xmit()
# freed while CMD ran, as skb:kfree_skb names them: its events filtered by
# the range of vpcpeer_xmit's code (6.1 prints the location hashed).
freed_with() {
	local event=$trace/events/skb/kfree_skb start end
	read -r start end <<<"$(sort /proc/kallsyms |
		awk '$3 == "vpcpeer_xmit" { s = $1; next } s && !e { e = $1 } END { print s, e }')"
	echo "location >= 0x$start && location < 0x$end" >"$event/filter"
	: >"$trace/trace"
	echo 1 >"$event/enable"
	"$@" >&2 || true
	echo 0 >"$event/enable"
	echo 0 >"$event/filter"
	grep -o 'reason: [A-Z_]*' "$trace/trace" | sed 's/reason: //' | sort -u
}

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b down

# Created down: the endpoints are up, nothing crosses.
test_created_down() {
	assert_eq "$(attr ab-a state)" down "state of a peering created down"
	assert_eq "$(rt vpcpeerctl -j peering show ab | jq -r '.[0].admin_up')" false "admin_up"
	ping_dropped a "$(host4 b)" ab-a:peering_down
	assert_eq "$(freed_with hx a ping -c 1 -W 1 "$(host4 b)")" DEV_READY "the core's reason"
	drops_expect ab-a:peering_down=2
}
tcase "created down, it lets nothing cross: peering_down, freed as DEV_READY" test_created_down

# Set up while an endpoint is down: the change is announced.
dir=$(mktemp -d)
make_vrf sync 150
# monitor_listens: it printed the events of a VPC made after it started.
monitor_listens() {
	vpcpeerctl vpc add sync vrf vrf-sync && vpcpeerctl vpc del sync &&
		grep -q "vpc del sync" "$dir/events"
}
test_set_up() {
	vpcpeerctl monitor >"$dir/events" 2>&1 &
	monitor=$!
	# (the case's own monitor: stopped however the case ends)
	trap 'stop_bg "$monitor"' EXIT
	wait_for 10 monitor_listens
	run ip link set ab-b down
	run rt vpcpeerctl peering set ab up
	wait_for 10 grep -q "admin up" "$dir/events"
	kill "$monitor"
	wait "$monitor" || true
	cat "$dir/events"
	assert_eq "$(attr ab-a state)" down "state with ab-b down"
	run ip link set ab-b up
	wait_for 10 attr_is ab-a state up
	# The kernel flushed the routes through ab-b when it went down.
	peer_routes ab a b
	ping_ok a "$(host4 b)"
}
tcase_or_stop "set up with an endpoint down: announced, the state down until it is up" test_set_up

# Both endpoints' MTU in one request, and traffic still flows.
test_mtu() {
	run rt vpcpeerctl peering set ab mtu 1400
	assert_eq "$(cat /sys/class/net/ab-a/mtu) $(cat /sys/class/net/ab-b/mtu)" "1400 1400" \
		"endpoint MTUs"
	ping_ok a -s 1372 -M "do" "$(host4 b)"
}
tcase_or_stop "peering set mtu sets both endpoints, and traffic flows" test_mtu

# ab-b lowered by hand: what fits ab-a but not ab-b is dropped on ab-a.
test_too_big() {
	run ip link set ab-b mtu 1300
	drops_mark
	ping_fails a -s 1350 -M "do" "$(host4 b)"
	drops_expect ab-a:too_big=1
	assert_eq "$(freed_with hx a ping -c 1 -W 1 -s 1350 -M "do" "$(host4 b)")" PKT_TOO_BIG \
		"the core's reason"
	drops_expect ab-a:too_big=2
	ping_ok a -s 1200 -M "do" "$(host4 b)"
}
tcase "an endpoint below its peer's MTU drops as too_big, freed as PKT_TOO_BIG" test_too_big

test_stats() {
	drops_in_stats
	drops_in_ethtool
}
tcase "the drops show in the standard statistics and ethtool -S" test_stats
