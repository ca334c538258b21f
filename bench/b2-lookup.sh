#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B2 in the kernel: ns per lookup in a VPC's CIDR set (vpcpeer_lpm_contains(),
# which the forwarding hook does twice per packet) and per whole verdict
# (vpcpeer_verdict()), against the kernel's route lookup over the same
# prefixes and the same addresses (fib_table_lookup(), fib6_table_lookup()).
# The timing is done by the bench-only module bench/kmod/, which bench/run
# builds. For each size (1, 100, 10,000 and BENCH_CIDRS, default 100,000)
# this script makes that many random IPv4 prefixes (/16 to /32 inside
# 10.0.0.0/8) and as many IPv6 ones (/32 to /64 inside fd00::/8), installs
# them as routes in FIB table 250 and hands them to the module; then each of
# BENCH_ROUNDS rounds times the LPM, the FIB and the verdict in turn, each
# over 262,144 addresses with random host bits inside random prefixes of
# the set, so every lookup is a hit (checked).
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"

big=${BENCH_CIDRS:-100000}
sizes=(1 100 10000 "$big")
table=250
debugfs=/sys/kernel/debug
kmod=$(echo /src/build/bench-*/vpcpeer_bench.ko)
[[ -f $kmod ]] || { echo "bench: no vpcpeer_bench.ko in the VM (bench/run builds it)" >&2; exit 1; }
grep -q " $debugfs debugfs " /proc/mounts || run mount -t debugfs none "$debugfs"
dir=$(mktemp -d)
run ip link add bench0 type dummy
run ip link set bench0 up

# prefixes N: N distinct random IPv4 prefixes, then N IPv6 ones; the same
# for the same N.
prefixes() {
	awk -v n="$1" 'BEGIN {
		srand(n)
		p2[0] = 1	# busybox awk has no "^"
		for (i = 1; i <= 32; i++)
			p2[i] = p2[i - 1] * 2
		for (k = 0; k < n;) {
			plen = 16 + int(rand() * 17)
			step = p2[32 - plen]
			a = int(int(rand() * p2[24]) / step) * step
			if ((a "/" plen) in seen)
				continue
			seen[a "/" plen] = 1
			k++
			printf "10.%d.%d.%d/%d\n", int(a / 65536), int(a / 256) % 256, a % 256, plen
		}
		for (k = 0; k < n;) {
			plen = 32 + int(rand() * 33)
			h1 = int(rand() * 256); h2 = int(rand() * 65536)
			h3 = int(rand() * 65536); h4 = int(rand() * 65536)
			if (plen < 48) {
				h3 = int(h3 / p2[48 - plen]) * p2[48 - plen]
				h4 = 0
			} else {
				h4 = int(h4 / p2[64 - plen]) * p2[64 - plen]
			}
			p = sprintf("fd%02x:%x:%x:%x::/%d", h1, h2, h3, h4, plen)
			if (p in seen)
				continue
			seen[p] = 1
			k++
			print p
		}
	}'
}

# load N: N prefixes per family as routes in the table and in the module.
load() {
	local t0
	prefixes "$1" >"$dir/prefixes"
	awk -v t=$table '{ printf "route add %s dev bench0 table %d\n", $1, t }' \
		"$dir/prefixes" >"$dir/routes"
	t0=$(now)
	run ip -batch "$dir/routes"
	run insmod "$kmod" table=$table
	cat "$dir/prefixes" >"$debugfs/vpcpeer_bench/prefixes"
	printf 'bench: %d prefixes per family loaded in %ss\n' "$1" "$(since "$t0")" >&2
	assert_eq "$(ip -4 route show table $table | wc -l)" "$1" "IPv4 routes in table $table"
	assert_eq "$(ip -6 route show table $table | wc -l)" "$1" "IPv6 routes in table $table"
}

unload() {
	run rmmod vpcpeer_bench
	run ip -4 route flush table $table
	run ip -6 route flush table $table
}

# kround N: one round of the module's timings at size N. (Read the file
# once: a seek back into it, as read(1) on a file does, would time the
# round again.)
kround() {
	local out name ns hits total
	out=$(cat "$debugfs/vpcpeer_bench/round")
	printf '%s\n' "$out" >&2
	while read -r name ns hits total; do
		[[ $hits = "$total" ]] || {
			echo "bench: $name hit $hits of $total lookups at $1 prefixes" >&2
			return 1
		}
		sample "${name}_$1" "$ns"
	done <<<"$out"
}

for n in "${sizes[@]}"; do
	load "$n"
	alternate kround "$n"
	unload
done

for n in "${sizes[@]}"; do
	for f in 4 6; do
		ratio "lpm${f}_fib${f}_$n" "lpm${f}_$n" "fib${f}_$n" ns '<=' 1.0 \
			"IPv$f LPM / FIB lookup, $n prefixes"
		ratio "verdict${f}_fib${f}_$n" "verdict${f}_$n" "fib${f}_$n" ns '<=' 2.0 \
			"IPv$f verdict (2 LPM) / FIB lookup, $n"
	done
done
emit b2-lookup
