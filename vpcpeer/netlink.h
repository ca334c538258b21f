/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_NETLINK_H
#define _VPCPEER_NETLINK_H

#include <linux/types.h>

struct vpcpeer_cidr;
struct vpcpeer_peering;
struct vpcpeer_vpc;

/* The core's limit on a formatted extack message, NUL included. */
#define VPCPEER_MSG_LEN 80

bool vpcpeer_msg_fits(const char *fmt, ...) __printf(1, 2);

/*
 * Events on the "events" group; callers hold the namespace lock (and RTNL,
 * but for vpcpeer_notify_cidrs()).
 */
void vpcpeer_notify_vpc(struct vpcpeer_vpc *vpc, u8 cmd);
void vpcpeer_notify_cidrs(struct vpcpeer_vpc *vpc, u8 op,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr);
void vpcpeer_notify_peering(struct vpcpeer_peering *peering, u8 cmd);

int vpcpeer_genl_init(void);
void vpcpeer_genl_uninit(void);

#endif /* _VPCPEER_NETLINK_H */
