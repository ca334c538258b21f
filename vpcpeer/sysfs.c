// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/class/net/ENDPOINT/vpcpeer/: what an endpoint belongs to, its
 * peering's state, and one file per drop reason.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sysfs.h>

#include "endpoint.h"
#include "peering.h"
#include "sysfs.h"

static const struct vpcpeer_endpoint *to_endpoint(struct device *d)
{
	return netdev_priv(to_net_dev(d));
}

static ssize_t peering_show(struct device *d, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_endpoint(d)->peering_name);
}
static DEVICE_ATTR_RO(peering);

static ssize_t local_vpc_show(struct device *d, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%s\n", to_endpoint(d)->local_name);
}
static DEVICE_ATTR_RO(local_vpc);

static ssize_t peer_vpc_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", to_endpoint(d)->remote_name);
}
static DEVICE_ATTR_RO(peer_vpc);

/* The peering's state needs RTNL; try, as the core's own files do. */
static ssize_t state_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	const struct vpcpeer_endpoint *ep = to_endpoint(d);
	bool up;

	if (!rtnl_trylock())
		return restart_syscall();
	up = ep->peering && vpcpeer_peering_is_up(ep->peering);
	rtnl_unlock();
	return sysfs_emit(buf, "%s\n", up ? "up" : "down");
}
static DEVICE_ATTR_RO(state);

#define VPCPEER_DROP_ATTR(_name, _reason)				\
static ssize_t _name##_show(struct device *d,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%llu\n",				\
			  vpcpeer_endpoint_drops(to_net_dev(d), _reason)); \
}									\
static DEVICE_ATTR_RO(_name)

VPCPEER_DROP_ATTR(not_ip, VPCPEER_DROP_A_NOT_IP);
VPCPEER_DROP_ATTR(peering_down, VPCPEER_DROP_A_PEERING_DOWN);
VPCPEER_DROP_ATTR(src_not_local, VPCPEER_DROP_A_SRC_NOT_LOCAL);
VPCPEER_DROP_ATTR(dst_not_peer, VPCPEER_DROP_A_DST_NOT_PEER);
VPCPEER_DROP_ATTR(source_route, VPCPEER_DROP_A_SOURCE_ROUTE);
VPCPEER_DROP_ATTR(too_big, VPCPEER_DROP_A_TOO_BIG);

static struct attribute *vpcpeer_attrs[] = {
	&dev_attr_peering.attr,
	&dev_attr_local_vpc.attr,
	&dev_attr_peer_vpc.attr,
	&dev_attr_state.attr,
	&dev_attr_not_ip.attr,
	&dev_attr_peering_down.attr,
	&dev_attr_src_not_local.attr,
	&dev_attr_dst_not_peer.attr,
	&dev_attr_source_route.attr,
	&dev_attr_too_big.attr,
	NULL
};

static const struct attribute_group vpcpeer_attr_group = {
	.name = "vpcpeer",
	.attrs = vpcpeer_attrs,
};

/**
 * vpcpeer_sysfs_setup() - add the vpcpeer/ directory to an endpoint
 * @dev: the endpoint, before registration
 */
void vpcpeer_sysfs_setup(struct net_device *dev)
{
	dev->sysfs_groups[0] = &vpcpeer_attr_group;
}
