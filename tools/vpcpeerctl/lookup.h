/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_LOOKUP_H
#define VPCPEERCTL_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "prefix.h"

struct ctl;

/**
 * struct vpc_ref - what route commands need to know of a VPC
 * @name: its name
 * @vrf: its VRF device's name
 * @vrf_ifindex: its VRF device's ifindex
 * @table: the VRF's routing table
 * @cidrs: its CIDRs, sorted by prefix_cmp()
 * @n_cidrs: entries in @cidrs
 */
struct vpc_ref {
	char *name;
	char *vrf;
	uint32_t vrf_ifindex;
	uint32_t table;
	struct prefix *cidrs;
	size_t n_cidrs;
};

/**
 * struct peering_ref - what route commands need to know of a peering
 * @name: its name
 * @vpc: the VPCs of sides a and b
 * @ifname: the endpoints of sides a and b
 * @ifindex: their ifindexes
 * @flags: VPCPEER_F_*
 */
struct peering_ref {
	char *name;
	char *vpc[2];
	char *ifname[2];
	uint32_t ifindex[2];
	uint32_t flags;
};

const struct vpc_ref *lookup_vpc(struct ctl *ctl, const char *name);
const struct peering_ref *lookup_peering(struct ctl *ctl, const char *name);
const struct vpc_ref *lookup_vpc_by_table(struct ctl *ctl, uint32_t table);
const struct peering_ref *lookup_endpoint(struct ctl *ctl, uint32_t ifindex,
					  int *side);
const struct prefix *vpc_ref_cidr_of(const struct vpc_ref *v,
				     const struct prefix *p);
char *vpc_ref_cidrs_text(const struct vpc_ref *v);
void ctl_forget(struct ctl *ctl);

#endif
