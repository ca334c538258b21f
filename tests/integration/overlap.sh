#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every refusal of the object model: non-canonical and malformed CIDRs, a
# VPC's own overlapping CIDRs, peering VPCs whose CIDRs overlap (the message
# names both prefixes), a CIDR overlapping a peer's, self-peering, a second
# peering of a pair, unknown, duplicate and over-long names, a VRF backing
# two VPCs, a device that is not a VRF. Each refusal exits 1 (or 2, where
# the tool may catch the mistake itself) with the reason, and changes
# nothing. Then: removing a CIDR is allowed and traffic to or from it stops
# crossing at once.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

# refused TEXT CMD...: CMD fails with exit status 1, says "vpcpeerctl: "
# and TEXT, and changes nothing. Its message is left in REFUSED_MSG.
# rejected TEXT CMD...: the same, but exit status 2 (bad usage) is allowed
# too, for mistakes the tool may catch before asking the kernel.
# The state (fixtures.sh) before is the one after the previous refusal,
# unless a change ("ok CMD...") came in between; only "peering add" makes
# netdevices, so only its refusals are checked for them (state_links), to
# keep the script quick on a KASAN kernel.
REFUSED_MSG=
STATE=
ok() {
	run "$@"
	STATE=
}
refuse_check() {
	local statuses=$1 text=$2 before=$STATE after rc=0 state=state
	shift 2
	if [[ "$*" == "vpcpeerctl peering add "* ]]; then
		state=state_links
		before=
	fi
	[[ -n $before ]] || before=$($state)
	printf '+ ! %s\n' "$*" >&2
	REFUSED_MSG=$("$@" 2>&1) || rc=$?
	printf '%s\n' "$REFUSED_MSG" >&2
	if [[ $rc -eq 0 ]]; then
		echo "expected a refusal, got success: $*" >&2
		return 1
	fi
	if [[ " $statuses " != *" $rc "* ]]; then
		echo "exit status $rc, expected one of: $statuses" >&2
		return 1
	fi
	assert_contains "$REFUSED_MSG" "vpcpeerctl: " "error prefix"
	assert_contains "$REFUSED_MSG" "$text" "reason"
	after=$($state)
	if [[ $after != "$before" ]]; then
		echo "state changed by a refused command: $*" >&2
		diff_text "$before" "$after" >&2
		return 1
	fi
	[[ $state == state_links ]] || STATE=$after
}
refused() { refuse_check 1 "$@"; }
rejected() { refuse_check "1 2" "$@"; }

run modprobe vpcpeer

make_vpc a 101 10.1 fd00:1
make_vpc b 102 10.2 fd00:2
make_vrf c 103
make_vrf d 104
make_vrf e 105
make_vrf x 109
run ip link add dum0 type dummy
make_peering ab a b

# A refusal leaves nothing behind, so a case of refusals that fails does
# not stop the script; a case that changes what later ones start from
# does (tcase_or_stop).

test_peering_works() {
	ping_ok a "$(host4 b)"
	ping_ok a "$(host6 b)"
}
tcase_or_stop "the peering carries traffic" test_peering_works

# Not canonical: host bits set, never silently masked; the message names
# the prefix.
test_host_bits() {
	rejected "host bits set" vpcpeerctl vpc cidr add a 10.50.0.1/16
	assert_contains "$REFUSED_MSG" "10.50.0.1/16"
	rejected "host bits set" vpcpeerctl vpc cidr add a fd00:50::1/48
	assert_contains "$REFUSED_MSG" "fd00:50::1/48"
	rejected "host bits set" vpcpeerctl vpc cidr add a 10.50.0.0/8
	rejected "host bits set" vpcpeerctl vpc add c vrf vrf-c cidr 10.3.0.0/16 cidr 10.0.0.1/16
}
tcase "a prefix with host bits set is refused, never masked" test_host_bits

# Lengths beyond the family's.
test_too_long() {
	rejected "33" vpcpeerctl vpc cidr add a 10.50.0.0/33
	rejected "129" vpcpeerctl vpc cidr add a fd00:50::/129
	rejected "33" vpcpeerctl vpc add c vrf vrf-c cidr 10.3.0.0/33
}
tcase "a prefix length beyond the family's is refused" test_too_long

# A VPC's own CIDRs do not overlap: nested either way, equal, and within
# one request, in both families.
test_own_overlap() {
	refused "overlaps" vpcpeerctl vpc cidr add a 10.1.2.0/24
	refused "overlaps" vpcpeerctl vpc cidr add a 10.0.0.0/8
	refused "overlaps" vpcpeerctl vpc cidr add a 0.0.0.0/0
	refused "overlaps" vpcpeerctl vpc cidr add a 10.1.0.0/16
	refused "overlaps" vpcpeerctl vpc cidr add a fd00:1:0:5::/64
	refused "overlaps" vpcpeerctl vpc cidr add a fd00::/16
	refused "overlaps" vpcpeerctl vpc cidr add a fd00:1::/48
	refused "overlaps" vpcpeerctl vpc add c vrf vrf-c cidr 10.3.0.0/16 cidr 10.3.1.0/24
	refused "overlaps" vpcpeerctl vpc add c vrf vrf-c cidr fd00:3::/48 cidr fd00:3::/64
	refused "overlaps" vpcpeerctl vpc add c vrf vrf-c cidr 10.3.0.0/16 cidr 10.3.0.0/16
}
tcase "a VPC's own CIDRs may not overlap" test_own_overlap

# Adjacent prefixes and a /32 and /128 next to their neighbours are fine.
test_adjacent() {
	ok vpcpeerctl vpc add c vrf vrf-c cidr 10.3.0.0/16 cidr 10.4.0.0/16 \
		cidr 10.5.0.1/32 cidr 10.5.0.0/32 cidr fd00:3::/48 cidr fd00:3:1::/48 \
		cidr fd00:9::1/128 cidr fd00:9::/128
	ok vpcpeerctl vpc del c
}
tcase_or_stop "adjacent CIDRs of a VPC are fine" test_adjacent

# Peering VPCs whose CIDRs overlap, in either family, is refused and the
# message names both prefixes. Unpeered, the overlap itself is allowed.
ok vpcpeerctl vpc add c vrf vrf-c cidr 10.3.0.0/16 cidr fd00:1:0:7::/64
ok vpcpeerctl vpc add d vrf vrf-d cidr 10.1.2.0/24 cidr fd00:4::/48
test_peers_overlap() {
	refused "overlaps" vpcpeerctl peering add ac a c
	assert_contains "$REFUSED_MSG" "fd00:1::/48" "the message names a's prefix"
	assert_contains "$REFUSED_MSG" "fd00:1:0:7::/64" "the message names c's prefix"
	refused "overlaps" vpcpeerctl peering add ca c a
	assert_contains "$REFUSED_MSG" "fd00:1::/48"
	assert_contains "$REFUSED_MSG" "fd00:1:0:7::/64"
	refused "overlaps" vpcpeerctl peering add ad a d
	assert_contains "$REFUSED_MSG" "10.1.0.0/16"
	assert_contains "$REFUSED_MSG" "10.1.2.0/24"
	refused "overlaps" vpcpeerctl peering add da d a
	assert_contains "$REFUSED_MSG" "10.1.0.0/16"
	assert_contains "$REFUSED_MSG" "10.1.2.0/24"
}
tcase "peering VPCs whose CIDRs overlap is refused, naming both" test_peers_overlap

# A CIDR overlapping a peer's is refused, from either side; overlapping a
# VPC that is not a peer is not.
test_peer_cidr() {
	refused "overlaps" vpcpeerctl vpc cidr add b 10.1.5.0/24
	assert_contains "$REFUSED_MSG" "10.1.5.0/24"
	refused "overlaps" vpcpeerctl vpc cidr add b 10.0.0.0/8
	refused "overlaps" vpcpeerctl vpc cidr add b fd00:1:0:9::/64
	assert_contains "$REFUSED_MSG" "fd00:1:0:9::/64"
	refused "overlaps" vpcpeerctl vpc cidr add a 10.2.0.0/17
	refused "overlaps" vpcpeerctl vpc cidr add a fd00:2:0:1::/64
}
tcase "a CIDR overlapping a peer's is refused, from either side" test_peer_cidr

test_not_peer_cidr() {
	ok vpcpeerctl vpc cidr add b 10.3.128.0/24
	ok vpcpeerctl vpc cidr add b fd00:4:0:1::/64
	ok vpcpeerctl vpc cidr del b 10.3.128.0/24
	ok vpcpeerctl vpc cidr del b fd00:4:0:1::/64
}
tcase_or_stop "a CIDR overlapping a VPC that is not a peer is fine" test_not_peer_cidr

# Self-peering; a second peering of the same pair, either way round.
test_self_twice() {
	refused "cannot peer a VPC with itself" vpcpeerctl peering add aa a a
	refused "already peered" vpcpeerctl peering add ab2 a b
	refused "already peered" vpcpeerctl peering add ba b a
}
tcase "self-peering, and a second peering of a pair, are refused" test_self_twice

# Unknown names.
test_unknown() {
	refused "not found" vpcpeerctl peering add px a nosuch
	assert_contains "$REFUSED_MSG" "nosuch"
	refused "not found" vpcpeerctl peering add px nosuch a
	refused "not found" vpcpeerctl vpc del nosuch
	assert_contains "$REFUSED_MSG" "nosuch"
	refused "not found" vpcpeerctl vpc cidr add nosuch 10.60.0.0/16
	refused "not found" vpcpeerctl vpc cidr del nosuch 10.60.0.0/16
	refused "not found" vpcpeerctl vpc cidr del a 10.60.0.0/16
	refused "not found" vpcpeerctl vpc cidr del a 10.1.0.0/17
	refused "not found" vpcpeerctl vpc cidr del a fd00:1::/64
	refused "not found" vpcpeerctl peering del nosuch
	assert_contains "$REFUSED_MSG" "nosuch"
	refused "not found" vpcpeerctl peering set nosuch down
	refused "nosuchdev" vpcpeerctl vpc add x vrf nosuchdev
}
tcase "unknown names are refused, naming them" test_unknown

# Names already taken.
ok vpcpeerctl vpc add e vrf vrf-e cidr 10.5.0.0/16 cidr fd00:5::/48
test_taken() {
	refused "already exists" vpcpeerctl vpc add a vrf vrf-x
	refused "already exists" vpcpeerctl peering add ab b e
}
tcase "names already taken are refused" test_taken

# A netdevice that already bears an endpoint's name stops the peering,
# and no other endpoint is left behind.
test_endpoint_name() {
	ok ip link add zz-b type dummy
	refused "" vpcpeerctl peering add zz b e
	! ip link show zz-a 2>/dev/null || false
	ok ip link del zz-b
}
tcase_or_stop "a netdevice named as an endpoint stops the peering, cleanly" test_endpoint_name

# Over-long names: a VPC takes 15 characters, a peering 13 (its endpoints
# then have the 15 a netdevice name allows).
# (The tool may catch these itself; either way the message names the name.)
test_long_names() {
	rejected "abcdefghijklmnop" vpcpeerctl vpc add abcdefghijklmnop vrf vrf-x
	rejected "abcdefghijklmn" vpcpeerctl peering add abcdefghijklmn b e
	rejected "abcdefghijklmnop" vpcpeerctl peering add ok a abcdefghijklmnop
	ok vpcpeerctl vpc add abcdefghijklmno vrf vrf-x cidr 10.9.0.0/16
	ok vpcpeerctl peering add abcdefghijklm abcdefghijklmno e
	assert_eq "$(attr abcdefghijklm-a peering)" abcdefghijklm "peering of a 13-character peering"
	assert_eq "$(attr abcdefghijklm-a local_vpc)" abcdefghijklmno "a 15-character VPC"
	assert_eq "$(attr abcdefghijklm-b peer_vpc)" abcdefghijklmno "a 15-character VPC"
	ok vpcpeerctl peering del abcdefghijklm
	ok vpcpeerctl vpc del abcdefghijklmno
}
tcase_or_stop "over-long names are refused, the longest allowed work" test_long_names

# One VRF backs one VPC; only a VRF can.
test_vrf_only() {
	refused "already backs VPC" vpcpeerctl vpc add a2 vrf vrf-a
	assert_contains "$REFUSED_MSG" "vrf-a"
	refused "is not a VRF" vpcpeerctl vpc add x vrf dum0
	assert_contains "$REFUSED_MSG" "dum0"
	refused "is not a VRF" vpcpeerctl vpc add x vrf r-a
	refused "is not a VRF" vpcpeerctl vpc add x vrf ab-a
}
tcase "one VRF backs one VPC, and only a VRF can" test_vrf_only

# Through all of that the peering kept working.
test_still_works() {
	ping_ok a "$(host4 b)"
	ping_ok b "$(host6 a)"
	drops_zero
}
tcase "through all of that the peering kept working" test_still_works

# Removing a CIDR is allowed, and traffic stops crossing at once: to it
# (dst_not_peer on the sending side) and from it (src_not_local).
test_cidr_del_v4() {
	ok vpcpeerctl vpc cidr del b 10.2.0.0/16
	ping_dropped a "$(host4 b)" ab-a:dst_not_peer
	ping_dropped b "$(host4 a)" ab-b:src_not_local
	# The other family is untouched.
	ping_ok a "$(host6 b)"
	ok vpcpeerctl vpc cidr add b 10.2.0.0/16
	ping_ok a "$(host4 b)"
	ping_ok b "$(host4 a)"
}
tcase_or_stop "removing an IPv4 CIDR stops traffic to and from it at once" test_cidr_del_v4

test_cidr_del_v6() {
	ok vpcpeerctl vpc cidr del a fd00:1::/48
	ping_dropped a "$(host6 b)" ab-a:src_not_local
	ping_dropped b "$(host6 a)" ab-b:dst_not_peer
	ping_ok a "$(host4 b)"
	# Freed, the range may now go to the peer, and back.
	ok vpcpeerctl vpc cidr add b fd00:1:0:2::/64
	ok vpcpeerctl vpc cidr del b fd00:1:0:2::/64
	ok vpcpeerctl vpc cidr add a fd00:1::/48
	ping_ok a "$(host6 b)"
	ping_ok b "$(host6 a)"
}
tcase "removing an IPv6 CIDR stops traffic to and from it at once" test_cidr_del_v6
