#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ynl
#
# The family's YNL spec (Documentation/netlink/specs/vpcpeer.yaml) drives
# the module through the kernel's own generic client, ynl's cli.py, which
# knows nothing of vpcpeer but the spec: two VPCs and a peering created,
# each read back alone and in dumps, a verdict asked for, the event of a
# change heard, and refusals with their messages. Every answer, decoded by
# the spec, is checked against what was asked and against vpcpeerctl's and
# the kernel's own view of the same objects. tests/static/ynl holds the
# uAPI header to the spec; this holds the running code to it.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"

spec=/src/Documentation/netlink/specs/vpcpeer.yaml

# ynl ARGS...: cli.py on the spec, one JSON document per answer.
ynl() {
	printf '+ ynl %s\n' "$*" >&2
	python3 /usr/share/ynl/tools/net/ynl/cli.py --spec "$spec" --no-schema \
		--output-json "$@"
}

# field JSON FILTER: jq's raw answer.
field() {
	jq -r "$2" <<<"$1"
}

run modprobe vpcpeer
run ip link add vrf-a type vrf table 101
run ip link add vrf-b type vrf table 102
run ip link set vrf-a up
run ip link set vrf-b up

# The module's version, as modinfo has it.
test_info() {
	out=$(ynl --do get-info)
	assert_eq "$(field "$out" .version)" "$(cat /sys/module/vpcpeer/version)" "get-info"
}
tcase "get-info: the module's version, as modinfo has it" test_info

# Two VPCs, by ifname and by ifindex, with their first CIDRs (addresses in
# hex, as ynl takes binary attributes).
test_vpc_new() {
	out=$(ynl --do vpc-new --json '{"name": "a", "vrf-ifname": "vrf-a",
		"cidr": [{"family": 2, "addr": "0a010000", "prefixlen": 16}]}')
	assert_eq "$(field "$out" '[.name, .["vrf-ifname"], .["vrf-ifindex"], .["cidr-count"], .["peering-count"]] | join(" ")')" \
		"a vrf-a $(cat /sys/class/net/vrf-a/ifindex) 1 0" "vpc-new a's reply"
	ifindex=$(cat /sys/class/net/vrf-b/ifindex)
	out=$(ynl --do vpc-new --json '{"name": "b", "vrf-ifindex": '"$ifindex"',
		"cidr": [{"family": 2, "addr": "0a020000", "prefixlen": 16},
			 {"family": 10, "addr": "fd000002000000000000000000000000", "prefixlen": 48}]}')
	assert_eq "$(field "$out" '[.name, .["vrf-ifname"], .["cidr-count"]] | join(" ")')" "b vrf-b 2" \
		"vpc-new b's reply"
}
tcase_or_stop "vpc-new by VRF name and by ifindex, with CIDRs: the replies" test_vpc_new

# Read back: one VPC (CIDRs counted), and the dump (CIDRs listed, decoded
# by the spec's display hint), as vpcpeerctl sees them.
test_vpc_get() {
	out=$(ynl --do vpc-get --json '{"name": "b"}')
	assert_eq "$(field "$out" '[.name, .["cidr-count"], (has("cidr") | tostring)] | join(" ")')" \
		"b 2 false" "vpc-get b"
	out=$(ynl --dump vpc-get)
	assert_eq "$(field "$out" '[.[] | .name + " " + ([.cidr[] | .addr + "/" + (.prefixlen | tostring)] | join(" "))] | join(", ")')" \
		"a 10.1.0.0/16, b 10.2.0.0/16 fd00:2::/48" "vpc-get dump"
	assert_eq "$(vpcpeerctl -j vpc show | jq -r '[.[] | .name + " " + (.cidrs | join(" "))] | join(", ")')" \
		"a 10.1.0.0/16, b 10.2.0.0/16 fd00:2::/48" "vpcpeerctl's view of the same VPCs"
	out=$(ynl --dump vpc-get --json '{"name": "nosuch"}')
	assert_eq "$(field "$out" length)" 0 "a dump filtered by an unknown name"
}
tcase "vpc-get, alone and dumped, as vpcpeerctl sees the VPCs" test_vpc_get

# A peering, created administratively down with an MTU: the reply says so,
# and so do its endpoints.
test_peering_new() {
	out=$(ynl --do peering-new --json '{"name": "ab", "vpc-a": "a", "vpc-b": "b",
		"mtu": 1400, "admin-up": 0}')
	assert_eq "$(field "$out" '[.name, .["vpc-a"], .["vpc-b"], .["admin-up"], .state] | join(" ")')" \
		"ab a b 0 down" "peering-new's reply"
	assert_eq "$(field "$out" '[.endpoint[] | .ifname + " " + (.mtu | tostring) + " " + (.drops | [.[]] | add | tostring)] | join(", ")')" \
		"ab-a 1400 0, ab-b 1400 0" "its endpoints: names, MTU and drops"
	assert_eq "$(cat /sys/class/net/ab-a/mtu)" 1400 "ab-a's MTU"
}
tcase_or_stop "peering-new, down with an MTU: its reply and its endpoints say so" test_peering_new

# An event: setting it up (with vpcpeerctl) is announced to the events
# group, where ynl's library, subscribed before, decodes it by the spec.
# (Not cli.py --subscribe with --do: 6.12's client fails on an event that
# arrives between the request and its ack.)
events_of() {
	printf '+ ynl events of: %s\n' "$*" >&2
	python3 - "$spec" "$@" <<-'EOF'
		import json, subprocess, sys
		sys.path.insert(0, '/usr/share/ynl/tools/net/ynl')
		from lib import YnlFamily
		ynl = YnlFamily(sys.argv[1], '')
		ynl.ntf_subscribe('events')
		subprocess.run(sys.argv[2:], check=True)
		ynl.check_ntf()
		# flags decode as sets, as cli.py prints them: lists
		print(json.dumps(ynl.async_msg_queue, default=sorted))
	EOF
}
test_event() {
	out=$(events_of vpcpeerctl peering set ab up)
	ntf=$(jq -c '.[] | select(.name == "peering-state-ntf") | .msg' <<<"$out")
	assert_eq "$(field "$ntf" '[.name, .["admin-up"], .state] | join(" ")')" "ab 1 up" \
		"the peering-state-ntf event"
}
tcase_or_stop "setting it up is an event, decoded by the spec" test_event

# The dump of b's peerings, and a verdict asked for, decoded by the spec's
# enum and matching vpcpeerctl's.
test_verdict() {
	out=$(ynl --dump peering-get --json '{"vpc": "b"}')
	assert_eq "$(field "$out" '[.[] | .name + " " + .state] | join(", ")')" "ab up" \
		"peering-get dump of b's peerings"
	out=$(ynl --do peering-test --json '{"name": "ab", "src": "0a010001", "dst": "0a020001"}')
	assert_eq "$(field "$out" '[.vpc, .src, .dst, .verdict] | join(" ")')" "a 10.1.0.1 10.2.0.1 none" \
		"a verdict that crosses"
	out=$(ynl --do peering-test --json '{"name": "ab", "src": "0a010001", "dst": "0a090001"}')
	assert_eq "$(field "$out" .verdict)" dst-not-peer "a verdict that drops"
	assert_eq "$(vpcpeerctl peering test ab from 10.1.0.1 to 10.9.0.1)" \
		"drop dst_not_peer from a 10.1.0.1 to 10.9.0.1" "vpcpeerctl's verdict"
}
tcase "the dump of b's peerings, and verdicts, as vpcpeerctl has them" test_verdict

# Refusals carry the kernel's message, which ynl prints.
test_refusals() {
	expect_fail "the addresses must be both IPv4" \
		ynl --do peering-test --json '{"name": "ab", "src": "0a010001", "dst": "fd000002000000000000000000000001"}'
	expect_fail "VPC nosuch not found" ynl --do vpc-del --json '{"name": "nosuch"}'
}
tcase "refusals carry the kernel's message" test_refusals

# Deleting a through ynl takes its peering with it.
test_vpc_del() {
	ynl --do vpc-del --json '{"name": "a"}' >/dev/null
	assert_eq "$(vpcpeerctl -j vpc show | jq -r '[.[].name] | join(" ")')" b "the VPCs left"
	assert_eq "$(vpcpeerctl -j peering show | jq -r length)" 0 "the peerings left"
}
tcase "vpc-del of a takes its peering with it" test_vpc_del
