/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_MONITOR_H
#define VPCPEERCTL_MONITOR_H

#include <stdbool.h>

#include "ctl.h"

extern const struct object monitor_object;

int stop_signals(bool hup);

#endif
