/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_NETLINK_H
#define _VPCPEER_NETLINK_H

int vpcpeer_genl_init(void);
void vpcpeer_genl_uninit(void);

#endif
