// SPDX-License-Identifier: GPL-2.0
/*
 * The rtnl link kind "vpcpeer": peering endpoint netdevices.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "device.h"

/*
 * Endpoints exist only as halves of a peering, so a bare
 * "ip link add ... type vpcpeer" is refused with a pointer to the tool.
 */
static int vpcpeer_link_validate(struct nlattr *tb[], struct nlattr *data[],
				 struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_MOD(extack,
			   "vpcpeer endpoints are created by peerings: use \"vpcpeerctl peering add\"");
	return -EOPNOTSUPP;
}

static struct rtnl_link_ops vpcpeer_link_ops __read_mostly = {
	.kind = "vpcpeer",
	.validate = vpcpeer_link_validate,
};

int __init vpcpeer_device_init(void)
{
	return rtnl_link_register(&vpcpeer_link_ops);
}

void vpcpeer_device_uninit(void)
{
	rtnl_link_unregister(&vpcpeer_link_ops);
}
