/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_ENDPOINT_H
#define _VPCPEER_ENDPOINT_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/vpcpeer.h>

#include "verdict.h"

struct netlink_ext_ack;
struct vpcpeer_peering;
struct vpcpeer_vpc;

/* Per-CPU drop counters, indexed by verdict (VPCPEER_PASS unused). */
struct vpcpeer_drop_stats {
	u64_stats_t count[VPCPEER_NR_VERDICTS];
	struct u64_stats_sync syncp;
};

/**
 * struct vpcpeer_endpoint - private part of an endpoint netdevice
 * @peer: the other endpoint, NULL once the peering is being deleted
 * @local: the VPC on this side: sources must lie in its CIDRs
 * @remote: the VPC across: destinations must lie in its CIDRs
 * @peering: the peering (control path, under RTNL); NULL once deleted
 * @self: the endpoint's own netdevice
 * @drops: per-CPU drop counters
 * @up: the peering is up (see vpcpeer_peering_update()), for the hook
 * @enslaving: the VRF link in progress is ours, not a user's
 * @rejoin: puts the endpoint back into its VRF after a user released it
 * @rejoin_armed: @rejoin_tracker holds a reference (under RTNL)
 * @rejoin_tracker: reference held while @rejoin is queued or running
 * @peering_name: immutable copies for sysfs and link info
 * @local_name: ...
 * @remote_name: ...
 */
struct vpcpeer_endpoint {
	struct net_device __rcu *peer;
	struct vpcpeer_vpc __rcu *local;
	struct vpcpeer_vpc __rcu *remote;
	struct vpcpeer_peering *peering;
	struct net_device *self;
	struct vpcpeer_drop_stats __percpu *drops;
	bool up;
	bool enslaving;
	bool rejoin_armed;
	struct work_struct rejoin;
	netdevice_tracker rejoin_tracker;
	char peering_name[VPCPEER_PEERING_NAME_MAX + 1];
	char local_name[VPCPEER_VPC_NAME_MAX + 1];
	char remote_name[VPCPEER_VPC_NAME_MAX + 1];
};

bool vpcpeer_is_endpoint(const struct net_device *dev);
struct net_device *vpcpeer_endpoint_create(struct net *net, const char *name,
					   struct vpcpeer_peering *peering,
					   struct vpcpeer_vpc *local,
					   struct vpcpeer_vpc *remote, u32 mtu,
					   struct netlink_ext_ack *extack);
u64 vpcpeer_endpoint_drops(const struct net_device *dev, unsigned int reason);
int vpcpeer_endpoint_veto_upper(struct net_device *dev, struct net_device *upper,
				bool linking, struct netlink_ext_ack *extack);

void vpcpeer_endpoint_released(struct net_device *dev,
			       const struct net_device *upper);
int vpcpeer_endpoint_setup_priv(struct net_device *dev,
				struct vpcpeer_peering *peering,
				struct vpcpeer_vpc *local,
				struct vpcpeer_vpc *remote);

int vpcpeer_endpoint_init(void);
void vpcpeer_endpoint_uninit(void);

#endif /* _VPCPEER_ENDPOINT_H */
