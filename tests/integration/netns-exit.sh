#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces die in batches (the core's cleanup_net), and vpcpeer's part of
# their exit must not make RTNL, which every namespace and every "ip"
# command share, a per-namespace cost. Where the core holds RTNL for the
# batch (exit_batch_rtnl: 6.10, and Debian's 6.1 and 6.12), vpcpeer never
# takes it; elsewhere at most once a batch. Which functions called
# rtnl_lock() is read from kprobe stack traces: an exit that took RTNL
# once a namespace, VPCs or not, fails here. The debug kernel has no
# kprobes: it runs the same namespace churn, its teardown checked, without
# counting.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

NAMESPACES=8
trace=/sys/kernel/tracing
[[ -d $trace/events ]] || run mount -t tracefs nodev "$trace"
counting=0
[[ -w $trace/kprobe_events ]] && counting=1
inst=$trace/instances/netns-exit

cleanup() {
	[[ $counting = 1 ]] || return 0
	rmdir "$inst" 2>/dev/null || true
	echo '-:netns_exit/rtnl' >>"$trace/kprobe_events" 2>/dev/null || true
	echo '-:netns_exit/cleanup' >>"$trace/kprobe_events" 2>/dev/null || true
}
at_exit cleanup

# Every rtnl_lock() and every cleanup_net() run, each with its stack, in a
# trace instance of this script's own. Recording task names would patch
# the scheduler at run time, which once oopsed under TCG (peering-set.sh).
if [[ $counting = 1 ]]; then
	echo 0 >"$trace/options/record-cmd"
	run sh -c "echo 'p:netns_exit/rtnl rtnl_lock' >>$trace/kprobe_events"
	run sh -c "echo 'p:netns_exit/cleanup cleanup_net' >>$trace/kprobe_events"
	run mkdir "$inst"
	echo 1 >"$inst/options/stacktrace"
	echo 1 >"$inst/events/netns_exit/enable"
else
	echo "no kprobe events on this kernel: the churn runs, RTNL is not counted" >&2
fi

# make_namespaces WITH_VPCS: namespaces x1..xN, each joined to this one by
# a veth pair (its end here, l1..lN, goes once the namespace's teardown
# has run) and, if WITH_VPCS is 1, holding VPCs a and b peered.
make_namespaces() {
	local i
	for ((i = 1; i <= NAMESPACES; i++)); do
		run ip netns add "x$i"
		run ip link add "l$i" type veth peer name eth0 netns "x$i"
		[[ $1 = 1 ]] || continue
		TOPO_NS=x$i make_vrf a 101
		TOPO_NS=x$i make_vrf b 102
		run vpcpeerctl -n "x$i" vpc add a vrf vrf-a cidr 10.1.0.0/16
		run vpcpeerctl -n "x$i" vpc add b vrf vrf-b cidr 10.2.0.0/16
		run vpcpeerctl -n "x$i" peering add ab a b
	done
}

teardown_done() {
	local i
	for ((i = 1; i <= NAMESPACES; i++)); do
		[[ ! -e /sys/class/net/l$i ]] || return 1
	done
}

# delete_namespaces: delete them all at once, and wait for their teardown;
# then RTNL_BY_VPCPEER is how many rtnl_lock() calls had a vpcpeer
# function on their stack, BATCHES how many cleanup_net() runs there were.
delete_namespaces() {
	local i counts
	[[ $counting = 0 ]] || : >"$inst/trace"
	for ((i = 1; i <= NAMESPACES; i++)); do
		ip netns del "x$i"
	done
	wait_for 60 teardown_done
	[[ $counting = 1 ]] || return 0
	echo 0 >"$inst/tracing_on"
	counts=$(awk '
		/ rtnl: / { rtnl = 1; next }
		/ cleanup: / { batches++; rtnl = 0; next }
		/<stack trace>/ { next }
		/^ *=> / { if (rtnl && /=> vpcpeer_/) { by_vpcpeer++; rtnl = 0 } next }
		{ rtnl = 0 }
		END { print by_vpcpeer + 0, batches + 0 }' "$inst/trace")
	read -r RTNL_BY_VPCPEER BATCHES <<<"$counts"
	echo 1 >"$inst/tracing_on"
	echo "  $NAMESPACES namespaces died in $BATCHES batches;" \
		"vpcpeer took RTNL $RTNL_BY_VPCPEER times" >&2
	# the probes did see the namespaces' teardown
	((BATCHES > 0))
}

run modprobe vpcpeer

# rtnl_ok: vpcpeer took RTNL as often as its kind of exit may.
rtnl_ok() {
	[[ $counting = 1 ]] || return 0
	if grep -q ' vpcpeer_net_exit_batch_rtnl' /proc/kallsyms; then
		assert_eq "$RTNL_BY_VPCPEER" 0 "RTNL taken by vpcpeer, with exit_batch_rtnl"
	elif ((RTNL_BY_VPCPEER > BATCHES)); then
		echo "vpcpeer took RTNL $RTNL_BY_VPCPEER times in $BATCHES batches" >&2
		false
	fi
}

# Namespaces without a VPC, then with VPCs and a peering in each.
test_plain() {
	make_namespaces 0
	delete_namespaces
	rtnl_ok
}
tcase_or_stop "namespaces without a VPC die, vpcpeer taking RTNL as it may" test_plain

test_with_vpcs() {
	make_namespaces 1
	delete_namespaces
	rtnl_ok
}
tcase_or_stop "namespaces with VPCs and a peering die, RTNL taken as it may" test_with_vpcs

# Nothing of theirs is left: the module is free to go.
test_unload() {
	run rmmod vpcpeer
}
tcase "nothing of theirs is left: the module unloads" test_unload
