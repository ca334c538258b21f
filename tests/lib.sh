# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the integration scripts, which run as root inside the test VM
# (tests/vm/run). Source it, then call the helpers; set -e ends the script at
# the first failed step, and the step is printed before it runs.
#
# A script is a list of cases, each one "tcase WHAT CMD...": CMD (a shell
# function of the script, named test_SOMETHING so that it never shadows a
# helper) runs with errexit, so that its first failed step fails the
# case, and the case prints "ok N - WHAT" or "not ok N - WHAT", as the
# kernel's selftests do (TAP); tests/run counts these lines. A failed case
# does not end the script: the next case runs. A case the later ones build
# on is "tcase_or_stop WHAT CMD...": its failure ends the script, saying
# so. At its exit the script prints its plan ("1..N") and exits non-zero
# if any case failed. What a script does outside its cases (its setup)
# still ends it at the first failed step.

set -eEu -o pipefail
trap 'echo "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

# The script's scratch directory. $TEST_TMP/state is the state that
# expect_status (fixtures.sh) keeps between refusals: empty when unknown.
TEST_TMP=$(mktemp -d)
: >"$TEST_TMP/state"

# forget_state: something may have changed what state (fixtures.sh)
# prints; take it afresh at the next check.
forget_state() {
	: >"$TEST_TMP/state"
}

# Run a command, printing it first. It may change the state.
run() {
	forget_state
	printf '+ %s\n' "$*" >&2
	"$@"
}

TCASES=0
TCASES_FAILED=0
LIB_AT_EXIT=()

# at_exit CMD...: run CMD when the script exits (the EXIT trap is lib.sh's).
at_exit() {
	local lib_q
	printf -v lib_q '%q ' "$@"
	LIB_AT_EXIT+=("$lib_q")
}

lib_exit() {
	local lib_rc=$? lib_cmd
	trap - ERR
	set +e
	for lib_cmd in "${LIB_AT_EXIT[@]}"; do
		eval "$lib_cmd"
	done
	if ((TCASES > 0)); then
		echo "1..$TCASES"
		((TCASES_FAILED == 0)) || echo "# $TCASES_FAILED of $TCASES cases failed"
	fi
	((lib_rc != 0 || TCASES_FAILED == 0)) || lib_rc=1
	exit "$lib_rc"
}
trap lib_exit EXIT

# tcase WHAT CMD...: one case, named WHAT (one line); see the top. CMD runs
# in a subshell: the variables it sets are lost when it ends (what it makes
# in the kernel stays), and what it starts in the background it must stop.
tcase() {
	lib_case carry "$@"
}

# tcase_or_stop WHAT CMD...: a case the later cases build on: if it fails,
# the script ends there ("# skipping the rest: ...").
tcase_or_stop() {
	lib_case stop "$@"
}

lib_case() {
	# (odd names: the case sees these locals, and must see its
	# script's own variables of the plain names instead)
	local lib_mode=$1 lib_what=$2 lib_rc
	shift 2
	TCASES=$((TCASES + 1))
	echo "# $TCASES. $lib_what"
	# errexit must apply inside the case, so it cannot run as the
	# condition of an "if" or "||" (which turns errexit off within it):
	# the script's own errexit and ERR trap step aside instead.
	trap - ERR
	set +e
	(
		trap 'echo "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
		set -e
		"$@"
	)
	lib_rc=$?
	set -e
	trap 'echo "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
	if ((lib_rc == 0)); then
		echo "ok $TCASES - $lib_what"
		return 0
	fi
	TCASES_FAILED=$((TCASES_FAILED + 1))
	echo "not ok $TCASES - $lib_what"
	if [[ $lib_mode == stop ]]; then
		echo "# skipping the rest: they build on what case $TCASES ($lib_what) leaves"
		exit 1
	fi
}

# Run a command that must fail and whose stderr must contain TEXT:
#   expect_fail TEXT cmd args...
expect_fail() {
	local text=$1 out
	shift
	printf '+ ! %s\n' "$*" >&2
	if out=$("$@" 2>&1); then
		echo "expected failure, got success: $*" >&2
		printf '%s\n' "$out" >&2
		return 1
	fi
	printf '%s\n' "$out" >&2
	if [[ $out != *"$text"* ]]; then
		echo "expected the message to contain: $text" >&2
		return 1
	fi
}

# assert_eq ACTUAL EXPECTED [WHAT]
assert_eq() {
	if [[ $1 != "$2" ]]; then
		echo "assertion failed${3:+ ($3)}: got '$1', expected '$2'" >&2
		return 1
	fi
}

# assert_contains HAYSTACK NEEDLE [WHAT]
assert_contains() {
	if [[ $1 != *"$2"* ]]; then
		echo "assertion failed${3:+ ($3)}: '$2' not in:" >&2
		printf '%s\n' "$1" >&2
		return 1
	fi
}

# Print the exit status of a command, its output discarded.
exit_status() {
	local rc=0
	"$@" >/dev/null 2>&1 || rc=$?
	echo "$rc"
}

module_loaded() {
	[[ -d /sys/module/$1 ]]
}
