/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_HOOK_H
#define _VPCPEER_HOOK_H

#include <linux/skbuff.h>

struct net_device;
struct vpcpeer_endpoint;

/* Returned by vpcpeer_verdict() for a packet that may cross. */
#define VPCPEER_PASS 0

int vpcpeer_verdict(const struct vpcpeer_endpoint *ep, struct sk_buff *skb,
		    struct net_device **peer);
int vpcpeer_verdict_addrs(const struct vpcpeer_endpoint *ep, u8 family,
			  const u8 *saddr, const u8 *daddr);

#endif /* _VPCPEER_HOOK_H */
