# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A fleet of hypervisors in one VM, for the multi-host scripts; source it
# after lib.sh and fixtures.sh.
#
# Host N is the network namespace hvN, its underlay port eth0 at 10.255.0.N
# on the bridge ul0 of namespace "underlay", and its FRR instance (zebra,
# bgpd and staticd started with -N hvN, driven with "vtysh -N hvN"). A VPC
# is carried on every host the same way (Documentation/multihost.rst): VRF
# vrf-NAME (table 100+X), the SVI bridge br-NAME in it, the VXLAN device
# vx-NAME of the VPC's L3VNI 1000+X on that bridge, and a BGP VRF instance
# with RD 10.255.0.N:1000+X and route target 65000:1000+X. The VPC owns
# 10.X.0.0/16 and fd00:X::/48 (fixtures.sh's addressing), and a tenant VM
# is fixtures.sh's host h-NAME behind the VRF, on the host it is put on.

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	echo "fleet.sh: helpers sourced by the multi-host scripts; nothing to run"
	exit 0
fi

FLEET_HOSTS=()
declare -gA FLEET_VNI=()
FLEET_AS=65000
# FRR's logs and the scripts' scratch files; the daemons run as frr.
FLEET_TMP=$(mktemp -d)
chmod 1777 "$FLEET_TMP"

# fleet_cleanup: stop every FRR daemon of the fleet and wait for them to
# be gone: a daemon still running keeps its namespace, and so vpcpeer's
# endpoints, alive after the guest's reset has deleted the namespaces.
fleet_cleanup() {
	local pidfile pid pids=() tries=100
	for pidfile in /var/run/frr/hv*/*.pid; do
		[[ -f $pidfile ]] || continue
		pid=$(<"$pidfile")
		kill "$pid" 2>/dev/null && pids+=("$pid")
		rm -f "$pidfile"
	done
	for pid in "${pids[@]}"; do
		while [[ -d /proc/$pid ]] && ((tries-- > 0)); do
			sleep 0.1
		done
	done
	rm -rf "$FLEET_TMP"
	return 0
}

# fleet_underlay: the bridge all hosts' underlay ports are on.
fleet_underlay() {
	run modprobe vxlan
	run modprobe bridge
	run ip netns add underlay
	ipb -n underlay <<-EOF
		link set lo up
		link add ul0 type bridge
		link set ul0 up
	EOF
}

# fleet_host N: host hvN on the underlay, forwarding, rp_filter off
# (fixtures.sh's sysctls), FRR's directories ready.
fleet_host() {
	local n=$1 ns=hv$1
	run ip netns add "$ns"
	ipb <<-EOF
		link add $ns netns underlay type veth peer name eth0 netns $ns
	EOF
	ipb -n underlay <<-EOF
		link set $ns master ul0
		link set $ns up
	EOF
	ipb -n "$ns" <<-EOF
		link set lo up
		addr add 10.255.0.$n/24 dev eth0
		link set eth0 up
	EOF
	TOPO_NS=$ns topo_sysctls
	mkdir -p "/etc/frr/$ns" "/var/run/frr/$ns"
	printf 'service integrated-vtysh-config\nusername root nopassword\n' \
		>"/etc/frr/$ns/vtysh.conf"
	chown -R frr:frr /etc/frr /var/run/frr
	FLEET_HOSTS+=("$n")
}

# fleet_vpc N NAME X: on host hvN, VPC NAME with index X: VRF, SVI, VXLAN
# device and the VPC itself.
fleet_vpc() {
	local n=$1 name=$2 x=$3 ns=hv$1
	local vni=$((1000 + x))
	FLEET_VNI[$name]=$vni
	# fixtures.sh's addressing (its vpc_add and host4/host6 read these)
	# (associative: SC2004 takes $name for arithmetic)
	# shellcheck disable=SC2034,SC2004
	VPC_V4[$name]=10.$x
	# shellcheck disable=SC2034,SC2004
	VPC_V6[$name]=fd00:$x
	TOPO_NS=$ns make_vrf "$name" $((100 + x))
	# The SVI has no address, so reverse-path filtering would drop peered
	# traffic: rp_filter 0 on it (the default already is, from
	# topo_sysctls; said again where it matters).
	ipb -n "$ns" <<-EOF
		link add br-$name type bridge
		link set br-$name master vrf-$name addrgenmode none
		link add vx-$name type vxlan id $vni dstport 4789 local 10.255.0.$n nolearning
		link set vx-$name master br-$name addrgenmode none
		link set vx-$name type bridge_slave neigh_suppress on learning off
		link set vx-$name up
		link set br-$name up
	EOF
	in_ns "$ns" sysctl -q -w "net.ipv4.conf.br-$name.rp_filter=0"
	TOPO_NS=$ns vpc_add "$name"
}

# fleet_frr_conf N: host hvN's frr.conf: one BGP VRF instance per VPC on
# it, full iBGP mesh with the other hosts, the guard of vpcpeerctl frr.
fleet_frr_conf() {
	local n=$1 ns=hv$1 peer vpc vni vpcs
	vpcs=()
	[[ ${#FLEET_VNI[@]} -eq 0 ]] ||
		mapfile -t vpcs <<<"$(printf '%s\n' "${!FLEET_VNI[@]}" | sort)"
	{
		echo "frr defaults traditional"
		echo "hostname $ns"
		echo "log file $FLEET_TMP/frr-$ns.log"
		for vpc in "${vpcs[@]}"; do
			printf 'vrf vrf-%s\n vni %s\nexit-vrf\n' "$vpc" "${FLEET_VNI[$vpc]}"
		done
		vpcpeerctl -n "$ns" frr guard
		echo "router bgp $FLEET_AS"
		echo " bgp router-id 10.255.0.$n"
		echo " no bgp default ipv4-unicast"
		echo " timers bgp 3 9"
		echo " neighbor fleet peer-group"
		echo " neighbor fleet remote-as internal"
		echo " neighbor fleet timers connect 2"
		for peer in "${FLEET_HOSTS[@]}"; do
			[[ $peer == "$n" ]] || echo " neighbor 10.255.0.$peer peer-group fleet"
		done
		echo " address-family l2vpn evpn"
		echo "  neighbor fleet activate"
		echo "  advertise-all-vni"
		echo " exit-address-family"
		echo "exit"
		for vpc in "${vpcs[@]}"; do
			vni=${FLEET_VNI[$vpc]}
			echo "router bgp $FLEET_AS vrf vrf-$vpc"
			echo " bgp router-id 10.255.0.$n"
			echo " address-family ipv4 unicast"
			echo "  redistribute connected"
			echo " exit-address-family"
			echo " address-family ipv6 unicast"
			echo "  redistribute connected"
			echo " exit-address-family"
			echo " address-family l2vpn evpn"
			echo "  rd 10.255.0.$n:$vni"
			echo "  route-target import $FLEET_AS:$vni"
			echo "  route-target export $FLEET_AS:$vni"
			echo "  advertise ipv4 unicast route-map OWN-$vpc"
			echo "  advertise ipv6 unicast route-map OWN-$vpc"
			echo " exit-address-family"
			echo "exit"
		done
	} >"/etc/frr/$ns/frr.conf"
	chown frr:frr "/etc/frr/$ns/frr.conf"
}

# fleet_frr_start N: zebra, staticd and bgpd in hvN, then its frr.conf
# through vtysh, as the frr service would.
fleet_frr_start() {
	local ns=hv$1 daemon
	for daemon in zebra staticd bgpd; do
		run ip netns exec "$ns" "/usr/lib/frr/$daemon" -N "$ns" -d \
			-F traditional -A 127.0.0.1 --log "file:$FLEET_TMP/frr-$ns-$daemon.log"
	done
	echo "hv$1 FRR before its configuration: $(fleet_rss "$1")" >&2
	run vtysh -N "$ns" -b >/dev/null
	echo "hv$1 FRR configured: $(fleet_rss "$1")" >&2
}

# fleet_rss N: the resident memory of host hvN's zebra and bgpd.
fleet_rss() {
	local daemon out=
	for daemon in zebra bgpd; do
		out+="$daemon $(awk '$1 == "VmRSS:" { print $2 " kB" }' \
			"/proc/$(<"/var/run/frr/hv$1/$daemon.pid")/status") "
	done
	echo "${out% }"
}

# fleet_frr_start_all: fleet_frr_start on every host at once (under TCG
# the daemons' start is mostly CPU, and the VM has two).
fleet_frr_start_all() {
	local n pid pids=()
	for n in "${FLEET_HOSTS[@]}"; do
		fleet_frr_start "$n" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
}

# fleet_frr_stop N [DAEMON...]: kill the daemons (all three by default) of
# hvN, as a crash would, and wait until they are gone.
fleet_frr_stop() {
	local ns=hv$1 daemon pid
	shift
	[[ $# -gt 0 ]] || set -- bgpd staticd zebra
	for daemon; do
		pid=$(<"/var/run/frr/$ns/$daemon.pid")
		run kill -9 "$pid"
		wait_for 10 test ! -d "/proc/$pid"
		rm -f "/var/run/frr/$ns/$daemon.pid"
	done
}

# vty N CMD...: vtysh commands on host hvN.
vty() {
	local ns=hv$1 c args=()
	shift
	for c; do
		args+=(-c "$c")
	done
	vtysh -N "$ns" "${args[@]}"
}

# evpn_routes N: the type-5 routes in host hvN's EVPN RIB, one a line as
# "VNI PREFIX" (the VNI read out of the RD this suite gives), sorted.
evpn_routes() {
	vty "$1" 'show bgp l2vpn evpn route type prefix json' |
		jq -r 'to_entries[] | select(.value | type == "object") |
			.key as $rd | .value | keys[] | select(startswith("[5]")) |
			"\($rd | split(":")[1]) \(.)"' |
		sed -E 's/^([0-9]+) \[5\]:\[[0-9]+\]:\[([0-9]+)\]:\[([^]]+)\]$/\1 \3\/\2/' |
		sort -u
}

# evpn_everywhere EXPECTED: every host's EVPN RIB is exactly EXPECTED (as
# evpn_routes prints it). The hosts are asked at once: a vtysh call is
# seconds of CPU on the debug kernel, and the VM has two.
evpn_everywhere() {
	local n pid pids=() bad=0
	for n in "${FLEET_HOSTS[@]}"; do
		evpn_routes "$n" >"$FLEET_TMP/evpn-hv$n" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || bad=1
	done
	echo "$1" >"$FLEET_TMP/evpn-expected"
	for n in "${FLEET_HOSTS[@]}"; do
		[[ $(<"$FLEET_TMP/evpn-hv$n") == "$1" ]] && continue
		echo "hv$n's EVPN RIB is not as expected:" >&2
		diff "$FLEET_TMP/evpn-expected" "$FLEET_TMP/evpn-hv$n" >&2
		bad=1
	done
	((!bad))
}

# vrf_routes N VPC: the routes FRR installed in host hvN's VRF of VPC, as
# "PREFIX" lines (both families, proto bgp), sorted.
vrf_routes() {
	{
		ip -n "hv$1" -4 route show vrf "vrf-$2" proto bgp
		ip -n "hv$1" -6 route show vrf "vrf-$2" proto bgp
	} | awk '{ print $1 }' | sort
}

# has_route N VPC PREFIX...: host hvN's VRF of VPC has FRR's route to each
# PREFIX.
has_route() {
	local routes prefix
	routes=$(vrf_routes "$1" "$2")
	shift 2
	for prefix; do
		grep -qxF "$prefix" <<<"$routes" || return 1
	done
}

# now_ms: milliseconds since the epoch (busybox date knows no %N).
now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# The counters fleet_expect checks, per host: each peering endpoint's and
# VXLAN device's packets sent ("tx"), each endpoint's drops by reason, read
# from the host's sysfs (ip netns exec mounts the namespace's own) in one
# shell per host: under TCG every process counts.
declare -gA FLEET_MARK=() FLEET_NOW=()

fleet_read() {
	local n key v out
	FLEET_NOW=()
	for n in "${FLEET_HOSTS[@]}"; do
		# shellcheck disable=SC2016 # expanded by the inner shell
		out=$(ip netns exec "hv$n" bash -c '
			for d in /sys/class/net/*; do
				dev=${d##*/}
				if [[ -d $d/vpcpeer ]]; then
					for r in "$@"; do
						read -r v <"$d/vpcpeer/$r"
						echo "$dev:$r $v"
					done
				elif [[ $dev != vx-* ]]; then
					continue
				fi
				read -r v <"$d/statistics/tx_packets"
				echo "$dev:tx $v"
			done' - "${DROP_REASONS[@]}")
		while read -r key v; do
			FLEET_NOW[hv$n:$key]=$v
		done <<<"$out"
	done
}

# fleet_mark: remember every counter, for fleet_expect.
fleet_mark() {
	local key
	fleet_read
	FLEET_MARK=()
	for key in "${!FLEET_NOW[@]}"; do
		FLEET_MARK[$key]=${FLEET_NOW[$key]}
	done
}

# fleet_expect [hvN:DEV:COUNTER=N]...: since fleet_mark, each counter named
# moved by exactly N, and no drop counter of any endpoint of any host
# moved otherwise; printed as checked.
fleet_expect() {
	local -A want=()
	local spec key delta bad=0
	for spec; do
		want[${spec%=*}]=${spec##*=}
	done
	fleet_read
	for key in "${!FLEET_NOW[@]}"; do
		delta=$((FLEET_NOW[$key] - ${FLEET_MARK[$key]:-0}))
		if [[ -n ${want[$key]:-} ]]; then
			if ((delta != want[$key])); then
				echo "counter $key moved by $delta, expected ${want[$key]}" >&2
				bad=1
			fi
			unset "want[$key]"
		elif [[ $key != *:tx ]] && ((delta != 0)); then
			echo "drop counter $key moved by $delta, expected 0" >&2
			bad=1
		fi
	done
	for key in "${!want[@]}"; do
		echo "fleet_expect: no counter $key" >&2
		bad=1
	done
	((!bad)) && echo "  counted as expected: $* (no other drop)" >&2
	((!bad))
}

# section TEXT: a heading in the log, with the seconds since the start.
section() {
	echo "== [${SECONDS}s] $*" >&2
}

# echo_requests NAME: ICMP and ICMPv6 echo requests VM h-NAME has received.
echo_requests() {
	hx "$1" cat /proc/net/snmp /proc/net/snmp6 |
		awk '$1 == "Icmp:" && $2 ~ /^[0-9]+$/ { n += $10 }
		     $1 == "Icmp6InEchos" { n += $2 } END { print n + 0 }'
}

# fleet_wait SECONDS CMD...: as fixtures.sh's wait_for, polling every
# second: FRR's state is read through vtysh and jq, and polling harder
# steals the CPU the daemons need under TCG.
fleet_wait() {
	local tries=$1
	shift
	while ((tries-- > 0)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 1
	done
	echo "timed out waiting for: $*" >&2
	return 1
}
