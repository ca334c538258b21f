# SPDX-License-Identifier: GPL-2.0
#
# Tenant topology for the integration scripts; source it after lib.sh.
#
# A VPC NAME is a VRF "vrf-NAME" in the router namespace, with one tenant
# host: the network namespace "h-NAME", joined to the VRF by a veth pair
# (router side "r-NAME", host side "eth0"). With V4NET 10.X and V6NET
# fd00:X the VPC owns 10.X.0.0/16 and fd00:X::/48, the host is 10.X.1.2/24
# and fd00:X:0:1::2/64 (inside the /48), and its gateway in the VRF is
# 10.X.1.1 and fd00:X:0:1::1.
#
# The router namespace is the root one, or the namespace named in TOPO_NS
# (every router-side command goes through "rt"); host namespaces are always
# created from the root one.
#
# Drop counters are read from sysfs, /sys/class/net/ENDPOINT/vpcpeer/REASON,
# in the namespace the script runs in.

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	# tests/run runs every *.sh here: this one is a library, not a test.
	echo "topology.sh: helpers sourced by the other integration scripts; nothing to run"
	exit 0
fi

DROP_REASONS=(not_ip peering_down src_not_local dst_not_peer)
declare -gA VPC_V4=() VPC_V6=()
declare -gA DROPS_MARK=()
TOPO_NS=${TOPO_NS:-}

# rt CMD...: run CMD in the router namespace.
rt() {
	if [[ -n $TOPO_NS ]]; then
		ip netns exec "$TOPO_NS" "$@"
	else
		"$@"
	fi
}

# hx NAME CMD...: run CMD on the tenant host h-NAME.
hx() {
	local name=$1
	shift
	ip netns exec "h-$name" "$@"
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
# stopped by the peering's verdict, not earlier.
topo_sysctls() {
	rt sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.default.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
}

# make_vrf NAME TABLE: the VRF vrf-NAME, up, with unreachable defaults so
# that nothing falls through to the main table.
make_vrf() {
	local name=$1 table=$2
	run rt ip link add "vrf-$name" type vrf table "$table"
	run rt ip link set "vrf-$name" up
	run rt ip route add unreachable default metric 4278198272 vrf "vrf-$name"
	run rt ip -6 route add unreachable default metric 4278198272 vrf "vrf-$name"
}

# make_host NAME VRF V4NET V6NET: the host h-NAME behind VRF vrf-VRF, on
# V4NET.1.0/24 and V6NET:0:1::/64 (the VRF's side is .1 and ::1).
make_host() {
	local name=$1 vrf=$2 v4=$3 v6=$4
	topo_sysctls
	run ip netns add "h-$name"
	run hx "$name" ip link set lo up
	run rt ip link add "r-$name" type veth peer name eth0 netns "h-$name"
	run rt ip link set "r-$name" master "vrf-$vrf"
	run rt ip addr add "$v4.1.1/24" dev "r-$name"
	run rt ip addr add "$v6:0:1::1/64" dev "r-$name" nodad
	run rt ip link set "r-$name" up
	run hx "$name" ip addr add "$v4.1.2/24" dev eth0
	run hx "$name" ip addr add "$v6:0:1::2/64" dev eth0 nodad
	run hx "$name" ip link set eth0 up
	run hx "$name" ip route add default via "$v4.1.1"
	run hx "$name" ip -6 route add default via "$v6:0:1::1"
}

# make_vpc NAME TABLE V4NET V6NET: VRF, host, and the VPC itself.
make_vpc() {
	local name=$1 table=$2 v4=$3 v6=$4
	make_vrf "$name" "$table"
	make_host "$name" "$name" "$v4" "$v6"
	VPC_V4[$name]=$v4
	VPC_V6[$name]=$v6
	run rt vpcpeerctl vpc add "$name" vrf "vrf-$name" cidr "$v4.0.0/16" cidr "$v6::/48"
}

# Addresses of a VPC's host and gateway.
host4() { echo "${VPC_V4[$1]}.1.2"; }
host6() { echo "${VPC_V6[$1]}:0:1::2"; }
gw4() { echo "${VPC_V4[$1]}.1.1"; }
gw6() { echo "${VPC_V6[$1]}:0:1::1"; }

# route_to VPC DEV PREFIX...: routes in vrf-VPC to each PREFIX out of DEV.
route_to() {
	local vpc=$1 dev=$2 prefix
	shift 2
	for prefix; do
		if [[ $prefix == *:* ]]; then
			run rt ip -6 route replace "$prefix" vrf "vrf-$vpc" dev "$dev"
		else
			run rt ip route replace "$prefix" vrf "vrf-$vpc" dev "$dev"
		fi
	done
}

# route_vpc VPC DEV TARGET: routes in vrf-VPC to TARGET's /16 and /48 out of DEV.
route_vpc() {
	route_to "$1" "$2" "${VPC_V4[$3]}.0.0/16" "${VPC_V6[$3]}::/48"
}

# peer_routes PEERING A B: each side routes the other's CIDRs into its endpoint.
peer_routes() {
	route_vpc "$2" "$1-a" "$3"
	route_vpc "$3" "$1-b" "$2"
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

# attr DEV FILE: an endpoint's /sys/class/net/DEV/vpcpeer/FILE.
attr() {
	local v
	v=$(rt cat "/sys/class/net/$1/vpcpeer/$2")
	echo "$v"
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
	local dev r line
	for dev in $(endpoints); do
		line=$dev:
		for r in "${DROP_REASONS[@]}"; do
			line+=" $r=$(<"/sys/class/net/$dev/vpcpeer/$r")"
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
			DROPS_MARK[$dev:$r]=$(<"/sys/class/net/$dev/vpcpeer/$r")
		done
	done
}

# drops_expect [DEV:REASON{=,>=,<=}N]...: since drops_mark, each listed
# counter moved as stated, and every other counter of every endpoint did
# not move at all. With no mark taken, counts from zero.
drops_expect() {
	local -A want=()
	local spec dev r key now delta op n ok bad=0
	for spec; do
		if [[ ! $spec =~ ^([^:]+:[a-z_]+)(=|>=|<=)([0-9]+)$ ]]; then
			echo "drops_expect: bad spec $spec" >&2
			return 1
		fi
		want[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
	done
	for dev in $(endpoints); do
		for r in "${DROP_REASONS[@]}"; do
			key=$dev:$r
			now=$(<"/sys/class/net/$dev/vpcpeer/$r")
			delta=$((now - ${DROPS_MARK[$key]:-0}))
			read -r op n <<<"${want[$key]:-= 0}"
			unset "want[$key]"
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
	for key in "${!want[@]}"; do
		echo "drops_expect: no endpoint counter $key" >&2
		bad=1
	done
	if ((bad)); then
		drops_show
		return 1
	fi
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
	ip netns exec "h-$1" iperf3 -s -1 >/dev/null 2>&1 &
	IPERF_PID=$!
	wait_for 20 listening "$1" 5201
}
