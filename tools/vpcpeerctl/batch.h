/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_BATCH_H
#define VPCPEERCTL_BATCH_H

#include <stdbool.h>

#include "ctl.h"

extern const struct object check_object;
extern const struct object sync_object;

int batch_run(struct ctl *ctl);
int batch_sync(struct ctl *ctl, const char *file, bool dry);

#endif
