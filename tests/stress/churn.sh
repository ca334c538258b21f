#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Churn under traffic: for STRESS_SECONDS (default 15; "make stress": 60)
# an iperf3 stream and a flood ping cross the steady peering between VPCs
# a and b, while workers loop: two build and tear down their own VRFs,
# VPCs, CIDRs, peerings (routes auto) and routes, set endpoints and
# peerings down and up (one tears down by deleting its VRFs under live
# objects), one adds and deletes CIDRs on the steady VPCs themselves, and
# one dumps everything. Every churn operation must succeed (each worker owns
# its objects), every dump must parse; afterwards the steady pair passes
# traffic both ways, its drop counters did not move (its traffic is all
# valid) and agree with the endpoints' standard statistics, and nothing of
# the churn is left. The rig fails the run on a splat or a kmemleak report.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"
# shellcheck source=common.sh
. "$VPCPEER_TESTS/stress/common.sh"

duration=${STRESS_SECONDS:-15}

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b
ping_ok a "$(host4 b)"
ping_ok b "$(host6 a)"
drops_mark
slab_before=$(slab_kb)

# churn_objects ID TABLE X VRFDEL: loop until the deadline: VRFs vrf-ID1,
# vrf-ID2, VPCs ID1 (10.X.0.0/16) and ID2 (10.X+1.0.0/16), a peering ID
# with routes auto, CIDR, route, endpoint and peering state changes; torn
# down by deleting the VPCs, or with VRFDEL=1 the VRFs under them.
churn_objects() {
	local id=$1 table=$2 x=$3 vrfdel=$4 end ops=0 errors=0 i=0 y
	end=$(deadline "$duration")
	while ((SECONDS < end)); do
		y=$((i % 200))
		i=$((i + 1))
		ip -batch - <<-EOF || errors=$((errors + 1))
			link add vrf-${id}1 type vrf table $table
			link set vrf-${id}1 up
			link add vrf-${id}2 type vrf table $((table + 1))
			link set vrf-${id}2 up
		EOF
		ops=$((ops + 4))
		vpcpeerctl -b - <<-EOF || errors=$((errors + 1))
			vpc add ${id}1 vrf vrf-${id}1 cidr 10.$x.0.0/16 cidr fd00:$x::/48
			vpc add ${id}2 vrf vrf-${id}2 cidr 10.$((x + 1)).0.0/16
			vpc cidr add ${id}1 10.$((x + 2)).$y.0/24 fd00:$((x + 2)):$y::/64
			peering add $id ${id}1 ${id}2 routes auto
			vpc cidr add ${id}2 10.$((x + 3)).$y.0/24
			route add ${id}1 10.$((x + 3)).$y.128/25 peering $id metric 10
			peering set $id down
			peering set $id up
			vpc cidr del ${id}1 10.$((x + 2)).$y.0/24 fd00:$((x + 2)):$y::/64
			route del ${id}1 10.$((x + 3)).$y.128/25 peering $id metric 10
			peering show $id
		EOF
		ops=$((ops + 11))
		ip -batch - <<-EOF || errors=$((errors + 1))
			link set $id-a down
			link set $id-b down
			link set $id-a up
			link set $id-b up
			route add 10.$((x + 4)).$y.0/24 vrf vrf-${id}1 dev $id-a
			route del 10.$((x + 4)).$y.0/24 vrf vrf-${id}1 dev $id-a
		EOF
		ops=$((ops + 6))
		if [[ $vrfdel = 1 ]]; then
			ip -batch - <<-EOF || errors=$((errors + 1))
				link del vrf-${id}1
				link del vrf-${id}2
			EOF
			ops=$((ops + 2))
		else
			vpcpeerctl -b - <<-EOF || errors=$((errors + 1))
				peering del $id
				vpc del ${id}1
				vpc del ${id}2
			EOF
			ip -batch - <<-EOF || errors=$((errors + 1))
				link del vrf-${id}1
				link del vrf-${id}2
			EOF
			ops=$((ops + 5))
		fi
	done
	tally "$id" "$ops" "$errors"
}

# churn_steady: CIDRs added to and deleted from the steady VPCs (outside
# what their traffic uses) while it flows.
churn_steady() {
	local end ops=0 errors=0 y=0
	end=$(deadline "$duration")
	while ((SECONDS < end)); do
		y=$(((y + 1) % 250))
		vpcpeerctl -b - <<-EOF || errors=$((errors + 1))
			vpc cidr add a 10.50.$y.0/24 fd00:50:$y::/64
			vpc cidr add b 10.51.$y.0/24
			vpc cidr del a 10.50.$y.0/24 fd00:50:$y::/64
			vpc cidr del b 10.51.$y.0/24
		EOF
		ops=$((ops + 4))
	done
	tally steady "$ops" "$errors"
}

# dumper: every dump, parsed, in a loop.
dumper() {
	local end ops=0 errors=0
	end=$(deadline "$duration")
	while ((SECONDS < end)); do
		if vpcpeerctl -j -b - <<<$'vpc show\npeering show\nroute show' |
			jq -e -s 'length == 3' >/dev/null; then
			ops=$((ops + 3))
		else
			errors=$((errors + 1))
		fi
	done
	tally dump "$ops" "$errors"
}

iperf_server b
hx_bg a iperf3 -c "$(host4 b)" -t "$duration" -J >"$STRESS_TMP/iperf.json" 2>&1
iperf_client=$!
hx_bg b ping -f -q -w "$duration" "$(host4 a)" >"$STRESS_TMP/flood" 2>&1
flood_pid=$!
start=$SECONDS
worker ca churn_objects ca 301 110 0
worker cb churn_objects cb 311 120 1
worker steady churn_steady
worker dump dumper
workers_ok=0
wait_workers || workers_ok=1
wait "$iperf_client" || true
wait "$flood_pid" || true
stop_bg "$IPERF_PID"
elapsed=$((SECONDS - start))

ops=$(sum_counts ops ca cb steady dump)
errors=$(sum_counts errors ca cb steady dump)
for w in ca cb steady dump; do
	echo "$w: $(counts "$w")"
done
show_errors ca cb steady dump
iperf_bytes=$(jq -r '.end.sum_received.bytes // 0' "$STRESS_TMP/iperf.json" 2>/dev/null || echo 0)
flood=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 \2/p' "$STRESS_TMP/flood")
read -r sent received <<<"${flood:-0 0}"
cat "$STRESS_TMP/flood" >&2

# The churn did its work, without a failure, while traffic flowed.
assert_eq "$workers_ok" 0 "workers' exit status"
assert_eq "$errors" 0 "failed churn operations"
((ops > 0))
((iperf_bytes > 0)) || { echo "iperf3 moved nothing:" >&2; cat "$STRESS_TMP/iperf.json" >&2; false; }
((received > 0)) || { echo "the flood ping got no reply" >&2; false; }

# Nothing of the churn is left; the steady pair is as it was.
assert_eq "$(vpcpeerctl -j vpc show | jq -r '[.[].name] | sort | join(" ")')" "a b" "VPCs left"
assert_eq "$(vpcpeerctl -j peering show | jq -r '[.[].name] | join(" ")')" "ab" "peerings left"
assert_eq "$(endpoints | sort | tr '\n' ' ')" "ab-a ab-b " "endpoints left"
assert_eq "$(vpcpeerctl -j vpc show a | jq -r '.[0].cidrs | length')" 2 "CIDRs of a"

# Still passes traffic, and its counters add up: valid traffic only, so
# not one drop, and the drops agree with the standard statistics.
ping_ok a "$(host4 b)"
ping_ok b "$(host6 a)"
drops_expect
drops_in_stats
rx_packets=$(<"/sys/class/net/ab-b/statistics/rx_packets")
slab_after=$(slab_kb)
echo "STRESS churn: seconds=$elapsed ops=$ops ops_per_s=$((ops / (elapsed > 0 ? elapsed : 1))) errors=$errors" \
	"$(for w in ca cb steady dump; do printf '%s_%s ' "$w" "$(counts "$w" | tr ' ' ',')"; done)" \
	"iperf_bytes=$iperf_bytes flood_sent=$sent flood_received=$received" \
	"ab_b_rx_packets=$rx_packets drops=0 slab_kb_before=$slab_before slab_kb_after=$slab_after"
