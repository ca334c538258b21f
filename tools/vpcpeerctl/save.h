/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_SAVE_H
#define VPCPEERCTL_SAVE_H

#include <stdio.h>

#include "ctl.h"

extern const struct object save_object;

int put_word(FILE *out, const char *what, const char *word);
int put_vpc(FILE *out, const struct vpc *v);
int put_peering(FILE *out, const struct peering *p);
int put_route(FILE *out, const char *verb, const struct route_line *r);

#endif
