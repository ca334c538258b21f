/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_OBJECTS_H
#define VPCPEERCTL_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "json.h"
#include "prefix.h"
#include "rtnl.h"

struct ctl;

/**
 * struct vpc - a VPC as VPCPEER_CMD_VPC_GET dumps it
 * @name: its name
 * @vrf: its VRF device's name
 * @vrf_ifindex: its VRF device's ifindex
 * @cidr_count: CIDRs, as the kernel counts them
 * @peering_count: peerings it is part of
 * @cidrs: the CIDRs, gathered from every message of the VPC
 * @n_cidrs: entries used in @cidrs
 * @cap: entries allocated in @cidrs
 * @line: the batch line that added it, in a &struct conf; else 0
 */
struct vpc {
	unsigned long line;
	char *name;
	char *vrf;
	uint32_t vrf_ifindex;
	uint32_t cidr_count;
	uint32_t peering_count;
	struct prefix *cidrs;
	size_t n_cidrs;
	size_t cap;
};

/**
 * struct vpc_list - the VPCs of a dump, in the kernel's order
 * @filter: keep only the VPC of this name, or NULL
 * @vpcs: the VPCs
 * @n: entries used in @vpcs
 * @cap: entries allocated in @vpcs
 */
struct vpc_list {
	const char *filter;
	struct vpc *vpcs;
	size_t n;
	size_t cap;
};

int vpc_parse(const struct nlmsghdr *nlh, void *list);
int vpc_dump(struct ctl *ctl, const char *name, struct vpc_list *list);
void vpc_list_free(struct vpc_list *list);
struct vpc *find_vpc(const struct vpc_list *l, const char *name);
void vpc_print_json(struct json *j, const char *key, const struct vpc *v,
		    bool cidrs);

/* The drop reasons a peering's endpoints count. */
#define N_DROPS 6

/**
 * struct endpoint - one side of a peering
 * @ifname: its netdevice's name
 * @ifindex: its netdevice's ifindex
 * @mtu: its MTU
 * @drops: packets dropped, per reason, in the order they are printed
 */
struct endpoint {
	char *ifname;
	uint32_t ifindex;
	uint32_t mtu;
	uint64_t drops[N_DROPS];
};

/**
 * struct peering - a peering as VPCPEER_CMD_PEERING_GET reports it
 * @name: its name
 * @vpc_a: the VPC of side a
 * @vpc_b: the VPC of side b
 * @flags: VPCPEER_F_*
 * @admin_up: administratively up
 * @state: enum vpcpeer_state
 * @ep: side a, then side b
 * @n_ep: endpoints reported
 * @line: the batch line that added it, in a &struct conf; else 0
 */
struct peering {
	unsigned long line;
	char *name;
	char *vpc_a;
	char *vpc_b;
	uint32_t flags;
	uint8_t admin_up;
	uint8_t state;
	struct endpoint ep[2];
	unsigned int n_ep;
};

/**
 * struct peering_list - the peerings of a dump, in the kernel's order
 * @filter: keep only the peering of this name, or NULL
 * @peerings: the peerings
 * @n: entries used in @peerings
 * @cap: entries allocated in @peerings
 */
struct peering_list {
	const char *filter;
	struct peering *peerings;
	size_t n;
	size_t cap;
};

int peering_parse(const struct nlmsghdr *nlh, void *list);
int peering_dump(struct ctl *ctl, const char *name, struct peering_list *list);
void peering_list_free(struct peering_list *list);
void peering_print_summary(const struct peering *p);
void peering_print_text(const struct peering *p, bool stats);
void peering_print_json(struct json *j, const char *key,
			const struct peering *p);
const char *peering_state_name(uint8_t state);

/**
 * struct route_state - the VPCs, peerings and routes of a namespace
 * @vpcs: the VPCs, in the kernel's order
 * @peerings: every peering, to name the endpoints
 * @tables: every VRF's table
 * @n_tables: entries in @tables
 * @routes: the routes of protocol vpcpeer, IPv4 then IPv6, sorted by table
 * @n_routes: entries in @routes
 */
struct route_state {
	struct vpc_list vpcs;
	struct peering_list peerings;
	struct vrf_table *tables;
	size_t n_tables;
	struct rt_entry *routes;
	size_t n_routes;
};

int route_state_read(struct ctl *ctl, const char *name, struct route_state *s);
void route_state_free(struct route_state *s);
uint32_t route_state_table_of(const struct route_state *s, uint32_t ifindex);
const struct rt_entry *route_state_first_of(const struct route_state *s,
					    uint32_t table);
const struct peering *route_state_endpoint_of(const struct route_state *s,
					      uint32_t ifindex, int *side);

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

bool route_is_auto(const struct route_state *s, const struct peering *p,
		   int side, const struct rt_entry *e);
int state_routes(const struct route_state *s, FILE *comments,
		 struct route_line **routes, size_t *n);
int route_line_cmp(const void *a, const void *b);
int put_word(FILE *out, const char *what, const char *word);
int put_vpc(FILE *out, const struct vpc *v);
int put_peering(FILE *out, const struct peering *p);
int put_route(FILE *out, const char *verb, const struct route_line *r);
uint32_t default_metric(const struct prefix *p);

/* The MTU a peering gets when "peering add" names none. */
#define DEFAULT_MTU 1500

/**
 * struct conf - the state a batch file describes, built line by line
 *               (vpcpeerctl check, sync, and -b before it runs)
 * @closed: every object a line names must be added by an earlier line
 *          (else it may be in the kernel already, for the kernel to judge)
 * @state_only: only the lines that describe a state ("save" writes them)
 * @vpcs: the VPCs
 * @peerings: the peerings (both endpoints' MTU is the peering's)
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
	struct vpc_list vpcs;
	struct peering_list peerings;
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
int conf_plan(const struct conf *want, const struct route_state *s,
	      FILE *out, unsigned long **lines, size_t *n);

#endif
