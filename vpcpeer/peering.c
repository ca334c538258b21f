// SPDX-License-Identifier: GPL-2.0
/*
 * Peerings: the object joining two VPCs, and the lifecycle of its pair of
 * endpoints. A peering and its endpoints live and die together.
 */
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/stringhash.h>
#include <net/netlink.h>

#include "compat.h"
#include "endpoint.h"
#include "netlink.h"
#include "netns.h"
#include "peering.h"
#include "vpc.h"

static unsigned int max_peerings = 65536;
module_param(max_peerings, uint, 0644);
MODULE_PARM_DESC(max_peerings, "Most peerings in one network namespace");

static u32 peering_name_hash(const char *name)
{
	return full_name_hash(NULL, name, strlen(name));
}

/**
 * vpcpeer_peering_find() - look a peering up by name
 * @vn: namespace, RTNL or its lock held
 * @name: peering name
 *
 * Return: the peering or NULL.
 */
struct vpcpeer_peering *vpcpeer_peering_find(struct vpcpeer_net *vn,
					     const char *name)
{
	struct vpcpeer_peering *peering;

	hash_for_each_possible(vn->peering_names, peering, name_node,
			       peering_name_hash(name))
		if (!strcmp(peering->name, name))
			return peering;
	return NULL;
}

/* The peering joining @a and @b, in either order, if any. */
static struct vpcpeer_peering *peering_between(struct vpcpeer_vpc *a,
					       struct vpcpeer_vpc *b)
{
	struct vpcpeer_peering *peering;
	int side;

	for (side = 0; side < 2; side++)
		list_for_each_entry(peering, &a->peerings[side], vpc_node[side])
			if (peering->vpc[!side] == b)
				return peering;
	return NULL;
}

/**
 * vpcpeer_peering_is_up() - would a packet cross it now?
 * @peering: the peering, under RTNL
 *
 * Return: administratively up, and both endpoints up in their VPCs' VRFs.
 */
bool vpcpeer_peering_is_up(const struct vpcpeer_peering *peering)
{
	int side;

	if (!peering->admin_up)
		return false;
	for (side = 0; side < 2; side++) {
		const struct net_device *dev = peering->ep[side];

		/* NULL while the peering is still being created. */
		if (!dev || !netif_running(dev) ||
		    netdev_master_upper_dev_get((struct net_device *)dev) !=
		    peering->vpc[side]->vrf)
			return false;
	}
	return true;
}

/* Tell the hook whether the peering is up; true if that changed. */
static bool peering_refresh(struct vpcpeer_peering *peering)
{
	bool up = vpcpeer_peering_is_up(peering);
	bool changed = false;
	int side;

	ASSERT_RTNL();
	for (side = 0; side < 2; side++) {
		struct vpcpeer_endpoint *ep = netdev_priv(peering->ep[side]);

		changed |= ep->up != up;
		WRITE_ONCE(ep->up, up);
	}
	return changed;
}

/**
 * vpcpeer_peering_update() - tell the hook whether the peering is up
 * @peering: the peering, under RTNL, after anything its state depends on
 *           changed (an endpoint up or down or leaving its VRF)
 *
 * Announces the change of state, if any.
 */
void vpcpeer_peering_update(struct vpcpeer_peering *peering)
{
	if (peering_refresh(peering))
		vpcpeer_notify_peering(peering, VPCPEER_CMD_PEERING_STATE_NTF);
}

/* Both endpoints point at each other: from now on packets may cross. */
static void peering_connect(struct vpcpeer_peering *peering)
{
	struct vpcpeer_endpoint *a = netdev_priv(peering->ep[0]);
	struct vpcpeer_endpoint *b = netdev_priv(peering->ep[1]);

	rcu_assign_pointer(a->peer, peering->ep[1]);
	rcu_assign_pointer(b->peer, peering->ep[0]);
	WRITE_ONCE(a->up, vpcpeer_peering_is_up(peering));
	WRITE_ONCE(b->up, a->up);
}

/**
 * vpcpeer_peering_create() - peer two VPCs
 * @vn: namespace, locked
 * @name: unique peering name, checked for length by the caller
 * @a: VPC of side a
 * @b: VPC of side b, not @a
 * @mtu: MTU of both endpoints
 * @flags: VPCPEER_F_*
 * @admin_up: whether packets may cross once both endpoints are up
 * @extack: for refusals
 *
 * Return: the peering, or an ERR_PTR; nothing is left behind on failure.
 */
struct vpcpeer_peering *vpcpeer_peering_create(struct vpcpeer_net *vn,
					       const char *name,
					       struct vpcpeer_vpc *a,
					       struct vpcpeer_vpc *b, u32 mtu,
					       u32 flags, bool admin_up,
					       struct netlink_ext_ack *extack)
{
	unsigned int max = READ_ONCE(max_peerings);
	char ifname[IFNAMSIZ];
	struct vpcpeer_peering *peering, *other;
	int err, side;

	vpcpeer_net_assert_locked(vn);
	if (a == b) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "cannot peer a VPC with itself (%s)",
				       a->name);
		return ERR_PTR(-EINVAL);
	}
	if (vn->nr_peerings >= max) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "this namespace already has %u peerings (max_peerings)",
				       max);
		return ERR_PTR(-ENOSPC);
	}
	if (vpcpeer_peering_find(vn, name)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "peering %s already exists", name);
		return ERR_PTR(-EEXIST);
	}
	other = peering_between(a, b);
	if (other) {
		if (vpcpeer_msg_fits("VPCs %s and %s are already peered by %s",
				     a->name, b->name, other->name))
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "VPCs %s and %s are already peered by %s",
					       a->name, b->name, other->name);
		else
			NL_SET_ERR_MSG_FMT_MOD(extack, "the VPCs are already peered by %s",
					       other->name);
		return ERR_PTR(-EEXIST);
	}
	err = vpcpeer_vpc_check_disjoint(a, b, extack);
	if (err)
		return ERR_PTR(err);

	peering = kzalloc(sizeof(*peering), GFP_KERNEL_ACCOUNT);
	if (!peering)
		return ERR_PTR(-ENOMEM);
	strscpy(peering->name, name, sizeof(peering->name));
	peering->vpc[0] = a;
	peering->vpc[1] = b;
	peering->flags = flags;
	peering->admin_up = admin_up;

	for (side = 0; side < 2; side++) {
		snprintf(ifname, sizeof(ifname), "%s-%c", name, 'a' + side);
		peering->ep[side] = vpcpeer_endpoint_create(vn->net, ifname, peering,
							    peering->vpc[side],
							    peering->vpc[!side],
							    mtu, extack);
		if (IS_ERR(peering->ep[side])) {
			err = PTR_ERR(peering->ep[side]);
			goto err_endpoints;
		}
	}
	peering_connect(peering);

	list_add_tail(&peering->list, &vn->peerings);
	hash_add(vn->peering_names, &peering->name_node,
		 peering_name_hash(peering->name));
	for (side = 0; side < 2; side++) {
		list_add_tail(&peering->vpc_node[side],
			      &peering->vpc[side]->peerings[side]);
		peering->vpc[side]->nr_peerings++;
	}
	vn->nr_peerings++;
	vn->generation++;
	vpcpeer_notify_peering(peering, VPCPEER_CMD_PEERING_NEW_NTF);
	return peering;

err_endpoints:
	/* Not connected yet: the first endpoint never let a packet cross. */
	if (side == 1) {
		struct vpcpeer_endpoint *ep = netdev_priv(peering->ep[0]);

		ep->peering = NULL;
		unregister_netdevice(peering->ep[0]);
	}
	kfree(peering);
	return ERR_PTR(err);
}

/**
 * vpcpeer_peering_destroy() - delete a peering and its endpoints
 * @peering: the peering; freed here
 * @kill: where the endpoints are queued for unregister_netdevice_many()
 *
 * Packets stop crossing at once; the endpoints go when the caller flushes
 * @kill, after which no reader can see either of them.
 */
void vpcpeer_peering_destroy(struct vpcpeer_peering *peering,
			     struct list_head *kill)
{
	struct vpcpeer_net *vn = peering->vpc[0]->vn;
	int side;

	vpcpeer_net_assert_locked(vn);
	vpcpeer_notify_peering(peering, VPCPEER_CMD_PEERING_DEL_NTF);
	for (side = 0; side < 2; side++) {
		struct net_device *dev = peering->ep[side];
		struct vpcpeer_endpoint *ep = netdev_priv(dev);

		RCU_INIT_POINTER(ep->peer, NULL);
		RCU_INIT_POINTER(ep->local, NULL);
		RCU_INIT_POINTER(ep->remote, NULL);
		ep->peering = NULL;
		/* dellink may have queued this one already. */
		if (dev->reg_state == NETREG_REGISTERED &&
		    list_empty(&dev->unreg_list))
			unregister_netdevice_queue(dev, kill);
		list_del(&peering->vpc_node[side]);
		peering->vpc[side]->nr_peerings--;
	}
	list_del(&peering->list);
	hash_del(&peering->name_node);
	vn->nr_peerings--;
	vn->generation++;
	kfree(peering);
}

/*
 * Both endpoints' MTU, or neither's. The policy keeps @mtu within theirs;
 * only a notifier can refuse it.
 */
static int peering_set_mtu(struct vpcpeer_peering *peering, u32 mtu,
			   struct netlink_ext_ack *extack)
{
	unsigned int old = peering->ep[0]->mtu;
	int err;

	err = dev_set_mtu(peering->ep[0], mtu);
	if (!err) {
		err = dev_set_mtu(peering->ep[1], mtu);
		if (err)
			dev_set_mtu(peering->ep[0], old);
	}
	if (err)
		NL_SET_ERR_MSG_FMT_MOD(extack, "cannot set the endpoints' MTU to %u", mtu);
	return err;
}

/**
 * vpcpeer_peering_set() - change a peering's MTU, flags or admin state
 * @peering: the peering
 * @mtu: new MTU of both endpoints, or NULL to keep it
 * @flags: new VPCPEER_F_* flags, or NULL
 * @admin_up: new administrative state, or NULL. Down keeps the endpoints
 *            and the routes through them; the hook drops what arrives,
 *            counted as peering_down.
 * @extack: for refusals
 *
 * All or nothing; one state event announces whatever changed.
 *
 * Return: 0, or the error setting the MTU.
 */
int vpcpeer_peering_set(struct vpcpeer_peering *peering, const u32 *mtu,
			const u32 *flags, const bool *admin_up,
			struct netlink_ext_ack *extack)
{
	struct vpcpeer_net *vn = peering->vpc[0]->vn;
	bool changed = false;
	int err;

	vpcpeer_net_assert_locked(vn);
	if (mtu && (peering->ep[0]->mtu != *mtu || peering->ep[1]->mtu != *mtu)) {
		err = peering_set_mtu(peering, *mtu, extack);
		if (err)
			return err;
		changed = true;
	}
	if (flags && peering->flags != *flags) {
		peering->flags = *flags;
		changed = true;
	}
	if (admin_up && peering->admin_up != *admin_up) {
		peering->admin_up = *admin_up;
		changed = true;
	}
	changed |= peering_refresh(peering);
	if (changed) {
		vn->generation++;
		vpcpeer_notify_peering(peering, VPCPEER_CMD_PEERING_STATE_NTF);
	}
	return 0;
}
