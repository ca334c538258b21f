#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A VPC with 5,000 CIDRs (2,500 of each family): its dump spans several
# netlink messages, and "vpcpeerctl -j vpc show" lists every CIDR exactly
# once, alone and in the dump of all VPCs. Peering it checks overlaps
# against all of them; removing some and deleting it work.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

N4=2500
N6=2500
BATCH=100

# cidrs FROM TO: the CIDRs numbered FROM to TO-1, one a line: IPv4 /24s
# from 10.0.0.0/24 up, then IPv6 /32s from fd00:1::/32 up, in the form
# inet_ntop prints them.
cidrs() {
	local k
	for ((k = $1; k < $2; k++)); do
		if ((k < N4)); then
			echo "10.$((k / 256)).$((k % 256)).0/24"
		else
			printf 'fd00:%x::/32\n' $((k - N4 + 1))
		fi
	done
}

# listed_cidrs: the big VPC's CIDRs in output on stdin, one a line, sorted.
listed_cidrs() {
	grep -oE '10\.[0-9]+\.[0-9]+\.0/24|fd00:[0-9a-f]+::/32' | sort
}

# check_listing WHAT EXPECTED LISTED: two sorted lists are the same.
check_listing() {
	local what=$1 expect=$2 got=$3
	echo "$what: $(wc -l <<<"$got") CIDRs listed, $(wc -l <<<"$expect") expected" >&2
	if [[ $got != "$expect" ]]; then
		echo "$what: the listing differs (< expected, > listed); duplicates:" >&2
		uniq -d <<<"$got" | head -n 5 >&2
		diff_text "$expect" "$got" | head -n 20 >&2
		return 1
	fi
}

run modprobe vpcpeer
grep -r . /sys/module/vpcpeer/parameters/ >&2 || true

make_vrf big 101
make_vrf small 102
make_vrf other 103
total=$((N4 + N6))
mapfile -t all <<<"$(cidrs 0 "$total")"
expected=$(printf '%s\n' "${all[@]}" | sort)
assert_eq "${#all[@]}" 5000 "CIDRs generated"
assert_eq "$(uniq -d <<<"$expected" | wc -l)" 0 "duplicates generated"

test_add() {
	start=$SECONDS
	# The first batch with the VPC itself...
	args=()
	for prefix in "${all[@]:0:BATCH}"; do
		args+=(cidr "$prefix")
	done
	run vpcpeerctl vpc add big vrf vrf-big "${args[@]}"
	# ...then the rest, several per "vpc cidr add" if the tool takes several
	# prefixes, else one per call.
	next=$BATCH
	printf '+ vpcpeerctl vpc cidr add big %s %s\n' "${all[next]}" "${all[next + 1]}" >&2
	rc=0
	vpcpeerctl vpc cidr add big "${all[next]}" "${all[next + 1]}" || rc=$?
	case $rc in
	0)
		next=$((next + 2))
		echo "adding $BATCH prefixes per call" >&2
		while ((next < total)); do
			vpcpeerctl vpc cidr add big "${all[@]:next:BATCH}"
			next=$((next + BATCH))
		done
		;;
	2)
		echo "one prefix per call" >&2
		while ((next < total)); do
			vpcpeerctl vpc cidr add big "${all[next]}"
			next=$((next + 1))
		done
		;;
	*)
		echo "vpc cidr add with two prefixes: exit $rc" >&2
		false
		;;
	esac
	echo "added $total CIDRs in $((SECONDS - start)) s" >&2
}
tcase_or_stop "a VPC takes 5,000 CIDRs, many to a vpc cidr add" test_add

run vpcpeerctl vpc add small vrf vrf-small cidr 172.16.0.0/16 cidr fd10::/16

# The one VPC, then every VPC: each CIDR exactly once.
test_show_big() {
	start=$SECONDS
	out=$(vpcpeerctl -j vpc show big)
	echo "vpc show big: $(wc -c <<<"$out") bytes in $((SECONDS - start)) s" >&2
	check_listing "vpc show big" "$expected" "$(listed_cidrs <<<"$out")"
	assert_contains "$out" '"big"'
}
tcase "vpc show of the VPC lists each of its CIDRs exactly once" test_show_big

test_show_all() {
	out=$(vpcpeerctl -j vpc show)
	check_listing "vpc show" "$expected" "$(listed_cidrs <<<"$out")"
	assert_contains "$out" '"big"'
	assert_contains "$out" '"small"'
	assert_contains "$out" '"172.16.0.0/16"'
	assert_contains "$out" '"fd10::/16"'
}
tcase "so does the dump of every VPC, beside the other VPC's" test_show_all

# Peering checks all of them: an overlap with the last one is found...
test_overlap_last() {
	run vpcpeerctl vpc add other vrf vrf-other cidr 172.17.0.0/16 cidr "fd00:$(printf %x "$N6")::/48"
	expect_fail "overlaps" vpcpeerctl peering add bo big other
	expect_fail "fd00:$(printf %x "$N6")::/32" vpcpeerctl peering add bo big other
}
tcase "peering checks all of them: an overlap with the last one is found" test_overlap_last

# ...and a disjoint VPC peers.
test_disjoint() {
	run vpcpeerctl peering add bs big small
	out=$(run vpcpeerctl -j peering show bs)
	assert_contains "$out" '"bs"'
	# A CIDR overlapping the peer's many is refused.
	expect_fail "overlaps" vpcpeerctl vpc cidr add small 10.9.195.128/25
}
tcase_or_stop "a disjoint VPC peers; a CIDR overlapping the peer's many is refused" test_disjoint

# Removing some: the rest are still listed exactly once.
test_removed() {
	left=("${all[@]}")
	for i in 0 1234 $((N4 - 1)) "$N4" $((total - 1)); do
		run vpcpeerctl vpc cidr del big "${all[i]}"
		unset "left[$i]"
	done
	expected=$(printf '%s\n' "${left[@]}" | sort)
	assert_eq "$(wc -l <<<"$expected")" 4995 "CIDRs left"
	out=$(vpcpeerctl -j vpc show big)
	check_listing "vpc show big after removals" "$expected" "$(listed_cidrs <<<"$out")"
}
tcase_or_stop "after some are removed, the rest are listed exactly once" test_removed

# Deleting the VPC deletes its peering and all its CIDRs.
test_deleted() {
	run vpcpeerctl vpc del big
	! ip link show bs-a 2>/dev/null || false
	out=$(vpcpeerctl -j vpc show)
	assert_eq "$(listed_cidrs <<<"$out" | grep -c . || true)" 0 "CIDRs listed after vpc del"
	assert_contains "$out" '"small"'
}
tcase "deleting the VPC deletes its peering and all its CIDRs" test_deleted
