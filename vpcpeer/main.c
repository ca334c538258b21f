// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeer: non-transitive peering between VRF-backed VPCs.
 *
 * Module init and exit only: each part registers itself, in order, and
 * exit undoes the same list backwards.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "endpoint.h"
#include "netlink.h"
#include "netns.h"
#include "version.h"

/*
 * The family first and gone last, so no event is ever built for an
 * unregistered family; the endpoints (link ops) last in and first out, so
 * the namespaces' teardown finds no endpoint left.
 */
static int __init vpcpeer_init(void)
{
	int ret;

	ret = vpcpeer_genl_init();
	if (ret)
		return ret;
	ret = vpcpeer_netns_init();
	if (ret)
		goto err_genl;
	ret = vpcpeer_endpoint_init();
	if (ret)
		goto err_netns;

	pr_info("version %s loaded\n", VPCPEER_VERSION);
	return 0;

err_netns:
	vpcpeer_netns_uninit();
err_genl:
	vpcpeer_genl_uninit();
	return ret;
}

static void __exit vpcpeer_exit(void)
{
	/* Deletes every peering with its endpoints, in every namespace. */
	vpcpeer_endpoint_uninit();
	/* Detaches every namespace's VPCs. */
	vpcpeer_netns_uninit();
	vpcpeer_genl_uninit();
}

module_init(vpcpeer_init);
module_exit(vpcpeer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Non-transitive peering between VRF-backed VPCs");
MODULE_VERSION(VPCPEER_VERSION);
MODULE_ALIAS_RTNL_LINK("vpcpeer");
MODULE_ALIAS_GENL_FAMILY(VPCPEER_GENL_NAME);
