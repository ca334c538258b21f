# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the integration scripts, which run as root inside the test VM
# (tests/vm/run). Source it, then call the helpers; set -e ends the script at
# the first failed step, and the step is printed before it runs.

set -eEu -o pipefail
trap 'echo "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

# Run a command, printing it first.
run() {
	printf '+ %s\n' "$*" >&2
	"$@"
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
