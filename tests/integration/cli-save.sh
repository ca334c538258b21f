#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl save, and the round trip through vpcpeerctl -b: a state with
# IPv4 and IPv6 CIDRs, a VPC without CIDRs, a VRF name that needs quoting,
# peerings with and without "routes auto", an MTU, one peering down, and
# manual routes (some into "routes auto" peerings, one with an auto
# route's prefix but another metric; routes of the protocol no command
# makes, which become comments) is saved, torn down (the VRFs kept)
# and restored from the file: the three dumps are then what they were
# (compared with jq, sorted, minus the ifindexes of the endpoints, which
# are new devices), the "routes auto" routes are not in the file but come
# back, and a second save is the same file byte for byte. An empty state
# saves to a file that restores to nothing; restoring onto the live state
# fails at the file's first command, as FILE:LINE, exit 1, nothing changed.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
dir=$(mktemp -d)
export SOURCE_DATE_EPOCH=1700000000

# dumps: the three dumps, each sorted, as one JSON document per line.
dumps() {
	vpcpeerctl -j vpc show | jq -c 'map(.cidrs |= sort) | sort_by(.name)'
	vpcpeerctl -j peering show |
		jq -c 'map(del(.endpoints[].ifindex)) | sort_by(.name)'
	vpcpeerctl -j route show |
		jq -c 'map(del(.ifindex)) | sort_by(.vpc, .dst, .metric, .peering)'
}

# save FILE: "vpcpeerctl save" to FILE, which must succeed silently.
save() {
	printf '+ vpcpeerctl save >%s\n' "$1" >&2
	vpcpeerctl save >"$1" 2>"$dir/err"
	assert_eq "$(<"$dir/err")" "" "stderr of save"
	cat "$1" >&2
}

# teardown: delete every peering, then every VPC; the VRFs stay.
teardown() {
	local name
	vpcpeerctl -j peering show | jq -r '.[].name' >"$dir/names"
	while IFS= read -r name; do
		run vpcpeerctl peering del "$name"
	done <"$dir/names"
	vpcpeerctl -j vpc show | jq -r '.[].name' >"$dir/names"
	while IFS= read -r name; do
		run vpcpeerctl vpc del "$name"
	done <"$dir/names"
	assert_eq "$(dumps)" $'[]\n[]\n[]' "dumps after the teardown"
}

# An empty state: only the header, which restores to nothing.
test_empty() {
	save "$dir/empty"
	assert_eq "$(grep -vc '^#' "$dir/empty" || true)" 0 "command lines saved from an empty state"
	assert_contains "$(<"$dir/empty")" "2023-11-14T22:13:20Z" "the header's time (SOURCE_DATE_EPOCH)"
	run vpcpeerctl -b "$dir/empty"
	assert_eq "$(dumps)" $'[]\n[]\n[]' "dumps after restoring the empty state"
}
tcase "an empty state saves only the header, which restores to nothing" test_empty

# The state.
plan_vpc a 1
plan_vpc b 2
plan_vpc c 3
plan_vpc d 4
run vpcpeerctl vpc cidr add a 10.11.0.0/16 fd00:11::/48
make_vrf e 105
run ip link add 'vrf#f' type vrf table 106
run ip link set 'vrf#f' up
run vpcpeerctl vpc add it.s_1 vrf vrf-e
run vpcpeerctl vpc add blue-sky vrf 'vrf#f' cidr 10.6.0.0/16
run vpcpeerctl peering add ab a b routes auto
run vpcpeerctl peering add ac a c mtu 9000
run vpcpeerctl peering add bc b c mtu 1400 routes auto
run vpcpeerctl peering set bc down
run vpcpeerctl peering add cd c d
run vpcpeerctl peering add df d blue-sky routes auto
run vpcpeerctl peering add ae a it.s_1
run vpcpeerctl route add c 10.4.0.0/16 peering cd
run vpcpeerctl route add d 10.3.5.0/24 peering cd metric 7
run vpcpeerctl route add d fd00:3::/48 peering cd
run vpcpeerctl route add a 10.2.7.0/24 peering ab metric 5
run vpcpeerctl route add a 10.2.0.0/16 peering ab metric 9
run vpcpeerctl route add c 10.1.0.0/16 peering ac
run vpcpeerctl route add c fd00:11::/48 peering ac metric 1024
run vpcpeerctl route add blue-sky 10.4.128.0/17 peering df metric 3
# routes of the protocol that no command makes: saved as comments, and
# left alone by the teardown (they are not through endpoints)
run ip link add dum-s type dummy
run ip link set dum-s master vrf-a up
run ip route add 10.77.0.0/16 dev dum-s proto vpcpeer vrf vrf-a
run ip route add blackhole 10.78.0.0/16 proto vpcpeer vrf vrf-a
before=$(dumps)
printf '%s\n' "$before" >&2
# what was built is what the test expects to save
test_built() {
	assert_eq "$(jq -r 'length' <<<"$(sed -n 1p <<<"$before")")" 6 "VPCs built"
	assert_eq "$(jq -r 'length' <<<"$(sed -n 2p <<<"$before")")" 6 "peerings built"
	assert_eq "$(jq -r '.[] | select(.name == "bc") | .admin_up' <<<"$(sed -n 2p <<<"$before")")" false "bc is down"
}
tcase_or_stop "the state built is the one the test expects to save" test_built

test_saved() {
	save "$dir/saved"
	# the order: VPCs, then peerings, then routes; each sorted
	assert_eq "$(grep -v '^#' "$dir/saved" | awk '{ print $1 }' | uniq | tr '\n' ' ')" \
		"vpc peering route " "order of the saved lines"
	assert_eq "$(grep '^vpc add' "$dir/saved" | cut -d' ' -f3 | tr '\n' ' ')" \
		"a b blue-sky c d it.s_1 " "VPCs sorted by name"
	assert_contains "$(<"$dir/saved")" "vpc add a vrf vrf-a cidr 10.1.0.0/16 cidr 10.11.0.0/16 cidr fd00:1::/48 cidr fd00:11::/48" "VPC a"
	assert_contains "$(<"$dir/saved")" "vpc add it.s_1 vrf vrf-e"$'\n' "a VPC without CIDRs"
	assert_contains "$(<"$dir/saved")" "vpc add blue-sky vrf 'vrf#f' cidr 10.6.0.0/16"$'\n' "a VRF name quoted"
	assert_contains "$(<"$dir/saved")" "peering add bc b c mtu 1400 routes auto"$'\npeering set bc down\n' "peering bc"
	assert_contains "$(<"$dir/saved")" "peering add ac a c mtu 9000"$'\n' "peering ac"
	assert_contains "$(<"$dir/saved")" "peering add df d blue-sky routes auto"$'\n' "peering df"
	# the manual routes, and none of the "routes auto" ones
	assert_eq "$(grep '^route' "$dir/saved")" "route add a 10.2.0.0/16 peering ab metric 9
route add a 10.2.7.0/24 peering ab metric 5
route add blue-sky 10.4.128.0/17 peering df metric 3
route add c 10.1.0.0/16 peering ac
route add c 10.4.0.0/16 peering cd
route add c fd00:11::/48 peering ac
route add d 10.3.5.0/24 peering cd metric 7
route add d fd00:3::/48 peering cd" "the routes saved"

	assert_contains "$(<"$dir/saved")" "# vpc a: route to 10.77.0.0/16 metric 0 (ifindex $(</sys/class/net/dum-s/ifindex)) not restored: not out of an endpoint of this VPC" \
		"a route out of another device"
	assert_contains "$(<"$dir/saved")" "# vpc a: route to 10.78.0.0/16 metric 0 (ifindex 0) not restored: not a unicast route" \
		"a blackhole route"
}
tcase_or_stop "save: VPCs, peerings, then routes, sorted and quoted; the rest as comments" test_saved

# Restoring onto the live state fails at the first command, nothing done.
test_live() {
	first=$(grep -n -v '^#' "$dir/saved" | head -n 1 | cut -d: -f1)
	expect_refused "$dir/saved:$first: " vpcpeerctl -b "$dir/saved"
}
tcase "restoring onto the live state fails at its first command" test_live

# Tear down, restore, compare.
test_restore() {
	teardown
	run vpcpeerctl -b "$dir/saved"
	after=$(dumps)
	if [[ $after != "$before" ]]; then
		printf '%s\n' "$before" >"$dir/before"
		printf '%s\n' "$after" >"$dir/after"
		diff "$dir/before" "$dir/after" >&2 || true
	fi
	assert_eq "$after" "$before" "dumps after the restore"
	# the auto routes came back (e.g. b's route to a's second CIDR)
	assert_contains "$(routes b)" "b 10.11.0.0/16 ab 0" "an auto route restored"
}
tcase_or_stop "torn down and restored, the state is the same" test_restore

# A second save is the same file.
test_again() {
	save "$dir/again"
	assert_eq "$(cmp "$dir/saved" "$dir/again" && echo same)" same "the second save"
}
tcase "a second save is the same file" test_again
# without SOURCE_DATE_EPOCH only the time in the header may differ
unset SOURCE_DATE_EPOCH
test_no_epoch() {
	save "$dir/now"
	assert_eq "$(sed 2d "$dir/now")" "$(sed 2d "$dir/saved")" "all but the time line, without SOURCE_DATE_EPOCH"
	assert_contains "$(sed -n 2p "$dir/now")" "# saved by vpcpeerctl " "the time line"
	if [[ $(sed -n 2p "$dir/now") == "$(sed -n 2p "$dir/saved")" ]]; then
		echo "the time line ignored the clock" >&2
		exit 1
	fi
}
tcase "without SOURCE_DATE_EPOCH only the time line differs" test_no_epoch

# -n: the state of that namespace only, restored there.
test_netns() {
	run ip netns add t1
	run ip -n t1 link add vrf-x type vrf table 10
	run vpcpeerctl -n t1 vpc add x vrf vrf-x cidr 10.9.0.0/16
	printf '+ vpcpeerctl -n t1 save >%s\n' "$dir/t1" >&2
	vpcpeerctl -n t1 save >"$dir/t1"
	cat "$dir/t1" >&2
	assert_eq "$(grep -v '^#' "$dir/t1")" "vpc add x vrf vrf-x cidr 10.9.0.0/16" "the namespace's state"
	assert_contains "$(<"$dir/t1")" "# Restore with: vpcpeerctl -n t1 -b FILE" "the header"
	t1_before=$(vpcpeerctl -n t1 -j vpc show)
	run vpcpeerctl -n t1 vpc del x
	run vpcpeerctl -n t1 -b "$dir/t1"
	assert_eq "$(vpcpeerctl -n t1 -j vpc show)" "$t1_before" "the namespace's VPCs restored"
}
tcase "-n saves the state of that namespace only, restored there" test_netns
# and the first namespace's file did not change
export SOURCE_DATE_EPOCH=1700000000
test_first_ns() {
	save "$dir/again"
	assert_eq "$(cmp "$dir/saved" "$dir/again" && echo same)" same "the first namespace's save"
}
tcase "the first namespace's save did not change" test_first_ns

# save -o FILE writes what save prints, through a temporary file renamed
# over FILE, which keeps its mode; none is left behind.
test_save_o() {
	run vpcpeerctl save -o "$dir/boot.conf"
	assert_eq "$(cmp "$dir/saved" "$dir/boot.conf" && echo same)" same "save -o writes what save prints"
	assert_eq "$(stat -c %a "$dir/boot.conf")" 644 "the mode of a new file"
	chmod 600 "$dir/boot.conf"
	run vpcpeerctl save -o "$dir/boot.conf"
	assert_eq "$(stat -c %a "$dir/boot.conf")" 600 "the mode of FILE kept"
	assert_eq "$(find "$dir" -name '.*' | wc -l)" 0 "no temporary file left"
	expect_usage 'save takes no arguments but "-o FILE"' vpcpeerctl save -o
}
tcase_or_stop "save -o writes what save prints, keeping the mode, no temporary left" test_save_o

# save takes no arguments and no -j; neither changes anything.
test_no_args() {
	expect_usage "save takes no arguments" vpcpeerctl save now
	expect_usage "-j does not apply" vpcpeerctl -j save
}
tcase "save takes no arguments and no -j" test_no_args

# The bash completion knows it.
test_completion() {
	# shellcheck source=../../tools/vpcpeerctl/vpcpeerctl.bash-completion
	. /usr/share/bash-completion/completions/vpcpeerctl
	assert_eq "$(complete_words vpcpeerctl sa)" "save" "completion: save"
	assert_eq "$(complete_words vpcpeerctl -n t1 save '')" "help" "completion after save"
}
tcase "the bash completion knows save" test_completion

# save -o onto the boot config fails, leaving it as it was, when the state
# cannot be read: a namespace that is not there, the module not loaded
# (nor loadable: the family's lookup would load it).
test_save_o_fails() {
	cp -p "$dir/boot.conf" "$dir/boot.before"
	for ns in nosuch ""; do
		if [[ -z $ns ]]; then
			run modprobe -r vpcpeer
			mkdir -p /etc/modprobe.d
			echo "install vpcpeer /bin/false" >/etc/modprobe.d/zz-cli-save.conf
		fi
		rc=0
		vpcpeerctl ${ns:+-n "$ns"} save -o "$dir/boot.conf" 2>"$dir/err" || rc=$?
		cat "$dir/err" >&2
		assert_eq "$rc" 1 "exit status of save -o that fails (-n $ns)"
		assert_eq "$(wc -l <"$dir/err")" 1 "one error line (-n $ns)"
		assert_eq "$(cmp "$dir/boot.before" "$dir/boot.conf" && echo same)" same "FILE untouched (-n $ns)"
		assert_eq "$(find "$dir" -name '.*' | wc -l)" 0 "no temporary file left (-n $ns)"
	done
	assert_contains "$(<"$dir/err")" "module is not loaded" "the module was not loaded"
}
tcase "save -o that cannot read the state leaves FILE as it was" test_save_o_fails
rm -f /etc/modprobe.d/zz-cli-save.conf

