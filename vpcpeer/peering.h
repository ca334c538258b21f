/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_PEERING_H
#define _VPCPEER_PEERING_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/vpcpeer.h>

struct netlink_ext_ack;
struct vpcpeer_net;
struct vpcpeer_vpc;

/**
 * struct vpcpeer_peering - two VPCs joined by a pair of endpoints
 * @name_node: in vpcpeer_net.peering_names
 * @list: in vpcpeer_net.peerings
 * @vpc_node: in each VPC's list of peerings, [0] for side a, [1] for b
 * @vpc: the VPCs, [0] side a, [1] side b
 * @ep: the endpoints NAME-a (in @vpc[0]'s VRF) and NAME-b
 * @flags: VPCPEER_F_*, kept for userspace
 * @admin_up: the peering's own administrative state
 * @name: its name
 */
struct vpcpeer_peering {
	struct hlist_node name_node;
	struct list_head list;
	struct list_head vpc_node[2];
	struct vpcpeer_vpc *vpc[2];
	struct net_device *ep[2];
	u32 flags;
	bool admin_up;
	char name[VPCPEER_PEERING_NAME_MAX + 1];
};

struct vpcpeer_peering *vpcpeer_peering_find(struct vpcpeer_net *vn,
					     const char *name);
struct vpcpeer_peering *vpcpeer_peering_create(struct vpcpeer_net *vn,
					       const char *name,
					       struct vpcpeer_vpc *a,
					       struct vpcpeer_vpc *b, u32 mtu,
					       u32 flags, bool admin_up,
					       struct netlink_ext_ack *extack);
void vpcpeer_peering_destroy(struct vpcpeer_peering *peering,
			     struct list_head *kill);
int vpcpeer_peering_set(struct vpcpeer_peering *peering, const u32 *mtu,
			const u32 *flags, const bool *admin_up,
			struct netlink_ext_ack *extack);
void vpcpeer_peering_update(struct vpcpeer_peering *peering);
bool vpcpeer_peering_is_up(const struct vpcpeer_peering *peering);

#endif /* _VPCPEER_PEERING_H */
