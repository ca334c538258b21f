#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads, answers over its generic netlink family, autoloads from
# a family lookup and from "ip link add ... type vpcpeer", and unloads.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"

# With autoloading disabled the tool names the problem and the fix.
test_no_autoload() {
	! module_loaded vpcpeer || false
	modprobe_path=$(cat /proc/sys/kernel/modprobe)
	echo /bin/false >/proc/sys/kernel/modprobe
	expect_fail "vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)" \
		vpcpeerctl version
	echo "$modprobe_path" >/proc/sys/kernel/modprobe
}
tcase_or_stop "not loaded and not loadable, the tool names the problem and the fix" test_no_autoload

test_version() {
	run modprobe vpcpeer
	out=$(run vpcpeerctl version)
	echo "$out"
	assert_contains "$out" "vpcpeerctl 0.1.0"
	assert_contains "$out" "vpcpeer module 0.1.0 (generic netlink family vpcpeer version 1)"
	# -j: one object
	assert_eq "$(vpcpeerctl -j version | jq -c .)" \
		'{"vpcpeerctl":"0.1.0","module":"0.1.0","family":"vpcpeer","family_version":1}' "version -j"
	run rmmod vpcpeer
	! module_loaded vpcpeer || false
}
tcase_or_stop "loaded, it answers with its version, text and JSON; it unloads" test_version

# A family lookup loads the module by its alias.
test_family_alias() {
	run vpcpeerctl version
	module_loaded vpcpeer
	run rmmod vpcpeer
}
tcase_or_stop "a family lookup loads the module by its alias" test_family_alias

# So does the link kind, which then refuses with a pointer to the tool.
test_link_kind() {
	expect_fail 'use "vpcpeerctl peering add"' ip link add vp0 type vpcpeer
	module_loaded vpcpeer
	! ip link show vp0 2>/dev/null || false
	run rmmod vpcpeer
}
tcase "so does the link kind, which refuses, pointing to the tool" test_link_kind

# Usage errors exit 2, without touching the kernel.
test_usage() {
	assert_eq "$(exit_status vpcpeerctl bogus)" 2 "exit status of an unknown object"
	assert_eq "$(exit_status vpcpeerctl version extra)" 2 "exit status of a stray argument"
}
tcase "usage errors exit 2, without touching the kernel" test_usage
