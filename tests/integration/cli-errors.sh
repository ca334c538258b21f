#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl's error paths, part one: no module loaded, the options, and
# the vpc commands. Each: one line on stderr, "vpcpeerctl: " and the
# kernel's own message (extack) when it refuses, or a message naming the
# bad argument; exit 1 for a refusal, 2 for bad usage (found before
# anything is sent); and nothing changed, checked against the dumps and
# the routes of every table (expect_refused, expect_usage).
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

# Without the module (autoloading off), every command that needs it says so.
modprobe_path=$(cat /proc/sys/kernel/modprobe)
echo /bin/false >/proc/sys/kernel/modprobe
test_no_module() {
	for cmd in "vpc show" "peering show" "route show" "route add a 10.2.0.0/16 peering ab" \
		"vpc add a vrf vrf-a"; do
		RC=0
		# shellcheck disable=SC2086
		out=$(vpcpeerctl $cmd 2>&1) || RC=$?
		assert_eq "$RC" 1 "exit status of $cmd without the module"
		assert_eq "$out" "vpcpeerctl: the vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)" \
			"$cmd without the module"
	done
	RC=0
	out=$(printf 'vpc show\n' | vpcpeerctl -b - 2>&1) || RC=$?
	assert_eq "$RC$out" "1vpcpeerctl: -:1: the vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)" \
		"a batch without the module"
}
tcase "without the module, every command says so" test_no_module
echo "$modprobe_path" >/proc/sys/kernel/modprobe

run modprobe vpcpeer
plan_vpc a 1
plan_vpc b 2
make_vrf d 104
run ip link add notvrf0 type dummy
run vpcpeerctl peering add ab a b

# Options.
test_options() {
	expect_usage 'unknown option "-x"; try "vpcpeerctl --help"' vpcpeerctl -x vpc show
	expect_usage 'unknown option "--bogus"; try "vpcpeerctl --help"' vpcpeerctl --bogus vpc show
	expect_usage 'option "-n" needs an argument' vpcpeerctl -n
	expect_usage 'option "-b" needs an argument' vpcpeerctl -b
	expect_usage 'unknown object "bogus"; try "vpcpeerctl --help"' vpcpeerctl bogus
	assert_eq "$(exit_status vpcpeerctl)" 2 "no arguments"
	assert_eq "$(exit_status vpcpeerctl -j)" 2 "no object"
	assert_contains "$(vpcpeerctl --help)" "vpcpeerctl route add VPC PREFIX peering NAME [metric N]"
	assert_contains "$(vpcpeerctl help)" "vpcpeerctl [OPTIONS] -b|--batch FILE|-  [-f|--force]"
}
tcase "options: bad usage, and help" test_options

# vpc: usage.
test_vpc_usage() {
	expect_usage 'vpc add: missing NAME' vpcpeerctl vpc add
	expect_usage 'vpc add: missing "vrf VRFDEV"' vpcpeerctl vpc add e cidr 10.5.0.0/16
	expect_usage 'vpc add: missing VRFDEV after "vrf"' vpcpeerctl vpc add e vrf
	expect_usage 'vpc add: "vrf" given twice' vpcpeerctl vpc add e vrf vrf-d vrf vrf-d
	expect_usage 'vpc add: unknown keyword "cidrs"' vpcpeerctl vpc add e vrf vrf-d cidrs 10.5.0.0/16
	expect_usage 'invalid prefix "10.5.0.0/40" (length must be 0 to 32)' \
		vpcpeerctl vpc add e vrf vrf-d cidr 10.5.0.0/40
	expect_usage 'vpc name "abcdefghijklmnop" is longer than 15 characters' \
		vpcpeerctl vpc add abcdefghijklmnop vrf vrf-d
	# names are A-Z a-z 0-9 . _ - only, as the kernel takes them
	expect_usage 'vpc name "e f" has a character other than A-Z a-z 0-9 . _ -' \
		vpcpeerctl vpc add "e f" vrf vrf-d
	expect_usage "vpc name \"it's\" has a character other than" vpcpeerctl vpc show "it's"
	expect_usage 'vpc del: unexpected argument "b"' vpcpeerctl vpc del a b
	expect_usage 'vpc cidr add: missing PREFIX' vpcpeerctl vpc cidr add a
	# one line per failure, also when the lookup before a delete fails
	expect_refused 'cannot open network namespace "nosuch"' vpcpeerctl -n nosuch vpc cidr del a 10.1.0.0/16
	expect_usage 'unknown vpc cidr command "move"' vpcpeerctl vpc cidr move a 10.1.0.0/16
	expect_usage 'unknown vpc command "rename"; try "vpcpeerctl vpc help"' vpcpeerctl vpc rename a
}
tcase "vpc: bad usage, one line each" test_vpc_usage
# vpc: refusals, with the kernel's messages.
test_vpc_refused() {
	expect_refused 'vpcpeer: VPC a already exists' vpcpeerctl vpc add a vrf vrf-d
	expect_refused 'vpcpeer: vrf-a already backs VPC a' vpcpeerctl vpc add e vrf vrf-a
	expect_refused 'vpcpeer: notvrf0 is not a VRF' vpcpeerctl vpc add e vrf notvrf0
	expect_refused 'vpcpeer: no device named nodev' vpcpeerctl vpc add e vrf nodev
	# host bits: bad usage, found before anything is sent
	expect_usage '10.5.0.1/16 has host bits set' vpcpeerctl vpc add e vrf vrf-d cidr 10.5.0.1/16
	expect_refused 'vpcpeer: 10.1.128.0/17 overlaps 10.1.0.0/16, already in VPC a' \
		vpcpeerctl vpc cidr add a 10.1.128.0/17
	expect_refused 'vpcpeer: 10.2.1.0/24 overlaps 10.2.0.0/16 of peered VPC b' \
		vpcpeerctl vpc cidr add a 10.2.1.0/24
	expect_refused 'vpcpeer: 10.9.0.0/16 not found in VPC a' vpcpeerctl vpc cidr del a 10.9.0.0/16
	expect_refused 'vpcpeer: VPC nope not found' vpcpeerctl vpc del nope
	expect_refused 'vpcpeer: VPC nope not found' vpcpeerctl vpc cidr add nope 10.9.0.0/16
	expect_refused 'vpc "nope" not found' vpcpeerctl vpc show nope
	# all or nothing: the good CIDR of a refused request is not added either
	expect_refused 'vpcpeer: 10.1.128.0/17 overlaps 10.1.0.0/16, already in VPC a' \
		vpcpeerctl vpc cidr add a 10.7.0.0/16 10.1.128.0/17
	# a request is checked as a whole: two of its CIDRs overlapping each other,
	# one named twice in a removal, more CIDRs than a VPC may hold
	expect_refused 'vpcpeer: 10.7.1.0/24 overlaps 10.7.0.0/16, also in this request' \
		vpcpeerctl vpc cidr add a 10.7.0.0/16 10.7.1.0/24
	expect_refused 'vpcpeer: 10.1.0.0/16 is listed twice' \
		vpcpeerctl vpc cidr del a 10.1.0.0/16 10.1.0.0/16
}
tcase "vpc: refusals, with the kernel's messages" test_vpc_refused
max=$(cat /sys/module/vpcpeer/parameters/max_cidrs_per_vpc)
echo 2 >/sys/module/vpcpeer/parameters/max_cidrs_per_vpc
test_max_cidrs() {
	expect_refused 'vpcpeer: 3 CIDRs in one request, over max_cidrs_per_vpc (2)' \
		vpcpeerctl vpc cidr del a 10.1.0.0/16 10.7.0.0/16 10.8.0.0/16
}
tcase "a request over max_cidrs_per_vpc is refused" test_max_cidrs
echo "$max" >/sys/module/vpcpeer/parameters/max_cidrs_per_vpc
