// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "vpcpeer": policies, handlers, nothing else.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/vpcpeer.h>

#include "netlink.h"
#include "version.h"

static struct genl_family vpcpeer_genl_family;

static int vpcpeer_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	void *hdr;

	reply = genlmsg_new(nla_total_size(sizeof(VPCPEER_VERSION)), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &vpcpeer_genl_family, 0,
				VPCPEER_CMD_GET_INFO);
	if (!hdr || nla_put_string(reply, VPCPEER_A_INFO_VERSION, VPCPEER_VERSION)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static const struct genl_small_ops vpcpeer_genl_ops[] = {
	{
		.cmd = VPCPEER_CMD_GET_INFO,
		.doit = vpcpeer_get_info,
	},
};

static struct genl_family vpcpeer_genl_family __ro_after_init = {
	.name = VPCPEER_GENL_NAME,
	.version = VPCPEER_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = vpcpeer_genl_ops,
	.n_small_ops = ARRAY_SIZE(vpcpeer_genl_ops),
};

int __init vpcpeer_genl_init(void)
{
	return genl_register_family(&vpcpeer_genl_family);
}

void vpcpeer_genl_uninit(void)
{
	genl_unregister_family(&vpcpeer_genl_family);
}
