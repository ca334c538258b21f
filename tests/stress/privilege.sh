#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Privilege and limits. An unprivileged user (nobody) can read everything
# but every change is refused (EPERM) and changes nothing; root of a user
# namespace manages the objects of its own network namespace, but changes
# nothing in the initial one (EPERM); the per-namespace limits max_vpcs,
# max_peerings and max_cidrs_per_vpc hold against loops that try to go
# past them (ENOSPC, state at the limit), each namespace counted on its
# own; and the memory of CIDRs is charged to the memory cgroup of the
# process that added them. nobody's attempts loop for at most STRESS_SECONDS
# (default 10).
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"
# shellcheck source=common.sh
. "$VPCPEER_TESTS/stress/common.sh"

duration=${STRESS_SECONDS:-10}
max_vpcs=8
max_peerings=4
max_cidrs=16

run modprobe vpcpeer max_vpcs=$max_vpcs max_peerings=$max_peerings max_cidrs_per_vpc=$max_cidrs
for i in 1 2 3 4 5 6 7 8 9 10; do
	make_vrf "p$i" $((400 + i))
done
run vpcpeerctl vpc add p1 vrf vrf-p1 cidr 10.1.0.0/16
run vpcpeerctl vpc add p2 vrf vrf-p2 cidr 10.2.0.0/16
run vpcpeerctl peering add pp p1 p2
before=$(state)

# expect_eperm CMD...: CMD fails, saying the operation is not permitted.
expect_eperm() {
	expect_fail "Operation not permitted" "$@"
}

# (1) nobody reads, and changes nothing
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}
assert_eq "$(as_nobody vpcpeerctl -j vpc show | jq -r '[.[].name] | join(" ")')" "p1 p2" "nobody's VPC dump"
assert_eq "$(as_nobody vpcpeerctl -j peering show pp | jq -r '.[0].name')" "pp" "nobody's peering dump"
denied=0
end=$(deadline "$duration")
mutations=(
	"vpc add p3 vrf vrf-p3"
	"vpc del p1"
	"vpc cidr add p1 10.1.0.0/24"
	"vpc cidr add p1 10.9.0.0/16"
	"vpc cidr del p1 10.1.0.0/16"
	"peering add pq p1 p2"
	"peering del pp"
	"peering set pp down"
)
while :; do
	for m in "${mutations[@]}"; do
		# shellcheck disable=SC2086 # the words of the command
		expect_eperm as_nobody vpcpeerctl $m 2>/dev/null
		denied=$((denied + 1))
	done
	((SECONDS < end)) || break
	((denied < 200)) || break
done
assert_eq "$(state)" "$before" "state after nobody's attempts"

# (2) root of a user namespace: its own network namespace, not the initial one
run unshare -U -r bash -c '! vpcpeerctl vpc del p1 2>/tmp/userns.err'
assert_contains "$(</tmp/userns.err)" "Operation not permitted"
expect_eperm unshare -U -r vpcpeerctl peering set pp down
expect_eperm unshare -U -r vpcpeerctl vpc add p3 vrf vrf-p3
assert_eq "$(state)" "$before" "state after the user namespace's attempts on the initial one"
userns_out=$(unshare -U -r -n bash -c '
	set -e
	ip link add vrf-u type vrf table 10
	ip link set vrf-u up
	ip link add vrf-w type vrf table 11
	vpcpeerctl vpc add u vrf vrf-u cidr 10.200.0.0/16
	vpcpeerctl vpc add w vrf vrf-w cidr 10.201.0.0/16
	vpcpeerctl peering add uw u w
	vpcpeerctl peering set uw down
	vpcpeerctl vpc cidr add u 10.202.0.0/16
	vpcpeerctl -j vpc show | jq -r "[.[].name] | join(\" \")"
	vpcpeerctl -j peering show | jq -r ".[0].admin_up | tostring"
	vpcpeerctl vpc del u
	vpcpeerctl -j vpc show | jq -r "[.[].name] | join(\" \")"
')
echo "$userns_out" >&2
mapfile -t userns <<<"$userns_out"
assert_eq "${userns[0]}" "u w" "VPCs the user namespace made in its own namespace"
assert_eq "${userns[1]}" "false" "admin state the user namespace set"
assert_eq "${userns[2]}" "w" "VPCs after the user namespace deleted one"
assert_eq "$(state)" "$before" "the initial namespace after the user namespace worked in its own"

# (3) limits, per namespace
vpc_tries=0
vpc_nospc=0
for i in 3 4 5 6 7 8 9 10; do
	vpc_tries=$((vpc_tries + 1))
	if ! vpcpeerctl vpc add "p$i" vrf "vrf-p$i" cidr "10.$i.0.0/16" 2>"$STRESS_TMP/err"; then
		assert_contains "$(<"$STRESS_TMP/err")" "max_vpcs"
		vpc_nospc=$((vpc_nospc + 1))
	fi
done
assert_eq "$(vpcpeerctl -j vpc show | jq length)" $max_vpcs "VPCs at the limit"
assert_eq "$vpc_nospc" 2 "VPCs refused past the limit"
peering_tries=0
peering_nospc=0
for i in 3 4 5 6 7 8; do
	peering_tries=$((peering_tries + 1))
	if ! vpcpeerctl peering add "q$i" p1 "p$i" 2>"$STRESS_TMP/err"; then
		assert_contains "$(<"$STRESS_TMP/err")" "max_peerings"
		peering_nospc=$((peering_nospc + 1))
	fi
done
assert_eq "$(vpcpeerctl -j peering show | jq length)" $max_peerings "peerings at the limit"
assert_eq "$peering_nospc" 3 "peerings refused past the limit"
# one line a CIDR, four past the limit, in one process (the debug kernel is slow)
cidr_tries=$((max_cidrs + 4 - 1))
for ((i = 0; i < cidr_tries; i++)); do
	echo "vpc cidr add p3 10.100.$i.0/24"
done >"$STRESS_TMP/cidrs"
vpcpeerctl -force -b "$STRESS_TMP/cidrs" 2>"$STRESS_TMP/err" || true
cidr_nospc=$(grep -c 'max_cidrs_per_vpc' "$STRESS_TMP/err" || true)
assert_eq "$(grep -c vpcpeerctl: "$STRESS_TMP/err" || true)" "$cidr_nospc" "CIDR lines refused for another reason"
assert_eq "$cidr_nospc" 4 "CIDRs refused past the limit"
assert_eq "$(vpcpeerctl -j vpc show p3 | jq '.[0].cidrs | length')" $max_cidrs "CIDRs of p3 at the limit"
# a second namespace has its own count
run ip netns add lim
run ip -n lim link add vrf-x type vrf table 9
run ip netns exec lim vpcpeerctl vpc add x vrf vrf-x cidr 10.9.0.0/16
run ip netns del lim

# (4) CIDR memory is charged to the adder's memory cgroup
echo 1000000 >/sys/module/vpcpeer/parameters/max_cidrs_per_vpc
memcg=skipped
if grep -q memory /proc/filesystems 2>/dev/null || grep -q cgroup2 /proc/filesystems; then
	mkdir -p /sys/fs/cgroup
	grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts || mount -t cgroup2 none /sys/fs/cgroup
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	mkdir -p /sys/fs/cgroup/stress
	for ((i = 0; i < 4000; i++)); do
		printf 'vpc cidr add p2 10.%d.%d.0/24\n' $((128 + i / 256)) $((i % 256))
	done >"$STRESS_TMP/cidrs"
	slab() { awk '$1 == "slab" { print $2 }' /sys/fs/cgroup/stress/memory.stat; }
	charged_before=$(slab)
	(echo "$BASHPID" >/sys/fs/cgroup/stress/cgroup.procs && exec vpcpeerctl -b "$STRESS_TMP/cidrs")
	charged_after=$(slab)
	memcg=$((charged_after - charged_before))
	echo "slab charged to the cgroup: $charged_before -> $charged_after bytes" >&2
	# at least 16 bytes per CIDR (each takes a trie node or more)
	((memcg >= 4000 * 16)) || { echo "only $memcg bytes charged for 4000 CIDRs" >&2; false; }
	run vpcpeerctl vpc del p2
fi
echo "STRESS privilege: nobody_denied=$denied userns_own_ops=8 userns_initial_denied=3" \
	"vpc_tries=$vpc_tries vpc_enospc=$vpc_nospc peering_tries=$peering_tries" \
	"peering_enospc=$peering_nospc cidr_tries=$cidr_tries cidr_enospc=$cidr_nospc" \
	"memcg_slab_bytes_for_4000_cidrs=$memcg errors=0"
