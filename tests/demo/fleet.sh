#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "make demo-fleet" scenario, run as root inside the test VM by
# tests/demo/run --fleet: the hub-and-spoke of "make demo" spread over three
# hypervisors (network namespaces hv1..hv3) that carry the VPCs between
# them with FRR's BGP EVPN, as Documentation/multihost.rst describes. Each
# step prints what it shows and the real commands, then checks that the
# outcome is the one narrated, on the host where it must happen; the first
# mismatch ends the demo with a non-zero exit status.
#
# Not under tests/integration/ or tests/multihost/: "make check" runs
# tests/multihost/peering.sh, which checks all of this and more.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"
# shellcheck source=../multihost/fleet.sh
. "$VPCPEER_TESTS/multihost/fleet.sh"

STEP=0
QUIET=$(mktemp)
trap 'demo_failed "$LINENO" "$BASH_COMMAND"' ERR
trap fleet_cleanup EXIT

demo_failed() {
	[[ -s $QUIET ]] && cat "$QUIET"
	printf '\nDEMO FAILED at step %d (line %d: %s)\n' "$STEP" "$1" "$2"
}

step() {
	STEP=$((STEP + 1))
	printf '\n==== %d. %s   [%d s]\n' "$STEP" "$1" "$SECONDS"
}

# say TEXT...: narration.
say() {
	printf '   %s\n' "$@"
}

# quietly CMD...: the setup's commands, their output shown on a failure
# only (in this shell: the helpers keep state in variables).
quietly() {
	"$@" >"$QUIET" 2>&1
	: >"$QUIET"
}

step "Three hypervisors, three VPCs on each, the same vpcpeer configuration"
say "hv1, hv2 and hv3 are network namespaces on one underlay bridge" \
    "(10.255.0.1-3). Each carries VPCs prod (10.1.0.0/16, fd00:1::/48)," \
    "shared (10.2.0.0/16, fd00:2::/48) and dev (10.3.0.0/16, fd00:3::/48):" \
    "a VRF, an SVI bridge and a VXLAN device of the VPC's L3VNI (1001-1003)" \
    "each, and the peerings prod-shared (ps) and shared-dev (sd)." \
    "prod's VM runs on hv1, shared's on hv2, dev's on hv3."
quietly run modprobe vpcpeer
quietly fleet_underlay
for n in 1 2 3; do
	quietly fleet_host "$n"
	quietly fleet_vpc "$n" prod 1
	quietly fleet_vpc "$n" shared 2
	quietly fleet_vpc "$n" dev 3
	TOPO_NS=hv$n quietly make_peering ps prod shared
	TOPO_NS=hv$n quietly make_peering sd shared dev
done
TOPO_NS=hv1 quietly make_host prod prod 10.1 fd00:1
TOPO_NS=hv2 quietly make_host shared shared 10.2 fd00:2
TOPO_NS=hv3 quietly make_host dev dev 10.3 fd00:3
run vpcpeerctl -n hv1 peering show

step "FRR on every host: each VPC advertises its own prefixes only"
say "zebra, staticd and bgpd run in each host's namespace. Each VPC's BGP" \
    "VRF instance redistributes its connected subnets into its L3VNI as" \
    "type-5 routes, through the route-map vpcpeerctl frr guard writes:"
run vpcpeerctl -n hv1 frr guard prod
for n in 1 2 3; do
	fleet_frr_conf "$n"
done
quietly fleet_frr_start_all
start=$(now_ms)
want="1001 10.1.1.0/24
1001 fd00:1:0:1::/64
1002 10.2.1.0/24
1002 fd00:2:0:1::/64
1003 10.3.1.0/24
1003 fd00:3:0:1::/64"
complete() {
	local n
	for n in 1 2 3; do
		[[ $(evpn_routes "$n") == "$want" ]] || return 1
	done
	has_route 1 shared 10.2.1.0/24 && has_route 2 prod fd00:1:0:1::/64 &&
		has_route 2 dev 10.3.1.0/24
}
fleet_wait 90 complete
say "Converged $(($(now_ms) - start)) ms after the last bgpd started." \
    "hv1's EVPN RIB, as VNI and prefix (the same on every host):"
evpn_routes 1 | sed 's/^/    /'
say "hv1's VRF shared reaches shared's VM on hv2 over the fabric, and" \
    "prod and dev only through the peerings' endpoints:"
run ip -n hv1 route show vrf vrf-shared

step "prod (hv1) -> shared (hv2): judged on hv1, carried in shared's L3VNI"
fleet_mark
run hx prod ping -c 1 -W 3 "$(host4 shared)"
fleet_expect hv1:ps-a:tx=1 hv1:vx-shared:tx=1 hv2:ps-b:tx=1 hv2:vx-prod:tx=1 \
	hv2:ps-a:tx=0 hv1:ps-b:tx=0
say "The request crossed ps on hv1 and left in VNI 1002; the reply crossed" \
    "ps on hv2, its own source host, and came back in VNI 1001."
run hx shared ping -c 1 -W 3 "$(host6 prod)"

step "prod -> dev through shared: dropped on hv1, even with a rogue route"
say "A route in hv1's VRF prod sends dev's CIDRs into the peering with shared:"
TOPO_NS=hv1 quietly route_vpc prod ps-a dev
run ip -n hv1 route show vrf vrf-prod 10.3.0.0/16
fleet_mark
ping_fails prod "$(host4 dev)"
fleet_expect hv1:ps-a:dst_not_peer=1 hv1:vx-shared:tx=0 hv1:vx-dev:tx=0
say "Counted dst_not_peer on hv1's ps-a; nothing left hv1."
run vpcpeerctl -n hv1 -s peering show ps

step "The guard: a peer's CIDR never enters a VPC's L3VNI"
say "With redistribute kernel, bgpd takes vpcpeer's routes too (zebra sees" \
    "them as kernel routes); the route-map alone keeps them out of EVPN."
run vty 1 'configure terminal' 'router bgp 65000 vrf vrf-prod' \
	'address-family ipv4 unicast' 'redistribute kernel' 'exit-address-family'
in_bgp() {
	vty 1 'show bgp vrf vrf-prod ipv4 unicast 10.2.0.0/16 json' |
		jq -e '.paths | length > 0'
}
fleet_wait 30 in_bgp
run vtysh -N hv1 -c 'show bgp vrf vrf-prod ipv4 unicast 10.2.0.0/16'
sleep 3
for n in 1 2 3; do
	echo "+ hv$n's EVPN RIB holds no 10.2.0.0/16 or 10.3.0.0/16 in VNI 1001" >&2
	[[ $(evpn_routes "$n") == "$want" ]]
done
say "Every EVPN RIB is unchanged."

step "The peering deleted on hv1 only"
say "Each host judges the crossings that start on it: without ps on hv1," \
    "prod's VM can reach nothing in shared, while shared's requests still" \
    "cross on hv2 and reach prod's VM (whose replies, starting on hv1, do not)."
run vpcpeerctl -n hv1 peering del ps
ping_fails prod "$(host4 shared)"
rx=$(echo_requests prod)
ping_fails shared "$(host4 prod)"
assert_eq "$(($(echo_requests prod) - rx))" 1 "shared's request reached prod's VM"
say "Pushed to hv1 again, the peering works both ways:"
TOPO_NS=hv1 quietly make_peering ps prod shared
run hx prod ping -c 1 -W 3 "$(host4 shared)"

trap - ERR
printf '\nDemo complete in %d s: every step behaved as narrated.\n' "$SECONDS"
