#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B4: control-plane scale and memory. BENCH_VPCS (default 1,000) VPCs, each
# on its own VRF with one CIDR and then BENCH_EXTRA_CIDRS (default 9) more,
# and BENCH_PEERINGS (default 10,000) peerings between them (twice as many
# endpoints), each step in ten equal chunks through "vpcpeerctl -b"; then
# dumped; then deleted, in ten chunks again. Figures: each step's time per
# object in its last chunk over its first (linear: <= 1.5), and the dump of
# every peering ("vpcpeerctl -j peering show") over "ip -d link show" of
# the same devices, alternating rounds (<= 2). Kernel memory per VPC, per
# CIDR and per peering, from the slab counters (and all kernel memory).
# BENCH_IPV6=0 creates the VRFs and endpoints with IPv6 disabled, to show
# what the kernel's IPv6 code costs each new endpoint (bench/README.md).
# Where a peering's memory goes, by slab cache and per-CPU. Teardown in
# bulk: the same objects made again in a namespace of their own and torn
# down by deleting every VPC, or the namespace, against one peering a
# request (>= 10x faster per peering), and the namespace's at a tenth of
# the size (linear: <= 1.5).
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"

nvpc=${BENCH_VPCS:-1000}
npeer=${BENCH_PEERINGS:-10000}
nextra=${BENCH_EXTRA_CIDRS:-9}
dir=$(mktemp -d)

# Distinct peer pairs: peering K-J joins VPC J and VPC (J + K) mod nvpc.
((npeer % nvpc == 0 && npeer / nvpc < nvpc / 2)) ||
	{ echo "BENCH_PEERINGS must be a multiple of BENCH_VPCS, below its square / 2" >&2; exit 1; }

run modprobe vpcpeer
ipv6=${BENCH_IPV6:-1}
run sysctl -q -w net.ipv6.conf.default.disable_ipv6=$((ipv6 ? 0 : 1))
note ipv6 "$ipv6"
awk -v n="$nvpc" 'BEGIN {
	for (j = 0; j < n; j++)
		printf "link add vrf-v%d type vrf table %d\nlink set vrf-v%d up\n", j, 1000 + j, j
}' >"$dir/vrfs"
t0=$(now)
run ip -batch "$dir/vrfs"
note vrfs_created_s "$(since "$t0")"

# chunked STEP TOTAL FILE: run FILE's TOTAL lines through vpcpeerctl -b in
# ten equal chunks, timing each; the samples STEP_first and STEP_last are
# the first and last chunks' seconds per 1,000 objects, and every chunk's
# goes in a note.
chunked() {
	local step=$1 total=$2 file=$3 size i t0 t all=()
	size=$((total / 10))
	awk -v size="$size" -v out="$dir/chunk." \
		'{ print > sprintf("%s%02d", out, int((NR - 1) / size)) }' "$file"
	for ((i = 0; i < 10; i++)); do
		t0=$(now)
		vpcpeerctl -b "$(printf '%s/chunk.%02d' "$dir" "$i")"
		t=$(awk -v t="$(since "$t0")" -v n="$size" 'BEGIN { printf "%.6g\n", t * 1000 / n }')
		all+=("$t")
		printf 'bench: %s chunk %d: %s s per 1000\n' "$step" "$i" "$t" >&2
	done
	rm -f "$dir"/chunk.*
	sample "${step}_first" "${all[0]}"
	sample "${step}_last" "${all[9]}"
	sample "${step}_mean" "$(printf '%s\n' "${all[@]}" | awk '{ s += $1 } END { printf "%.6g\n", s / NR }')"
	note "${step}_s_per_1000_by_chunk" "$(printf '%s\n' "${all[@]}" | jq -sc .)"
}

# kmem_delta NAME COUNT BEFORE_SLAB BEFORE_KMEM: memory per object since.
kmem_delta() {
	local slab kmem
	slab=$(slab_kib)
	kmem=$(kmem_kib)
	note "$1" "$(jq -nc --argjson s "$(((slab - $3) * 1024 / $2))" \
		--argjson k "$(((kmem - $4) * 1024 / $2))" \
		'{slab_bytes: $s, kernel_bytes: $k}')"
}

# VPCs: one /24 each (10.J/256.J%256.0/24), then the extra CIDRs.
awk -v n="$nvpc" 'BEGIN {
	for (j = 0; j < n; j++)
		printf "vpc add v%d vrf vrf-v%d cidr 10.%d.%d.0/24\n", j, j, int(j / 256), j % 256
}' >"$dir/vpcs"
awk -v n="$nvpc" -v x="$nextra" 'BEGIN {
	for (k = 1; k <= x; k++)
		for (j = 0; j < n; j++)
			printf "vpc cidr add v%d %d.%d.%d.0/24\n", j, 100 + k, int(j / 256), j % 256
}' >"$dir/cidrs"
awk -v n="$nvpc" -v p="$npeer" 'BEGIN {
	for (k = 1; k <= p / n; k++)
		for (j = 0; j < n; j++)
			printf "peering add p%d-%d v%d v%d\n", k, j, j, (j + k) % n
}' >"$dir/peerings"
sed 's/^peering add \([^ ]*\) .*/peering del \1/' "$dir/peerings" >"$dir/peerings.del"
sed 's/^vpc add \([^ ]*\) .*/vpc del \1/' "$dir/vpcs" >"$dir/vpcs.del"

slab0=$(slab_kib) kmem0=$(kmem_kib)
chunked vpc_add "$nvpc" "$dir/vpcs"
kmem_delta mem_per_vpc "$nvpc" "$slab0" "$kmem0"
assert_eq "$(vpcpeerctl -j vpc show | jq length)" "$nvpc" "VPCs created"

slab0=$(slab_kib) kmem0=$(kmem_kib)
t0=$(now)
vpcpeerctl -b "$dir/cidrs"
note cidr_add_s_per_1000 "$(awk -v t="$(since "$t0")" -v n=$((nvpc * nextra)) 'BEGIN { printf "%.6g", t * 1000 / n }')"
kmem_delta mem_per_cidr $((nvpc * nextra)) "$slab0" "$kmem0"

slab0=$(slab_kib) kmem0=$(kmem_kib)
slab_by_cache >"$dir/slab.before"
percpu0=$(percpu_kib)
chunked peering_add "$npeer" "$dir/peerings"
kmem_delta mem_per_peering "$npeer" "$slab0" "$kmem0"
slab_by_cache >"$dir/slab.after"
# Where a peering's memory goes: each slab cache's growth per peering, the
# largest first, and the per-CPU areas apart (they grow with the CPUs).
note mem_per_peering_by_cache "$(awk -v n="$npeer" '
	FNR == NR { before[$1] = $2; next }
	{ d = ($2 - before[$1]) / n; if (d >= 64) printf "%s %d\n", $1, d }' \
	"$dir/slab.before" "$dir/slab.after" | sort -k2,2nr |
	jq -Rsc 'split("\n") | map(select(. != "") | split(" ") | {(.[0]): (.[1] | tonumber)}) | add // {}')"
note percpu_bytes_per_peering "$((($(percpu_kib) - percpu0) * 1024 / npeer))"
assert_eq "$(vpcpeerctl -j peering show | jq length)" "$npeer" "peerings created"
endpoints=$(ip -o link show type vpcpeer | grep -c .)
assert_eq "$endpoints" $((2 * npeer)) "endpoint devices"
note devices_listed_by_ip "$(ip -o link show | grep -c .)"

# dump TOOL: list every peering, or every device, to nowhere.
dump() {
	local t0
	t0=$(now)
	case $1 in
	vpcpeerctl) vpcpeerctl -j peering show >/dev/null ;;
	ip) ip -d link show >/dev/null ;;
	esac
	sample "dump_$1" "$(since "$t0")"
}
alternate dump vpcpeerctl ip
t0=$(now)
vpcpeerctl -j vpc show >/dev/null
note vpc_dump_s "$(since "$t0")"

chunked peering_del "$npeer" "$dir/peerings.del"
assert_eq "$(ip -o link show type vpcpeer | grep -c . || true)" 0 "endpoints left"
chunked vpc_del "$nvpc" "$dir/vpcs.del"
assert_eq "$(vpcpeerctl -j vpc show | jq length)" 0 "VPCs left"

# Teardown in bulk: the same VPCs and peerings made again in a namespace
# of their own, then torn down whole, by deleting every VPC (each request
# takes its peerings' endpoints down together) or the namespace (one
# batch for all), each against deleting peerings one a request (above),
# and the namespace at a tenth of the size, for linearity.
bulk_make() {
	local ns=$1 count=$2
	run ip netns add "$ns"
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -q -w net.ipv6.conf.default.disable_ipv6=$((ipv6 ? 0 : 1))
	ip -n "$ns" -batch "$dir/vrfs"
	vpcpeerctl -n "$ns" -b "$dir/vpcs"
	head -n "$count" "$dir/peerings" >"$dir/bulk"
	vpcpeerctl -n "$ns" -b "$dir/bulk"
	# its end here goes when the namespace's devices do, in one batch
	ip link add "p-$ns" type veth peer name probe netns "$ns"
}

# per_1000 T0 COUNT: seconds since T0 per 1,000 of COUNT objects.
per_1000() {
	awk -v t="$(since "$1")" -v n="$2" 'BEGIN { printf "%.6g\n", t * 1000 / n }'
}

ns_teardown() {
	local ns=$1 count=$2 t0
	bulk_make "$ns" "$count"
	t0=$(now)
	ip netns del "$ns"
	while [[ -e /sys/class/net/p-$ns ]]; do
		sleep 0.02
	done
	sample "teardown_netns_$count" "$(per_1000 "$t0" "$count")"
}
ns_teardown bulk-s $((npeer / 10))
ns_teardown bulk-f "$npeer"
bulk_make bulk-v "$npeer"
t0=$(now)
vpcpeerctl -n bulk-v -b "$dir/vpcs.del"
sample teardown_vpc_del "$(per_1000 "$t0" "$npeer")"
assert_eq "$(ip -n bulk-v -o link show type vpcpeer | grep -c . || true)" 0 \
	"endpoints left after the VPCs' deletion"
run ip netns del bulk-v
ratio teardown_netns_vs_one_by_one peering_del_mean "teardown_netns_$npeer" 's/1000' '>=' 10 \
	"teardown: one peering a request / the namespace's deletion, per peering"
ratio teardown_vpc_vs_one_by_one peering_del_mean teardown_vpc_del 's/1000' '>=' 10 \
	"teardown: one peering a request / every VPC deleted, per peering"
ratio teardown_netns_linear "teardown_netns_$npeer" "teardown_netns_$((npeer / 10))" \
	's/1000' '<=' 1.5 "teardown of a namespace: $npeer peerings / $((npeer / 10)), per peering"

for step in vpc_add peering_add peering_del vpc_del; do
	ratio "${step}_linear" "${step}_last" "${step}_first" 's/1000' '<=' 1.5 \
		"$step: last 10% / first 10%, per object"
done
ratio dump "dump_vpcpeerctl" "dump_ip" s '<=' 2.0 \
	"dump: vpcpeerctl peering show / ip -d link"
emit b4-scale
