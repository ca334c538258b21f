#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl -j: every show command prints one JSON array of objects with
# snake_case keys, parsed here with jq, with exactly the keys and types the
# man page documents; -p prints the same value indented; empty lists are
# []; the values agree with the kernel and with the text output.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

# check JSON FILTER WHAT: jq -e FILTER holds on JSON.
check() {
	if ! jq -e "$2" >/dev/null <<<"$1"; then
		echo "JSON check failed ($3): $2" >&2
		printf '%s\n' "$1" >&2
		return 1
	fi
}

run modprobe vpcpeer
test_nothing() {
	for cmd in "vpc show" "peering show" "route show"; do
		# shellcheck disable=SC2086
		assert_eq "$(vpcpeerctl -j $cmd)" "[]" "$cmd with nothing"
	done
}
tcase "with nothing made, every dump is an empty array" test_nothing

plan_vpc a 1
plan_vpc b 2
plan_vpc c 3
run vpcpeerctl peering add ab a b mtu 1400 routes auto
run vpcpeerctl peering add bc b c
run vpcpeerctl peering set bc down
run vpcpeerctl route add c 10.2.0.0/16 peering bc metric 3

# vpc show
vpcs=$(run vpcpeerctl -j vpc show)
echo "$vpcs"
test_vpc_json() {
	check "$vpcs" 'type == "array" and length == 3' "vpc show"
	check "$vpcs" 'all(.[]; keys == ["cidr_count", "cidrs", "name", "peering_count", "vrf", "vrf_ifindex"])' "vpc keys"
	check "$vpcs" 'all(.[]; (.name | type) == "string" and (.vrf | type) == "string"
	and (.vrf_ifindex | type) == "number" and (.cidr_count | type) == "number"
	and (.peering_count | type) == "number" and (.cidrs | type) == "array"
	and all(.cidrs[]; type == "string"))' "vpc types"
	check "$vpcs" 'map(.name) == ["a", "b", "c"]' "vpc names"
	check "$vpcs" '.[1] | .vrf == "vrf-b" and .cidr_count == 2 and .peering_count == 2
	and .cidrs == ["10.2.0.0/16", "fd00:2::/48"]' "vpc b"
	assert_eq "$(jq '.[0].vrf_ifindex' <<<"$vpcs")" "$(cat /sys/class/net/vrf-a/ifindex)" "vrf_ifindex"
	assert_eq "$(vpcpeerctl -j vpc show b | jq -c .)" "$(jq -c '[.[1]]' <<<"$vpcs")" "vpc show b"
}
tcase "vpc show: keys, types and values" test_vpc_json

# peering show
peerings=$(run vpcpeerctl -j peering show)
echo "$peerings"
test_peering_json() {
	check "$peerings" 'type == "array" and length == 2' "peering show"
	check "$peerings" 'all(.[]; keys == ["admin_up", "endpoints", "flags", "name", "state", "vpc_a", "vpc_b"])' "peering keys"
	check "$peerings" 'all(.[].endpoints[]; keys == ["drops", "ifindex", "ifname", "mtu", "side", "vpc"])' "endpoint keys"
	check "$peerings" 'all(.[].endpoints[].drops; keys == ["dst_not_peer", "not_ip", "peering_down", "source_route", "src_not_local", "too_big"]
	and all(.[]; type == "number"))' "drops"
	check "$peerings" 'all(.[]; (.admin_up | type) == "boolean" and (.flags | type) == "array"
	and (.endpoints | length) == 2)' "peering types"
	check "$peerings" '.[0] | .name == "ab" and .vpc_a == "a" and .vpc_b == "b" and .state == "up"
	and .admin_up == true and .flags == ["routes_auto"]
	and (.endpoints | map([.side, .ifname, .vpc, .mtu])) == [["a", "ab-a", "a", 1400], ["b", "ab-b", "b", 1400]]' "peering ab"
	check "$peerings" '.[1] | .name == "bc" and .state == "down" and .admin_up == false and .flags == []' "peering bc"
	assert_eq "$(jq '.[0].endpoints[1].ifindex' <<<"$peerings")" "$(cat /sys/class/net/ab-b/ifindex)" "endpoint ifindex"
	# -s changes the text, not the JSON (which always has the counters)
	assert_eq "$(vpcpeerctl -s -j peering show)" "$peerings" "-s -j"
}
tcase "peering show: keys, types and values; -s changes no JSON" test_peering_json

# route show
routes=$(run vpcpeerctl -j route show)
echo "$routes"
test_route_json() {
	check "$routes" 'all(.[]; keys == ["dev", "dst", "family", "ifindex", "metric", "peering", "table", "vpc", "vrf"])' "route keys"
	check "$routes" 'all(.[]; (.table | type) == "number" and (.metric | type) == "number"
	and (.ifindex | type) == "number" and (.family == "inet" or .family == "inet6"))' "route types"
	check "$routes" 'map([.vpc, .dst, .family, .peering, .dev, .metric, .vrf, .table]) == [
	["a", "10.2.0.0/16", "inet", "ab", "ab-a", 0, "vrf-a", 101],
	["a", "fd00:2::/48", "inet6", "ab", "ab-a", 1024, "vrf-a", 101],
	["b", "10.1.0.0/16", "inet", "ab", "ab-b", 0, "vrf-b", 102],
	["b", "fd00:1::/48", "inet6", "ab", "ab-b", 1024, "vrf-b", 102],
	["c", "10.2.0.0/16", "inet", "bc", "bc-b", 3, "vrf-c", 103]]' "routes"
}
tcase "route show: keys, types and values" test_route_json
# A route of protocol vpcpeer that vpcpeerctl did not make, out of a device
# that is no endpoint: listed, with a null peering.
test_foreign_route() {
	run ip route add 10.2.99.0/24 dev lo vrf vrf-a proto vpcpeer
	check "$(vpcpeerctl -j route show a)" '.[1] | .dst == "10.2.99.0/24" and .peering == null and .dev == "lo"' "foreign route"
	assert_contains "$(vpcpeerctl route show a)" "a 10.2.99.0/24 peering - metric 0 dev lo vrf vrf-a table 101"
	run ip route del 10.2.99.0/24 dev lo vrf vrf-a
}
tcase_or_stop "a foreign route of protocol vpcpeer is listed, with no peering" test_foreign_route

# -p: the same values, indented four spaces a level.
test_pretty() {
	for cmd in "vpc show" "peering show" "route show"; do
		# shellcheck disable=SC2086
		pretty=$(vpcpeerctl -j -p $cmd)
		# shellcheck disable=SC2086
		assert_eq "$(jq -c . <<<"$pretty")" "$(vpcpeerctl -j $cmd | jq -c .)" "-p $cmd"
		assert_contains "$pretty" $'[\n    {\n        "' "-p $cmd indents"
	done
	# Long options, and -json as iproute2 spells it.
	assert_eq "$(vpcpeerctl --json --pretty vpc show | jq -c .)" "$(jq -c . <<<"$vpcs")" "--json --pretty"
	assert_eq "$(vpcpeerctl -json vpc show | jq -c .)" "$(jq -c . <<<"$vpcs")" "-json"
}
tcase "-p indents the same values; long options, and -json" test_pretty

# Names that need escaping in JSON still parse: a VRF named with a quote.
run ip link add 'vrf-"q' type vrf table 150
run vpcpeerctl vpc add q vrf 'vrf-"q' cidr 10.50.0.0/16
test_quoted_vrf() {
	check "$(vpcpeerctl -j vpc show q)" '.[0].vrf == "vrf-\"q"' "escaped VRF name"
}
tcase "a VRF name with a quote in it still parses" test_quoted_vrf

# -N: the names only, one a line, which the bash completion reads.
test_names() {
	assert_eq "$(vpcpeerctl -N vpc show)" $'a\nb\nc\nq' "vpc show -N"
	assert_eq "$(vpcpeerctl --Names peering show)" $'ab\nbc' "peering show --Names"
	# shellcheck source=../../tools/vpcpeerctl/vpcpeerctl.bash-completion
	. /usr/share/bash-completion/completions/vpcpeerctl
	assert_eq "$(complete_words vpcpeerctl vpc show '')" "a b c q" "completion: VPC names"
	assert_eq "$(complete_words vpcpeerctl peering set '')" "ab bc" "completion: peerings"
	assert_eq "$(complete_words vpcpeerctl peering test ab from 10.1.1.2 '')" "from to vpc" \
		"completion: peering test's keywords"
	assert_eq "$(complete_words vpcpeerctl route add a 10.2.1.0/24 peering '')" "ab bc" \
		"completion: peering after a prefix"
	assert_eq "$(complete_words vpcpeerctl vpc cidr del b '')" "10.2.0.0/16 fd00:2::/48" \
		"completion: a VPC's CIDRs"
	assert_eq "$(complete_words vpcpeerctl vpc add x vrf vrf-)" 'vrf-a vrf-b vrf-c vrf-\"q' \
		"completion: VRF devices"
	run ip netns add ns1
	run ip -n ns1 link add vrf-n type vrf table 160
	assert_eq "$(complete_words vpcpeerctl -n ns1 vpc add x vrf '')" "vrf-n" "completion in ns1"
	assert_eq "$(complete_words vpcpeerctl -n '')" "ns1" "completion: namespaces"
	run ip netns del ns1
}
tcase "-N lists the names, which the bash completion offers" test_names

# -4 and -6: the CIDRs and routes of one family.
test_families() {
	assert_eq "$(vpcpeerctl -4 -j vpc show b | jq -c '.[0].cidrs')" '["10.2.0.0/16"]' "vpc show -4"
	assert_eq "$(vpcpeerctl -6 -j vpc show b | jq -c '.[0].cidrs')" '["fd00:2::/48"]' "vpc show -6"
	assert_eq "$(vpcpeerctl -6 -j route show | jq -r '.[].dst' | tr '\n' ' ')" "fd00:2::/48 fd00:1::/48 " "route show -6"
	assert_eq "$(vpcpeerctl -4 route show | awk '{ print $2 }' | tr '\n' ' ')" "10.2.0.0/16 10.1.0.0/16 10.2.0.0/16 " \
		"route show -4"
}
tcase "-4 and -6 show the CIDRs and routes of one family" test_families

# Objects and commands abbreviated as iproute2 does; the first match wins.
test_abbreviations() {
	assert_eq "$(vpcpeerctl p s)" "$(vpcpeerctl peering show)" "p s"
	assert_eq "$(vpcpeerctl -j v l b)" "$(vpcpeerctl -j vpc show b)" "v l b"
	assert_eq "$(vpcpeerctl r sh c)" "$(vpcpeerctl route show c)" "r sh c"
	run vpcpeerctl p se bc up
	assert_eq "$(vpcpeerctl -j peering show bc | jq -r '.[0].admin_up')" true "p se bc up"
	run vpcpeerctl peering set bc down
}
tcase "objects and commands abbreviated as iproute2 does" test_abbreviations

# The text output agrees with the JSON.
test_text() {
	assert_contains "$(vpcpeerctl vpc show b)" "vpc b vrf vrf-b cidrs 2 peerings 2"
	assert_contains "$(vpcpeerctl peering show ab)" "peering ab a <-> b state up admin up mtu 1400 flags routes-auto"
	assert_contains "$(vpcpeerctl -s peering show bc)" "drops not_ip 0 peering_down 0 src_not_local 0 dst_not_peer 0"
}
tcase "the text output agrees with the JSON" test_text
