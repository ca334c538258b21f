/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_FRR_H
#define VPCPEERCTL_FRR_H

#include "ctl.h"

extern const struct object frr_object;

#endif
