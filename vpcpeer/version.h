/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_VERSION_H
#define _VPCPEER_VERSION_H

/* Shared by the module and vpcpeerctl; bump both together. */
#define VPCPEER_VERSION "0.1.0"

#endif
