#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The iproute2 link plugin, link_vpcpeer.so, as "make install" puts it in
# ip's library directory: "ip -d link show" of each endpoint prints its
# peering, local and peer VPCs, peer endpoint and state, and "ip -j -d
# link show" the same in linkinfo.info_data; the values are checked against
# the endpoint's sysfs files and "vpcpeerctl peering show", not against
# guesses. Setting the peering down, or its other endpoint, changes the
# state printed. Without the
# plugin (IP_LIB_DIR pointing elsewhere) ip prints none of it, so it is the
# plugin that does; other kinds of device print the same with and without
# it, and a full "ip -d link" and "ip -j -d link" still work.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1
plan_vpc b 2
run vpcpeerctl peering add ab a b
nolib=$(mktemp -d)

# expected EP: the words the plugin should print for endpoint EP, from
# its sysfs files and its peer from "vpcpeerctl peering show".
expected() {
	local sys=/sys/class/net/$1/vpcpeer peering peer
	peering=$(<"$sys/peering")
	peer=$(vpcpeerctl -j peering show "$peering" |
		jq -r --arg ep "$1" '.[0].endpoints[] | select(.ifname != $ep) | .ifname')
	printf 'peering %s local_vpc %s peer_vpc %s peer %s state %s' \
		"$peering" "$(<"$sys/local_vpc")" "$(<"$sys/peer_vpc")" "$peer" \
		"$(<"$sys/state")"
}

# expected_json EP: the same as linkinfo's JSON.
expected_json() {
	local sys=/sys/class/net/$1/vpcpeer peering
	peering=$(<"$sys/peering")
	jq -c -n --arg peering "$peering" --arg local "$(<"$sys/local_vpc")" \
		--arg remote "$(<"$sys/peer_vpc")" --arg state "$(<"$sys/state")" \
		--arg peer "$(vpcpeerctl -j peering show "$peering" |
			jq -r --arg ep "$1" '.[0].endpoints[] | select(.ifname != $ep) | .ifname')" \
		'{info_kind: "vpcpeer", info_data: {peering: $peering,
		  local_vpc: $local, peer_vpc: $remote, peer: $peer, state: $state}}'
}

# check_endpoint EP STATE: the text and JSON of EP, whose state is STATE.
check_endpoint() {
	local text want
	assert_eq "$(<"/sys/class/net/$1/vpcpeer/state")" "$2" "sysfs state of $1"
	text=$(ip -d link show "$1")
	printf '%s\n' "$text" >&2
	want=$(expected "$1")
	assert_contains "$text" "    vpcpeer $want " "ip -d link show $1"
	assert_eq "$(ip -j -d link show "$1" |
		jq -c '.[0].linkinfo | {info_kind, info_data}')" \
		"$(expected_json "$1")" "ip -j -d link show $1"
}

test_endpoints() {
	check_endpoint ab-a up
	check_endpoint ab-b up
	# the values are not constants: side b names its own VPC first
	assert_contains "$(ip -d link show ab-b)" "local_vpc b peer_vpc a peer ab-a" "side b"
}
tcase "ip -d link show prints each endpoint's peering, VPCs, peer and state" test_endpoints

test_state() {
	run vpcpeerctl peering set ab down
	check_endpoint ab-a down
	check_endpoint ab-b down
	run vpcpeerctl peering set ab up
	check_endpoint ab-a up
	# the state is the datapath's: an endpoint down takes the peering down
	run ip link set ab-b down
	check_endpoint ab-a down
	run ip link set ab-b up
	check_endpoint ab-a up
}
tcase "the state printed follows the peering set down and an endpoint down" test_state

# Without the plugin, ip shows the kind and nothing of the peering.
test_without_plugin() {
	text=$(IP_LIB_DIR=$nolib ip -d link show ab-a)
	assert_contains "$text" "    vpcpeer " "the kind without the plugin"
	if [[ $text == *"peering ab"* ]]; then
		echo "ip printed the peering without the plugin: the test shows nothing" >&2
		exit 1
	fi
	assert_eq "$(IP_LIB_DIR=$nolib ip -j -d link show ab-a |
		jq -c '.[0].linkinfo | [.info_kind, has("info_data")]')" \
		'["vpcpeer",false]' "JSON without the plugin"
}
tcase "without the plugin, ip prints the kind and nothing of the peering" test_without_plugin

# Other kinds print the same with and without it.
test_other_kinds() {
	run ip link add dum-t type dummy
	for dev in vrf-a dum-t lo; do
		assert_eq "$(ip -d link show "$dev")" "$(IP_LIB_DIR=$nolib ip -d link show "$dev")" \
			"ip -d link show $dev"
		assert_eq "$(ip -j -d link show "$dev")" \
			"$(IP_LIB_DIR=$nolib ip -j -d link show "$dev")" "ip -j -d link show $dev"
	done
}
tcase "other kinds of device print the same with and without it" test_other_kinds

# Every link at once.
test_every_link() {
	run ip -d link show >/dev/null
	assert_eq "$(ip -j -d link show | jq -r '[.[] | select(.linkinfo.info_kind == "vpcpeer") | .linkinfo.info_data.peering] | sort | join(" ")')" \
		"ab ab" "ip -j -d link: the endpoints"
}
tcase "a full ip -d link and ip -j -d link work" test_every_link
