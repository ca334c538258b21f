# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the benchmark scripts, which run as root inside the VM rig
# (bench/run boots it); source it. Every figure a benchmark reports is a
# ratio between two variants measured in the same boot, in alternating
# rounds (A B A B ...): each round gives one sample per variant, each
# round's ratio is taken between neighbours in time, and the figure is the
# median of the rounds' ratios, with their min and max. The raw samples go
# along into the JSON, so absolute numbers stay visible but never stand
# alone.

# shellcheck source=../tests/lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../tests/fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

BENCH_ROUNDS=${BENCH_ROUNDS:-5}
BENCH_TIME=${BENCH_TIME:-3}
declare -gA SAMPLES=()
BENCH_RESULTS='[]'
BENCH_NOTES='{}'

# now: seconds since the epoch, to the microsecond (bash's own clock, no
# process started).
now() {
	echo "$EPOCHREALTIME"
}

# since T0: seconds elapsed since T0 (a value of now).
since() {
	awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f\n", b - a }'
}

# sample KEY VALUE: one more sample of KEY (in round order).
sample() {
	SAMPLES[$1]+="$2 "
	printf 'bench: %s = %s\n' "$1" "$2" >&2
}

# alternate FN VARIANT...: BENCH_ROUNDS rounds, each calling FN VARIANT for
# every VARIANT in turn; FN records what it measured with sample. Each
# round starts one variant further on (A B C, B C A, C A B, ...), so that
# no variant always runs first or last in its round.
alternate() {
	local fn=$1 r i v
	shift
	local -a variants=("$@")
	for ((r = 0; r < BENCH_ROUNDS; r++)); do
		for ((i = 0; i < ${#variants[@]}; i++)); do
			v=${variants[(r + i) % ${#variants[@]}]}
			printf 'bench: round %d/%d: %s %s\n' $((r + 1)) "$BENCH_ROUNDS" "$fn" "$v" >&2
			"$fn" "$v"
		done
	done
}

# stats VALUE...: "median min max" of the values.
stats() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "null null null"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.6g %.6g %.6g\n", m, v[1], v[NR]
		}'
}

# series KEY UNIT: a JSON object of KEY's samples with their median, min
# and max.
series() {
	local -a vals
	local med min max
	read -ra vals <<<"${SAMPLES[$1]:-}"
	read -r med min max <<<"$(stats "${vals[@]}")"
	jq -nc --arg key "$1" --arg unit "$2" --arg s "${vals[*]}" \
		--argjson med "$med" --argjson min "$min" --argjson max "$max" \
		'{key: $key, unit: $unit, samples: ($s | split(" ") | map(select(. != "") | tonumber)),
		  median: $med, min: $min, max: $max}'
}

# ratio NAME NUM DEN UNIT OP TARGET [DESCRIPTION]: record the figure NAME,
# the per-round ratio NUM/DEN of two sample keys (same number of rounds),
# and whether its median meets the target (OP is ">=" or "<=").
ratio() {
	local name=$1 num=$2 den=$3 unit=$4 op=$5 target=$6 what=${7:-}
	local -a a b r=()
	local i med min max met
	read -ra a <<<"${SAMPLES[$num]:-}"
	read -ra b <<<"${SAMPLES[$den]:-}"
	if [[ ${#a[@]} -eq 0 || ${#a[@]} -ne ${#b[@]} ]]; then
		echo "bench: ratio $name: ${#a[@]} samples of $num, ${#b[@]} of $den" >&2
		return 1
	fi
	for i in "${!a[@]}"; do
		r+=("$(awk -v x="${a[i]}" -v y="${b[i]}" 'BEGIN { printf "%.6g\n", y == 0 ? 0 : x / y }')")
	done
	read -r med min max <<<"$(stats "${r[@]}")"
	met=$(awk -v m="$med" -v t="$target" -v op="$op" \
		'BEGIN { print (op == ">=" ? m >= t : m <= t) ? "true" : "false" }')
	BENCH_RESULTS=$(jq -c --arg name "$name" --arg what "$what" --arg op "$op" \
		--argjson target "$target" --argjson med "$med" --argjson min "$min" \
		--argjson max "$max" --arg rs "${r[*]}" --argjson met "$met" \
		--argjson num "$(series "$num" "$unit")" --argjson den "$(series "$den" "$unit")" \
		'. + [{name: $name, what: $what, ratio: {median: $med, min: $min, max: $max,
		       rounds: ($rs | split(" ") | map(tonumber))},
		       target: {op: $op, value: $target}, met: $met, num: $num, den: $den}]' \
		<<<"$BENCH_RESULTS")
	printf 'bench: %s = %s [%s..%s] (target %s %s)\n' "$name" "$med" "$min" "$max" "$op" "$target" >&2
}

# note KEY JSON: a fact to report beside the ratios (a measured size, a
# count, a memory figure).
note() {
	BENCH_NOTES=$(jq -c --arg k "$1" --argjson v "$2" '. + {($k): $v}' <<<"$BENCH_NOTES")
	printf 'bench: note %s = %s\n' "$1" "$2" >&2
}

# bench_mode: the mode the VM runs in, "icount" (tests/vm/run --icount
# puts VPCPEER_VM_ICOUNT=1 on the kernel command line, which init passes on
# in the environment) or "plain".
bench_mode() {
	if [[ ${VPCPEER_VM_ICOUNT:-0} = 1 ]]; then
		echo icount
	else
		echo plain
	fi
}

# ins_per_packet udp64|tcp MBIT_S: under icount (guest clock 8 ns per
# instruction), the instructions the whole guest executed per packet the
# receiver got at MBIT_S: per 64-byte datagram (MBIT_S counts payload), or
# per 1,448 bytes of TCP payload, one full-sized segment at MTU 1,500 with
# timestamps (TCP crosses in GSO packets of many). Senders, receivers
# and the stack all count: it is a whole path's cost. Guest time spent
# idle would count too (sleep=off jumps the clock to the next timer, it
# does not stop it), which is why profile-b1 notes the idle loop's share.
ins_per_packet() {
	awk -v mode="$1" -v mbits="$2" 'BEGIN {
		bits = mode == "udp64" ? 64 * 8 : 1448 * 8
		printf "%.0f\n", 125e6 * bits / (mbits * 1e6)
	}'
}

# emit NAME: print the benchmark's results as one marked JSON line, which
# bench/run takes from the console into bench/results/NAME.json.
emit() {
	local json
	json=$(jq -nc --arg bench "$1" --arg mode "$(bench_mode)" --arg kernel "$(uname -r)" \
		--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --argjson rounds "$BENCH_ROUNDS" \
		--argjson time "$BENCH_TIME" --argjson cpus "$(nproc)" \
		--arg cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)" \
		--argjson mem "$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)" \
		--argjson results "$BENCH_RESULTS" --argjson notes "$BENCH_NOTES" \
		'{bench: $bench, mode: $mode, kernel: $kernel, date: $date, rounds: $rounds, seconds_per_run: $time,
		  vcpus: $cpus, cpu: $cpu, mem_kib: $mem, results: $results, notes: $notes}')
	printf 'BENCH-JSON %s\n' "$json"
}

# slab_kib: the kernel's slab memory now, reclaimable or not, in KiB.
slab_kib() {
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}

# kmem_kib: memory the kernel holds besides the page cache and user pages
# (MemTotal - MemFree - Cached - Buffers - AnonPages), in KiB: slab plus
# vmalloc, per-CPU, page tables and the rest.
kmem_kib() {
	awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 } /^Cached:/ { c = $2 }
	     /^Buffers:/ { b = $2 } /^AnonPages:/ { a = $2 }
	     END { print t - f - c - b - a }' /proc/meminfo
}

# percpu_kib: the kernel's per-CPU areas now, in KiB.
percpu_kib() {
	awk '/^Percpu:/ { print $2 }' /proc/meminfo
}

# slab_by_cache: "CACHE BYTES" of every slab cache, its objects in use
# times their size.
slab_by_cache() {
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo
}
