// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeer: non-transitive peering between VRF-backed VPCs.
 *
 * Module init and exit only: each part registers itself, in order, and
 * exit undoes the same list backwards.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/rcupdate.h>
#include <net/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "endpoint.h"
#include "netlink.h"
#include "netns.h"
#include "version.h"

static int __init vpcpeer_init(void)
{
	int ret;

	ret = vpcpeer_endpoint_init();
	if (ret)
		return ret;
	ret = vpcpeer_netns_init();
	if (ret)
		goto err_endpoint;
	ret = vpcpeer_genl_init();
	if (ret)
		goto err_netns;

	pr_info("version %s loaded\n", VPCPEER_VERSION);
	return 0;

err_netns:
	vpcpeer_netns_uninit();
err_endpoint:
	vpcpeer_endpoint_uninit();
	return ret;
}

static void __exit vpcpeer_exit(void)
{
	vpcpeer_genl_uninit();
	/* Tears down every namespace's VPCs, peerings and endpoints. */
	vpcpeer_netns_uninit();
	vpcpeer_endpoint_uninit();
	/* The CIDR tries free their nodes from RCU callbacks in this module. */
	rcu_barrier();
}

module_init(vpcpeer_init);
module_exit(vpcpeer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Non-transitive peering between VRF-backed VPCs");
MODULE_VERSION(VPCPEER_VERSION);
MODULE_ALIAS_RTNL_LINK("vpcpeer");
MODULE_ALIAS_GENL_FAMILY(VPCPEER_GENL_NAME);
