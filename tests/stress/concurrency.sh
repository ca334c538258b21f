#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrency: four "vpcpeerctl -b -force" writers at once on the same three
# VPCs, each adding and deleting CIDRs of its own (every odd one stays),
# and all of them racing for the same contended CIDRs and the same peering
# (exactly one writer must win each). Meanwhile VPC dumps run: raw ones
# (tests/fuzz/genl-fuzz -D), where a dump the kernel does not mark
# NLM_F_DUMP_INTR must be consistent, and vpcpeerctl's, which retry an
# interrupted dump and must print a consistent one or, if every try was
# interrupted, say so. At the end the
# dump equals what any serial order of the writers gives. The writers have
# 60 * STRESS_SECONDS lines each, at most 2500 (default 15 s).
. "$VPCPEER_TESTS/lib.sh"
. "$VPCPEER_TESTS/integration/topology.sh"
. "$VPCPEER_TESTS/stress/common.sh"

duration=${STRESS_SECONDS:-15}
writers=4
lines=$((60 * duration > 2500 ? 2500 : 60 * duration))
fuzz=$VPCPEER_TESTS/fuzz/genl-fuzz
[[ -x $fuzz ]] || { echo "no $fuzz: build it with make -C tests/fuzz" >&2; exit 1; }

run modprobe vpcpeer
for k in 1 2 3; do
	make_vrf "k$k" $((500 + k))
	run vpcpeerctl vpc add "k$k" vrf "vrf-k$k" cidr "10.$k.0.0/16"
done
# Enough CIDRs that a dump of k1 spans many messages.
for ((i = 0; i < 3000; i++)); do
	printf 'vpc cidr add k1 172.%d.%d.0/24\n' $((16 + i / 256)) $((i % 256))
done | run vpcpeerctl -b -
expected=$(vpcpeerctl -j vpc show | jq -r '.[] | .name as $n | .cidrs[] | "\($n) \(.)"')

contended=0
for ((w = 1; w <= writers; w++)); do
	for ((i = 0; i < lines; i++)); do
		k=$((i % 3 + 1))
		cidr=10.$((10 + w)).$((i / 256)).$((i % 256))/32
		echo "vpc cidr add k$k $cidr"
		if ((i % 2 == 1)); then
			prev=10.$((10 + w)).$(((i - 1) / 256)).$(((i - 1) % 256))/32
			echo "vpc cidr del k$(((i - 1) % 3 + 1)) $prev"
			expected+=$'\n'"k$k $cidr"
		fi
		if ((i % 10 == 0)); then
			echo "vpc cidr add k3 10.99.$((i / 10)).0/24"
			((w > 1)) || contended=$((contended + 1))
			((w > 1)) || expected+=$'\n'"k3 10.99.$((i / 10)).0/24"
		fi
		if ((i == lines / 2)); then
			echo "peering add cz k1 k2"
			((w > 1)) || contended=$((contended + 1))
		fi
	done >"$STRESS_TMP/writer$w"
done

start=$SECONDS
"$fuzz" -D "$duration" >"$STRESS_TMP/dumps" 2>&1 &
raw_dumper=$!
# vpcpeerctl's dumps: each complete and consistent (every CIDR once), or,
# after GENL_DUMP_TRIES dumps all interrupted by changes, refused with its
# message; never anything else.
ctl_dumps() {
	local end ok=0 gaveup=0 bad=0
	end=$(deadline "$duration")
	while ((SECONDS < end)); do
		if vpcpeerctl -j vpc show k1 2>"$STRESS_TMP/ctldump.err" |
			jq -e '.[0].cidrs | length >= 3001 and length == (unique | length)' >/dev/null; then
			ok=$((ok + 1))
		elif grep -q 'the dump was interrupted by changes' "$STRESS_TMP/ctldump.err"; then
			gaveup=$((gaveup + 1))
		else
			cat "$STRESS_TMP/ctldump.err"
			bad=$((bad + 1))
		fi
	done
	echo "ops=$((ok + gaveup)) complete=$ok gave_up=$gaveup errors=$bad" >"$STRESS_TMP/ctldump.counts"
}
worker ctldump ctl_dumps
pids=()
for ((w = 1; w <= writers; w++)); do
	vpcpeerctl -force -b "$STRESS_TMP/writer$w" >/dev/null 2>"$STRESS_TMP/writer$w.err" &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid" || true	# the losers of the contended lines fail
done
writes=$((SECONDS - start))
wait_workers
raw_rc=0
wait "$raw_dumper" || raw_rc=$?
cat "$STRESS_TMP/dumps" >&2
assert_eq "$raw_rc" 0 "raw dumper's exit status"

# Exactly one writer won each contended line; nothing else failed.
failed=$(cat "$STRESS_TMP"/writer*.err | grep -c 'vpcpeerctl:' || true)
assert_eq "$failed" $((contended * (writers - 1))) "lines that failed"
if grep -v 'exists\|overlap\|already' "$STRESS_TMP"/writer*.err | grep -q vpcpeerctl:; then
	echo "unexpected failures:" >&2
	grep -v 'exists\|overlap\|already' "$STRESS_TMP"/writer*.err | head >&2
	false
fi
assert_eq "$(vpcpeerctl -j peering show | jq -r '[.[].name] | join(" ")')" cz "peerings"

# The final state is the serial one.
got=$(vpcpeerctl -j vpc show | jq -r '.[] | .name as $n | .cidrs[] | "\($n) \(.)"' | sort)
want=$(sort <<<"$expected")
if [[ $got != "$want" ]]; then
	echo "the CIDRs differ from the serial order's:" >&2
	diff_text "$want" "$got" | head -n 20 >&2
	false
fi
ctl=$(counts ctldump)
if [[ $ctl != *" errors=0" ]]; then
	echo "vpcpeerctl's dumps failed ($ctl):" >&2
	tail -n 20 "$STRESS_TMP/ctldump.log" >&2
	false
fi
dumps=$(tail -n 1 "$STRESS_TMP/dumps")
echo "STRESS concurrency: seconds=$writes writers=$writers lines=$((writers * (lines + lines / 2 + lines / 10 + 1)))" \
	"contended=$contended lost_races=$failed cidrs_final=$(wc -l <<<"$got")" \
	"raw_${dumps#genl-fuzz: } vpcpeerctl_dumps: $ctl"
