/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_DAEMON_H
#define VPCPEERCTL_DAEMON_H

#include "ctl.h"

extern const struct object daemon_object;

#endif
