# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The fixtures of the integration scripts (and of the stress scenarios,
# the multi-host scripts and the benchmarks); source it after lib.sh.
#
# The address plan. A VPC NAME is a VRF "vrf-NAME" in the router
# namespace, with a tenant host: the network namespace "h-NAME", joined to
# the VRF by a veth pair (router side "r-NAME", host side "eth0"). With
# V4NET 10.X and V6NET fd00:X the VPC owns 10.X.0.0/16 and fd00:X::/48,
# the host is 10.X.1.2/24 and fd00:X:0:1::2/64 (inside the /48), and its
# gateway in the VRF is 10.X.1.1 and fd00:X:0:1::1. make_vpc takes the
# table and both nets; plan_vpc NAME X gives VPC number X table 100+X,
# 10.X and fd00:X, and a host only when asked.
#
# The router namespace is the root one, or the namespace named in TOPO_NS
# (every router-side command goes through "rt"); host namespaces are always
# created from the root one.
#
# Drop counters are read from sysfs, /sys/class/net/ENDPOINT/vpcpeer/REASON,
# in the namespace the script runs in.
#
# Every refusal of vpcpeerctl is checked the same way: the exit status,
# the one line on stderr and its text, and that nothing changed
# (expect_refused, expect_usage, over state).

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	# Not executable, so tests/run does not take it for a test; and if
	# run by hand, it does nothing.
	echo "fixtures.sh: helpers sourced by the test scripts; nothing to run"
	exit 0
fi

DROP_REASONS=(not_ip peering_down src_not_local dst_not_peer source_route too_big)
declare -gA VPC_V4=() VPC_V6=()
declare -gA DROPS_MARK=()
TOPO_NS=${TOPO_NS:-}

# diff_text A B: print a diff of two strings (the guest has no /dev/fd, so
# no process substitution).
diff_text() {
	local dir
	dir=$(mktemp -d)
	printf '%s\n' "$1" >"$dir/a"
	printf '%s\n' "$2" >"$dir/b"
	diff "$dir/a" "$dir/b" || true
	rm -rf "$dir"
}

# prog_path NAME: set PROG to NAME's full path, as found on PATH (without
# starting a process), or to NAME if it is not found there.
prog_path() {
	PROG=$1
	if [[ $PROG != */* ]] && hash "$PROG" 2>/dev/null; then
		PROG=${BASH_CMDS[$PROG]}
	fi
}

# in_ns NS CMD...: run CMD (a program, found on PATH) in network namespace
# NS (busybox nsenter is far cheaper to start than "ip netns exec" on a
# KASAN kernel; it is given the program's full path so that it never runs
# a busybox applet of the same name, such as ping, instead).
in_ns() {
	local ns=$1
	prog_path "$2"
	shift 2
	nsenter --net="/run/netns/$ns" -F -- "$PROG" "$@"
}

# rt CMD...: run CMD in the router namespace.
rt() {
	if [[ -n $TOPO_NS ]]; then
		in_ns "$TOPO_NS" "$@"
	else
		"$@"
	fi
}

# hx NAME CMD...: run CMD on the tenant host h-NAME. /sys there is still
# the script's: read the host's own state from /proc/net.
hx() {
	local name=$1
	shift
	in_ns "h-$name" "$@"
}

# hx_bg NAME CMD...: CMD on host h-NAME in the background, as a process of
# its own (so that killing $! ends CMD itself).
hx_bg() {
	local ns=h-$1
	prog_path "$2"
	shift 2
	nsenter --net="/run/netns/$ns" -F -- "$PROG" "$@" &
}

# ipb [IP OPTIONS...] <<EOF ... EOF: one "ip -batch" of the lines given
# (one ip start instead of one per line), in the router namespace, printed.
ipb() {
	local lines IFS=$'\n'
	mapfile -t lines
	forget_state
	printf '+ ip %s-batch:\n' "${*:+$* }" >&2
	printf '+   %s\n' "${lines[@]}" >&2
	rt ip "$@" -batch - <<<"${lines[*]}"
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds; fail
# (naming CMD) if it has not within SECONDS.
wait_for() {
	local tries=$(($1 * 10))
	shift
	while ((tries-- > 0)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	echo "timed out waiting for: $*" >&2
	return 1
}

# Forwarding on, and no reverse-path filtering: a spoofed source must be
# stopped by the peering's verdict, not earlier. Once per namespace.
declare -gA TOPO_SYSCTLS_DONE=()
topo_sysctls() {
	[[ -z ${TOPO_SYSCTLS_DONE[${TOPO_NS:-.}]:-} ]] || return 0
	rt sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.default.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	TOPO_SYSCTLS_DONE[${TOPO_NS:-.}]=1
}

# make_vrf NAME TABLE: the VRF vrf-NAME, up, with unreachable defaults so
# that nothing falls through to the main table (kept in the table when a
# VRF is deleted, hence "replace" for a new VRF on the same table).
make_vrf() {
	local name=$1 table=$2
	ipb <<-EOF
		link add vrf-$name type vrf table $table
		link set vrf-$name up
		route replace unreachable default metric 4278198272 vrf vrf-$name
		route replace unreachable ::/0 metric 4278198272 vrf vrf-$name
	EOF
}

# make_host NAME VRF V4NET V6NET: the host h-NAME behind VRF vrf-VRF, on
# V4NET.1.0/24 and V6NET:0:1::/64 (the VRF's side is .1 and ::1).
make_host() {
	local name=$1 vrf=$2 v4=$3 v6=$4
	topo_sysctls
	run ip netns add "h-$name"
	ipb <<-EOF
		link add r-$name type veth peer name eth0 netns h-$name
		link set r-$name master vrf-$vrf
		addr add $v4.1.1/24 dev r-$name
		addr add $v6:0:1::1/64 dev r-$name nodad
		link set r-$name up
	EOF
	ipb -n "h-$name" <<-EOF
		link set lo up
		addr add $v4.1.2/24 dev eth0
		addr add $v6:0:1::2/64 dev eth0 nodad
		link set eth0 up
		route add default via $v4.1.1
		route add ::/0 via $v6:0:1::1
	EOF
}

# make_vpc NAME TABLE V4NET V6NET: VRF, host, and the VPC itself.
make_vpc() {
	local name=$1 table=$2 v4=$3 v6=$4
	make_vrf "$name" "$table"
	make_host "$name" "$name" "$v4" "$v6"
	VPC_V4[$name]=$v4
	VPC_V6[$name]=$v6
	vpc_add "$name"
}

# plan_vpc NAME X [host]: VPC number X of the address plan (above): the
# VRF on table 100+X, with "host" its host, and the VPC.
plan_vpc() {
	local name=$1 x=$2
	make_vrf "$name" $((100 + x))
	[[ ${3:-} != host ]] || make_host "$name" "$name" "10.$x" "fd00:$x"
	VPC_V4[$name]=10.$x
	VPC_V6[$name]=fd00:$x
	vpc_add "$name"
}

# vpc_add NAME: (re)attach vrf-NAME as VPC NAME with its two CIDRs.
vpc_add() {
	run rt vpcpeerctl vpc add "$1" vrf "vrf-$1" cidr "${VPC_V4[$1]}.0.0/16" \
		cidr "${VPC_V6[$1]}::/48"
}

# Addresses of a VPC's host and gateway.
host4() { echo "${VPC_V4[$1]}.1.2"; }
host6() { echo "${VPC_V6[$1]}:0:1::2"; }
gw4() { echo "${VPC_V4[$1]}.1.1"; }
gw6() { echo "${VPC_V6[$1]}:0:1::1"; }

# route_lines VPC DEV PREFIX...: "ip -batch" lines routing each PREFIX in
# vrf-VPC out of DEV.
route_lines() {
	local vpc=$1 dev=$2 prefix
	shift 2
	for prefix; do
		echo "route replace $prefix vrf vrf-$vpc dev $dev"
	done
}

# route_to VPC DEV PREFIX...: routes in vrf-VPC to each PREFIX out of DEV.
route_to() {
	route_lines "$@" | ipb
}

# route_vpc VPC DEV TARGET: routes in vrf-VPC to TARGET's /16 and /48 out of DEV.
route_vpc() {
	route_to "$1" "$2" "${VPC_V4[$3]}.0.0/16" "${VPC_V6[$3]}::/48"
}

# peer_routes PEERING A B: each side routes the other's CIDRs into its endpoint.
peer_routes() {
	{
		route_lines "$2" "$1-a" "${VPC_V4[$3]}.0.0/16" "${VPC_V6[$3]}::/48"
		route_lines "$3" "$1-b" "${VPC_V4[$2]}.0.0/16" "${VPC_V6[$2]}::/48"
	} | ipb
}

# make_peering PEERING A B [ARGS...]: the peering, then its routes.
make_peering() {
	local name=$1 a=$2 b=$3
	shift 3
	run rt vpcpeerctl peering add "$name" "$a" "$b" "$@"
	peer_routes "$name" "$a" "$b"
}

# ping_ok FROM [PING ARGS...] DEST: one echo from host FROM gets its reply.
ping_ok() {
	local from=$1
	shift
	run hx "$from" ping -c 1 -W 3 "$@"
}

# ping_fails FROM [PING ARGS...] DEST: one echo from host FROM gets no reply.
ping_fails() {
	local from=$1
	shift
	printf '+ ! hx %s ping -c 1 -W 1 %s\n' "$from" "$*" >&2
	if hx "$from" ping -c 1 -W 1 "$@"; then
		echo "ping from h-$from unexpectedly got a reply: $*" >&2
		return 1
	fi
}

# attr DEV FILE: an endpoint's /sys/class/net/DEV/vpcpeer/FILE (in the
# script's own namespace).
attr() {
	local v
	read -r v <"/sys/class/net/$1/vpcpeer/$2"
	echo "$v"
}

# attr_is DEV NAME VALUE: DEV's attribute NAME is VALUE now (read each
# call: for wait_for, which a "$(attr ...)" argument would freeze).
attr_is() {
	[[ $(attr "$1" "$2") == "$3" ]]
}

# endpoints: the names of the endpoints in this namespace, from sysfs.
endpoints() {
	local dir dev
	for dir in /sys/class/net/*/vpcpeer; do
		[[ -d $dir ]] || continue
		dev=${dir%/vpcpeer}
		echo "${dev##*/}"
	done
}

# drops_show: every endpoint's counters, for the log.
drops_show() {
	local dev r line v
	for dev in $(endpoints); do
		line=$dev:
		for r in "${DROP_REASONS[@]}"; do
			read -r v <"/sys/class/net/$dev/vpcpeer/$r"
			line+=" $r=$v"
		done
		echo "  $line" >&2
	done
}

# drops_mark: remember every endpoint's counters, for drops_expect.
drops_mark() {
	local dev r
	DROPS_MARK=()
	for dev in $(endpoints); do
		for r in "${DROP_REASONS[@]}"; do
			read -r "DROPS_MARK[$dev:$r]" <"/sys/class/net/$dev/vpcpeer/$r"
		done
	done
}

# ping_dropped FROM DST DEV:REASON: a ping from FROM's host to DST gets
# no reply, its one packet counted by DEV as REASON, and no other drop
# counter of any endpoint moves.
ping_dropped() {
	drops_mark
	ping_fails "$1" "$2"
	drops_expect "$3=1"
}

# drops_expect [DEV:REASON{=,>=,<=}N]...: since drops_mark, each listed
# counter moved as stated, and every other counter of every endpoint did
# not move at all. With no mark taken, counts from zero.
drops_expect() {
	local -A moves=()
	local spec dev r key now delta op n ok bad=0
	for spec; do
		if [[ ! $spec =~ ^([^:]+:[a-z_]+)(=|>=|<=)([0-9]+)$ ]]; then
			echo "drops_expect: bad spec $spec" >&2
			return 1
		fi
		moves[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
	done
	for dev in $(endpoints); do
		for r in "${DROP_REASONS[@]}"; do
			key=$dev:$r
			read -r now <"/sys/class/net/$dev/vpcpeer/$r"
			delta=$((now - ${DROPS_MARK[$key]:-0}))
			read -r op n <<<"${moves[$key]:-= 0}"
			unset "moves[$key]"
			case $op in
			'=') ((delta == n)) && ok=1 || ok=0 ;;
			'>=') ((delta >= n)) && ok=1 || ok=0 ;;
			'<=') ((delta <= n)) && ok=1 || ok=0 ;;
			esac
			if ((!ok)); then
				echo "drop counter $key moved by $delta, expected $op $n" >&2
				bad=1
			fi
		done
	done
	for key in "${!moves[@]}"; do
		echo "drops_expect: no endpoint counter $key" >&2
		bad=1
	done
	if ((bad)); then
		drops_show
		return 1
	fi
}

# drops_in_stats: every endpoint's drops also show in its standard
# statistics: its tx_dropped and rx_dropped add up to its four counters.
drops_in_stats() {
	local dev r v sum std bad=0
	for dev in $(endpoints); do
		sum=0
		for r in "${DROP_REASONS[@]}"; do
			read -r v <"/sys/class/net/$dev/vpcpeer/$r"
			sum=$((sum + v))
		done
		read -r std <"/sys/class/net/$dev/statistics/tx_dropped"
		read -r v <"/sys/class/net/$dev/statistics/rx_dropped"
		std=$((std + v))
		if ((std != sum)); then
			echo "$dev: tx_dropped + rx_dropped = $std, its drop counters add up to $sum" >&2
			bad=1
		fi
	done
	((!bad))
}

# drops_in_ethtool: "ethtool -S" shows every endpoint's drop counters as
# sysfs does, one drop_REASON statistic each.
drops_in_ethtool() {
	local dev r v stats bad=0
	for dev in $(endpoints); do
		stats=$(ethtool -S "$dev")
		for r in "${DROP_REASONS[@]}"; do
			read -r v <"/sys/class/net/$dev/vpcpeer/$r"
			if [[ $stats != *"drop_$r: $v"* ]]; then
				echo "$dev: ethtool -S lacks drop_$r: $v" >&2
				printf '%s\n' "$stats" >&2
				bad=1
			fi
		done
	done
	((!bad))
}

# drops_zero: every counter of every endpoint is 0.
drops_zero() {
	DROPS_MARK=()
	drops_expect
}

# listening NS PORT: something in host NS listens on TCP PORT.
listening() {
	local hex
	hex=$(printf '%04X' "$2")
	hx "$1" cat /proc/net/tcp /proc/net/tcp6 |
		awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" { found = 1 } END { exit !found }'
}

# iperf_server NS: a one-shot iperf3 server in host NS, ready; sets IPERF_PID.
iperf_server() {
	hx_bg "$1" iperf3 -s -1 >/dev/null 2>&1
	# shellcheck disable=SC2034 # for the scripts
	IPERF_PID=$!
	wait_for 20 listening "$1" 5201
}

# link_gone DEV: no netdevice DEV in the script's namespace.
link_gone() {
	[[ ! -e /sys/class/net/$1 ]]
}

# flood FROM DEST: a flood ping from host FROM in the background (for at
# most a minute); sets FLOOD_PID. Stop it with stop_bg.
flood() {
	hx_bg "$1" ping -f -q -w 60 "$2" >/dev/null 2>&1
	# shellcheck disable=SC2034 # for the scripts
	FLOOD_PID=$!
}

# stop_bg PID...: end background traffic and reap it; its exit status does
# not matter (the tests cut its path on purpose).
stop_bg() {
	local pid
	for pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

# host_rx HOST: packets host h-HOST has received on eth0.
host_rx() {
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	hx "$1" awk '{ sub(/^ +/, "") } $0 ~ /^eth0:/ { sub(/^eth0: */, ""); print $2 }' /proc/net/dev
}

rx_at_least() {
	(($(host_rx "$1") >= $2))
}

# wait_flowing HOST: background traffic is flowing, i.e. host h-HOST has
# received another 20 packets.
wait_flowing() {
	local start
	start=$(host_rx "$1")
	wait_for 30 rx_at_least "$1" $((start + 20))
}

# state: everything a refused command must leave as it was: the three
# dumps, and both families' routes in every table, the VRFs' included; in
# two processes, as under TCG each one costs.
state() {
	vpcpeerctl -j -b - <<<$'vpc show\npeering show\nroute show'
	ip route show table all
}

# state_links: the state, and the netdevices (a half-made peering would
# leave an endpoint).
state_links() {
	state
	ip -br link show
}

# same_state BEFORE: the state is still BEFORE; print what changed if not.
same_state() {
	local now
	now=$(state)
	if [[ $now != "$1" ]]; then
		echo "the state changed:" >&2
		diff_text "$1" "$now" >&2
		return 1
	fi
}

# expect_status STATUS TEXT CMD...: CMD exits with STATUS, printing one
# line on stderr, "vpcpeerctl: " and a message containing TEXT; the state
# is unchanged. The state after it is kept for the next check, until run()
# (or forget_state) says it may have changed.
expect_status() {
	local status=$1 text=$2 rc=0 err
	shift 2
	printf '+ ! %s\n' "$*" >&2
	[[ -s $TEST_TMP/state ]] || state >"$TEST_TMP/state"
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || rc=$?
	err=$(<"$TEST_TMP/err")
	printf '%s\n' "$err" >&2
	assert_eq "$rc" "$status" "exit status of: $*"
	if [[ -z $err || $err == *$'\n'* ]]; then
		echo "expected one line on stderr" >&2
		return 1
	fi
	assert_contains "$err" "vpcpeerctl: " "stderr"
	assert_contains "$err" "$text" "stderr"
	state >"$TEST_TMP/now"
	if [[ $(<"$TEST_TMP/now") != "$(<"$TEST_TMP/state")" ]]; then
		echo "the state changed:" >&2
		diff "$TEST_TMP/state" "$TEST_TMP/now" >&2 || true
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
