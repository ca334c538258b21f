#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The nftables example of Documentation/vpcpeer.rst ("Finer filtering with
# nftables"), run as written: a prerouting rule on the endpoint through
# which prod's traffic enters shared drops prod's TCP to port 22 and
# nothing else. TCP to 22 from prod fails while TCP to another port and
# ping pass; the rule's counter rises and no vpcpeer drop counter moves
# (the peering let the packet through, nftables dropped it after). Without
# the table, port 22 is reachable again.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer

make_vpc prod 101 10.1 fd00:1
make_vpc shared 109 10.9 fd00:9
make_peering prod-shared prod shared

# tcp_open HOST DEST PORT: a TCP connection from h-HOST to DEST:PORT opens
# (bash's /dev/tcp) within 3 s.
tcp_open() {
	hx "$1" timeout 3 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null
}

# Listeners on shared's host, ports 22 and 5201.
hx_bg shared iperf3 -s -p 22 >/dev/null 2>&1
pid22=$!
hx_bg shared iperf3 -s -p 5201 >/dev/null 2>&1
pid5201=$!
at_exit stop_bg "$pid22" "$pid5201"
wait_for 20 listening shared 22
wait_for 20 listening shared 5201

test_before() {
	run tcp_open prod 10.9.1.2 22
	run tcp_open prod 10.9.1.2 5201
}
tcase_or_stop "before the rule, TCP from prod opens to ports 22 and 5201" test_before

# The documented example, verbatim.
test_example() {
	run nft -f - <<'NFT'
table inet vpcpeer_filter {
	chain prerouting {
		type filter hook prerouting priority filter; policy accept;
		iifname "prod-shared-b" ip saddr 10.1.0.0/16 tcp dport 22 counter drop
	}
}
NFT
	run nft list table inet vpcpeer_filter
}
tcase_or_stop "the documented example loads, as written" test_example

test_filtered() {
	drops_mark
	printf '+ ! tcp_open prod 10.9.1.2 22\n' >&2
	if tcp_open prod 10.9.1.2 22; then
		echo "TCP to port 22 opened through the nftables rule" >&2
		exit 1
	fi
	run tcp_open prod 10.9.1.2 5201
	ping_ok prod 10.9.1.2
	ping_ok shared 10.1.1.2
	drops_expect
}
tcase "prod's TCP to 22 fails, to 5201 and ping pass; no vpcpeer drop" test_filtered

test_counter() {
	out=$(nft list table inet vpcpeer_filter)
	printf '%s\n' "$out" >&2
	if [[ ! $out =~ counter\ packets\ ([0-9]+) ]] || ((BASH_REMATCH[1] < 1)); then
		echo "the rule's counter did not rise" >&2
		exit 1
	fi
}
tcase "the rule's counter rose" test_counter

test_without() {
	run nft delete table inet vpcpeer_filter
	run tcp_open prod 10.9.1.2 22
}
tcase "without the table, port 22 is reachable again" test_without
