// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state, and what ties its lifetime to the devices it uses:
 * a VRF going away detaches its VPC, endpoints refuse a new master, and a
 * dying namespace (or module) takes everything down in order.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "endpoint.h"
#include "netlink.h"
#include "netns.h"
#include "peering.h"
#include "vpc.h"

static unsigned int vpcpeer_net_id __read_mostly;

struct vpcpeer_net *vpcpeer_net(const struct net *net)
{
	return net_generic(net, vpcpeer_net_id);
}

void vpcpeer_net_lock(struct vpcpeer_net *vn)
{
	rtnl_lock();
	mutex_lock(&vn->lock);
}

void vpcpeer_net_unlock(struct vpcpeer_net *vn)
{
	mutex_unlock(&vn->lock);
	rtnl_unlock();
}

static int __net_init vpcpeer_net_init(struct net *net)
{
	struct vpcpeer_net *vn = vpcpeer_net(net);

	mutex_init(&vn->lock);
	INIT_LIST_HEAD(&vn->vpcs);
	INIT_LIST_HEAD(&vn->peerings);
	hash_init(vn->vpc_names);
	hash_init(vn->peering_names);
	vn->net = net;
	return 0;
}

/* Tear down one dying namespace's VPCs; RTNL held, devices queued on @kill. */
static void vpcpeer_net_destroy(struct net *net, struct list_head *kill)
{
	struct vpcpeer_net *vn = vpcpeer_net(net);
	struct vpcpeer_vpc *vpc, *tmp;

	ASSERT_RTNL();
	mutex_lock(&vn->lock);
	list_for_each_entry_safe(vpc, tmp, &vn->vpcs, list)
		vpcpeer_vpc_destroy(vpc, kill);
	mutex_unlock(&vn->lock);
}

/*
 * Runs before the core unregisters the namespaces' devices: one RTNL hold
 * and one unregister_netdevice_many() for every namespace dying together.
 */
#ifdef VPCPEER_HAVE_EXIT_BATCH_RTNL
static void __net_exit vpcpeer_net_exit_batch_rtnl(struct list_head *net_exit_list,
						   struct list_head *kill)
{
	struct net *net;

	list_for_each_entry(net, net_exit_list, exit_list)
		vpcpeer_net_destroy(net, kill);
}
#else
static void __net_exit vpcpeer_net_exit_batch(struct list_head *net_exit_list)
{
	struct net *net;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_exit_list, exit_list)
		vpcpeer_net_destroy(net, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
}
#endif

static struct pernet_operations vpcpeer_net_ops = {
	.init = vpcpeer_net_init,
#ifdef VPCPEER_HAVE_EXIT_BATCH_RTNL
	.exit_batch_rtnl = vpcpeer_net_exit_batch_rtnl,
#else
	.exit_batch = vpcpeer_net_exit_batch,
#endif
	.id = &vpcpeer_net_id,
	.size = sizeof(struct vpcpeer_net),
};

/* A VRF backing a VPC is going away: detach the VPC, delete its peerings. */
static void vpcpeer_vrf_unregister(struct net_device *vrf)
{
	struct vpcpeer_net *vn = vpcpeer_net(dev_net(vrf));
	struct vpcpeer_vpc *vpc;
	LIST_HEAD(kill);

	/* RTNL is held: enough to look; changing needs the lock too. */
	if (!vpcpeer_vpc_find_by_vrf(vn, vrf))
		return;
	mutex_lock(&vn->lock);
	vpc = vpcpeer_vpc_find_by_vrf(vn, vrf);
	if (vpc)
		vpcpeer_vpc_destroy(vpc, &kill);
	unregister_netdevice_many(&kill);
	mutex_unlock(&vn->lock);
}

static int vpcpeer_netdev_event(struct notifier_block *nb, unsigned long event,
				void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changeupper_info *upper = ptr;

	switch (event) {
	case NETDEV_UNREGISTER:
		if (netif_is_l3_master(dev))
			vpcpeer_vrf_unregister(dev);
		break;
	case NETDEV_PRECHANGEUPPER:
		if (vpcpeer_is_endpoint(dev))
			return notifier_from_errno(vpcpeer_endpoint_veto_upper(dev,
					upper->upper_dev, upper->linking,
					upper->info.extack));
		break;
	case NETDEV_CHANGEUPPER:
		if (vpcpeer_is_endpoint(dev) && !upper->linking)
			vpcpeer_endpoint_released(dev, upper->upper_dev);
		fallthrough;
	case NETDEV_UP:
	case NETDEV_DOWN:
		if (vpcpeer_is_endpoint(dev)) {
			struct vpcpeer_endpoint *ep = netdev_priv(dev);

			/* Both endpoints exist once the peering is connected. */
			if (ep->peering && rtnl_dereference(ep->peer))
				vpcpeer_peering_update(ep->peering);
		}
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vpcpeer_netdev_notifier = {
	.notifier_call = vpcpeer_netdev_event,
};

int __init vpcpeer_netns_init(void)
{
	int err;

	err = register_pernet_device(&vpcpeer_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&vpcpeer_netdev_notifier);
	if (err)
		unregister_pernet_device(&vpcpeer_net_ops);
	return err;
}

/*
 * Runs once the endpoints are gone (vpcpeer_endpoint_uninit() first). The
 * notifier reads per-namespace state: it goes first.
 */
void vpcpeer_netns_uninit(void)
{
	unregister_netdevice_notifier(&vpcpeer_netdev_notifier);
	unregister_pernet_device(&vpcpeer_net_ops);
}
