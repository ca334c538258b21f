#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "make demo" scenario, run as root inside the test VM by tests/demo/run.
# A shared-services VPC peered with prod and dev (hub and spoke), one
# tenant host in a network namespace per VPC, and an on-premises network
# behind the shared VPC's VPN edge. Each step prints what it shows, the
# real commands and their real output, then checks that the outcome is the
# one narrated: pings that must pass pass, pings that must be dropped are,
# and the drop counter named rises by exactly one, while no other moves.
# The first mismatch ends the demo with a non-zero exit status.
#
# Not under tests/integration/, so "make check" does not run it as an
# integration script (tests/run runs it once, as a test of its own).
set -uo pipefail
# The drop counters' helpers (drops_mark, drops_expect), not the rest: the
# demo stops at its first mismatch by itself, with set -e off.
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

STEP=0
start=$(date +%s)

step() {
	STEP=$((STEP + 1))
	printf '\n==== %d. %s   [%d s]\n' "$STEP" "$1" $(($(date +%s) - start))
}

# say TEXT...: narration.
say() {
	printf '   %s\n' "$@"
}

fail() {
	printf '\nDEMO FAILED at step %d: %s\n' "$STEP" "$*"
	exit 1
}

# sh_ CMD...: print CMD as typed at a prompt, run it, indent its output;
# returns its exit status.
sh_() {
	local rc
	printf '# %s\n' "$*"
	"$@" 2>&1 | sed 's/^/    /'
	rc=${PIPESTATUS[0]}
	return "$rc"
}

# must CMD...: sh_, and CMD must succeed.
must() {
	sh_ "$@" || fail "command failed: $*"
}

# quiet CMD...: print CMD, run it, output only on failure (the setup).
quiet() {
	local out
	printf '# %s\n' "$*"
	out=$("$@" 2>&1) || {
		printf '%s\n' "$out"
		fail "command failed: $*"
	}
}

# reaches HOST DEST: host namespace h-HOST gets a reply from DEST.
reaches() {
	sh_ ip netns exec "h-$1" ping -c 1 -W 3 "$2" ||
		fail "h-$1 should have reached $2"
	say "-> reply: h-$1 reaches $2"
}

# blocked HOST DEST: h-HOST gets no reply from DEST.
blocked() {
	if sh_ ip netns exec "h-$1" ping -c 1 -W 1 "$2"; then
		fail "h-$1 reached $2, which it must not"
	fi
	say "-> no reply: h-$1 cannot reach $2"
}

# counter DEV REASON: an endpoint's drop counter.
counter() {
	[[ -r /sys/class/net/$1/vpcpeer/$2 ]] || fail "no counter /sys/class/net/$1/vpcpeer/$2"
	attr "$1" "$2"
}

# mark: remember every endpoint's drop counters.
mark() {
	drops_mark
}

# moved [DEV:REASON]...: since mark, each named counter rose by exactly
# one and no other counter of any endpoint moved.
moved() {
	local spec specs=()
	for spec; do
		specs+=("$spec=1")
	done
	drops_expect "${specs[@]}" || fail "drop counters (above) moved otherwise than narrated"
	if [[ $# -gt 0 ]]; then
		for spec; do
			say "-> counted: /sys/class/net/${spec%%:*}/vpcpeer/${spec#*:} is now $(counter "${spec%%:*}" "${spec#*:}")"
		done
	else
		say "-> no drop counter moved"
	fi
}

# batch [IP OPTIONS...] <<EOF: print the lines, then run them with one
# "ip -batch" (one ip process instead of one per line: TCG is slow).
batch() {
	local lines out
	lines=$(cat)
	printf '# ip %s-batch - <<EOF\n%s\nEOF\n' "${*:+$* }" "$lines"
	out=$(ip "$@" -batch - <<<"$lines" 2>&1) || {
		printf '%s\n' "$out"
		fail "ip -batch failed"
	}
}

# vrf NAME TABLE: a VRF with an unreachable default, so that nothing leaks
# to the main table.
vrf() {
	batch <<-EOF
		link add vrf-$1 type vrf table $2
		link set vrf-$1 up
		route add unreachable default metric 4278198272 vrf vrf-$1
	EOF
}

# host NAME VRF NET: tenant host h-NAME at NET.1.2/24 behind vrf-VRF,
# whose side is NET.1.1.
host() {
	quiet ip netns add "h-$1"
	batch <<-EOF
		link add r-$1 type veth peer name eth0 netns h-$1
		link set r-$1 master vrf-$2
		addr add $3.1.1/24 dev r-$1
		link set r-$1 up
	EOF
	batch -n "h-$1" <<-EOF
		link set lo up
		addr add $3.1.2/24 dev eth0
		link set eth0 up
		route add default via $3.1.1
	EOF
}

step "Load the module"
must modprobe vpcpeer
must vpcpeerctl version

step "Three tenant VRFs, one host each, and an on-premises network"
say "shared 10.9.0.0/16, prod 10.1.0.0/16, dev 10.2.0.0/16: one VRF each," \
	"with a tenant host (a network namespace) at .1.2 behind it. The" \
	"on-premises network 10.200.1.0/24 sits behind shared's VPN edge: it is" \
	"reachable from shared but is not one of shared's CIDRs."
quiet sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.default.rp_filter=0
vrf shared 10
vrf prod 11
vrf dev 12
host shared shared 10.9
host prod prod 10.1
host dev dev 10.2
host onprem shared 10.200

step "Attach each VRF as a VPC with the CIDRs it owns"
must vpcpeerctl vpc add shared vrf vrf-shared cidr 10.9.0.0/16
must vpcpeerctl vpc add prod vrf vrf-prod cidr 10.1.0.0/16
must vpcpeerctl vpc add dev vrf vrf-dev cidr 10.2.0.0/16
must vpcpeerctl vpc show

step "Peer prod and dev with shared (hub and spoke)"
say "Each peering makes two endpoints, NAME-a and NAME-b, one in each VRF;" \
	"\"routes auto\" routes each VPC's CIDRs into its side's endpoint."
must vpcpeerctl peering add prod-shared prod shared routes auto
must vpcpeerctl peering add dev-shared dev shared routes auto
must vpcpeerctl peering show
out=$(ip route show vrf vrf-shared)
must ip route show vrf vrf-shared
[[ $out == *"10.1.0.0/16 dev prod-shared-b proto vpcpeer"* &&
   $out == *"10.2.0.0/16 dev dev-shared-b proto vpcpeer"* ]] ||
	fail "shared's table lacks the routes to prod and dev"

step "prod and dev both reach shared, and shared reaches both"
mark
reaches prod 10.9.1.2
reaches dev 10.9.1.2
reaches shared 10.1.1.2
reaches shared 10.2.1.2
moved

step "prod cannot reach dev through shared, even with routes forced in"
say "Route dev's CIDR into the peering with shared in prod's VRF, and prod's" \
	"in dev's; shared already routes both. Peering is not transitive: the" \
	"packet is dropped as it crosses into shared, its destination not being" \
	"one of shared's CIDRs (dst_not_peer)."
must ip route add 10.2.0.0/16 vrf vrf-prod dev prod-shared-a
must ip route add 10.1.0.0/16 vrf vrf-dev dev dev-shared-a
mark
blocked prod 10.2.1.2
moved prod-shared-a:dst_not_peer
mark
blocked dev 10.1.1.2
moved dev-shared-a:dst_not_peer

step "No edge-to-edge routing: on-premises cannot reach prod through shared"
say "The on-premises network reaches shared's own host, and shared's VRF" \
	"routes prod's CIDR into the peering; prod even routes the reply back." \
	"But the source is not one of shared's CIDRs, so the packet is dropped" \
	"on its way into prod (src_not_local)."
must ip route add 10.200.0.0/16 vrf vrf-prod dev prod-shared-a
mark
reaches onprem 10.9.1.2
blocked onprem 10.1.1.2
moved prod-shared-b:src_not_local

step "Peering VPCs whose CIDRs overlap is refused"
say "A legacy VPC owns 10.1.128.0/20, inside prod's 10.1.0.0/16. VPCs may" \
	"overlap while they are not peered; peering them is refused by the" \
	"kernel, whose message names both prefixes, and nothing is created."
vrf legacy 13
must vpcpeerctl vpc add legacy vrf vrf-legacy cidr 10.1.128.0/20
printf '# %s\n' "vpcpeerctl peering add legacy-prod legacy prod"
err=$(vpcpeerctl peering add legacy-prod legacy prod 2>&1)
rc=$?
printf '%s\n' "$err" | sed 's/^/    /'
say "-> exit status $rc"
[[ $rc -eq 1 ]] || fail "exit status $rc, expected 1"
[[ $err == *"vpcpeerctl: "*"overlaps"* && $err == *10.1.128.0/20* &&
   $err == *10.1.0.0/16* ]] || fail "the refusal does not name both prefixes"
[[ ! -e /sys/class/net/legacy-prod-a && ! -e /sys/class/net/legacy-prod-b ]] ||
	fail "the refused peering left an endpoint behind"
sh_ vpcpeerctl peering show legacy-prod >/dev/null &&
	fail "the refused peering exists"
say "-> refused; no peering legacy-prod and no endpoint were created"

step "Where each drop went"
say "Routes into peerings are ordinary routes in the VRF tables (proto vpcpeer" \
	"for the ones vpcpeerctl made, the forced ones without):"
must ip route show vrf vrf-prod
say "An endpoint is a netdevice of kind vpcpeer, enslaved to its VPC's VRF:"
out=$(ip -d link show prod-shared-a)
must ip -d link show prod-shared-a
[[ $out == *"vpcpeer"* && $out == *"master vrf-prod"* ]] ||
	fail "ip -d link does not show a vpcpeer endpoint in vrf-prod"
say "Its sysfs directory: the peering, both VPCs, the state and one counter" \
	"per drop reason:"
must grep -r -H . /sys/class/net/prod-shared-a/vpcpeer/
say "The same counters for every endpoint, from the kernel over netlink:"
must vpcpeerctl -s peering show
json=$(vpcpeerctl -j -s peering show) || fail "vpcpeerctl -j -s peering show failed"
lines=$(jq -r '.[].endpoints[] | .ifname as $d | .drops | to_entries[] |
	"\($d) \(.key) \(.value)"' <<<"$json") || fail "cannot parse vpcpeerctl -j"
[[ $(wc -l <<<"$lines") -eq $(($(endpoints | wc -l) * ${#DROP_REASONS[@]})) ]] ||
	fail "vpcpeerctl -j does not list every endpoint's counters: $lines"
while read -r dev r n; do
	[[ $n == "$(counter "$dev" "$r")" ]] ||
		fail "vpcpeerctl says $dev $r=$n, sysfs says $(counter "$dev" "$r")"
done <<<"$lines"
[[ $(counter prod-shared-a dst_not_peer) == 1 && $(counter dev-shared-a dst_not_peer) == 1 &&
   $(counter prod-shared-b src_not_local) == 1 ]] ||
	fail "the counters do not add up to the drops shown"
say "-> prod-shared-a dst_not_peer 1 (prod to dev), dev-shared-a dst_not_peer 1" \
	"(dev to prod), prod-shared-b src_not_local 1 (on-premises to prod);" \
	"netlink and sysfs agree"

step "Restore at boot from a file"
say "A reboot loses the module's state; the VRFs and hosts come back with the" \
	"host's network configuration. vpcpeer.service then runs \"modprobe" \
	"vpcpeer\" and \"vpcpeerctl daemon /etc/vpcpeer.conf\", which syncs the" \
	"file and keeps the routes in step. Here: unload the module (every VPC," \
	"peering and their routes go), then do the sync the daemon starts with."
must rmmod vpcpeer
out=$(ip route show vrf vrf-prod)
[[ $out != *prod-shared* ]] || fail "routes through the endpoints outlived the module"
blocked prod 10.9.1.2
must cp "$VPCPEER_TESTS/demo/vpcpeer.conf" /etc/vpcpeer.conf
must cat /etc/vpcpeer.conf
must modprobe vpcpeer
must vpcpeerctl sync /etc/vpcpeer.conf
must vpcpeerctl route show
mark
reaches prod 10.9.1.2
reaches dev 10.9.1.2
moved
blocked prod 10.2.1.2
say "-> prod and dev reach shared again, and still not each other (no forced" \
	"route this time: prod's VRF has no route to dev at all)"

printf '\ndemo: all %d steps behaved as narrated (%d s in the VM)\n' "$STEP" \
	$(($(date +%s) - start))
