/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_CONF_H
#define VPCPEERCTL_CONF_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

/**
 * struct conf - the state a batch file describes, built line by line
 *               (vpcpeerctl check, sync, and -b before it runs)
 * @closed: every object a line names must be added by an earlier line
 *          (else it may be in the kernel already, for the kernel to judge)
 * @state_only: only the lines that describe a state ("save" writes them)
 * @s: the VPCs and peerings
 * @routes: the routes of "route add" lines
 * @n_routes: entries used in @routes (a deleted one has a NULL @vpc)
 * @cap: entries allocated in @routes
 * @slots: the index of @routes by VPC and prefix
 * @n_slots: entries in @slots, a power of 2
 * @used_slots: entries of @slots not empty
 */
struct conf {
	bool closed;
	bool state_only;
	struct state s;
	struct route_line *routes;
	size_t n_routes;
	size_t cap;
	size_t *slots;
	size_t n_slots;
	size_t used_slots;
};

void conf_free(struct conf *c);
int conf_vpc_add(struct conf *c, const char *name, const char *vrf,
		 const struct prefix *cidrs, size_t n);
int conf_vpc_del(struct conf *c, const char *name);
int conf_cidrs(struct conf *c, bool add, const char *name,
	       const struct prefix *cidrs, size_t n);
int conf_peering_add(struct conf *c, const char *name, const char *vpc_a,
		     const char *vpc_b, uint32_t mtu, uint32_t flags, bool up);
int conf_peering_del(struct conf *c, const char *name);
int conf_peering_set(struct conf *c, const char *name, int up,
		     const uint32_t *mtu);
int conf_route(struct conf *c, bool add, const char *vpc, const char *peering,
	       const struct rt *rt);
int conf_plan(const struct conf *want, const struct state *s, FILE *out,
	      unsigned long **lines, size_t *n);

#endif
