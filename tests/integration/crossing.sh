#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the crossing does to a packet besides judging it, each checked where
# a mistake would show:
#   - the packet's priority stays behind, as between namespaces: one set in
#     VRF A's postrouting on the way into ab-a never reaches VRF B's
#     prerouting from ab-b, while the packets themselves do;
#   - a packet the peer's backlog has no room for is counted once, by the
#     core, as ab-b's rx_dropped: every packet routed into ab-a is then
#     either in ab-a's tx_packets or in ab-b's rx_dropped, and in no drop
#     counter of vpcpeer's. The backlog is made to fill: one packet of
#     room (netdev_max_backlog 1) on a CPU that ab-b hands its packets to
#     (RPS), while flood pings arrive from the other.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_peering ab a b
ping_ok a "$(host4 b)"

# counter RULE_COMMENT: the packets counted by the rule of table inet
# crossing with that comment.
counter() {
	nft list table inet crossing |
		sed -n "s/.* counter packets \([0-9]*\) .*comment \"$1\".*/\1/p"
}

run nft -f - <<'NFT'
table inet crossing {
	chain postrouting {
		type filter hook postrouting priority filter; policy accept;
		oifname "ab-a" meta priority set 1:5
		oifname "ab-a" counter comment "into ab-a"
	}
	chain prerouting {
		type filter hook prerouting priority filter; policy accept;
		iifname "ab-b" counter comment "out of ab-b"
		iifname "ab-b" meta priority 1:5 counter comment "priority crossed"
	}
}
NFT

# The packets cross, A's priority does not.
test_priority() {
	ping_ok a -c 5 -i 0.2 "$(host4 b)"
	ping_ok a -c 5 -i 0.2 "$(host6 b)"
	assert_eq "$(counter "out of ab-b")" "$(counter "into ab-a")" "packets out of ab-b"
	[[ $(counter "out of ab-b") -ge 10 ]] || {
		echo "only $(counter "out of ab-b") packets crossed" >&2
		exit 1
	}
	assert_eq "$(counter "priority crossed")" 0 "packets out of ab-b with A's priority"
}
tcase "the packets cross, the priority set in VRF A stays behind" test_priority

# --- A full backlog: ab-b's packets go to the last CPU's backlog.
test_backlog() {
	nproc=$(nproc)
	if [[ $nproc -lt 2 ]]; then
		echo "one CPU: no backlog of another CPU to fill" >&2
		exit 1
	fi
	printf '%x\n' $((1 << (nproc - 1))) >/sys/class/net/ab-b/queues/rx-0/rps_cpus
	backlog=$(sysctl -n net.core.netdev_max_backlog)
	run sysctl -q -w net.core.netdev_max_backlog=1

	# iputils' ping by its path: busybox's taskset would run its own applet
	ping=$(type -P ping)
	tx0=$(attr ab-a ../statistics/tx_packets)
	dropped0=$(attr ab-b ../statistics/rx_dropped)
	into0=$(counter "into ab-a")
	drops_mark
	# Bursts of 100 back-to-back echoes from the first CPU, until the
	# backlog has overflowed (it does in the first burst or two under TCG).
	for ((burst = 1; burst <= 10; burst++)); do
		hx a taskset 1 "$ping" -q -f -l 100 -c 100 -W 1 "$(host4 b)" >/dev/null 2>&1 || true
		(($(attr ab-b ../statistics/rx_dropped) > dropped0)) && break
	done
	run sysctl -q -w net.core.netdev_max_backlog="$backlog"
	echo 0 >/sys/class/net/ab-b/queues/rx-0/rps_cpus

	tx=$(($(attr ab-a ../statistics/tx_packets) - tx0))
	dropped=$(($(attr ab-b ../statistics/rx_dropped) - dropped0))
	into=$(($(counter "into ab-a") - into0))
	echo "$burst burst(s): $into packets into ab-a, $tx sent, $dropped dropped at ab-b's backlog" >&2
	if ((dropped == 0)); then
		echo "the backlog never overflowed: nothing tested" >&2
		exit 1
	fi
	assert_eq "$((tx + dropped))" "$into" "packets sent plus dropped at the backlog"
	assert_eq "$(attr ab-a ../statistics/tx_dropped)" 0 "ab-a's tx_dropped"
	drops_expect
}
tcase "a packet the peer's full backlog drops is counted once, by the core" test_backlog

test_after() {
	run nft delete table inet crossing
	ping_ok a "$(host4 b)"
}
tcase "without the rules, traffic still crosses" test_after
