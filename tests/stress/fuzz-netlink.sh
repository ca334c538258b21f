#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink fuzzing: tests/fuzz/genl-fuzz (raw sockets, not vpcpeerctl) first
# checks that every request command refuses an attribute it does not take
# (EINVAL and a message: strict policies, GET_INFO's included), then sends
# FUZZ_MESSAGES generated requests (default 20000; "make stress": 100000)
# to the family in a namespace of its own with four VRFs, checks that every
# one is answered with an error or well-formed replies, and that the dumps
# at the end equal its model of the requests that succeeded. FUZZ_SEED
# repeats a run. Then the namespace, with what the fuzzer left in it, is
# deleted, and the module must unload. The rig fails the run on a splat or
# a leak.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=common.sh
. "$VPCPEER_TESTS/stress/common.sh"

messages=${FUZZ_MESSAGES:-20000}
fuzz=$VPCPEER_TESTS/fuzz/genl-fuzz
[[ -x $fuzz ]] || { echo "no $fuzz: build it with make -C tests/fuzz" >&2; exit 1; }

run modprobe vpcpeer
run ip netns add fz
vrfs=()
for i in 0 1 2 3; do
	run ip -n fz link add "vrf-f$i" type vrf table $((200 + i))
	run ip -n fz link set "vrf-f$i" up
	vrfs+=("vrf-f$i")
done

run ip netns exec fz "$fuzz" -S "${vrfs[@]}"

start=$SECONDS
rc=0
ip netns exec fz "$fuzz" -n "$messages" ${FUZZ_SEED:+-s "$FUZZ_SEED"} "${vrfs[@]}" >"$STRESS_TMP/fuzz.out" || rc=$?
cat "$STRESS_TMP/fuzz.out"
assert_eq "$rc" 0 "genl-fuzz exit status"
summary=$(tail -n 1 "$STRESS_TMP/fuzz.out")
sent=$(sed -n 's/.* messages \([0-9]*\) in .*/\1/p' <<<"$summary")
assert_eq "$sent" "$messages" "messages sent"

# What the fuzzer left goes with its namespace.
run ip netns del fz
run rmmod vpcpeer
echo "STRESS fuzz-netlink: messages=$sent seconds=$((SECONDS - start)) ${summary#*s) }"
