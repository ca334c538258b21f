#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl daemon FILE keeps the routes of "routes auto" peerings in
# step. It syncs FILE at start; then, after an endpoint set down and up, a
# VRF port cycle, an auto route deleted by hand, a CIDR added and removed
# by a client that is not vpcpeerctl, and a kill -9 and restart, the routes
# are back within one second (5 s on the debug kernel, more while the host
# is starved: see budget_ms; timed), a manual route
# and a route of another protocol untouched; after an overrun too. SIGHUP
# syncs the edited FILE; with no events it uses no CPU; SIGTERM ends it
# with status 0, the state left in place. "route sync" once-off repairs a
# broken state, printing one line per correction, and nothing when all is
# in step.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

dir=$(mktemp -d)
genl_cidr=$VPCPEER_TESTS/tools/genl-cidr
pid=

run modprobe vpcpeer
make_vrf a 101
make_vrf b 102
make_host a a 10.1 fd00:1
make_host b b 10.2 fd00:2
# a route of another protocol in a's table, which nothing may touch
run ip route add 10.99.0.0/16 dev lo vrf vrf-a

cat >"$dir/conf" <<'EOF'
vpc add a vrf vrf-a cidr 10.1.0.0/16 cidr fd00:1::/48
vpc add b vrf vrf-b cidr 10.2.0.0/16 cidr fd00:2::/48
peering add ab a b routes auto
route add a 10.2.1.0/24 peering ab metric 5
EOF
want="a 10.2.0.0/16 ab 0
a 10.2.1.0/24 ab 5
a fd00:2::/48 ab 1024
b 10.1.0.0/16 ab 0
b fd00:1::/48 ab 1024"

# auto_routes: the routes of protocol vpcpeer but the manual one (of
# metric 5), as "route show" prints them: one process, cheap enough to
# poll every 50 ms.
auto_routes() {
	local line
	while IFS= read -r line; do
		[[ $line == *" metric 5 "* ]] || printf '%s\n' "$line"
	done <<<"$(vpcpeerctl route show)"
}

# other_route: the route of another protocol in a's table.
other_route() {
	ip route show vrf vrf-a 10.99.0.0/16
}

# routes_are_wanted, routes_are_good: the routes are $want ("route
# show"), or $good (the kernel's, as ip prints them).
routes_are_wanted() {
	[[ $(routes) == "$want" ]]
}
routes_are_good() {
	[[ $(auto_routes) == "$good" ]]
}

# start_daemon: the daemon on FILE, its output in $dir/log.
start_daemon() {
	printf '+ vpcpeerctl daemon %s &\n' "$dir/conf" >&2
	vpcpeerctl daemon "$dir/conf" >>"$dir/log" 2>&1 &
	pid=$!
}

# now_ms: the time in milliseconds (the guest's date has no %N).
now_ms() {
	local us=${EPOCHREALTIME/./}
	echo $((us / 1000))
}

# The bound: one second, as the daemon promises. The debug kernel (KASAN,
# lockdep and kmemleak, under TCG) runs everything several times slower, a
# process start alone up to 0.4 s: there the bound checks the mechanism (an
# event brings the routes back, not a later poll or restart) with 5 s.
base_ms=1000
[[ ! -e /sys/kernel/debug/kmemleak ]] || base_ms=5000

# budget_ms: the bound now. The promise holds on a host that is not
# starved: when the VM's host is busy (make check runs other VMs beside
# this one), all work here is slower, so the bound is at least 8 times
# what one "vpcpeerctl route show" costs now, which does the reading a
# reconcile does, plus a process start (unloaded, the bound is the larger).
budget_ms() {
	local start ms
	start=$(now_ms)
	vpcpeerctl route show >/dev/null
	ms=$((8 * ($(now_ms) - start)))
	if ((ms > base_ms)); then
		echo "(a slow moment: route show takes $((ms / 8)) ms; the bound is $ms ms)" >&2
		echo "$ms"
	else
		echo "$base_ms"
	fi
}

# within_1s WHAT CMD...: CMD succeeds within the bound (one second) of
# now, polled every 50 ms; print how long it took.
within_1s() {
	local what=$1 start ms budget=$base_ms
	shift
	start=$(now_ms)
	until "$@"; do
		ms=$(($(now_ms) - start))
		((ms <= budget)) || budget=$(budget_ms)
		if ((ms > budget)); then
			echo "$what: not within $budget ms ($ms ms); the routes now:" >&2
			vpcpeerctl route show >&2
			return 1
		fi
		sleep 0.05
	done
	ms=$(($(now_ms) - start))
	echo "TIME $what: routes back in $ms ms" >&2
}

# monitor_ready: the coprocess MON ("ip -o monitor route"), read through
# $mon_out, listens: it has heard a route of table 998 added since it
# started.
monitor_ready() {
	local i line
	for ((i = 1; i <= 20; i++)); do
		ip route replace "198.51.100.$i/32" dev lo table 998
		while IFS= read -r -t 1 -u "$mon_out" line; do
			[[ $line != "198.51.100.$i dev lo table 998"* ]] || return 0
		done
	done
	echo "ip monitor heard nothing" >&2
	return 1
}

# heard WHAT START ROUTE: MON hears ROUTE ("PREFIX dev DEV") added within
# the bound of START (in ms); print how long it took.
heard() {
	local what=$1 start=$2 line part='' ms budget=$base_ms
	while :; do
		ms=$(($(now_ms) - start))
		((ms <= budget)) || budget=$(budget_ms)
		if ((ms > budget)); then
			echo "$what: $3 not added within $budget ms; the daemon's log:" >&2
			cat "$dir/log" >&2
			return 1
		fi
		# A read that times out mid-line (a starved guest) has taken
		# that part of the line: keep it for the next read.
		if ! IFS= read -r -t 0.05 -u "$mon_out" line; then
			part+=$line
			continue
		fi
		line=$part$line
		part=
		[[ $line != "$3 "* ]] || break
	done
	ms=$(($(now_ms) - start))
	echo "TIME $what: route added in $ms ms (heard by ip monitor)" >&2
}

# healed WHAT [flushed]: the routes are the good ones again within one
# second, and the manual one is still there (with "flushed", the kernel
# flushed it with its endpoint's: it is added back, as it is no
# "routes auto" route), and so is the other protocol's.
healed() {
	within_1s "$1" routes_are_good
	assert_eq "$(other_route)" "$other" "$1: the other protocol's route"
	[[ ${2:-} != flushed ]] ||
		run vpcpeerctl route add a 10.2.1.0/24 peering ab metric 5
	assert_eq "$(routes)" "$want" "$1: vpcpeerctl route show"
}

# broken WHAT: the routes are not the good ones (the step broke them).
broken() {
	if [[ $(auto_routes) == "$good" ]]; then
		echo "$1: the routes were not broken" >&2
		return 1
	fi
}

# Start: FILE synced, routes auto made.
start_daemon
wait_for 30 routes_are_wanted
good=$(auto_routes)
other=$(other_route)
test_started() {
	assert_contains "$other" "10.99.0.0/16 dev lo" "the other protocol's route"
	ping_ok a 10.2.1.2
	assert_eq "$(vpcpeerctl route sync)" "" "route sync: nothing to correct"
}
tcase_or_stop "the daemon syncs the file and makes the auto routes" test_started

# An endpoint set down: its routes go (the manual one too) (the daemon cannot add them back
# while it is down); up: they return.
test_endpoint_cycle() {
	run ip link set ab-a down
	wait_for 5 broken "endpoint down"
	sleep 0.3
	broken "endpoint still down"
	run ip link set ab-a up
	healed "endpoint down and up" flushed
	ping_ok a 10.2.1.2
}
tcase_or_stop "an endpoint down takes its routes; up, they come back within 1 s" test_endpoint_cycle

# A VRF port cycle: the endpoint leaves its VRF and rejoins.
test_port_cycle() {
	run ip link set ab-b nomaster
	run ip link set ab-b master vrf-b
	healed "VRF port cycle"
	ping_ok b 10.1.1.2
}
tcase_or_stop "after a VRF port cycle the routes come back within 1 s" test_port_cycle

# An auto route deleted by hand, and both families at once.
test_by_hand() {
	run ip route del 10.2.0.0/16 dev ab-a vrf vrf-a
	healed "IPv4 route deleted by hand"
	run ip -6 route del fd00:1::/48 dev ab-b vrf vrf-b
	run ip -6 route del fd00:2::/48 dev ab-a vrf vrf-a
	healed "IPv6 routes deleted by hand"
}
tcase_or_stop "auto routes deleted by hand come back within 1 s, both families" test_by_hand

# A CIDR added, then removed, by a client that is not vpcpeerctl.
new_route() {
	[[ $(vpcpeerctl route show a) == *"a 10.22.0.0/16 peering ab metric 0 "* ]]
}
test_other_client() {
	run "$genl_cidr" add b 10.22.0.0/16
	want="a 10.2.0.0/16 ab 0
a 10.2.1.0/24 ab 5
a 10.22.0.0/16 ab 0
a fd00:2::/48 ab 1024
b 10.1.0.0/16 ab 0
b fd00:1::/48 ab 1024"
	within_1s "CIDR added by genl-cidr" new_route
	assert_eq "$(routes)" "$want" "the routes with b's new CIDR"
	run "$genl_cidr" del b 10.22.0.0/16
	want=$(grep -v 10.22 <<<"$want")
	healed "CIDR removed by genl-cidr"
}
tcase_or_stop "a CIDR added and removed by another client: the routes follow within 1 s" test_other_client

# kill -9: nothing repairs the routes until it is started again. The
# restart is timed by what "ip monitor" hears rather than by polling: on
# the debug kernel a process costs up to 0.4 s, and a poll's would add
# to the daemon's own start.
run kill -9 "$pid"
wait "$pid" 2>/dev/null || true
coproc MON { exec ip -o monitor route 2>&1; }
# a copy of its output's descriptor, which (unlike the coprocess's own)
# the cases' subshells get
exec {mon_out}<&"${MON[0]}"
monitor_ready
run ip route del 10.1.0.0/16 dev ab-b vrf vrf-b
sleep 1
test_killed() {
	broken "daemon killed"
}
tcase_or_stop "killed, nothing repairs the routes" test_killed
start=$(now_ms)
start_daemon
test_restarted() {
	heard "kill -9 and restart" "$start" "10.1.0.0/16 dev ab-b"
	healed "kill -9 and restart"
}
tcase_or_stop "restarted, it repairs them within 1 s" test_restarted
kill "$MON_PID"
exec {mon_out}<&-
run ip route flush table 998

# No events: no CPU (utime + stime in /proc/PID/stat stay put).
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
test_idle() {
	sleep 1
	before=$(cpu)
	sleep 3
	assert_eq "$(cpu)" "$before" "CPU ticks of the daemon over 3 s idle"
}
tcase "no events: no CPU" test_idle

# An overrun: stopped, the daemon's socket fills with the events of a
# burst of link changes of another device (10,000 RTM_NEWLINK of a
# kilobyte or more each, against its 8 MiB receive buffer: a burst of
# routes would do too, but 20,000 of them took minutes on the debug
# kernel); the deletion of an auto route after it is lost (ENOBUFS). Once
# it runs again, it reconciles all the same.
test_overrun() {
	run ip link add burst type dummy
	run ip link set burst up	# a change of a device down is not announced
	run kill -STOP "$pid"
	for ((i = 0; i < 10000; i++)); do
		echo "link set burst alias burst-$i"
	done | run ip -batch -
	run ip route del 10.2.0.0/16 dev ab-a vrf vrf-a
	run kill -CONT "$pid"
	healed "overrun"
	assert_contains "$(<"$dir/log")" "events lost (overrun): reconciling all" "log"
	run ip link del burst
}
tcase_or_stop "an overrun loses events; it reconciles all the same" test_overrun

# SIGHUP: the edited FILE is synced; the routes follow.
sed -i 's|cidr 10.2.0.0/16 cidr fd00:2::/48|cidr 10.2.0.0/16 cidr 10.20.0.0/16|' \
	"$dir/conf"
run kill -HUP "$pid"
want="a 10.2.0.0/16 ab 0
a 10.2.1.0/24 ab 5
a 10.20.0.0/16 ab 0
b 10.1.0.0/16 ab 0
b fd00:1::/48 ab 1024"
test_sighup() {
	wait_for 10 routes_are_wanted
	assert_eq "$(vpcpeerctl save | grep -v '^#')" "$(<"$dir/conf")" "state after SIGHUP"
}
tcase_or_stop "SIGHUP: the edited file is synced, and the routes follow" test_sighup
good=$(auto_routes)

# SIGTERM: status 0, the state left in place.
before=$(state)
run kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
test_sigterm() {
	assert_eq "$rc" 0 "exit status on SIGTERM"
	same_state "$before"
}
tcase_or_stop "SIGTERM: exit status 0, the state left in place" test_sigterm

# Its log: one line per correction, no error.
test_daemon_log() {
	cat "$dir/log" >&2
	assert_contains "$(<"$dir/log")" "route add a 10.2.0.0/16 peering ab" "log"
	assert_contains "$(<"$dir/log")" "route del a 10.22.0.0/16 peering ab metric 0" "log"
	# the corrections of the sync on SIGHUP too
	assert_contains "$(<"$dir/log")" "route add a 10.20.0.0/16 peering ab" "log"
	assert_eq "$(grep -c 'vpcpeerctl: ' "$dir/log" || true)" 0 "errors in the log"
}
tcase "its log: one line per correction, no error" test_daemon_log

# route sync, once: a broken state repaired, a line per correction; the
# manual route and the other protocol's left alone.
test_sync_once() {
	assert_contains "$(routes a)" "a 10.2.1.0/24 ab 5" "the manual route"
	run ip route del 10.2.0.0/16 dev ab-a vrf vrf-a
	run ip route add 10.7.0.0/16 dev ab-b vrf vrf-b proto vpcpeer
	out=$(run vpcpeerctl route sync)
	assert_eq "$out" "route add a 10.2.0.0/16 peering ab
route del b 10.7.0.0/16 peering ab metric 0" "route sync's corrections"
	assert_eq "$(auto_routes)" "$good" "after route sync"
	assert_eq "$(other_route)" "$other" "the other protocol's route after route sync"
	assert_eq "$(routes)" "$want" "route show after route sync"
	assert_eq "$(vpcpeerctl route sync)" "" "route sync again: nothing"
}
tcase_or_stop "route sync repairs a broken state, and leaves other routes alone" test_sync_once
# of one VPC only
test_sync_vpc() {
	run ip route del 10.2.0.0/16 dev ab-a vrf vrf-a
	run ip route del 10.1.0.0/16 dev ab-b vrf vrf-b
	assert_eq "$(run vpcpeerctl route sync b)" "route add b 10.1.0.0/16 peering ab" "route sync b"
	assert_eq "$(run vpcpeerctl route sync a)" "route add a 10.2.0.0/16 peering ab" "route sync a"
	expect_refused 'vpc "nope" not found' vpcpeerctl route sync nope
}
tcase_or_stop "route sync of one VPC" test_sync_vpc
test_sync_words() {
	# shellcheck source=../../tools/vpcpeerctl/vpcpeerctl.bash-completion
	. /usr/share/bash-completion/completions/vpcpeerctl
	assert_eq "$(complete_words vpcpeerctl route sy)" "sync" "completion: route sync"
	assert_eq "$(complete_words vpcpeerctl route sync '')" "a b" "completion: its VPC"
	assert_eq "$(complete_words vpcpeerctl da)" "daemon" "completion: daemon"
	expect_usage 'daemon takes at most one FILE' vpcpeerctl daemon a b
}
tcase "route sync and daemon in the completion; the daemon's usage" test_sync_words

# -n NS: route sync in a namespace.
test_sync_netns() {
	run ip netns add d1
	run ip -n d1 link add vrf-x type vrf table 10
	run ip -n d1 link add vrf-y type vrf table 11
	run vpcpeerctl -n d1 -b - <<<'vpc add x vrf vrf-x cidr 10.8.0.0/16
vpc add y vrf vrf-y cidr 10.9.0.0/16
peering add xy x y routes auto'
	run ip -n d1 route del 10.9.0.0/16 dev xy-a vrf vrf-x
	assert_eq "$(run vpcpeerctl -n d1 route sync)" "route add x 10.9.0.0/16 peering xy" "route sync -n d1"
}
tcase_or_stop "route sync -n in a namespace" test_sync_netns
# and the daemon there (as vpcpeer@d1.service runs it), the caller's
# namespace not its business
d1_route() {
	[[ -n $(ip -n d1 route show vrf vrf-x 10.9.0.0/16) ]]
}
test_daemon_netns() {
	run ip -n d1 route del 10.9.0.0/16 dev xy-a vrf vrf-x
	printf '+ vpcpeerctl -n d1 daemon &\n' >&2
	vpcpeerctl -n d1 daemon >"$dir/log-d1" 2>&1 &
	pid=$!
	wait_for 10 d1_route
	sleep 0.5
	run ip -n d1 route del 10.9.0.0/16 dev xy-a vrf vrf-x
	run ip route del 10.2.0.0/16 dev ab-a vrf vrf-a
	within_1s "daemon -n d1" d1_route
	sleep 0.5
	assert_eq "$(routes a)" "a 10.2.1.0/24 ab 5
a 10.20.0.0/16 ab 0" "the caller's namespace, left alone"
	run kill -TERM "$pid"
	wait "$pid"
	cat "$dir/log-d1" >&2
	assert_eq "$(<"$dir/log-d1")" "route add x 10.9.0.0/16 peering xy
route add x 10.9.0.0/16 peering xy" "the log of daemon -n d1"
}
tcase "the daemon -n in a namespace, the caller's left alone" test_daemon_netns
rm -rf "$dir"
