/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_VPC_H
#define VPCPEERCTL_VPC_H

#include "ctl.h"

extern const struct object vpc_object;

void print_vpc(const char *key, const char *verb, const struct vpc *v,
	       bool cidrs);

#endif
