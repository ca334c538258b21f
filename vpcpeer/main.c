// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeer: non-transitive peering between VRF-backed VPCs.
 *
 * Module init and exit only: each part registers itself, in order, and
 * exit undoes the same list backwards.
 */
#include <linux/module.h>
#include <linux/genetlink.h>
#include <net/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "device.h"
#include "netlink.h"
#include "version.h"

static int __init vpcpeer_init(void)
{
	int ret;

	ret = vpcpeer_device_init();
	if (ret)
		return ret;
	ret = vpcpeer_genl_init();
	if (ret)
		goto err_device;

	pr_info("version %s loaded\n", VPCPEER_VERSION);
	return 0;

err_device:
	vpcpeer_device_uninit();
	return ret;
}

static void __exit vpcpeer_exit(void)
{
	vpcpeer_genl_uninit();
	vpcpeer_device_uninit();
}

module_init(vpcpeer_init);
module_exit(vpcpeer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Non-transitive peering between VRF-backed VPCs");
MODULE_VERSION(VPCPEER_VERSION);
MODULE_ALIAS_RTNL_LINK("vpcpeer");
MODULE_ALIAS_GENL_FAMILY(VPCPEER_GENL_NAME);
