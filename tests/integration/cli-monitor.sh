#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl monitor, run in the background while a second process makes
# changes: every event of the "events" group, one line each, in order; with
# -j one JSON object a line, parsed with jq; SIGTERM and SIGINT end it with
# status 0; a refused command announces nothing; with -n it sees its own
# namespace's events only.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
make_vrf a 101
make_vrf b 102
make_vrf sync 150
dir=$(mktemp -d)

# monitor NAME [OPTIONS...]: a monitor in the background, printing to
# $dir/NAME; its pid in PIDS[NAME].
declare -A PIDS=()
monitor() {
	local name=$1
	shift
	vpcpeerctl "$@" monitor >"$dir/$name" 2>"$dir/$name.err" &
	PIDS[$name]=$!
}

# synced NAME...: each monitor printed a "sync" VPC's deletion.
synced() {
	local name
	for name; do
		grep -qE '"vpc_del","vpc":\{"name":"sync"|^(\[[^]]*\] )?vpc del sync ' "$dir/$name" ||
			return 1
	done
}

# sync_monitors [-n NS] NAME...: make events until every monitor NAME prints them,
# so that none of the events that matter is made before it listens. The
# "sync" VPC's events are left out of what is checked.
sync_monitors() {
	local ns=() tries
	if [[ $1 == -n ]]; then
		ns=(-n "$2")
		shift 2
	fi
	for tries in $(seq 30); do
		vpcpeerctl "${ns[@]}" vpc add sync vrf vrf-sync
		vpcpeerctl "${ns[@]}" vpc del sync
		if wait_synced "$@"; then
			return 0
		fi
	done
	echo "the monitors never printed an event" >&2
	return 1
}

wait_synced() {
	for _ in $(seq 20); do
		synced "$@" && return 0
		sleep 0.1
	done
	return 1
}

# stop SIGNAL NAME: end monitor NAME with SIGNAL; it must exit 0.
stop() {
	local rc=0
	kill -"$1" "${PIDS[$2]}"
	wait "${PIDS[$2]}" || rc=$?
	assert_eq "$rc" 0 "exit status of monitor $2 after SIG$1"
	assert_eq "$(cat "$dir/$2.err")" "" "stderr of monitor $2"
}

# unsynced NAME: what monitor NAME printed, without the "sync" VPC.
unsynced() {
	grep -vE '"name":"sync"|^vpc (add|del) sync ' "$dir/$1" || true
}

# stop_monitors: end every monitor still running, however a case ends
# (its EXIT trap); the monitors a case starts are its own.
stop_monitors() {
	stop_bg "${PIDS[@]}"
}

test_heard() {
	trap stop_monitors EXIT
	monitor json -j
	monitor text
	sync_monitors json text

	run vpcpeerctl vpc add a vrf vrf-a cidr 10.1.0.0/16
	run vpcpeerctl vpc add b vrf vrf-b cidr 10.2.0.0/16 cidr fd00:2::/48
	run vpcpeerctl vpc cidr add a fd00:1::/48 10.11.0.0/16
	run vpcpeerctl vpc cidr del a 10.11.0.0/16
	# refused: no event
	expect_refused "overlaps 10.1.0.0/16, already in VPC a" vpcpeerctl vpc cidr add a 10.1.2.0/24
	expect_refused "already exists" vpcpeerctl vpc add a vrf vrf-sync
	run vpcpeerctl peering add ab a b routes auto
	run vpcpeerctl peering set ab down
	run vpcpeerctl peering set ab up
	run ip link set ab-a down
	run ip link set ab-a up
	run vpcpeerctl peering del ab
	run vpcpeerctl peering add ab2 a b mtu 9000
	run vpcpeerctl vpc del a
	# the last event is in both files: nothing is still on its way
	wait_for 10 grep -q '"vpc_del","vpc":{"name":"a"' "$dir/json"
	wait_for 10 grep -q '^vpc del a ' "$dir/text"
	stop TERM json
	stop INT text
}
tcase_or_stop "two monitors hear the changes, SIGTERM and SIGINT end them with 0" test_heard

check() {
	if ! jq -e -s "$1" >/dev/null <<<"$events"; then
		echo "JSON check failed: $1" >&2
		return 1
	fi
}
test_json() {
	events=$(unsynced json)
	echo "$events"
	# one JSON object a line, each with its event
	assert_eq "$(jq -c 'type' <<<"$events" | sort -u)" '"object"' "JSON objects"
	assert_eq "$(jq -r '[.event, (.vpc | if type == "object" then .name else . end) // .peering.name] | join(" ")' <<<"$events")" "vpc_add a
vpc_add b
vpc_cidr_add a
vpc_cidr_del a
peering_add ab
peering_state ab
peering_state ab
peering_state ab
peering_state ab
peering_del ab
peering_add ab2
peering_del ab2
vpc_del a" "the events, in order"
	check '.[0].vpc == {"name": "a", "vrf": "vrf-a", "vrf_ifindex": .[0].vpc.vrf_ifindex,
		"cidr_count": 1, "peering_count": 0}'
	check '.[1].vpc | .cidr_count == 2 and (keys | index("cidrs")) == null'
	check '.[2] == {"event": "vpc_cidr_add", "vpc": "a", "cidrs": ["fd00:1::/48", "10.11.0.0/16"]}'
	check '.[3] == {"event": "vpc_cidr_del", "vpc": "a", "cidrs": ["10.11.0.0/16"]}'
	check '.[4].peering | .vpc_a == "a" and .vpc_b == "b" and .flags == ["routes_auto"]
		and .state == "up" and (.endpoints | map(.ifname)) == ["ab-a", "ab-b"]'
	check '.[5:9] | map([.peering.state, .peering.admin_up]) ==
		[["down", false], ["up", true], ["down", true], ["up", true]]'
	check '.[10].peering.endpoints[0].mtu == 9000'
	check '.[12].vpc | .name == "a" and .peering_count == 0'
}
tcase "with -j, every event, in order, one JSON object a line" test_json

test_text() {
	text=$(unsynced text)
	echo "$text"
	assert_eq "$text" "vpc add a vrf vrf-a cidrs 1 peerings 0
vpc add b vrf vrf-b cidrs 2 peerings 0
vpc cidr add a fd00:1::/48 10.11.0.0/16
vpc cidr del a 10.11.0.0/16
peering add ab a <-> b state up admin up mtu 1500 flags routes-auto
peering state ab a <-> b state down admin down mtu 1500 flags routes-auto
peering state ab a <-> b state up admin up mtu 1500 flags routes-auto
peering state ab a <-> b state down admin up mtu 1500 flags routes-auto
peering state ab a <-> b state up admin up mtu 1500 flags routes-auto
peering del ab a <-> b state up admin up mtu 1500 flags routes-auto
peering add ab2 a <-> b state up admin up mtu 9000
peering del ab2 a <-> b state up admin up mtu 9000
vpc del a vrf vrf-a cidrs 2 peerings 0" "text events"
}
tcase "in text, every event, in order, one a line" test_text

# -n: a monitor sees the events of its own namespace only.
run ip netns add ns1
run ip -n ns1 link add vrf-sync type vrf table 150
run ip -n ns1 link add vrf-c type vrf table 103
test_netns() {
	trap stop_monitors EXIT
	monitor ns1 -j -n ns1
	monitor root -j
	sync_monitors -n ns1 ns1
	sync_monitors root
	run vpcpeerctl -n ns1 vpc add c vrf vrf-c cidr 10.3.0.0/16
	run vpcpeerctl vpc add a vrf vrf-a cidr 10.1.0.0/16
	run vpcpeerctl -n ns1 vpc del c
	wait_for 10 grep -q '"vpc_del","vpc":{"name":"c"' "$dir/ns1"
	wait_for 10 grep -q '"vpc_add","vpc":{"name":"a"' "$dir/root"
	stop TERM ns1
	stop TERM root
	assert_eq "$(unsynced ns1 | jq -r '[.event, .vpc.name] | join(" ")')" "vpc_add c
vpc_del c" "events in ns1"
	assert_eq "$(unsynced root | jq -r '[.event, .vpc.name] | join(" ")')" "vpc_add a" "events in the root namespace"
}
tcase_or_stop "with -n, a monitor sees its own namespace's events only" test_netns

# "monitor all", as "ip monitor all"; with -t, each event after the time
# it came.
test_all() {
	trap stop_monitors EXIT
	vpcpeerctl -t monitor all >"$dir/all" 2>"$dir/all.err" &
	PIDS[all]=$!
	vpcpeerctl -t -j monitor all >"$dir/allj" 2>"$dir/allj.err" &
	PIDS[allj]=$!
	sync_monitors all allj
	run vpcpeerctl vpc cidr add a 10.12.0.0/16
	wait_for 10 grep -q 'vpc cidr add a 10.12.0.0/16' "$dir/all"
	wait_for 10 grep -q '"vpc_cidr_add"' "$dir/allj"
	stop TERM all
	stop TERM allj
	cat "$dir/all" "$dir/allj" >&2
	assert_eq "$(grep -cE '^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\] vpc cidr add a 10\.12\.0\.0/16$' \
		"$dir/all")" 1 "monitor all -t: the event after its time"
	assert_eq "$(grep '"vpc_cidr_add"' "$dir/allj" |
		jq -r '.timestamp | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{6}$")')" true \
		"monitor all -t -j: a timestamp member"
}
tcase "monitor all, and with -t each event after its time" test_all

# Usage, and no module.
test_usage() {
	expect_usage 'monitor: unexpected argument "now"' vpcpeerctl monitor all now
	out=$(run vpcpeerctl monitor help)
	assert_eq "$out" "Usage: vpcpeerctl monitor [all]" "monitor help"
}
tcase "a stray argument is bad usage; monitor help" test_usage

run ip netns del ns1
run vpcpeerctl vpc del a
run rmmod vpcpeer
test_no_module() {
	modprobe_path=$(cat /proc/sys/kernel/modprobe)
	echo /bin/false >/proc/sys/kernel/modprobe
	RC=0
	out=$(vpcpeerctl monitor 2>&1) || RC=$?
	echo "$modprobe_path" >/proc/sys/kernel/modprobe
	assert_eq "$RC" 1 "monitor without the module"
	assert_eq "$out" "vpcpeerctl: the vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)"
}
tcase "without the module, monitor says so and exits 1" test_no_module
rm -rf "$dir"
