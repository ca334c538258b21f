#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A source route never crosses. A host in A sends a datagram whose header
# names B's gateway (in B's CIDRs, so the verdict's address checks pass)
# and whose loose source route option names the final destination; VRF B
# honours source routes here (accept_source_route), so had it crossed, B
# would have sent it on wherever the option said: edge-to-edge routing
# through B. The verdict drops it as source_route on the endpoint it was
# sent into, and nothing reaches B, and each drop is a vpcpeer:vpcpeer_drop
# trace event naming the flow. IPv6 routing headers are covered by the
# KUnit suite.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

srcroute=$VPCPEER_TESTS/tools/srcroute

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b
run sysctl -q -w net.ipv4.conf.all.accept_source_route=1 \
	net.ipv4.conf.ab-b.accept_source_route=1
test_crosses() {
	ping_ok a "$(host4 b)"
	drops_zero
}
tcase_or_stop "without the option, a datagram crosses, nothing dropped" test_crosses

test_dropped() {
	read -r rx_before </sys/class/net/ab-b/statistics/rx_packets
	drops_mark
	run hx a "$srcroute" "$(gw4 b)" "$(host4 b)"
	run hx a "$srcroute" "$(gw4 b)" 192.0.2.1
	drops_expect ab-a:source_route=2
	assert_eq "$(cat /sys/class/net/ab-b/statistics/rx_packets)" "$rx_before" \
		"packets received on ab-b"
}
tcase "a loose source route drops as source_route, and nothing reaches B" test_dropped

# Each refusal is also a trace event, naming the flow: on every kernel
# here, stock and debug, which have event tracing.
trace=/sys/kernel/tracing
[[ -d $trace/events ]] || run mount -t tracefs nodev "$trace"
# Enabling an event would also start recording task names, patching the
# scheduler's hot path each time; under TCG that live patching once
# oopsed (int3 in __schedule). The events here need no task names.
echo 0 >"$trace/options/record-cmd"
# (Each case marks the drop counters it then checks.)
test_trace_event() {
	drops_mark
	echo 1 >"$trace/events/vpcpeer/vpcpeer_drop/enable"
	: >"$trace/trace"
	run hx a "$srcroute" "$(gw4 b)" "$(host4 b)"
	echo 0 >"$trace/events/vpcpeer/vpcpeer_drop/enable"
	assert_contains "$(<"$trace/trace")" \
		"endpoint=ab-a peering=ab reason=source_route family=ipv4 src=::ffff:$(host4 a) dst=::ffff:$(gw4 b)" \
		"the trace event"
	drops_expect ab-a:source_route=1
}
tcase "each drop is a vpcpeer_drop trace event naming the flow" test_trace_event

# The documented filter by reason name: the reason's own filter lets the
# event through, another reason's hides it.
test_trace_filter() {
	declare -A seen
	event=$trace/events/vpcpeer/vpcpeer_drop
	drops_mark
	for reason in source_route src_not_local; do
		echo "reason == \"$reason\"" >"$event/filter"
		echo 1 >"$event/enable"
		: >"$trace/trace"
		run hx a "$srcroute" "$(gw4 b)" "$(host4 b)"
		echo 0 >"$event/enable"
		echo 0 >"$event/filter"
		seen[$reason]=$(grep -c 'reason=source_route' "$trace/trace" || true)
	done
	assert_eq "${seen[source_route]} ${seen[src_not_local]}" "1 0" \
		"events through a source_route and a src_not_local filter"
	drops_expect ab-a:source_route=2
}
tcase "a filter by reason name lets its own reason's events through only" test_trace_filter

# The same datagram without the option crosses.
test_after() {
	ping_ok a "$(host4 b)"
	drops_in_stats
	drops_in_ethtool
}
tcase "the same datagram without the option still crosses; drops in the stats" test_after
