/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_ROUTE_H
#define VPCPEERCTL_ROUTE_H

#include "ctl.h"

extern const struct object route_object;

int route_flush(struct ctl *ctl);

#endif
