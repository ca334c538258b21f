# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the vpcpeerctl scripts (cli-*.sh); source it after lib.sh.
#
# A VPC NAME here is a VRF "vrf-NAME" with its own table; ctl_vpc also gives
# it a tenant host, the network namespace "h-NAME" behind a veth pair, so
# that traffic can show the routes at work. With index X the VPC owns
# 10.X.0.0/16 and fd00:X::/32, the host is 10.X.1.2/24 and fd00:X:1::2/64,
# and its gateway in the VRF is 10.X.1.1 and fd00:X:1::1.
#
# Every refusal is checked the same way: the exit status, the one line on
# stderr and its text, and that nothing changed (expect_refused,
# expect_usage).

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	echo "ctl.sh: helpers sourced by the cli-*.sh scripts; nothing to run"
	exit 0
fi

# ctl_vrf NAME TABLE: the VRF vrf-NAME, up, with unreachable defaults.
ctl_vrf() {
	run ip link add "vrf-$1" type vrf table "$2"
	run ip link set "vrf-$1" up
	run ip route replace unreachable default metric 4278198272 vrf "vrf-$1"
	run ip -6 route replace unreachable default metric 4278198272 vrf "vrf-$1"
}

# ctl_host NAME X: the host h-NAME behind vrf-NAME (addresses above).
ctl_host() {
	local name=$1 x=$2
	sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	run ip netns add "h-$name"
	run ip -n "h-$name" link set lo up
	run ip link add "r-$name" type veth peer name eth0 netns "h-$name"
	run ip link set "r-$name" master "vrf-$name"
	run ip addr add "10.$x.1.1/24" dev "r-$name"
	run ip addr add "fd00:$x:1::1/64" dev "r-$name" nodad
	run ip link set "r-$name" up
	run ip -n "h-$name" addr add "10.$x.1.2/24" dev eth0
	run ip -n "h-$name" addr add "fd00:$x:1::2/64" dev eth0 nodad
	run ip -n "h-$name" link set eth0 up
	run ip -n "h-$name" route add default via "10.$x.1.1"
	run ip -n "h-$name" -6 route add default via "fd00:$x:1::1"
}

# ctl_vpc NAME X [host]: VRF (table 100+X), VPC with its two CIDRs, and
# with "host" a tenant host.
ctl_vpc() {
	ctl_vrf "$1" $((100 + $2))
	[[ ${3:-} != host ]] || ctl_host "$1" "$2"
	run vpcpeerctl vpc add "$1" vrf "vrf-$1" cidr "10.$2.0.0/16" \
		cidr "fd00:$2::/32"
}

# ping_from NAME DEST: one echo from host h-NAME gets its reply.
ping_from() {
	run ip netns exec "h-$1" ping -c 1 -W 3 "$2" >/dev/null
}

# ctl_wait SECONDS CMD...: poll CMD every 0.1 s until it succeeds; fail
# (naming CMD) if it has not within SECONDS.
ctl_wait() {
	local tries=$(($1 * 10))
	shift
	while ((tries-- > 0)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "timed out waiting for: $*" >&2
	return 1
}

# Scratch files of the helpers below.
CTL_TMP=$(mktemp -d)
: >"$CTL_TMP/state"

# run CMD...: as lib.sh's, and the state may change: forget the one kept.
run() {
	: >"$CTL_TMP/state"
	printf '+ %s\n' "$*" >&2
	"$@"
}

# state: everything a refused command must leave as it was: the three
# dumps, and both families' routes in every table, the VRFs' included; in
# two processes, as under TCG each one costs.
state() {
	vpcpeerctl -j -b - <<<$'vpc show\npeering show\nroute show'
	ip route show table all
}

# same_state BEFORE: the state is still BEFORE; print what changed if not.
same_state() {
	state >"$CTL_TMP/now"
	if [[ $(<"$CTL_TMP/now") != "$1" ]]; then
		printf '%s\n' "$1" >"$CTL_TMP/before"
		echo "the state changed:" >&2
		diff "$CTL_TMP/before" "$CTL_TMP/now" >&2 || true
		return 1
	fi
}

# expect_status STATUS TEXT CMD...: CMD exits with STATUS, printing one
# line on stderr, "vpcpeerctl: " and a message containing TEXT; the state
# is unchanged. The state after it is kept for the next check, until run()
# says it may have changed.
expect_status() {
	local want=$1 text=$2 rc=0 err
	shift 2
	printf '+ ! %s\n' "$*" >&2
	[[ -s $CTL_TMP/state ]] || state >"$CTL_TMP/state"
	"$@" >"$CTL_TMP/out" 2>"$CTL_TMP/err" || rc=$?
	err=$(<"$CTL_TMP/err")
	printf '%s\n' "$err" >&2
	assert_eq "$rc" "$want" "exit status of: $*"
	if [[ -z $err || $err == *$'\n'* ]]; then
		echo "expected one line on stderr" >&2
		return 1
	fi
	assert_contains "$err" "vpcpeerctl: " "stderr"
	assert_contains "$err" "$text" "stderr"
	state >"$CTL_TMP/now"
	if [[ $(<"$CTL_TMP/now") != "$(<"$CTL_TMP/state")" ]]; then
		echo "the state changed:" >&2
		diff "$CTL_TMP/state" "$CTL_TMP/now" >&2 || true
		return 1
	fi
}

# expect_refused TEXT CMD...: the kernel (or a check against its objects)
# refuses CMD: exit status 1.
expect_refused() {
	expect_status 1 "$@"
}

# expect_usage TEXT CMD...: CMD is bad usage: exit status 2.
expect_usage() {
	expect_status 2 "$@"
}

# routes [VPC]: "route show" as "VPC PREFIX PEERING METRIC" lines, via jq.
routes() {
	vpcpeerctl -j route show "$@" |
		jq -r '.[] | "\(.vpc) \(.dst) \(.peering) \(.metric)"'
}

# proto_routes VRF: the routes of protocol vpcpeer in VRF, both families,
# as "ip" prints them (without its trailing blanks).
proto_routes() {
	{
		ip route show vrf "$1" proto vpcpeer
		ip -6 route show vrf "$1" proto vpcpeer
	} | sed 's/ *$//'
}

# complete_words WORD...: what the installed bash completion offers for the
# last WORD of the command line (the completion must be sourced first).
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_vpcpeerctl
	echo "${COMPREPLY[*]}"
}
