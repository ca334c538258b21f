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

/* One file per drop reason, named from vpcpeer_drop_reasons at load. */
struct drop_attribute {
	struct device_attribute attr;
	enum vpcpeer_verdict reason;
};

static ssize_t drop_show(struct device *d, struct device_attribute *attr,
			 char *buf)
{
	const struct drop_attribute *da = container_of(attr, struct drop_attribute, attr);

	return sysfs_emit(buf, "%llu\n", vpcpeer_endpoint_drops(to_net_dev(d), da->reason));
}

static struct drop_attribute drop_attrs[VPCPEER_NR_VERDICTS - VPCPEER_DROP_NOT_IP] __ro_after_init;

#define FIXED_ATTRS 4
static struct attribute *vpcpeer_attrs[FIXED_ATTRS + ARRAY_SIZE(drop_attrs) + 1] __ro_after_init = {
	&dev_attr_peering.attr,
	&dev_attr_local_vpc.attr,
	&dev_attr_peer_vpc.attr,
	&dev_attr_state.attr,
	/* the drop reasons' files, then NULL */
};

/**
 * vpcpeer_sysfs_init() - name the drop counters' files after their reasons
 */
void __init vpcpeer_sysfs_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(drop_attrs); i++) {
		struct drop_attribute *da = &drop_attrs[i];

		sysfs_attr_init(&da->attr.attr);
		da->reason = VPCPEER_DROP_NOT_IP + i;
		da->attr.attr.name = vpcpeer_drop_reasons[da->reason].name;
		da->attr.attr.mode = 0444;
		da->attr.show = drop_show;
		vpcpeer_attrs[FIXED_ATTRS + i] = &da->attr.attr;
	}
}

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
