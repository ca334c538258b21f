#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the debug VM: loading vpcpeer_test.ko runs every vpcpeer KUnit
# suite; their KTAP results are read back from debugfs. Fails on any failed
# case, and when no case ran at all.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"

run modprobe vpcpeer_test
total=0
bad=0
for results in /sys/kernel/debug/kunit/vpcpeer*/results; do
	[[ -f $results ]] || continue
	cat "$results"
	ok=$(grep -cE '^ *ok [0-9]+ ' "$results" || true)
	notok=$(grep -cE '^ *not ok [0-9]+ ' "$results" || true)
	total=$((total + ok + notok))
	bad=$((bad + notok))
done
run rmmod vpcpeer_test vpcpeer
echo "kunit: $total results (cases and suites), $bad not ok"
[[ $total -gt 0 ]]
[[ $bad -eq 0 ]]
