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
# 20 * STRESS_SECONDS lines each, at most 2500 (default 15 s). A line that
# fails because vpcpeerctl gave up a lookup whose dumps were all
# interrupted by the others' changes is retried afterwards, as a host
# agent would (vpcpeerctl undoes such a line, "the CIDRs were removed
# again", so the writer's delete of that CIDR fails too and is retried).
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"
# shellcheck source=common.sh
. "$VPCPEER_TESTS/stress/common.sh"

duration=${STRESS_SECONDS:-15}
writers=4
# shellcheck disable=SC2178 # fixtures.sh's ipb() has a local array "lines"
lines=$((20 * duration > 2500 ? 2500 : 20 * duration))
fuzz=$VPCPEER_TESTS/fuzz/genl-fuzz
[[ -x $fuzz ]] || { echo "no $fuzz: build it with make -C tests/fuzz" >&2; exit 1; }

run modprobe vpcpeer
for k in 1 2 3; do
	make_vrf "k$k" $((500 + k))
	run vpcpeerctl vpc add "k$k" vrf "vrf-k$k" cidr "10.$k.0.0/16"
done
# Enough CIDRs that a dump of k1 spans many messages.
for ((i = 0; i < 1500; i++)); do
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
# after NLSOCK_DUMP_TRIES dumps all interrupted by changes, refused with its
# message; never anything else.
ctl_dumps() {
	local end ok=0 gaveup=0 bad=0
	end=$(deadline "$duration")
	while ((SECONDS < end)); do
		if vpcpeerctl -j vpc show k1 2>"$STRESS_TMP/ctldump.err" |
			jq -e '.[0].cidrs | length >= 1501 and length == (unique | length)' >/dev/null; then
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

# Sort out the failed lines: a contended line lost its race (exactly one
# writer must win each); a line whose lookup vpcpeerctl gave up, its dumps
# all interrupted, is run again now; anything else is a failure.
lost=0
gaveup=0
unexpected=0
: >"$STRESS_TMP/retries"
for ((w = 1; w <= writers; w++)); do
	last=
	while IFS= read -r err; do
		[[ $err =~ writer$w:([0-9]+):\ (.*)$ ]] || continue
		n=${BASH_REMATCH[1]}
		msg=${BASH_REMATCH[2]}
		[[ $n != "$last" ]] || continue	# a line's second message
		last=$n
		line=$(sed -n "${n}p" "$STRESS_TMP/writer$w")
		if [[ $msg == *"interrupted by changes"* || $msg == *"removed again"* ]]; then
			# undone as a whole: the lookup's dumps were all interrupted
			gaveup=$((gaveup + 1))
			echo "$line" >>"$STRESS_TMP/retries"
		elif [[ $line == "vpc cidr del "* && $msg == *"not found"* ]] &&
		     grep -qx "vpc cidr add k[0-9] ${line##* }" "$STRESS_TMP/retries"; then
			# the delete of a CIDR whose add was undone above
			echo "$line" >>"$STRESS_TMP/retries"
		elif [[ $line == *10.99.* || $line == "peering add cz"* ]] &&
		     [[ $msg == *exist* || $msg == *overlap* || $msg == *already* ]]; then
			lost=$((lost + 1))
		else
			echo "unexpected failure of \"$line\": $msg" >&2
			unexpected=$((unexpected + 1))
		fi
	done <"$STRESS_TMP/writer$w.err"
done
assert_eq "$unexpected" 0 "lines that failed for another reason"
if [[ -s $STRESS_TMP/retries ]]; then
	vpcpeerctl -force -b "$STRESS_TMP/retries" 2>"$STRESS_TMP/retries.err" || true
	while IFS= read -r err; do
		[[ $err =~ retries:([0-9]+):\ (.*)$ ]] || continue
		line=$(sed -n "${BASH_REMATCH[1]}p" "$STRESS_TMP/retries")
		if [[ $line == *10.99.* || $line == "peering add cz"* ]]; then
			lost=$((lost + 1))
		else
			echo "the retry of \"$line\" failed: ${BASH_REMATCH[2]}" >&2
			unexpected=$((unexpected + 1))
		fi
	done <"$STRESS_TMP/retries.err"
	assert_eq "$unexpected" 0 "retried lines that failed"
fi
failed=$lost
assert_eq "$lost" $((contended * (writers - 1))) "contended lines lost"
assert_eq "$(vpcpeerctl -j peering show | jq -r '[.[].name] | join(" ")')" cz "peerings"

# The final state is the serial one.
got=$(vpcpeerctl -j vpc show | jq -r '.[] | .name as $n | .cidrs[] | "\($n) \(.)"' | sort)
# shellcheck disable=SC2178 # drops_expect()'s "want" is a local array
want=$(sort <<<"$expected")
# shellcheck disable=SC2128 # the same: "want" is a string here
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
	"contended=$contended lost_races=$failed lookups_given_up_retried=$gaveup cidrs_final=$(wc -l <<<"$got")" \
	"raw_${dumps#genl-fuzz: } vpcpeerctl_dumps: $ctl"
