#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B3: route push. BENCH_ROUTES (default 10,000; the issue's 100,000 takes
# about 10 minutes a round under TCG) IPv4 and as many IPv6
# routes into VPC A's VRF table out of its peering endpoint, then deleted:
# "vpcpeerctl -b" against "ip -batch" given the same routes (same prefixes,
# device, protocol and metric; ip given the table by number), alternating rounds. The figure is ip's
# time over vpcpeerctl's; routes/s come along. Every round checks that the
# table really holds (and then no longer holds) all of them.
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"

n=${BENCH_ROUTES:-10000}
run modprobe vpcpeer
make_vrf A 101
make_vrf B 102
run vpcpeerctl vpc add A vrf vrf-A cidr 10.1.0.0/16 cidr fd00:1::/32
run vpcpeerctl vpc add B vrf vrf-B cidr 10.128.0.0/9 cidr fd00:2::/32
run vpcpeerctl peering add pp A B

dir=$(mktemp -d)
# The prefixes: /28s inside B's 10.128.0.0/9 and
# /64s inside fd00:2::/32.
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		a = 128 * 65536 + i * 16
		printf "10.%d.%d.%d/28\n", int(a / 65536) % 256, int(a / 256) % 256, a % 256
	}
}' >"$dir/p4"
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "fd00:2:%x:%x::/64\n", int(i / 65536), i % 65536
}' >"$dir/p6"
for f in 4 6; do
	sed 's|.*|route add A & peering pp|' "$dir/p$f" >"$dir/vp$f.add"
	sed 's|.*|route del A & peering pp|' "$dir/p$f" >"$dir/vp$f.del"
	sed 's|.*|route add & table 101 dev pp-a proto vpcpeer|' "$dir/p$f" >"$dir/ip$f.add"
	sed 's|.*|route del & table 101 dev pp-a proto vpcpeer|' "$dir/p$f" >"$dir/ip$f.del"
done

# count F: routes of protocol vpcpeer in VRF A's table, family F.
count() {
	ip "-$1" route show vrf vrf-A proto vpcpeer | grep -c . || true
}

# push TOOL: add, then delete, the IPv4 routes, then the IPv6 ones.
push() {
	local tool=$1 f op t0 got want
	for f in 4 6; do
		for op in add del; do
			t0=$(now)
			case $tool in
			vpcpeerctl) vpcpeerctl -b "$dir/vp$f.$op" ;;
			ip) ip -batch "$dir/ip$f.$op" ;;
			esac
			sample "${tool}_v${f}_$op" "$(since "$t0")"
			got=$(count "$f")
			want=$n
			[[ $op = add ]] || want=0
			assert_eq "$got" "$want" "IPv$f routes after $tool $op"
		done
	done
}

alternate push vpcpeerctl ip

for f in 4 6; do
	for op in add del; do
		ratio "v${f}_$op" "ip_v${f}_$op" "vpcpeerctl_v${f}_$op" s '>=' 1.5 \
			"IPv$f route $op, ip time / vpcpeerctl time"
	done
done
rates='{}'
for key in "${!SAMPLES[@]}"; do
	read -ra vals <<<"${SAMPLES[$key]}"
	read -r med _ <<<"$(stats "${vals[@]}")"
	rates=$(jq -c --arg k "$key" --argjson v "$(awk -v n="$n" -v t="$med" 'BEGIN { printf "%d", n / t }')" \
		'. + {($k): $v}' <<<"$rates")
done
note routes "$n"
note routes_per_second_median "$rates"
emit b3-routes
