/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_VERDICT_H
#define _VPCPEER_VERDICT_H

#include <linux/skbuff.h>
#include <linux/vpcpeer.h>

struct net_device;
struct vpcpeer_endpoint;

/*
 * What vpcpeer_verdict() decides: pass, or why not. Internal values; what
 * user space sees of a reason, its name and uAPI number, comes from the one
 * table vpcpeer_drop_reasons (sysfs, ethtool -S, netlink, the tracepoint).
 */
enum vpcpeer_verdict {
	VPCPEER_PASS,
	VPCPEER_DROP_NOT_IP,
	VPCPEER_DROP_PEERING_DOWN,
	VPCPEER_DROP_SRC_NOT_LOCAL,
	VPCPEER_DROP_DST_NOT_PEER,
	VPCPEER_DROP_SOURCE_ROUTE,
	VPCPEER_DROP_TOO_BIG,
	VPCPEER_NR_VERDICTS
};

/**
 * struct vpcpeer_drop_desc - how a drop reason is shown
 * @name: in sysfs (vpcpeer/NAME), ethtool -S (drop_NAME), the tracepoint
 * @attr: its VPCPEER_DROP_A_* counter attribute
 * @reason: its VPCPEER_DROP_REASON_* value, PEERING_TEST's answer
 * @core: the core's reason the packet is freed with (skb:kfree_skb), where
 *        one says the same; our policy's own reasons cannot be added to the
 *        core's list from a module, and are SKB_DROP_REASON_NOT_SPECIFIED
 */
struct vpcpeer_drop_desc {
	const char *name;
	u16 attr;
	u8 reason;
	enum skb_drop_reason core;
};

extern const struct vpcpeer_drop_desc vpcpeer_drop_reasons[VPCPEER_NR_VERDICTS];

int vpcpeer_verdict(const struct vpcpeer_endpoint *ep, struct sk_buff *skb,
		    struct net_device **peer);
int vpcpeer_verdict_addrs(const struct vpcpeer_endpoint *ep, u8 family,
			  const u8 *saddr, const u8 *daddr);

#endif /* _VPCPEER_VERDICT_H */
