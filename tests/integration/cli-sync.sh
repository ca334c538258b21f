#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl check FILE and sync FILE. check reads a file as a whole state
# with no module loaded: 0 for a good one, 1 naming every bad line. sync
# makes the live state FILE's: from empty; again, sending nothing (no
# vpcpeer event, no route change: vpcpeerctl monitor and ip monitor see
# none) and printing nothing; --dry-run prints the exact plan (peerings
# and VPCs that go or change first, a CIDR a new one overlaps before the
# new one, routes added before stale ones go) and changes nothing; to
# another state while two hosts whose peering stays ping each other
# without a loss; from standard input in a namespace of -n. A file with
# bad lines changes nothing and names each; a failure part-way (a VRF
# missing) names its line, and once the VRF is there re-running converges.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

dir=$(mktemp -d)

# sync_ok [OPTIONS] FILE: sync, which must succeed silently on stderr;
# its output in OUT.
sync_ok() {
	forget_state
	printf '+ vpcpeerctl sync %s\n' "$*" >&2
	OUT=$(vpcpeerctl sync "$@" 2>"$dir/err")
	printf '%s\n' "$OUT" >&2
	assert_eq "$(<"$dir/err")" "" "stderr of sync $*"
}

# saved: the live state as save writes it, without its header.
saved() {
	vpcpeerctl save | { grep -v '^#' || true; }
}

cat >"$dir/A" <<'EOF'
# state A
vpc add a vrf vrf-a cidr 10.1.0.0/16 cidr fd00:1::/48
vpc add b vrf vrf-b cidr 10.2.0.0/16 cidr fd00:2::/48
vpc add c vrf vrf-c cidr 10.3.0.0/16
vpc add d vrf vrf-d cidr 10.4.0.0/16
peering add ab a b routes auto
peering add bc b c mtu 1400
peering add cd c d
peering set cd down
route add b 10.3.0.0/16 peering bc
route add c 10.2.0.0/16 peering bc metric 7
route add c 10.4.0.0/24 peering cd
EOF
cat >"$dir/B" <<'EOF'
vpc add a vrf vrf-a cidr 10.1.0.0/16 cidr fd00:1::/48
vpc add b vrf vrf-b cidr 10.2.0.0/16 cidr fd00:2::/48
vpc add c vrf vrf-c cidr 10.3.0.0/17 cidr 10.5.0.0/16
vpc add e vrf vrf-e cidr 10.6.0.0/16
peering add ab a b routes auto
peering add ac a c routes auto
peering add bc b c mtu 9000
peering set bc down
route add b 10.3.0.0/17 peering bc metric 5
route add c 10.2.0.0/16 peering bc metric 7
EOF
# B with three bad lines: 5 (a VRF backing two VPCs), 8 (bad usage), 13
# (a route outside the peer's CIDRs)
sed -e '4a vpc add f vrf vrf-e' -e '6a peering add x a' \
	-e '$a route add a 10.9.0.0/16 peering ab' "$dir/B" >"$dir/bad"

# check: no module needed.
# shellcheck disable=SC2015 # echo does not fail
test_check_file() {
	assert_eq "$(module_loaded vpcpeer && echo loaded || true)" "" "no module loaded"
	run vpcpeerctl check "$dir/A"
	run vpcpeerctl check - <"$dir/B"
	rc=0
	vpcpeerctl check "$dir/bad" 2>"$dir/err" || rc=$?
	cat "$dir/err" >&2
	assert_eq "$rc" 1 "exit status of check, bad lines"
	assert_eq "$(<"$dir/err")" "vpcpeerctl: $dir/bad:5: vrf-e already backs vpc \"e\" (line 4)
vpcpeerctl: $dir/bad:8: peering add: missing VPC_B
vpcpeerctl: $dir/bad:13: 10.9.0.0/16 is not inside the CIDRs of vpc \"b\", the peer of \"a\" in peering \"ab\"" \
		"check names every bad line"
}
tcase "check needs no module, and names every bad line" test_check_file

run modprobe vpcpeer
make_vrf a 101
make_vrf b 102
make_vrf c 103
make_vrf d 104
make_vrf e 105
make_host a a 10.1 fd00:1
make_host b b 10.2 fd00:2

# From empty.
test_from_empty() {
	sync_ok "$dir/A"
	assert_eq "$OUT" "$(grep -v '^#' "$dir/A")" "sync from empty runs the file's lines"
	assert_eq "$(saved)" "$(grep -v '^#' "$dir/A")" "state A"
	ping_ok a 10.2.1.2
}
tcase_or_stop "sync from empty runs the file's lines" test_from_empty

# Again: nothing sent, nothing printed.
vpcpeerctl monitor >"$dir/events" 2>&1 &
mon=$!
ip monitor route >"$dir/route-events" 2>&1 &
ipmon=$!
sleep 1
test_again() {
	sync_ok "$dir/A"
	sleep 1
	assert_eq "$OUT" "" "a second sync prints nothing"
	assert_eq "$(<"$dir/events")" "" "a second sync: no vpcpeer event"
	# (the kernel's own routes may still come, as link-local addresses do)
	assert_eq "$(grep -c 'proto vpcpeer' "$dir/route-events" || true)" 0 \
		"a second sync: no route change"
}
tcase_or_stop "a second sync sends nothing and prints nothing" test_again

# --dry-run: the plan, in order; nothing changes (the monitors see it).
test_dry_run() {
	sync_ok --dry-run "$dir/B"
	assert_eq "$OUT" "peering del cd
vpc del d
vpc cidr del c 10.3.0.0/16
vpc cidr add c 10.3.0.0/17 10.5.0.0/16
vpc add e vrf vrf-e cidr 10.6.0.0/16
peering add ac a c routes auto
peering set bc down mtu 9000
route add b 10.3.0.0/17 peering bc metric 5
route del b 10.3.0.0/16 peering bc metric 0" "the plan from A to B"
	sleep 1
	assert_eq "$(<"$dir/events")" "" "--dry-run: no vpcpeer event"
	assert_eq "$(saved)" "$(grep -v '^#' "$dir/A")" "--dry-run changed nothing"
}
tcase_or_stop "--dry-run prints the plan, in order, and changes nothing" test_dry_run

# To B while h-a pings h-b: ab stays, and not one echo is lost.
test_to_b() {
	ip netns exec h-a ping -i 0.05 -w 600 10.2.1.2 >"$dir/ping" 2>&1 &
	ping=$!
	sleep 1
	sync_ok "$dir/B"
	sleep 1
	kill -INT "$ping"
	wait "$ping" || true
	cat "$dir/ping" >&2
	assert_contains "$(<"$dir/ping")" " 0% packet loss" "no ping lost during the sync"
}
tcase_or_stop "to B while h-a pings h-b: not one echo lost" test_to_b
kill "$mon" "$ipmon"
wait "$mon" "$ipmon" || true
# the monitors worked: they saw this sync
test_state_b() {
	assert_contains "$(<"$dir/events")" "vpc del d" "the monitor saw the sync to B"
	assert_contains "$(grep 'proto vpcpeer' "$dir/route-events")" "10.3.0.0/17" \
		"ip monitor saw the sync to B"
	assert_eq "$(saved)" "$(grep -v '^#' "$dir/B")" "state B"
	assert_eq "$(vpcpeerctl sync --dry-run "$dir/B")" "" "B again: nothing to do"
	# a route a "routes auto" peering needs, there
	assert_contains "$(routes a)" "a 10.5.0.0/16 ac 0"
}
tcase_or_stop "the monitors saw the sync, and the state is B" test_state_b

# A bad file changes nothing and names every bad line; a line that does
# not describe a state is refused.
test_bad_file() {
	before=$(state)
	rc=0
	vpcpeerctl sync "$dir/bad" >"$dir/out" 2>"$dir/err" || rc=$?
	cat "$dir/err" >&2
	assert_eq "$rc" 2 "exit status of sync, bad lines"
	assert_eq "$(<"$dir/out")" "" "stdout of sync, bad lines"
	assert_eq "$(<"$dir/err")" "vpcpeerctl: $dir/bad:5: vrf-e already backs vpc \"e\" (line 4)
vpcpeerctl: $dir/bad:8: peering add: missing VPC_B
vpcpeerctl: $dir/bad:13: 10.9.0.0/16 is not inside the CIDRs of vpc \"b\", the peer of \"a\" in peering \"ab\"" \
		"sync names every bad line"
	same_state "$before"
	printf 'vpc add a vrf vrf-a\nvpc del a\n' >"$dir/del"
	expect_usage "$dir/del:2: \"vpc del\": a state has only vpc add, peering add, peering set and route add lines" \
		vpcpeerctl sync "$dir/del"
}
tcase_or_stop "a bad file changes nothing and names every bad line" test_bad_file

# A failure part-way: vrf-z is missing. The line is named; the lines
# before it stay; once vrf-z is there, sync converges.
{ cat "$dir/B"; echo 'vpc add z vrf vrf-z cidr 10.26.0.0/16'
  echo 'peering add az a z routes auto'; } >"$dir/Z"
test_part_way() {
	rc=0
	vpcpeerctl sync "$dir/Z" >"$dir/out" 2>"$dir/err" || rc=$?
	cat "$dir/out" "$dir/err" >&2
	assert_eq "$rc" 1 "exit status, VRF missing"
	assert_eq "$(wc -l <"$dir/err")" 1 "one error line"
	assert_contains "$(<"$dir/err")" "vpcpeerctl: $dir/Z:11: " "the failed line"
	assert_eq "$(<"$dir/out")" "vpc add z vrf vrf-z cidr 10.26.0.0/16" "what sync tried"
	make_vrf z 126
	sync_ok "$dir/Z"
	assert_eq "$OUT" "vpc add z vrf vrf-z cidr 10.26.0.0/16
peering add az a z routes auto" "the re-run"
	assert_eq "$(saved | sort)" "$(sort "$dir/Z")" "state Z (in save's order, not the file's)"
}
tcase_or_stop "a failure part-way names its line; once fixed, sync converges" test_part_way

# A CIDR moves between peered VPCs, c's 10.5.0.0/16 to a: it must leave c
# before a can have it (the kernel refuses a CIDR overlapping a peer's).
sed -e 's|^vpc add a vrf vrf-a cidr 10.1.0.0/16|& cidr 10.5.0.0/16|' \
	-e 's|cidr 10.3.0.0/17 cidr 10.5.0.0/16|cidr 10.3.0.0/17|' "$dir/Z" >"$dir/M"
test_move() {
	sync_ok --dry-run "$dir/M"
	assert_eq "$(head -n 2 <<<"$OUT")" "vpc cidr del c 10.5.0.0/16
vpc cidr add a 10.5.0.0/16" "the plan moves the CIDR: gone from c first"
	sync_ok "$dir/M"
	assert_eq "$(saved | sort)" "$(sort "$dir/M")" "state M"
	assert_eq "$(vpcpeerctl sync --dry-run "$dir/M")" "" "M again: nothing to do"
}
tcase_or_stop "a CIDR moving between peered VPCs leaves one before the other has it" test_move

# Back to empty: everything goes.
test_to_empty() {
	sync_ok /dev/null
	assert_eq "$(saved)" "" "the empty state"
	assert_eq "$(ip route show vrf vrf-a proto vpcpeer)" "" "no route left"
}
tcase_or_stop "back to empty, everything goes" test_to_empty

# -n NS, the file on standard input; the namespace of the caller untouched.
test_netns() {
	run ip netns add t1
	run ip -n t1 link add vrf-x type vrf table 10
	printf '+ vpcpeerctl -n t1 sync - <<<...\n' >&2
	out=$(vpcpeerctl -n t1 sync - <<<'vpc add x vrf vrf-x cidr 10.9.0.0/16')
assert_eq "$out" "vpc add x vrf vrf-x cidr 10.9.0.0/16" "sync -n t1 -"
assert_eq "$(vpcpeerctl -n t1 sync - <<<'vpc add x vrf vrf-x cidr 10.9.0.0/16')" "" "again"
assert_eq "$(vpcpeerctl -n t1 save | { grep -v '^#' || true; })" "vpc add x vrf vrf-x cidr 10.9.0.0/16" "t1's state"
assert_eq "$(saved)" "" "the caller's namespace untouched"
}
tcase "-n NS from standard input, the caller's namespace untouched" test_netns

test_usage() {
expect_usage 'sync takes [--dry-run] and one FILE' vpcpeerctl sync
expect_usage 'check takes one FILE' vpcpeerctl check a b
}
tcase "sync's and check's usage" test_usage
rm -rf "$dir"
