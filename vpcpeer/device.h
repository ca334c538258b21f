/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_DEVICE_H
#define _VPCPEER_DEVICE_H

int vpcpeer_device_init(void);
void vpcpeer_device_uninit(void);

#endif
