/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vpcpeer:vpcpeer_drop, one event per packet the crossing refused: which
 * endpoint, which peering, why, and for an IP packet its addresses. The
 * answer to "which flows were rejected" (perf record -e vpcpeer:*, perf
 * trace, tracefs) that per-reason counters cannot give.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vpcpeer

#if !defined(_VPCPEER_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VPCPEER_TRACE_H

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tracepoint.h>
#include <linux/vpcpeer.h>
#include <net/ipv6.h>

#include "verdict.h"

#ifndef _VPCPEER_TRACE_ADDRS
#define _VPCPEER_TRACE_ADDRS
/* The longest reason name and its NUL; filter with reason == "too_big". */
#define VPCPEER_REASON_NAME_MAX 16

/*
 * The family and addresses of a dropped packet; IPv4 as v4-mapped IPv6.
 * Past the not_ip reason the verdict has read the header, so it is there.
 */
static inline u16 vpcpeer_trace_addrs(const struct sk_buff *skb,
				      unsigned int reason, u8 *saddr, u8 *daddr)
{
	if (reason == VPCPEER_DROP_NOT_IP)
		return AF_UNSPEC;
	if (skb->protocol == htons(ETH_P_IP)) {
		ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, (struct in6_addr *)saddr);
		ipv6_addr_set_v4mapped(ip_hdr(skb)->daddr, (struct in6_addr *)daddr);
		return AF_INET;
	}
	memcpy(saddr, &ipv6_hdr(skb)->saddr, 16);
	memcpy(daddr, &ipv6_hdr(skb)->daddr, 16);
	return AF_INET6;
}
#endif

TRACE_EVENT(vpcpeer_drop,
	    TP_PROTO(const struct net_device *dev, const char *peering,
		     const struct sk_buff *skb, unsigned int reason),
	    TP_ARGS(dev, peering, skb, reason),
	    TP_STRUCT__entry(__array(char, endpoint, IFNAMSIZ)
			     __array(char, peering, VPCPEER_PEERING_NAME_MAX + 1)
			     __array(char, reason, VPCPEER_REASON_NAME_MAX)
			     __field(u16, family)
			     __array(u8, saddr, 16)
			     __array(u8, daddr, 16)),
	    TP_fast_assign(strscpy(__entry->endpoint, dev->name, IFNAMSIZ);
			   strscpy(__entry->peering, peering,
				   VPCPEER_PEERING_NAME_MAX + 1);
			   strscpy(__entry->reason, vpcpeer_drop_reasons[reason].name,
				   VPCPEER_REASON_NAME_MAX);
			   memset(__entry->saddr, 0, 16);
			   memset(__entry->daddr, 0, 16);
			   __entry->family = vpcpeer_trace_addrs(skb, reason,
								 __entry->saddr,
								 __entry->daddr);),
	    TP_printk("endpoint=%s peering=%s reason=%s family=%s src=%pI6c dst=%pI6c",
		      __entry->endpoint, __entry->peering,
		      __entry->reason,
		      __print_symbolic(__entry->family, { AF_UNSPEC, "-" },
				       { AF_INET, "ipv4" }, { AF_INET6, "ipv6" }),
		      __entry->saddr, __entry->daddr)
);

#endif /* _VPCPEER_TRACE_H */

/* Found through the module's include path (Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
