// SPDX-License-Identifier: GPL-2.0
/*
 * The peering forwarding hook: the verdict on each packet a VRF routes into
 * an endpoint. A packet crosses from VPC A to VPC B only if its source lies
 * in A's CIDRs and its destination in B's. That one rule makes peering
 * non-transitive (traffic that entered A from elsewhere does not carry a
 * source in A) and forbids edge-to-edge routing through B.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "endpoint.h"
#include "hook.h"
#include <kunit/visibility.h>
#include "vpc.h"

/**
 * vpcpeer_verdict() - may this packet cross the peering?
 * @ep: the endpoint the packet was routed into
 * @skb: the packet, network header set
 * @peer: set to the endpoint across when the packet may cross
 *
 * Lock-free and allocation-free; the caller is in an RCU-bh read section
 * (the transmit path is).
 *
 * Return: VPCPEER_PASS, or the VPCPEER_DROP_A_* reason to drop it.
 */
int vpcpeer_verdict(const struct vpcpeer_endpoint *ep, struct sk_buff *skb,
		    struct net_device **peer)
{
	const struct vpcpeer_vpc *local, *remote;
	const u8 *saddr, *daddr;
	bool v4;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_network_may_pull(skb, sizeof(struct iphdr)) ||
		    ip_hdr(skb)->version != 4)
			return VPCPEER_DROP_A_NOT_IP;
		saddr = (const u8 *)&ip_hdr(skb)->saddr;
		daddr = (const u8 *)&ip_hdr(skb)->daddr;
		v4 = true;
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_network_may_pull(skb, sizeof(struct ipv6hdr)) ||
		    ipv6_hdr(skb)->version != 6)
			return VPCPEER_DROP_A_NOT_IP;
		saddr = ipv6_hdr(skb)->saddr.s6_addr;
		daddr = ipv6_hdr(skb)->daddr.s6_addr;
		v4 = false;
		break;
	default:
		return VPCPEER_DROP_A_NOT_IP;
	}

	*peer = rcu_dereference_bh(ep->peer);
	local = rcu_dereference_bh(ep->local);
	remote = rcu_dereference_bh(ep->remote);
	/* Worked out on every change, not per packet: vpcpeer_peering_update(). */
	if (unlikely(!READ_ONCE(ep->up) || !*peer || !local || !remote))
		return VPCPEER_DROP_A_PEERING_DOWN;

	if (!vpcpeer_lpm_contains(v4 ? &local->cidrs4 : &local->cidrs6, saddr))
		return VPCPEER_DROP_A_SRC_NOT_LOCAL;
	if (!vpcpeer_lpm_contains(v4 ? &remote->cidrs4 : &remote->cidrs6, daddr))
		return VPCPEER_DROP_A_DST_NOT_PEER;
	return VPCPEER_PASS;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_verdict);
