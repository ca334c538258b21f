/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_MODEL_H
#define VPCPEERCTL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include "prefix.h"
#include "rtnl.h"

/**
 * struct vpc - a VPC, as the kernel reports it or a batch file adds it
 * @name: its name
 * @vrf: its VRF device's name
 * @vrf_ifindex: its VRF device's ifindex
 * @table: its VRF's table, where the state read it (0: not read, or no VRF)
 * @cidr_count: CIDRs, as the kernel counts them
 * @peering_count: peerings it is part of
 * @cidrs: the CIDRs, gathered from every message of the VPC
 * @n_cidrs: entries used in @cidrs
 * @cap: entries allocated in @cidrs
 * @line: the batch line that added it, in a &struct conf; else 0
 */
struct vpc {
	char *name;
	char *vrf;
	uint32_t vrf_ifindex;
	uint32_t table;
	uint32_t cidr_count;
	uint32_t peering_count;
	struct prefix *cidrs;
	size_t n_cidrs;
	size_t cap;
	unsigned long line;
};

/* The MTU a peering gets when "peering add" names none. */
#define DEFAULT_MTU 1500

/* The drop reasons a peering's endpoints count. */
#define N_DROPS 6

/**
 * struct endpoint - one side of a peering
 * @ifname: its netdevice's name
 * @ifindex: its netdevice's ifindex
 * @mtu: its MTU
 * @drops: packets dropped, per reason, in the order of drop_names[]
 */
struct endpoint {
	char *ifname;
	uint32_t ifindex;
	uint32_t mtu;
	uint64_t drops[N_DROPS];
};

/**
 * struct peering - a peering, as the kernel reports it or a batch file
 *                  adds it (both endpoints' MTU is then the peering's)
 * @name: its name
 * @vpc: the VPCs of sides a and b
 * @flags: VPCPEER_F_*
 * @admin_up: administratively up
 * @state: enum vpcpeer_state
 * @ep: side a, then side b
 * @n_ep: endpoints reported
 * @line: the batch line that added it, in a &struct conf; else 0
 */
struct peering {
	char *name;
	char *vpc[2];
	uint32_t flags;
	uint8_t admin_up;
	uint8_t state;
	struct endpoint ep[2];
	unsigned int n_ep;
	unsigned long line;
};

/**
 * struct state - VPCs, peerings, VRF tables and routes of a namespace
 * @filter: a dump keeps only the VPC or peering of this name, if set
 * @vpcs: the VPCs, in the kernel's order
 * @n_vpcs: entries used in @vpcs
 * @cap_vpcs: entries allocated in @vpcs
 * @peerings: the peerings, in the kernel's order
 * @n_peerings: entries used in @peerings
 * @cap_peerings: entries allocated in @peerings
 * @tables: every VRF device's table
 * @n_tables: entries in @tables
 * @routes: the routes of protocol vpcpeer, sorted by table, IPv4 first
 *          within one
 * @n_routes: entries in @routes
 */
struct state {
	const char *filter;
	struct vpc *vpcs;
	size_t n_vpcs;
	size_t cap_vpcs;
	struct peering *peerings;
	size_t n_peerings;
	size_t cap_peerings;
	struct vrf_table *tables;
	size_t n_tables;
	struct rt_entry *routes;
	size_t n_routes;
};

extern const char *const drop_names[N_DROPS];

int bad_reply(const char *what);
int vpc_parse(const struct nlmsghdr *nlh, void *state);
int peering_parse(const struct nlmsghdr *nlh, void *state);
void vpc_free(struct vpc *v);
void peering_free(struct peering *p);
void state_free(struct state *s);

struct vpc *find_vpc(const struct state *s, const char *name);
struct peering *find_peering(const struct state *s, const char *name);
bool vpc_has_cidr(const struct vpc *v, const struct prefix *p);
bool vpc_covers(const struct vpc *v, const struct prefix *p);
int peering_side(const struct peering *p, const char *vpc);
const char *peering_state_name(uint8_t state);
const char *drop_name(uint32_t reason);

uint32_t state_table_of(const struct state *s, uint32_t ifindex);
const struct vpc *state_vpc_of_table(const struct state *s, uint32_t table);
const struct rt_entry *state_first_route(const struct state *s,
					 uint32_t table);
const struct peering *state_endpoint_of(const struct state *s,
					uint32_t ifindex, int *side);
void state_sort_routes(struct state *s);
void state_sort_by_name(struct state *s);

/**
 * struct route_line - a route as a "route add" line names it
 * @vpc: the VPC whose table holds it
 * @peering: the peering it goes into
 * @rt: the route (@rt.has_metric always set; @rt.table and @rt.oif unused)
 * @line: the batch line that added it, in a &struct conf; else 0
 */
struct route_line {
	char *vpc;
	char *peering;
	struct rt rt;
	unsigned long line;
};

bool route_is_auto(const struct state *s, const struct peering *p, int side,
		   const struct rt_entry *e);
int route_line_cmp(const void *a, const void *b);
int state_routes(const struct state *s, FILE *comments,
		 struct route_line **routes, size_t *n);

#endif
