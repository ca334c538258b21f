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
# shellcheck source=routes.sh
. "$VPCPEER_TESTS/../bench/routes.sh"

# push TOOL: add, then delete, the IPv4 routes, then the IPv6 ones.
push() {
	local tool=$1 f op t0 got want
	for f in 4 6; do
		for op in add del; do
			t0=$(now)
			push_batch "$tool" "$f" "$op"
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
