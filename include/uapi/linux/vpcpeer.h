/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vpcpeer: non-transitive peering between VRF-backed VPCs.
 *
 * Generic netlink family VPCPEER_GENL_NAME, version VPCPEER_GENL_VERSION,
 * per network namespace. Documentation/netlink/specs/vpcpeer.yaml is the
 * family's YNL spec, the one source of what each command takes and
 * answers; "make check" holds this header to it. In short:
 *
 * Attribute types start at 1, in a set per object: VPC commands and
 * events carry enum vpcpeer_vpc_attr, peering ones enum
 * vpcpeer_peering_attr, GET_INFO enum vpcpeer_info_attr; CIDRs, endpoints
 * and drop counters are nests of their own sets. Every command has a
 * strict policy, unknown attributes are refused, and every refusal carries
 * an extack message. Mutations need CAP_NET_ADMIN in the namespace's user
 * namespace; reads are open to everyone.
 *
 * Names are NUL-terminated strings of letters, digits, '.', '_' and '-': a
 * VPC name has 1 to VPCPEER_VPC_NAME_MAX characters, a peering name 1 to
 * VPCPEER_PEERING_NAME_MAX (its endpoints are the netdevices NAME-a and
 * NAME-b).
 *
 * A CIDR is a nest:
 *   VPCPEER_CIDR_A_FAMILY     u16, AF_INET or AF_INET6
 *   VPCPEER_CIDR_A_ADDR       4 or 16 bytes, network order, no host bits set
 *   VPCPEER_CIDR_A_PREFIXLEN  u8, 0-32 or 0-128
 *
 * VPCPEER_CMD_GET_INFO
 *   reply:   VPCPEER_INFO_A_VERSION       string, the module's version
 *
 * VPCPEER_CMD_VPC_NEW: attach a VRF as a VPC; replies with the VPC as
 * VPCPEER_CMD_VPC_GET would (without CIDRs)
 *   VPCPEER_VPC_A_NAME
 *   VPCPEER_VPC_A_VRF_IFINDEX u32 or VPCPEER_VPC_A_VRF_IFNAME string
 *                  (exactly one)
 *   VPCPEER_VPC_A_CIDR, repeated, optional: the VPC's first CIDRs (at most
 *                  max_cidrs_per_vpc, else E2BIG)
 *
 * VPCPEER_CMD_VPC_DEL: detach a VPC, deleting its peerings
 *   VPCPEER_VPC_A_NAME
 *
 * VPCPEER_CMD_VPC_CIDR_ADD, VPCPEER_CMD_VPC_CIDR_DEL: all or nothing
 *   VPCPEER_VPC_A_NAME
 *   VPCPEER_VPC_A_CIDR, repeated, at least one and at most the module
 *                  parameter max_cidrs_per_vpc (else E2BIG)
 *
 * VPCPEER_CMD_VPC_GET: a dump, where a VPC with many CIDRs spans several
 * messages, each repeating the VPC's name (concatenate their CIDRs); or a
 * request without NLM_F_DUMP for one VPC, answered without its CIDRs
 *   request: VPCPEER_VPC_A_NAME          dump: optional, only this VPC (an
 *                                        unknown name gives an empty dump);
 *                                        otherwise required (ENOENT if none)
 *   reply:   VPCPEER_VPC_A_NAME
 *            VPCPEER_VPC_A_VRF_IFINDEX
 *            VPCPEER_VPC_A_VRF_IFNAME
 *            VPCPEER_VPC_A_CIDR_COUNT     u32, CIDRs of both families
 *            VPCPEER_VPC_A_PEERING_COUNT  u32
 *            VPCPEER_VPC_A_CIDR, repeated dump only
 *
 * VPCPEER_CMD_PEERING_NEW: create a peering and its two endpoints; replies
 * with the peering as VPCPEER_CMD_PEERING_GET would
 *   VPCPEER_PEERING_A_NAME
 *   VPCPEER_PEERING_A_VPC_A, VPCPEER_PEERING_A_VPC_B
 *                                 VPC names (distinct)
 *   VPCPEER_PEERING_A_MTU         u32, 68 to 65535, optional (default 1500)
 *   VPCPEER_PEERING_A_FLAGS       u32, VPCPEER_F_*, optional
 *   VPCPEER_PEERING_A_ADMIN_UP    u8, 0 or 1, optional (default 1)
 *
 * VPCPEER_CMD_PEERING_DEL: delete a peering and both endpoints
 *   VPCPEER_PEERING_A_NAME
 *
 * VPCPEER_CMD_PEERING_SET: change a peering, all or nothing; at least one of
 * ADMIN_UP, MTU (both endpoints' MTU) and FLAGS
 *   VPCPEER_PEERING_A_NAME
 *   VPCPEER_PEERING_A_ADMIN_UP, VPCPEER_PEERING_A_MTU, VPCPEER_PEERING_A_FLAGS
 *
 * VPCPEER_CMD_PEERING_GET: doit with a name, or dump
 *   request: VPCPEER_PEERING_A_NAME      doit: required (ENOENT if unknown);
 *                                        dump: optional filter
 *            VPCPEER_PEERING_A_VPC       dump only, optional: the peerings
 *                                        of this VPC, on either side
 *   A dump filter naming no object gives an empty dump; a filtered dump's
 *   messages carry NLM_F_DUMP_FILTERED.
 *   reply:   VPCPEER_PEERING_A_NAME
 *            VPCPEER_PEERING_A_VPC_A, VPCPEER_PEERING_A_VPC_B
 *            VPCPEER_PEERING_A_FLAGS
 *            VPCPEER_PEERING_A_ADMIN_UP
 *            VPCPEER_PEERING_A_STATE      u8, enum vpcpeer_state
 *            VPCPEER_PEERING_A_ENDPOINT, twice: side a, then side b
 *              VPCPEER_EP_A_IFINDEX       u32
 *              VPCPEER_EP_A_IFNAME        string
 *              VPCPEER_EP_A_MTU           u32
 *              VPCPEER_EP_A_DROPS         nest, a u64 per reason:
 *                VPCPEER_DROP_A_NOT_IP, VPCPEER_DROP_A_PEERING_DOWN,
 *                VPCPEER_DROP_A_SRC_NOT_LOCAL, VPCPEER_DROP_A_DST_NOT_PEER,
 *                VPCPEER_DROP_A_SOURCE_ROUTE, VPCPEER_DROP_A_TOO_BIG
 *
 * VPCPEER_CMD_PEERING_TEST: the verdict a packet would get, as "ip route
 * get" tells a route: the kernel judges a header it builds from the two
 * addresses, on the peering's live state, and sends nothing
 *   request: VPCPEER_PEERING_A_NAME
 *            VPCPEER_PEERING_A_SRC, VPCPEER_PEERING_A_DST
 *                                        4 or 16 bytes each, one family
 *            VPCPEER_PEERING_A_VPC       optional: the side it is sent from;
 *                                        by default the side whose VPC
 *                                        owns SRC, else the side across
 *                                        from the VPC owning DST, else a
 *   reply:   VPCPEER_PEERING_A_NAME
 *            VPCPEER_PEERING_A_VPC       the side it was sent from
 *            VPCPEER_PEERING_A_SRC, VPCPEER_PEERING_A_DST
 *            VPCPEER_PEERING_A_VERDICT   u32, enum vpcpeer_drop_reason:
 *                                        VPCPEER_DROP_REASON_NONE to cross
 *
 * Events, on multicast group VPCPEER_MCGRP_EVENTS, carry the same
 * attributes as the objects they announce; an event lost for want of
 * memory makes every listener's next receive fail with ENOBUFS:
 *   VPCPEER_CMD_VPC_NEW_NTF, VPCPEER_CMD_VPC_DEL_NTF: name, VRF, counts
 *     (NEW: and the CIDRs; those that do not fit follow as
 *     VPCPEER_CMD_VPC_CIDR_NTF)
 *   VPCPEER_CMD_VPC_CIDR_NTF: name, VPCPEER_VPC_A_CIDR_OP, the CIDRs
 *   VPCPEER_CMD_PEERING_NEW_NTF, VPCPEER_CMD_PEERING_DEL_NTF,
 *   VPCPEER_CMD_PEERING_STATE_NTF: the peering as PEERING_GET replies;
 *     STATE on any change of state, admin state, MTU or flags
 *
 * Drops at the crossing, counted per endpoint (the one the packet was sent
 * into) and reason; a packet crosses from VPC A to VPC B only if it is IP,
 * the peering is up, its source is in one of A's CIDRs and its destination
 * in one of B's, it carries no source route (an IPv4 LSRR or SSRR option,
 * an IPv6 routing header with segments left), and it fits the MTU of the
 * endpoint across.
 */
#ifndef _UAPI_LINUX_VPCPEER_H
#define _UAPI_LINUX_VPCPEER_H

#define VPCPEER_GENL_NAME		"vpcpeer"
#define VPCPEER_GENL_VERSION		1
#define VPCPEER_MCGRP_EVENTS		"events"

#define VPCPEER_VPC_NAME_MAX		15
#define VPCPEER_PEERING_NAME_MAX	13

enum vpcpeer_cmd {
	VPCPEER_CMD_GET_INFO = 1,
	VPCPEER_CMD_VPC_NEW,
	VPCPEER_CMD_VPC_DEL,
	VPCPEER_CMD_VPC_GET,
	VPCPEER_CMD_VPC_CIDR_ADD,
	VPCPEER_CMD_VPC_CIDR_DEL,
	VPCPEER_CMD_PEERING_NEW,
	VPCPEER_CMD_PEERING_DEL,
	VPCPEER_CMD_PEERING_SET,
	VPCPEER_CMD_PEERING_GET,
	VPCPEER_CMD_VPC_NEW_NTF,
	VPCPEER_CMD_VPC_DEL_NTF,
	VPCPEER_CMD_VPC_CIDR_NTF,
	VPCPEER_CMD_PEERING_NEW_NTF,
	VPCPEER_CMD_PEERING_DEL_NTF,
	VPCPEER_CMD_PEERING_STATE_NTF,
	VPCPEER_CMD_PEERING_TEST,

	__VPCPEER_CMD_MAX
};

#define VPCPEER_CMD_MAX (__VPCPEER_CMD_MAX - 1)

enum vpcpeer_info_attr {
	VPCPEER_INFO_A_VERSION = 1,

	__VPCPEER_INFO_A_MAX
};

#define VPCPEER_INFO_A_MAX (__VPCPEER_INFO_A_MAX - 1)

enum vpcpeer_vpc_attr {
	VPCPEER_VPC_A_NAME = 1,
	VPCPEER_VPC_A_VRF_IFINDEX,
	VPCPEER_VPC_A_VRF_IFNAME,
	VPCPEER_VPC_A_CIDR,
	VPCPEER_VPC_A_CIDR_COUNT,
	VPCPEER_VPC_A_PEERING_COUNT,
	VPCPEER_VPC_A_CIDR_OP,

	__VPCPEER_VPC_A_MAX
};

#define VPCPEER_VPC_A_MAX (__VPCPEER_VPC_A_MAX - 1)

enum vpcpeer_cidr_attr {
	VPCPEER_CIDR_A_FAMILY = 1,
	VPCPEER_CIDR_A_ADDR,
	VPCPEER_CIDR_A_PREFIXLEN,

	__VPCPEER_CIDR_A_MAX
};

#define VPCPEER_CIDR_A_MAX (__VPCPEER_CIDR_A_MAX - 1)

enum vpcpeer_peering_attr {
	VPCPEER_PEERING_A_NAME = 1,
	VPCPEER_PEERING_A_VPC_A,
	VPCPEER_PEERING_A_VPC_B,
	VPCPEER_PEERING_A_MTU,
	VPCPEER_PEERING_A_FLAGS,
	VPCPEER_PEERING_A_ADMIN_UP,
	VPCPEER_PEERING_A_STATE,
	VPCPEER_PEERING_A_ENDPOINT,
	VPCPEER_PEERING_A_VPC,
	VPCPEER_PEERING_A_SRC,
	VPCPEER_PEERING_A_DST,
	VPCPEER_PEERING_A_VERDICT,

	__VPCPEER_PEERING_A_MAX
};

#define VPCPEER_PEERING_A_MAX (__VPCPEER_PEERING_A_MAX - 1)

enum vpcpeer_endpoint_attr {
	VPCPEER_EP_A_IFINDEX = 1,
	VPCPEER_EP_A_IFNAME,
	VPCPEER_EP_A_MTU,
	VPCPEER_EP_A_DROPS,

	__VPCPEER_EP_A_MAX
};

#define VPCPEER_EP_A_MAX (__VPCPEER_EP_A_MAX - 1)

/* The drop counters in VPCPEER_EP_A_DROPS, u64 each; new reasons go last. */
enum vpcpeer_drop_attr {
	VPCPEER_DROP_A_PAD = 1,
	VPCPEER_DROP_A_NOT_IP,
	VPCPEER_DROP_A_PEERING_DOWN,
	VPCPEER_DROP_A_SRC_NOT_LOCAL,
	VPCPEER_DROP_A_DST_NOT_PEER,
	VPCPEER_DROP_A_SOURCE_ROUTE,
	VPCPEER_DROP_A_TOO_BIG,

	__VPCPEER_DROP_A_MAX
};

#define VPCPEER_DROP_A_MAX (__VPCPEER_DROP_A_MAX - 1)

/* VPCPEER_PEERING_A_VERDICT: the reason a packet would be dropped, or none */
enum vpcpeer_drop_reason {
	VPCPEER_DROP_REASON_NONE = 0,
	VPCPEER_DROP_REASON_NOT_IP,
	VPCPEER_DROP_REASON_PEERING_DOWN,
	VPCPEER_DROP_REASON_SRC_NOT_LOCAL,
	VPCPEER_DROP_REASON_DST_NOT_PEER,
	VPCPEER_DROP_REASON_SOURCE_ROUTE,
	VPCPEER_DROP_REASON_TOO_BIG,
};

/* VPCPEER_PEERING_A_FLAGS */
enum vpcpeer_peering_flags {
	/* vpcpeerctl keeps a route per peer CIDR in both VRFs */
	VPCPEER_F_ROUTES_AUTO = 1U << 0,

	__VPCPEER_F_ALL = VPCPEER_F_ROUTES_AUTO
};

/* VPCPEER_PEERING_A_STATE */
enum vpcpeer_state {
	/* administratively down, or an endpoint is down */
	VPCPEER_STATE_DOWN = 0,
	VPCPEER_STATE_UP = 1,
};

/* VPCPEER_VPC_A_CIDR_OP, in VPCPEER_CMD_VPC_CIDR_NTF */
enum vpcpeer_cidr_op {
	VPCPEER_CIDR_OP_ADD = 1,
	VPCPEER_CIDR_OP_DEL = 2,
};

/*
 * IFLA_INFO_DATA of a vpcpeer endpoint, read-only ("ip -d link show"):
 * rtnetlink's, not the family's, so not in its spec
 */
enum {
	IFLA_VPCPEER_UNSPEC,
	IFLA_VPCPEER_PEERING,		/* string */
	IFLA_VPCPEER_LOCAL_VPC,		/* string */
	IFLA_VPCPEER_PEER_VPC,		/* string */
	IFLA_VPCPEER_PEER_IFINDEX,	/* u32 */
	IFLA_VPCPEER_STATE,		/* u8, enum vpcpeer_state */
	__IFLA_VPCPEER_MAX
};

#define IFLA_VPCPEER_MAX (__IFLA_VPCPEER_MAX - 1)

#endif /* _UAPI_LINUX_VPCPEER_H */
