/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_SYSFS_H
#define _VPCPEER_SYSFS_H

struct net_device;

void vpcpeer_sysfs_init(void);
void vpcpeer_sysfs_setup(struct net_device *dev);

#endif /* _VPCPEER_SYSFS_H */
