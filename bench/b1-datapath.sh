#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B1: datapath throughput across a peering. Tenant host h-A (behind VRF A)
# to h-B (behind VRF B), TCP and 64-byte UDP with iperf3, through
# (a) a vpcpeer peering, (b) a veth pair between the two VRFs and (c) VRF
# route leaking; all three built side by side, the VRFs' routes switched
# between them before each run, the runs alternating a b c a b c ...
# Also: GSO packets cross the endpoint unsegmented (sizes seen on it), and
# the peering enforces its verdict where the baselines do not.
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"
# shellcheck source=datapath.sh
. "$VPCPEER_TESTS/../bench/datapath.sh"

counter() {
	local v
	read -r v <"/sys/class/net/$1/statistics/$2"
	echo "$v"
}

# tcp VARIANT: one TCP run h-A -> h-B; Mbit/s the receiver got.
tcp() {
	local out p0 b0 p1 b1
	via "$1"
	p0=$(counter pp-a tx_packets)
	b0=$(counter pp-a tx_bytes)
	out=$(hx A iperf3 -c "$(host4 B)" -t "$BENCH_TIME" -J)
	p1=$(counter pp-a tx_packets)
	b1=$(counter pp-a tx_bytes)
	sample "tcp_$1" "$(tcp_mbits "$out")"
	if [[ $1 = peering ]]; then
		sample tcp_peering_pkts $((p1 - p0))
		sample tcp_peering_bytes $((b1 - b0))
	fi
}

# udp VARIANT: one run of 64-byte UDP datagrams, as fast as iperf3 sends;
# payload Mbit/s the receiver got (datagrams sent less those lost).
udp() {
	local out
	via "$1"
	out=$(hx A iperf3 -c "$(host4 B)" -u -l 64 -b 0 -t "$BENCH_TIME" -J)
	sample "udp_$1" "$(udp64_mbits "$out")"
}

# One untimed run first: the first connection ever pays for warming up.
via peering
hx A iperf3 -c "$(host4 B)" -t 1 >/dev/null
alternate tcp peering veth leak
alternate udp peering veth leak

ratio tcp_vs_veth tcp_peering tcp_veth Mbit/s '>=' 1.0 "TCP, peering / veth pair"
ratio tcp_vs_leak tcp_peering tcp_leak Mbit/s '>=' 0.95 "TCP, peering / route leaking"
ratio udp64_vs_veth udp_peering udp_veth Mbit/s '>=' 1.0 "64-byte UDP, peering / veth pair"
ratio udp64_vs_leak udp_peering udp_leak Mbit/s '>=' 0.95 "64-byte UDP, peering / route leaking"

# Each path's cost per packet, in instructions (icount only: see
# ins_per_packet), from its median rate: per 64-byte datagram, and per
# 1,448 bytes of TCP payload.
if [[ $(bench_mode) = icount ]]; then
	ipp='{}'
	for m in udp64 tcp; do
		for v in peering veth leak; do
			read -ra vals <<<"${SAMPLES[${m%64}_$v]}"
			read -r med _ <<<"$(stats "${vals[@]}")"
			ipp=$(jq -c --arg m "$m" --arg v "$v" --argjson n "$(ins_per_packet "$m" "$med")" \
				'.[$m][$v] = $n' <<<"$ipp")
		done
	done
	note instructions_per_packet "$ipp"
fi

# GSO: the endpoint's own counters over the timed TCP runs, and the sizes
# tcpdump sees on it during one more short run.
read -ra pk <<<"${SAMPLES[tcp_peering_pkts]}"
read -ra by <<<"${SAMPLES[tcp_peering_bytes]}"
pkts=0 bytes=0
for i in "${!pk[@]}"; do
	pkts=$((pkts + pk[i]))
	bytes=$((bytes + by[i]))
done
avg=$((bytes / pkts))
via peering
dump=$(mktemp)
# -Z root: the guest has no "tcpdump" user to drop privileges to.
tcpdump -Z root -l -i pp-a -nn -q -c 200 'tcp dst port 5201' >"$dump" 2>"$dump.err" &
tcpdump_pid=$!
if wait_for 20 grep -q listening "$dump.err"; then
	hx A iperf3 -c "$(host4 B)" -t 2 >/dev/null
else
	echo "tcpdump did not start on pp-a:" >&2
	cat "$dump.err" >&2
fi
stop_bg "$tcpdump_pid"
head -n 3 "$dump" >&2
sizes=$(sed -n 's/.* tcp \([0-9]*\)$/\1/p' "$dump" | sort -n)
max=$(tail -n1 <<<"$sizes")
seen=$(grep -c . <<<"$sizes" || true)
over=$(awk '$1 > 1500' <<<"$sizes" | grep -c . || true)
read -r mtu </sys/class/net/pp-a/mtu
note gso "$(jq -nc --argjson mtu "$mtu" --argjson avg "$avg" --argjson max "${max:-0}" \
	--argjson seen "$seen" --argjson over "$over" --argjson pkts "$pkts" \
	'{endpoint_mtu: $mtu, tcp_runs_avg_bytes_per_packet_on_pp_a: $avg, tcp_runs_packets_on_pp_a: $pkts,
	  tcpdump_segments_seen: $seen, tcpdump_payload_over_1500: $over, tcpdump_max_tcp_payload: $max}')"
if ((avg <= mtu)); then
	echo "GSO: packets on pp-a average $avg bytes, no more than the MTU $mtu" >&2
	exit 1
fi

# Non-transitivity: a destination outside B's CIDRs, routed into the
# peering, is dropped and counted (the baselines forward whatever is routed).
run rt ip route replace 10.9.0.0/16 vrf vrf-A dev pp-a
drops_mark
ping_fails A 10.9.1.1
drops_expect pp-a:dst_not_peer=1
note verdict_enforced '"pp-a: dst_not_peer counted the packet to 10.9.1.1"'

emit b1-datapath
