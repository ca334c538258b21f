/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_VPC_H
#define _VPCPEER_VPC_H

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/vpcpeer.h>

#include "lpm.h"

struct netlink_ext_ack;
struct vpcpeer_net;

/* One CIDR as the control plane passes it around. */
struct vpcpeer_cidr {
	u8 addr[16];
	u8 plen;
	u8 family;	/* AF_INET or AF_INET6 */
};

/**
 * struct vpcpeer_vpc - a VRF attached as a VPC, with the CIDRs it owns
 * @name_node: in vpcpeer_net.vpc_names
 * @list: in vpcpeer_net.vpcs
 * @peerings: its peerings: [0] those where it is side a, through
 *            vpcpeer_peering.vpc_node[0]; [1] side b, through vpc_node[1]
 * @vn: its namespace
 * @vrf: the VRF device, held for as long as the VPC is attached
 * @vrf_tracker: reference tracker for @vrf
 * @cidrs4: IPv4 CIDRs, read locklessly by the forwarding hook
 * @cidrs6: IPv6 CIDRs, likewise
 * @nr_peerings: length of @peerings
 * @name: its name
 * @rcu: the hook may still be reading @cidrs4/@cidrs6 when it is detached
 */
struct vpcpeer_vpc {
	struct hlist_node name_node;
	struct list_head list;
	struct list_head peerings[2];
	struct vpcpeer_net *vn;
	struct net_device *vrf;
	netdevice_tracker vrf_tracker;
	struct vpcpeer_lpm cidrs4;
	struct vpcpeer_lpm cidrs6;
	u32 nr_peerings;
	char name[VPCPEER_VPC_NAME_MAX + 1];
	struct rcu_head rcu;
};

static inline u32 vpcpeer_vpc_nr_cidrs(const struct vpcpeer_vpc *vpc)
{
	return vpc->cidrs4.count + vpc->cidrs6.count;
}

static inline struct vpcpeer_lpm *
vpcpeer_vpc_cidrs(struct vpcpeer_vpc *vpc, u8 family)
{
	return family == AF_INET ? &vpc->cidrs4 : &vpc->cidrs6;
}

struct vpcpeer_vpc *vpcpeer_vpc_find(struct vpcpeer_net *vn, const char *name);
struct vpcpeer_vpc *vpcpeer_vpc_find_by_vrf(struct vpcpeer_net *vn,
					    const struct net_device *vrf);
struct vpcpeer_vpc *vpcpeer_vpc_create(struct vpcpeer_net *vn, const char *name,
				       struct net_device *vrf,
				       const struct vpcpeer_cidr *cidrs,
				       unsigned int nr_cidrs,
				       struct netlink_ext_ack *extack);
void vpcpeer_vpc_destroy(struct vpcpeer_vpc *vpc, struct list_head *kill);
int vpcpeer_vpc_add_cidrs(struct vpcpeer_vpc *vpc,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr,
			  struct netlink_ext_ack *extack);
int vpcpeer_vpc_del_cidrs(struct vpcpeer_vpc *vpc,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr,
			  struct netlink_ext_ack *extack);
unsigned int vpcpeer_vpc_max_cidrs(void);
int vpcpeer_vpc_check_disjoint(struct vpcpeer_vpc *a, struct vpcpeer_vpc *b,
			       struct netlink_ext_ack *extack);
int vpcpeer_cidr_format(char *buf, size_t len, const struct vpcpeer_cidr *cidr);

#endif /* _VPCPEER_VPC_H */
