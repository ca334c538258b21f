#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Peering across hosts over FRR BGP EVPN (Documentation/multihost.rst).
# Three hypervisors hv1..hv3 as namespaces on one underlay; VPCs A, B and C
# carried on all three, peerings A-B and B-C on all three (one vpcpeer
# configuration everywhere); A's VM on hv1, B's on hv2, C's on hv3, and an
# on-prem network behind B on hv3 (its edge). One L3VNI per VPC, type-5
# routes, each VPC advertising only its own CIDRs. Each check is made on
# the host where it must happen:
#   - A <-> B across hosts, both families, both ways: the request crosses
#     the peering on hv1 and leaves on B's L3VNI, the reply crosses on hv2
#     and leaves on A's;
#   - A -> C through B fails even with a rogue route in hv1's VRF A,
#     counted dst_not_peer on hv1;
#   - the on-prem prefix is advertised in B's L3VNI only: B reaches it, no
#     VRF A has it, on-prem -> A is dropped src_not_local on hv3;
#   - no EVPN RIB ever holds a prefix outside its VPC's CIDRs, even with
#     "redistribute kernel" (the peering routes are kernel routes to FRR)
#     stopped by the route-map alone;
#   - vpcpeerctl frr guard follows a CIDR change into the type-5 routes;
#   - FRR killed and restarted on hv2: routes and traffic come back, the
#     vpcpeer state untouched;
#   - the peering deleted on hv1 stops exactly the crossings starting there.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"
# shellcheck source=fleet.sh
. "$VPCPEER_TESTS/multihost/fleet.sh"

at_exit fleet_cleanup

section "three hosts, VPCs A, B and C with peerings A-B and B-C on each"
run modprobe vpcpeer
fleet_underlay
for n in 1 2 3; do
	fleet_host "$n"
	fleet_vpc "$n" a 1
	fleet_vpc "$n" b 2
	fleet_vpc "$n" c 3
	TOPO_NS=hv$n make_peering ab a b
	TOPO_NS=hv$n make_peering bc b c
done
# The tenants' VMs, and B's on-prem network at its edge, hv3.
TOPO_NS=hv1 make_host a a 10.1 fd00:1
TOPO_NS=hv2 make_host b b 10.2 fd00:2
TOPO_NS=hv3 make_host c c 10.3 fd00:3
TOPO_NS=hv3 make_host onprem b 10.200 fd00:200
# The edge lets B advertise the on-prem prefixes too: its own entry of
# route-map OWN-b, beside the two vpcpeerctl frr guard writes.
for n in 1 2 3; do
	fleet_frr_conf "$n"
done
cat >>/etc/frr/hv3/frr.conf <<-EOF
	ip prefix-list ONPREM-b-v4 seq 10 permit 10.200.0.0/16 le 32
	ipv6 prefix-list ONPREM-b-v6 seq 10 permit fd00:200::/48 le 128
	route-map OWN-b permit 30
	 match ip address prefix-list ONPREM-b-v4
	exit
	route-map OWN-b permit 40
	 match ipv6 address prefix-list ONPREM-b-v6
	exit
EOF
echo "hv1's frr.conf:" >&2
sed 's/^/  | /' /etc/frr/hv1/frr.conf >&2

# What each host's EVPN RIB must hold once converged: each VM's subnets in
# its VPC's VNI (1001 A, 1002 B, 1003 C), the on-prem ones in B's.
expected="1001 10.1.1.0/24
1001 fd00:1:0:1::/64
1002 10.2.1.0/24
1002 10.200.1.0/24
1002 fd00:200:0:1::/64
1002 fd00:2:0:1::/64
1003 10.3.1.0/24
1003 fd00:3:0:1::/64"

# converged: every host's EVPN RIB is complete, and each VM's subnets are
# in its VPC's VRF on the other hosts.
converged() {
	has_route 2 a 10.1.1.0/24 && has_route 3 a fd00:1:0:1::/64 &&
		has_route 1 b 10.2.1.0/24 fd00:2:0:1::/64 &&
		has_route 3 b 10.2.1.0/24 && has_route 2 b 10.200.1.0/24 &&
		has_route 2 c 10.3.1.0/24 fd00:3:0:1::/64 &&
		evpn_everywhere "$expected"
}

test_converged() {
	section "FRR started on every host"
	fleet_frr_start_all
	start=$(now_ms)
	if ! fleet_wait 60 converged; then
		for n in 1 2 3; do
			echo "hv$n's EVPN RIB:" >&2
			evpn_routes "$n" >&2 || true
			vty "$n" 'show bgp summary' >&2 || true
		done
		false
	fi
	echo "type-5 routes converged $(($(now_ms) - start)) ms after the last bgpd started" >&2
	for n in 1 2 3; do
		echo "hv$n: EVPN RIB as expected:" >&2
		evpn_routes "$n" | sed 's/^/  /' >&2
	done
}
tcase_or_stop "FRR started on every host, the type-5 routes converge" test_converged

# --- A on hv1 <-> B on hv2, both families, both ways. The request crosses
# the peering on its source host and leaves on the destination VPC's L3VNI;
# the reply crosses on the other host and comes back on A's (or B's).
test_a_b() {
	section "A (hv1) <-> B (hv2): each crossing on its source host"
	for dst in "$(host4 b)" "$(host6 b)"; do
		fleet_mark
		ping_ok a "$dst"
		fleet_expect hv1:ab-a:tx=1 hv1:vx-b:tx=1 hv1:ab-b:tx=0 hv1:vx-a:tx=0 \
			hv2:ab-b:tx=1 hv2:vx-a:tx=1 hv2:ab-a:tx=0 hv2:vx-b:tx=0 \
			hv3:ab-a:tx=0 hv3:ab-b:tx=0
	done
	for dst in "$(host4 a)" "$(host6 a)"; do
		fleet_mark
		ping_ok b "$dst"
		fleet_expect hv2:ab-b:tx=1 hv2:vx-a:tx=1 hv2:ab-a:tx=0 hv2:vx-b:tx=0 \
			hv1:ab-a:tx=1 hv1:vx-b:tx=1 hv1:ab-b:tx=0 hv1:vx-a:tx=0 \
			hv3:ab-a:tx=0 hv3:ab-b:tx=0
	done
	# B and C across hosts too (hv2 <-> hv3).
	ping_ok b "$(host4 c)"
	ping_ok c "$(host6 b)"
}
tcase "A (hv1) <-> B (hv2): each crossing on its source host; B <-> C" test_a_b

# --- Not transitive across hosts: a rogue route in hv1's VRF A sends C's
# CIDRs into the peering with B; hv1's verdict drops it, nothing leaves.
test_not_transitive() {
	section "A (hv1) -> C (hv3) through B, with a rogue route on hv1"
	TOPO_NS=hv1 route_vpc a ab-a c
	fleet_mark
	ping_fails a "$(host4 c)"
	ping_fails a "$(host6 c)"
	fleet_expect hv1:ab-a:dst_not_peer=2 hv1:vx-b:tx=0 hv1:vx-c:tx=0 hv1:bc-a:tx=0
	run ip -n hv1 route del 10.3.0.0/16 vrf vrf-a
	run ip -n hv1 -6 route del fd00:3::/48 vrf vrf-a
}
tcase "A (hv1) -> C (hv3) through B, with a rogue route on hv1: dst_not_peer" test_not_transitive

# --- The on-prem network behind B's edge (hv3): B reaches it over B's
# L3VNI, no VRF A holds it, and on-prem -> A is stopped at the edge.
test_onprem() {
	section "on-prem behind B at hv3"
	fleet_mark
	ping_ok b 10.200.1.2
	ping_ok b fd00:200:0:1::2
	fleet_expect hv2:vx-b:tx=2 hv2:ab-b:tx=0 hv2:bc-a:tx=0
	for n in 1 2 3; do
		echo "+ hv$n's VRF A has no route into 10.200.0.0/16 or fd00:200::/48" >&2
		routes=$(ip -n "hv$n" route show vrf vrf-a; ip -n "hv$n" -6 route show vrf vrf-a)
		if [[ $routes == *10.200.* || $routes == *fd00:200:* ]]; then
			printf '%s\n' "$routes" >&2
			false
		fi
	done
	fleet_mark
	ping_fails onprem "$(host4 a)"
	ping_fails onprem "$(host6 a)"
	fleet_expect hv3:ab-b:src_not_local=2 hv3:vx-a:tx=0
}
tcase "on-prem behind B at hv3: B reaches it, no VRF A has it, it cannot reach A" test_onprem

# --- The guard: "redistribute kernel" in hv1's VRF A hands bgpd the
# peering's routes to B (kernel routes to zebra) and the unreachable
# defaults; route-map OWN-a lets out only a route inside A's CIDRs.
test_redistribute() {
	section "redistribute kernel on hv1: the route-map stops the peer's CIDRs"
	run ip -n hv1 route add 10.1.99.0/24 vrf vrf-a dev r-a
	run vty 1 'configure terminal' 'router bgp 65000 vrf vrf-a' \
		'address-family ipv4 unicast' 'redistribute kernel' 'exit-address-family' \
		'address-family ipv6 unicast' 'redistribute kernel' 'exit-address-family'
	expected_kernel=$(printf '%s\n1001 10.1.99.0/24' "$expected" | sort)
	echo "+ every EVPN RIB: the VPCs' own routes and 10.1.99.0/24, no peer CIDR" >&2
	fleet_wait 30 evpn_everywhere "$expected_kernel"
	# bgpd did take the peering's route to B from the kernel: only the
	# route-map kept it out of A's L3VNI.
	echo "+ hv1's BGP VRF A holds the peering's route 10.2.0.0/16" >&2
	vty 1 'show bgp vrf vrf-a ipv4 unicast 10.2.0.0/16 json' |
		jq -e '.paths | length > 0' >/dev/null
	run vty 1 'configure terminal' 'router bgp 65000 vrf vrf-a' \
		'address-family ipv4 unicast' 'no redistribute kernel' 'exit-address-family' \
		'address-family ipv6 unicast' 'no redistribute kernel' 'exit-address-family'
	run ip -n hv1 route del 10.1.99.0/24 vrf vrf-a
	fleet_wait 30 evpn_everywhere "$expected"
}
tcase_or_stop "redistribute kernel on hv1: the route-map stops the peer's CIDRs" test_redistribute

# in_bgp: hv1's BGP VRF A has the subnet of the new CIDR.
in_bgp() {
	vty 1 'show bgp vrf vrf-a ipv4 unicast 10.11.1.0/24 json' |
		jq -e '.paths | length > 0'
}
# guard_all: every host feeds its vpcpeerctl frr guard to its FRR, all
# at once.
guard_all() {
	local n pid pids=()
	for n in 1 2 3; do
		{
			vpcpeerctl -n "hv$n" frr guard >"$FLEET_TMP/guard-hv$n.conf" &&
				run vtysh -N "hv$n" -f "$FLEET_TMP/guard-hv$n.conf"
		} &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
}

# --- vpcpeerctl frr guard follows a CIDR change. A gains 10.11.0.0/16 on
# every host and a subnet of it on hv1: bgpd has the subnet, but the guard
# written at start keeps it out of the L3VNI until the new one is fed in.
test_guard() {
	section "a CIDR change, and vpcpeerctl frr guard"
	for n in 1 2 3; do
		run vpcpeerctl -n "hv$n" vpc cidr add a 10.11.0.0/16
	done
	run ip -n hv1 addr add 10.11.1.1/24 dev r-a
	fleet_wait 30 in_bgp
	sleep 3	# bgpd exports a new route at once: give it time to show
	echo "+ every EVPN RIB: no 10.11.1.0/24 with the old guard" >&2
	evpn_everywhere "$expected"
	guard_all
	echo "hv1's guard for A:" >&2
	vpcpeerctl -n hv1 frr guard a | sed 's/^/  | /' >&2
	grep -qx 'ip prefix-list OWN-a-v4 seq 20 permit 10.11.0.0/16 le 32' "$FLEET_TMP/guard-hv1.conf"
	expected_cidr=$(printf '%s\n1001 10.11.1.0/24' "$expected" | sort)
	fleet_wait 30 evpn_everywhere "$expected_cidr"
	echo "  every EVPN RIB has A's new subnet added, and nothing else" >&2
	# And back: the CIDR removed, the guard fed again, the subnet withdrawn
	# though still connected in hv1's VRF A.
	for n in 1 2 3; do
		run vpcpeerctl -n "hv$n" vpc cidr del a 10.11.0.0/16
	done
	guard_all
	fleet_wait 30 evpn_everywhere "$expected"
	echo "  every EVPN RIB is back to the VPCs' own routes" >&2
	run ip -n hv1 addr del 10.11.1.1/24 dev r-a
}
tcase_or_stop "a CIDR change, and vpcpeerctl frr guard following it" test_guard

# no_b_route: hv1 has lost the route to B's VM.
no_b_route() {
	! has_route 1 b 10.2.1.0/24
}

# --- FRR killed on hv2 (bgpd, staticd, zebra) and started again: the
# other hosts lose B's VM's routes, then everything comes back; vpcpeer's
# state on hv2 is untouched throughout.
test_frr_restart() {
	section "FRR restart on hv2"
	saved=$(SOURCE_DATE_EPOCH=0 vpcpeerctl -n hv2 save)
	restart=$(now_ms)
	fleet_frr_stop 2
	fleet_wait 30 no_b_route
	ping_fails a "$(host4 b)"
	fleet_frr_start 2
	fleet_wait 60 converged
	ping_ok a "$(host4 b)"
	ping_ok a "$(host6 b)"
	ping_ok b "$(host4 c)"
	echo "FRR restart on hv2: routes and traffic back $(($(now_ms) - restart)) ms after the kill" >&2
	assert_eq "$(SOURCE_DATE_EPOCH=0 vpcpeerctl -n hv2 save)" "$saved" "vpcpeer state on hv2"
}
tcase_or_stop "FRR restart on hv2: routes and traffic back, vpcpeer untouched" test_frr_restart

# --- The peering deleted on hv1 only: the crossings that start on hv1 stop
# (A's requests, and A's replies to B), those starting on hv2 go on (B's
# requests still reach A's VM), and B-C is untouched.
test_deleted_hv1() {
	section "peering ab deleted on hv1 only"
	run vpcpeerctl -n hv1 peering del ab
	fleet_mark
	rx=$(echo_requests a)
	ping_fails a "$(host4 b)"
	ping_fails b "$(host4 a)"
	fleet_expect hv2:ab-b:tx=1 hv2:vx-a:tx=1 hv1:vx-b:tx=0
	assert_eq "$(($(echo_requests a) - rx))" 1 "B's echo requests that reached A's VM"
	ping_ok b "$(host4 c)"
	ping_ok c "$(host6 b)"
	TOPO_NS=hv1 make_peering ab a b
	ping_ok a "$(host4 b)"
	ping_ok b "$(host6 a)"
}
tcase "peering ab deleted on hv1 only: the crossings starting there stop" test_deleted_hv1

section "what a host carries"
for n in 1 2 3; do
	echo "hv$n: $(ip -n "hv$n" -o link show | wc -l) netdevices for 3 VPCs and 2 peerings; $(fleet_rss "$n")" >&2
done
