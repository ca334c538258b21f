#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Not a benchmark: where B1's time goes. "bench/run profile-b1" copies the
# host's perf into the VM. For each of B1's paths, one 64-byte UDP run and
# one TCP run of PROFILE_SECONDS + 4 seconds, with "perf record -a" on
# cpu-clock (TCG has no PMU) over the middle PROFILE_SECONDS (default 5);
# prints each profile's top symbols, and notes the share of the samples in
# vpcpeer's own functions and in the idle loop, beside the run's Mbit/s.
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"
# shellcheck source=datapath.sh
. "$VPCPEER_TESTS/../bench/datapath.sh"

seconds=${PROFILE_SECONDS:-5}
command -v perf >/dev/null || { echo "bench: no perf in the VM (bench/run profile-b1 copies it)" >&2; exit 1; }
dir=$(mktemp -d)

# share REPORT PATTERN: percent of the samples in symbols matching PATTERN.
share() {
	awk -v re="$2" '$3 ~ re { sub("%", "", $1); s += $1 } END { printf "%.2f\n", s }' "$1"
}

# profile MODE PATH: one profiled iperf3 run of MODE (udp64 or tcp).
profile() {
	local mode=$1 path=$2 client out mbits rep=$dir/$1-$2.txt
	local -a args=(-t $((seconds + 4)) -J)
	[[ $mode = tcp ]] || args+=(-u -l 64 -b 0)
	via "$path"
	hx A iperf3 -c "$(host4 B)" "${args[@]}" >"$dir/out.json" &
	client=$!
	sleep 2
	perf record -q -a -e cpu-clock -o "$dir/perf.data" -- sleep "$seconds"
	wait "$client"
	out=$(<"$dir/out.json")
	if [[ $mode = tcp ]]; then mbits=$(tcp_mbits "$out"); else mbits=$(udp64_mbits "$out"); fi
	perf report -i "$dir/perf.data" --stdio --no-children --sort symbol \
		--kallsyms=/proc/kallsyms -g none 2>/dev/null | grep -E '^ +[0-9.]+%' >"$rep" || true
	printf 'bench: === %s via %s: %s Mbit/s; top symbols:\n' "$mode" "$path" "$mbits" >&2
	# bench/run passes on only the console lines that start "bench: "
	sed -n '1,15s/^/bench: /p' "$rep" >&2
	note "${mode}_${path}" "$(jq -nc --argjson mbits "$mbits" \
		--argjson vpcpeer "$(share "$rep" '^vpcpeer_')" \
		--argjson idle "$(share "$rep" '^(native_safe_halt|default_idle|cpu_idle_poll)$')" \
		--argjson backlog "$(share "$rep" '^(process_backlog|enqueue_to_backlog|__netif_rx|netif_rx_internal)$')" \
		'{mbit_s: $mbits, vpcpeer_pct: $vpcpeer, idle_pct: $idle, backlog_pct: $backlog}')"
}

for mode in udp64 tcp; do
	for path in peering veth leak; do
		profile "$mode" "$path"
	done
done
emit profile-b1
