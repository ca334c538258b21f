// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict: the peering forwarding hook's decision on each packet a VRF
 * routes into an endpoint. A packet crosses from VPC A to VPC B only if its source lies
 * in A's CIDRs and its destination in B's. That one rule makes peering
 * non-transitive (traffic that entered A from elsewhere does not carry a
 * source in A) and forbids edge-to-edge routing through B. A source route
 * would name another final destination than the one judged, so source
 * routed packets never cross.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

#include "endpoint.h"
#include "verdict.h"
#include <kunit/visibility.h>
#include "vpc.h"

const struct vpcpeer_drop_desc vpcpeer_drop_reasons[VPCPEER_NR_VERDICTS] = {
	[VPCPEER_DROP_NOT_IP] = {
		"not_ip", VPCPEER_DROP_A_NOT_IP, VPCPEER_DROP_REASON_NOT_IP,
		SKB_DROP_REASON_UNHANDLED_PROTO
	},
	[VPCPEER_DROP_PEERING_DOWN] = {
		"peering_down", VPCPEER_DROP_A_PEERING_DOWN,
		VPCPEER_DROP_REASON_PEERING_DOWN, SKB_DROP_REASON_DEV_READY
	},
	[VPCPEER_DROP_SRC_NOT_LOCAL] = {
		"src_not_local", VPCPEER_DROP_A_SRC_NOT_LOCAL,
		VPCPEER_DROP_REASON_SRC_NOT_LOCAL, SKB_DROP_REASON_NOT_SPECIFIED
	},
	[VPCPEER_DROP_DST_NOT_PEER] = {
		"dst_not_peer", VPCPEER_DROP_A_DST_NOT_PEER,
		VPCPEER_DROP_REASON_DST_NOT_PEER, SKB_DROP_REASON_NOT_SPECIFIED
	},
	[VPCPEER_DROP_SOURCE_ROUTE] = {
		"source_route", VPCPEER_DROP_A_SOURCE_ROUTE,
		VPCPEER_DROP_REASON_SOURCE_ROUTE, SKB_DROP_REASON_NOT_SPECIFIED
	},
	[VPCPEER_DROP_TOO_BIG] = {
		"too_big", VPCPEER_DROP_A_TOO_BIG, VPCPEER_DROP_REASON_TOO_BIG,
		SKB_DROP_REASON_PKT_TOO_BIG
	},
};
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_drop_reasons);

/*
 * Make @len bytes of network header (at skb->data) linear: a packet shorter
 * than that is not IP; one that is long enough but cannot be pulled is the
 * allocator's failure, not the packet's (-ENOMEM, which the caller counts
 * apart). The header is nearly always linear already: that test is inline.
 */
static __always_inline int pull_header(struct sk_buff *skb, unsigned int len)
{
	if (likely(len <= skb_headlen(skb)))
		return VPCPEER_PASS;
	if (skb->len < len)
		return VPCPEER_DROP_NOT_IP;
	return pskb_network_may_pull(skb, len) ? VPCPEER_PASS : -ENOMEM;
}

/*
 * IPv4 options: a loose or strict source route names a destination other
 * than the header's, which the far VRF would honour (accept_source_route);
 * judged on the header's alone, it would leave through B's edge. Rare, so
 * out of line.
 */
static noinline int ipv4_options_verdict(struct sk_buff *skb)
{
	unsigned int hlen = ip_hdr(skb)->ihl * 4, i, optlen;
	const u8 *opt;
	int reason;

	reason = pull_header(skb, hlen);
	if (reason != VPCPEER_PASS)
		return reason;
	opt = skb_network_header(skb) + sizeof(struct iphdr);
	optlen = hlen - sizeof(struct iphdr);
	for (i = 0; i < optlen && opt[i] != IPOPT_END;) {
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (i + 1 >= optlen || opt[i + 1] < 2 || opt[i + 1] > optlen - i)
			return VPCPEER_DROP_NOT_IP;
		if (opt[i] == IPOPT_LSRR || opt[i] == IPOPT_SSRR)
			return VPCPEER_DROP_SOURCE_ROUTE;
		i += opt[i + 1];
	}
	return VPCPEER_PASS;
}

/*
 * IPv6: a routing header with segments left, anywhere in the chain. Out of
 * line, so that its stack buffer does not give the hot path a stack canary.
 */
static noinline int ipv6_exthdrs_verdict(struct sk_buff *skb)
{
	struct ipv6_rt_hdr _rth;
	const struct ipv6_rt_hdr *rth;
	unsigned int off = 0;

	if (ipv6_find_hdr(skb, &off, NEXTHDR_ROUTING, NULL, NULL) < 0)
		return VPCPEER_PASS;
	rth = skb_header_pointer(skb, off, sizeof(_rth), &_rth);
	if (!rth)
		return VPCPEER_DROP_NOT_IP;
	return rth->segments_left ? VPCPEER_DROP_SOURCE_ROUTE : VPCPEER_PASS;
}

/* TCP, UDP and ICMPv6 answered without ipv6_ext_hdr(), which is a call. */
static __always_inline bool may_have_exthdrs(u8 nexthdr)
{
	return nexthdr != NEXTHDR_TCP && nexthdr != NEXTHDR_UDP &&
	       nexthdr != NEXTHDR_ICMP && ipv6_ext_hdr(nexthdr);
}

/**
 * vpcpeer_verdict() - may this packet cross the peering?
 * @ep: the endpoint the packet was routed into
 * @skb: the packet, network header at skb->data
 * @peer: set to the endpoint across when the packet may cross
 *
 * Lock-free; it allocates only when a header must be pulled into the
 * linear area. The caller is in an RCU-bh read section (the transmit
 * path is).
 *
 * Return: VPCPEER_PASS, the VPCPEER_DROP_* reason to drop it, or -ENOMEM
 * when a header it needs could not be pulled.
 */
int vpcpeer_verdict(const struct vpcpeer_endpoint *ep, struct sk_buff *skb,
		    struct net_device **peer)
{
	const struct vpcpeer_vpc *local, *remote;
	const u8 *saddr, *daddr;
	int reason;
	bool v4;

	/* Judged here is what the far side parses: the header at skb->data. */
	if (unlikely(skb_network_offset(skb)))
		return VPCPEER_DROP_NOT_IP;
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		reason = pull_header(skb, sizeof(struct iphdr));
		if (reason != VPCPEER_PASS)
			return reason;
		if (ip_hdr(skb)->version != 4 || ip_hdr(skb)->ihl < 5)
			return VPCPEER_DROP_NOT_IP;
		if (unlikely(ip_hdr(skb)->ihl > 5)) {
			reason = ipv4_options_verdict(skb);
			if (reason != VPCPEER_PASS)
				return reason;
		}
		saddr = (const u8 *)&ip_hdr(skb)->saddr;
		daddr = (const u8 *)&ip_hdr(skb)->daddr;
		v4 = true;
		break;
	case htons(ETH_P_IPV6):
		reason = pull_header(skb, sizeof(struct ipv6hdr));
		if (reason != VPCPEER_PASS)
			return reason;
		if (ipv6_hdr(skb)->version != 6)
			return VPCPEER_DROP_NOT_IP;
		if (unlikely(may_have_exthdrs(ipv6_hdr(skb)->nexthdr))) {
			reason = ipv6_exthdrs_verdict(skb);
			if (reason != VPCPEER_PASS)
				return reason;
		}
		saddr = ipv6_hdr(skb)->saddr.s6_addr;
		daddr = ipv6_hdr(skb)->daddr.s6_addr;
		v4 = false;
		break;
	default:
		return VPCPEER_DROP_NOT_IP;
	}

	*peer = rcu_dereference_bh(ep->peer);
	local = rcu_dereference_bh(ep->local);
	remote = rcu_dereference_bh(ep->remote);
	/* Worked out on every change, not per packet: vpcpeer_peering_update(). */
	if (unlikely(!READ_ONCE(ep->up) || !*peer || !local || !remote))
		return VPCPEER_DROP_PEERING_DOWN;

	if (!vpcpeer_lpm_contains(v4 ? &local->cidrs4 : &local->cidrs6, saddr))
		return VPCPEER_DROP_SRC_NOT_LOCAL;
	if (!vpcpeer_lpm_contains(v4 ? &remote->cidrs4 : &remote->cidrs6, daddr))
		return VPCPEER_DROP_DST_NOT_PEER;
	return VPCPEER_PASS;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_verdict);

/**
 * vpcpeer_verdict_addrs() - the verdict on a packet with these addresses
 * @ep: the endpoint it would be routed into
 * @family: AF_INET or AF_INET6
 * @saddr: source address, 4 or 16 bytes
 * @daddr: destination address
 *
 * Builds a bare header (UDP inside) and judges it as the transmit path
 * would, on the endpoint's live state. For the control path only.
 *
 * Return: as vpcpeer_verdict(), or -ENOMEM.
 */
int vpcpeer_verdict_addrs(const struct vpcpeer_endpoint *ep, u8 family,
			  const u8 *saddr, const u8 *daddr)
{
	struct net_device *peer;
	struct sk_buff *skb;
	int reason;

	skb = alloc_skb(sizeof(struct ipv6hdr), GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reset_network_header(skb);
	if (family == AF_INET) {
		struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = IPPROTO_UDP;
		iph->tot_len = htons(sizeof(*iph));
		memcpy(&iph->saddr, saddr, 4);
		memcpy(&iph->daddr, daddr, 4);
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct ipv6hdr *ip6h = skb_put_zero(skb, sizeof(*ip6h));

		ip6h->version = 6;
		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->hop_limit = 64;
		memcpy(&ip6h->saddr, saddr, 16);
		memcpy(&ip6h->daddr, daddr, 16);
		skb->protocol = htons(ETH_P_IPV6);
	}
	rcu_read_lock_bh();
	reason = vpcpeer_verdict(ep, skb, &peer);
	rcu_read_unlock_bh();
	/* a question, not a packet: nothing was dropped */
	consume_skb(skb);
	return reason;
}
