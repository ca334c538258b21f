/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_NETNS_H
#define _VPCPEER_NETNS_H

#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

/**
 * struct vpcpeer_net - everything vpcpeer knows about one network namespace
 * @lock: serialises changes; taken after RTNL. Writers of the lists and
 *        names hold both, so either one is enough to read those. The VPCs'
 *        CIDR sets change under @lock alone: read them under @lock or RCU.
 * @vpcs: attached VPCs, oldest first (the dump order)
 * @peerings: peerings, oldest first
 * @vpc_names: @vpcs by name
 * @peering_names: @peerings by name
 * @nr_vpcs: length of @vpcs
 * @nr_peerings: length of @peerings
 * @generation: bumped on every change, so dumps can detect one
 * @net: the namespace
 */
struct vpcpeer_net {
	struct mutex lock;	/* see above */
	struct list_head vpcs;
	struct list_head peerings;
	DECLARE_HASHTABLE(vpc_names, 8);
	DECLARE_HASHTABLE(peering_names, 8);
	u32 nr_vpcs;
	u32 nr_peerings;
	u32 generation;
	struct net *net;
};

struct vpcpeer_net *vpcpeer_net(const struct net *net);

/* Lock a namespace for a change: RTNL, then its own lock. */
void vpcpeer_net_lock(struct vpcpeer_net *vn);
void vpcpeer_net_unlock(struct vpcpeer_net *vn);

static inline void vpcpeer_net_assert_locked(struct vpcpeer_net *vn)
{
	ASSERT_RTNL();
	lockdep_assert_held(&vn->lock);
}

int vpcpeer_netns_init(void);
void vpcpeer_netns_uninit(void);

#endif /* _VPCPEER_NETNS_H */
