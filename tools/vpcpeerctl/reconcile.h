/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_RECONCILE_H
#define VPCPEERCTL_RECONCILE_H

#include <stdio.h>

#include "ctl.h"

int reconcile_routes(struct ctl *ctl, const struct scope *sc, FILE *log,
		     char **why);
int reconcile_after(struct ctl *ctl, const struct scope *sc,
		    const char *what, const char *undone);
int reconcile_batch(struct ctl *ctl, FILE *log, char **why);

#endif
