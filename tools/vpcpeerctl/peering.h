/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_PEERING_H
#define VPCPEERCTL_PEERING_H

#include "ctl.h"

extern const struct object peering_object;

void print_peering(const char *key, const char *verb, const struct peering *p,
		   bool endpoints, bool stats);

#endif
