/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel API differences between the supported kernels, Debian 12's
 * 6.1 and 6.12, each behind one name so the rest of the code has one path.
 * Kbuild probes the target kernel's headers for each API (VPCPEER_HAVE_*),
 * so a distribution backport is picked up whatever the version number says.
 */
#ifndef _VPCPEER_COMPAT_H
#define _VPCPEER_COMPAT_H

#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#ifdef VPCPEER_HAVE_NET_GSO_H
/* The GSO helpers left skbuff.h for a header of their own in 6.5. */
#include <net/gso.h>
#endif

/* Lockless transmit and "cannot change namespace" became netdevice bits. */
static inline void vpcpeer_compat_set_lltx_netns_local(struct net_device *dev)
{
#ifdef VPCPEER_HAVE_LLTX_BIT
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
#ifdef VPCPEER_HAVE_NETNS_IMMUTABLE
	dev->netns_immutable = true;
#elif defined(VPCPEER_HAVE_NETNS_LOCAL_BIT)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * No IPv6 address configuration at all on a device (6.3): no link-local
 * address, and no ff00::/8 route per endpoint in its VRF's table, a route
 * that every other endpoint's enslaving, up and down walks past
 * (fib6_clean_all()). On 6.1 endpoints keep that route; addr_gen_mode
 * "none" (endpoint.c) spares them the address there.
 */
#ifdef VPCPEER_HAVE_IFF_NO_ADDRCONF
#define VPCPEER_IFF_NO_ADDRCONF IFF_NO_ADDRCONF
#else
#define VPCPEER_IFF_NO_ADDRCONF 0
#endif

/* The validated request attributes of a dump. */
static inline struct nlattr **vpcpeer_compat_dump_attrs(struct netlink_callback *cb)
{
#ifdef VPCPEER_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Formatted extack messages arrived in 6.2. On 6.1 the text goes into a
 * buffer of the requesting task's that lives until it returns to user
 * space, after the ack is sent (compat.c).
 */
#ifndef NL_SET_ERR_MSG_FMT
const char *vpcpeer_compat_fmt(const char *fmt, ...) __printf(1, 2);
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...) do {			\
	struct netlink_ext_ack *__extack = (extack);			\
									\
	if (__extack)							\
		__extack->_msg = vpcpeer_compat_fmt(KBUILD_MODNAME ": " fmt, \
						    ##args);		\
} while (0)
#endif

#endif /* _VPCPEER_COMPAT_H */
