// SPDX-License-Identifier: GPL-2.0
/*
 * Peering endpoints: the rtnl link kind "vpcpeer". Each peering has two,
 * NAME-a enslaved to one VPC's VRF and NAME-b to the other's. What a VRF
 * routes into one endpoint passes the forwarding hook and, if allowed, is
 * received on the other, entering the far VRF like any routed packet.
 */
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/addrconf.h>
#include <net/rtnetlink.h>
#include <kunit/visibility.h>

#include "compat.h"
#include "endpoint.h"
#include "verdict.h"
#include "netns.h"
#include "peering.h"
#include "sysfs.h"
#include "version.h"
#include "vpc.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

#ifndef VPCPEER_HAVE_PCPU_STAT_TYPE
/* The core's per-CPU device statistics: Linux 6.6, or Debian's 6.1.y. */
#error "vpcpeer needs net_device.pcpu_stat_type"
#endif

/* What the endpoints offload, as veth: GSO packets cross unsegmented. */
#define VPCPEER_FEATURES (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HW_CSUM | \
			  NETIF_F_RXCSUM | NETIF_F_HIGHDMA | \
			  NETIF_F_GSO_SOFTWARE | NETIF_F_GSO_ENCAP_ALL)

static struct rtnl_link_ops vpcpeer_link_ops;
static struct workqueue_struct *vpcpeer_wq;

bool vpcpeer_is_endpoint(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &vpcpeer_link_ops;
}

static void vpcpeer_count_drop(struct vpcpeer_endpoint *ep, int reason)
{
	struct vpcpeer_drop_stats *stats = this_cpu_ptr(ep->drops);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->count[reason]);
	u64_stats_update_end(&stats->syncp);
}

/**
 * vpcpeer_endpoint_drops() - sum an endpoint's drop counter over all CPUs
 * @dev: the endpoint
 * @reason: VPCPEER_DROP_*
 *
 * Return: the number of packets dropped for @reason.
 */
u64 vpcpeer_endpoint_drops(const struct net_device *dev, unsigned int reason)
{
	const struct vpcpeer_endpoint *ep = netdev_priv(dev);
	unsigned int start;
	u64 total = 0, v;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct vpcpeer_drop_stats *stats = per_cpu_ptr(ep->drops, cpu);

		do {
			start = u64_stats_fetch_begin(&stats->syncp);
			v = u64_stats_read(&stats->count[reason]);
		} while (u64_stats_fetch_retry(&stats->syncp, start));
		total += v;
	}
	return total;
}

/*
 * Does the packet fit the far endpoint's MTU, which may have been set
 * below this one's? A GSO packet is judged by its segments. (Not the
 * core's is_skb_forwardable(): that also fails a peer that is going down,
 * which the verdict counts as peering_down.)
 */
static bool vpcpeer_fits_peer(const struct sk_buff *skb,
			      const struct net_device *peer)
{
	unsigned int mtu = READ_ONCE(peer->mtu);

	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu);
	return skb->len <= mtu;
}

static netdev_tx_t vpcpeer_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct vpcpeer_endpoint *ep = netdev_priv(dev);
	unsigned int len = skb->len;
	struct net_device *peer;
	int reason;

	reason = vpcpeer_verdict(ep, skb, &peer);
	if (likely(reason == VPCPEER_PASS) && unlikely(!vpcpeer_fits_peer(skb, peer)))
		reason = VPCPEER_DROP_TOO_BIG;
	if (unlikely(reason != VPCPEER_PASS)) {
		enum skb_drop_reason why = SKB_DROP_REASON_NOMEM;

		/* No memory to judge it is no verdict: tx_dropped alone. */
		if (reason > 0) {
			trace_vpcpeer_drop(dev, ep->peering_name, skb, reason);
			vpcpeer_count_drop(ep, reason);
			why = vpcpeer_drop_reasons[reason].core;
		}
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb_reason(skb, why);
		return NETDEV_TX_OK;
	}

	/* Cross as between namespaces: nothing of VRF A's state goes along. */
	skb_scrub_packet(skb, true);
	skb->priority = 0;
	skb->dev = peer;
	skb->pkt_type = PACKET_HOST;
	/* A full backlog is counted by the core, as the peer's rx_dropped. */
	if (likely(__netif_rx(skb) == NET_RX_SUCCESS)) {
		dev_sw_netstats_tx_add(dev, 1, len);
		dev_sw_netstats_rx_add(peer, len);
	}
	return NETDEV_TX_OK;
}

static int vpcpeer_open(struct net_device *dev)
{
	return 0;
}

static int vpcpeer_stop(struct net_device *dev)
{
	return 0;
}

/*
 * "ethtool -S": the drop counters by reason, for collectors that scrape
 * driver statistics (node_exporter's ethtool collector).
 */
static int vpcpeer_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? VPCPEER_NR_VERDICTS - VPCPEER_DROP_NOT_IP :
	       -EOPNOTSUPP;
}

static void vpcpeer_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	unsigned int v;

	if (sset != ETH_SS_STATS)
		return;
	for (v = VPCPEER_DROP_NOT_IP; v < VPCPEER_NR_VERDICTS; v++)
		ethtool_sprintf(&buf, "drop_%s", vpcpeer_drop_reasons[v].name);
}

static void vpcpeer_get_ethtool_stats(struct net_device *dev,
				      struct ethtool_stats *stats, u64 *data)
{
	unsigned int v;

	for (v = VPCPEER_DROP_NOT_IP; v < VPCPEER_NR_VERDICTS; v++)
		*data++ = vpcpeer_endpoint_drops(dev, v);
}

static void vpcpeer_get_drvinfo(struct net_device *dev,
				struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, VPCPEER_VERSION, sizeof(info->version));
}

static const struct ethtool_ops vpcpeer_ethtool_ops = {
	.get_drvinfo = vpcpeer_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = vpcpeer_get_sset_count,
	.get_strings = vpcpeer_get_strings,
	.get_ethtool_stats = vpcpeer_get_ethtool_stats,
};

static const struct net_device_ops vpcpeer_netdev_ops = {
	.ndo_open = vpcpeer_open,
	.ndo_stop = vpcpeer_stop,
	.ndo_start_xmit = vpcpeer_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void vpcpeer_destruct(struct net_device *dev)
{
	struct vpcpeer_endpoint *ep = netdev_priv(dev);

	free_percpu(ep->drops);
}

/*
 * Pure L3, like a tunnel: no link-layer header, no ARP, no multicast (so no
 * IPv6 link-local chatter that the hook would have to count as drops), and
 * where the kernel allows it no IPv6 address configuration at all.
 */
static void vpcpeer_setup(struct net_device *dev)
{
	dev->netdev_ops = &vpcpeer_netdev_ops;
	dev->ethtool_ops = &vpcpeer_ethtool_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE | VPCPEER_IFF_NO_ADDRCONF;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	dev->features |= VPCPEER_FEATURES;
	dev->hw_features |= VPCPEER_FEATURES;
	dev->hw_enc_features |= VPCPEER_FEATURES;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	vpcpeer_compat_set_lltx_netns_local(dev);
	vpcpeer_sysfs_setup(dev);
}

/*
 * Nothing on an endpoint needs an IPv6 link-local address (routes point at
 * the device, neighbours need no discovery), and one would only bring
 * router solicitations that the hook must drop.
 */
static void vpcpeer_no_ipv6_link_local(struct net_device *dev)
{
	struct inet6_dev *idev = __in6_dev_get(dev);

	if (idev)
		WRITE_ONCE(idev->cnf.addr_gen_mode, IN6_ADDR_GEN_MODE_NONE);
}

/*
 * What crosses into an endpoint passed the verdict: its source lies in
 * the other VPC's CIDRs, which never overlap this side's. Under VRFs the
 * input route lookup then checks that source again, with a reverse FIB
 * lookup (fib_validate_source() takes the long way whenever custom rules
 * exist, and VRF's l3mdev rule is one), which is the dearest step of the
 * far side's pass. accept_local lets it skip that check while rp_filter
 * is off; with rp_filter on, the kernel still makes it. An administrator
 * may set it back: "sysctl net.ipv4.conf.NAME.accept_local=0".
 */
static void vpcpeer_accept_local(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get_rtnl(dev);

	if (in_dev)
		IN_DEV_CONF_SET(in_dev, ACCEPT_LOCAL, 1);
}

/*
 * Endpoints exist only as halves of a peering, so a bare
 * "ip link add ... type vpcpeer" is refused with a pointer to the tool.
 */
static int vpcpeer_validate(struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_MOD(extack,
			   "vpcpeer endpoints are created by peerings: use \"vpcpeerctl peering add\"");
	return -EOPNOTSUPP;
}

/* "ip link del NAME-a" deletes the whole peering, both endpoints. */
static void vpcpeer_dellink(struct net_device *dev, struct list_head *head)
{
	struct vpcpeer_endpoint *ep = netdev_priv(dev);
	struct vpcpeer_net *vn = vpcpeer_net(dev_net(dev));

	mutex_lock(&vn->lock);
	if (ep->peering)
		vpcpeer_peering_destroy(ep->peering, head);
	mutex_unlock(&vn->lock);
}

static size_t vpcpeer_get_size(const struct net_device *dev)
{
	return nla_total_size(VPCPEER_PEERING_NAME_MAX + 1) +
	       2 * nla_total_size(VPCPEER_VPC_NAME_MAX + 1) +
	       nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u8));
}

static int vpcpeer_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct vpcpeer_endpoint *ep = netdev_priv(dev);
	const struct net_device *peer;

	peer = rtnl_dereference(ep->peer);
	if (nla_put_string(skb, IFLA_VPCPEER_PEERING, ep->peering_name) ||
	    nla_put_string(skb, IFLA_VPCPEER_LOCAL_VPC, ep->local_name) ||
	    nla_put_string(skb, IFLA_VPCPEER_PEER_VPC, ep->remote_name) ||
	    nla_put_u32(skb, IFLA_VPCPEER_PEER_IFINDEX, peer ? peer->ifindex : 0) ||
	    nla_put_u8(skb, IFLA_VPCPEER_STATE,
		       ep->peering && vpcpeer_peering_is_up(ep->peering) ?
		       VPCPEER_STATE_UP : VPCPEER_STATE_DOWN))
		return -EMSGSIZE;
	return 0;
}

static struct rtnl_link_ops vpcpeer_link_ops __read_mostly = {
	.kind = "vpcpeer",
	.priv_size = sizeof(struct vpcpeer_endpoint),
	.setup = vpcpeer_setup,
	.validate = vpcpeer_validate,
	.dellink = vpcpeer_dellink,
	.get_size = vpcpeer_get_size,
	.fill_info = vpcpeer_fill_info,
};

/**
 * vpcpeer_endpoint_veto_upper() - keep endpoints in the VRF they were put in
 * @dev: an endpoint whose upper device is about to change
 * @upper: the new or old upper device
 * @linking: @upper becomes the master, rather than being left
 * @extack: for the refusal
 *
 * The VRF driver cannot be stopped from releasing a port ("nomaster"), so
 * the hook treats an endpoint outside its VRF as down; joining any other
 * master is refused, and going back to its own VRF brings it up again.
 *
 * Return: 0 to allow, -EOPNOTSUPP to refuse.
 */
int vpcpeer_endpoint_veto_upper(struct net_device *dev, struct net_device *upper,
				bool linking, struct netlink_ext_ack *extack)
{
	struct vpcpeer_endpoint *ep = netdev_priv(dev);
	const struct vpcpeer_vpc *local;

	if (ep->enslaving || !linking || dev->reg_state != NETREG_REGISTERED)
		return 0;
	local = rtnl_dereference(ep->local);
	if (local && upper == local->vrf)
		return 0;
	NL_SET_ERR_MSG_MOD(extack,
			   "a vpcpeer endpoint stays in its VPC's VRF: delete the peering instead");
	return -EOPNOTSUPP;
}

/*
 * Join the endpoint to its VPC's VRF again, if it is still out of it.
 * vpcpeer_endpoint_released() may queue this again while it runs; the
 * reference then stays for that next run.
 */
static void vpcpeer_rejoin(struct work_struct *work)
{
	struct vpcpeer_endpoint *ep = container_of(work, struct vpcpeer_endpoint,
						   rejoin);
	struct net_device *dev = ep->self;
	const struct vpcpeer_vpc *local;

	rtnl_lock();
	local = rtnl_dereference(ep->local);
	if (ep->peering && local && dev->reg_state == NETREG_REGISTERED &&
	    !netdev_master_upper_dev_get(dev)) {
		ep->enslaving = true;
		if (local->vrf->netdev_ops->ndo_add_slave(local->vrf, dev, NULL))
			net_warn_ratelimited("%s: cannot rejoin %s\n", dev->name,
					     local->vrf->name);
		ep->enslaving = false;
	}
	if (!work_pending(work)) {
		ep->rejoin_armed = false;
		netdev_put(dev, &ep->rejoin_tracker);
	}
	rtnl_unlock();
}

/**
 * vpcpeer_endpoint_released() - an endpoint left an upper device
 * @dev: the endpoint, under RTNL
 * @upper: the device it left
 *
 * The VRF driver lets a user release a port ("nomaster", or the first half
 * of "master OTHER", whose second half vpcpeer_endpoint_veto_upper()
 * refuses). Put the endpoint back as soon as RTNL is free again, so a
 * refused move leaves it where it was.
 */
void vpcpeer_endpoint_released(struct net_device *dev,
			       const struct net_device *upper)
{
	struct vpcpeer_endpoint *ep = netdev_priv(dev);
	const struct vpcpeer_vpc *local = rtnl_dereference(ep->local);

	if (ep->enslaving || !ep->peering || !local || upper != local->vrf ||
	    dev->reg_state != NETREG_REGISTERED)
		return;
	/*
	 * One reference while a rejoin is queued or running, however often
	 * the user releases the endpoint meanwhile: both sides decide under
	 * RTNL, which is held here.
	 */
	if (!ep->rejoin_armed) {
		netdev_hold(dev, &ep->rejoin_tracker, GFP_KERNEL);
		ep->rejoin_armed = true;
	}
	queue_work(vpcpeer_wq, &ep->rejoin);
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_endpoint_released);

/**
 * vpcpeer_endpoint_setup_priv() - fill an endpoint's private part
 * @dev: the endpoint, not registered yet
 * @peering: the peering it belongs to
 * @local: the VPC on this side
 * @remote: the VPC across
 *
 * Return: 0 or -ENOMEM.
 */
int vpcpeer_endpoint_setup_priv(struct net_device *dev,
				struct vpcpeer_peering *peering,
				struct vpcpeer_vpc *local,
				struct vpcpeer_vpc *remote)
{
	struct vpcpeer_endpoint *ep = netdev_priv(dev);

	ep->self = dev;
	INIT_WORK(&ep->rejoin, vpcpeer_rejoin);
	ep->drops = alloc_percpu_gfp(struct vpcpeer_drop_stats, GFP_KERNEL_ACCOUNT);
	if (!ep->drops)
		return -ENOMEM;
	ep->peering = peering;
	RCU_INIT_POINTER(ep->local, local);
	RCU_INIT_POINTER(ep->remote, remote);
	strscpy(ep->peering_name, peering->name, sizeof(ep->peering_name));
	strscpy(ep->local_name, local->name, sizeof(ep->local_name));
	strscpy(ep->remote_name, remote->name, sizeof(ep->remote_name));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_endpoint_setup_priv);

/**
 * vpcpeer_endpoint_create() - register one endpoint, enslaved and up
 * @net: namespace of the peering
 * @name: device name (NAME-a or NAME-b)
 * @peering: the peering it belongs to
 * @local: the VPC on this side; the endpoint joins its VRF
 * @remote: the VPC across
 * @mtu: initial MTU
 * @extack: for refusals
 *
 * The caller links the two endpoints (peer pointers) once both exist.
 *
 * Return: the device, or an ERR_PTR.
 */
struct net_device *vpcpeer_endpoint_create(struct net *net, const char *name,
					   struct vpcpeer_peering *peering,
					   struct vpcpeer_vpc *local,
					   struct vpcpeer_vpc *remote, u32 mtu,
					   struct netlink_ext_ack *extack)
{
	struct vpcpeer_endpoint *ep;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	if (__dev_get_by_name(net, name)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "a device named %s already exists", name);
		return ERR_PTR(-EEXIST);
	}
	dev = alloc_netdev(sizeof(*ep), name, NET_NAME_USER, vpcpeer_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev_net_set(dev, net);
	dev->rtnl_link_ops = &vpcpeer_link_ops;
	dev->mtu = mtu;

	ep = netdev_priv(dev);
	if (vpcpeer_endpoint_setup_priv(dev, peering, local, remote)) {
		free_netdev(dev);
		return ERR_PTR(-ENOMEM);
	}

	err = register_netdevice(dev);
	if (err) {
		free_percpu(ep->drops);
		free_netdev(dev);
		return ERR_PTR(err);
	}
	/* From here on unregistering frees it all. */
	dev->priv_destructor = vpcpeer_destruct;
	dev->needs_free_netdev = true;

	vpcpeer_no_ipv6_link_local(dev);
	vpcpeer_accept_local(dev);
	ep->enslaving = true;
	err = local->vrf->netdev_ops->ndo_add_slave(local->vrf, dev, extack);
	ep->enslaving = false;
	if (!err)
		err = dev_open(dev, extack);
	if (err) {
		unregister_netdevice(dev);
		return ERR_PTR(err);
	}
	return dev;
}

int __init vpcpeer_endpoint_init(void)
{
	int err;

	vpcpeer_sysfs_init();
	vpcpeer_wq = alloc_workqueue("vpcpeer", 0, 0);
	if (!vpcpeer_wq)
		return -ENOMEM;
	err = rtnl_link_register(&vpcpeer_link_ops);
	if (err)
		destroy_workqueue(vpcpeer_wq);
	return err;
}

void vpcpeer_endpoint_uninit(void)
{
	rtnl_link_unregister(&vpcpeer_link_ops);
	/* Runs what is still queued; each holds its endpoint. */
	destroy_workqueue(vpcpeer_wq);
}
