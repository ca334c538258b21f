# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the stress scenarios (tests/stress/*.sh, run in the test VM by
# tests/stress/run); source it after lib.sh and fixtures.sh.
#
# Every scenario runs for STRESS_SECONDS (its own default: the short variant
# "make check" runs), stops by itself, and ends with one line
# "STRESS NAME: key=value ..." of what it did.

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	echo "common.sh: helpers sourced by the stress scenarios; nothing to run"
	exit 0
fi

# "make stress" leaves the long durations here (tests/stress/run).
if [[ -s $VPCPEER_TESTS/stress/durations ]]; then
	# shellcheck disable=SC1091 # written by tests/stress/run
	. "$VPCPEER_TESTS/stress/durations"
fi

STRESS_TMP=$(mktemp -d)

# deadline SECONDS: the time (in bash's SECONDS) a loop must stop at.
deadline() {
	echo $((SECONDS + $1))
}

# worker NAME CMD...: run CMD (a shell function looping until its deadline)
# in the background; its counters go to $STRESS_TMP/NAME.counts as
# "ops=N errors=N" (see tally); WORKERS collects the pids.
WORKERS=()
worker() {
	local name=$1
	shift
	("$@" >"$STRESS_TMP/$name.log" 2>&1) &
	WORKERS+=($!)
}

# tally NAME OPS ERRORS: a worker's final counts.
tally() {
	echo "ops=$2 errors=$3" >"$STRESS_TMP/$1.counts"
}

# wait_workers: wait for every worker; fails if one exited non-zero.
wait_workers() {
	local pid bad=0
	for pid in "${WORKERS[@]}"; do
		wait "$pid" || bad=1
	done
	WORKERS=()
	return $bad
}

# counts NAME: a worker's "ops=N errors=N", or "ops=? errors=?" if it never
# got to write them.
counts() {
	cat "$STRESS_TMP/$1.counts" 2>/dev/null || echo "ops=? errors=?"
}

# sum_counts KEY NAME...: the sum of KEY over the workers' counts.
sum_counts() {
	local key=$1 name total=0 v
	shift
	for name; do
		v=$(sed -n "s/.*\b$key=\([0-9]*\).*/\1/p" "$STRESS_TMP/$name.counts" 2>/dev/null)
		total=$((total + ${v:-0}))
	done
	echo "$total"
}

# show_errors NAME...: the first failures each worker logged, each line
# "failure of NAME: ..." (tests/stress/run shows them).
show_errors() {
	local name
	for name; do
		grep 'vpcpeerctl:\|Error\|RTNETLINK\|Cannot' "$STRESS_TMP/$name.log" 2>/dev/null |
			head -n 5 | sed "s/^/failure of $name: /" >&2 || true
	done
}

# slab_kb: the kernel's slab memory in kB (for the leak figures).
slab_kb() {
	awk '$1 == "Slab:" { print $2 }' /proc/meminfo
}

# host_gone NAME: host h-NAME has lost its link (its peer went with the
# router namespace).
host_gone() {
	[[ $(hx "$1" cat /proc/net/dev) != *" eth0:"* ]]
}
