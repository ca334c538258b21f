// SPDX-License-Identifier: GPL-2.0
/*
 * The one model of vpcpeerctl: VPCs, peerings, VRF tables and routes
 * (struct state), as the kernel's replies and events describe them
 * (vpc_parse(), peering_parse()) or a batch file does (conf.c), and the
 * questions every command asks of them.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "model.h"
#include "msg.h"

/* The drop reasons, in the order an endpoint's drops are kept. */
static const struct {
	uint16_t attr;
	uint32_t reason;
} drops[N_DROPS] = {
	{ VPCPEER_DROP_A_NOT_IP, VPCPEER_DROP_REASON_NOT_IP },
	{ VPCPEER_DROP_A_PEERING_DOWN, VPCPEER_DROP_REASON_PEERING_DOWN },
	{ VPCPEER_DROP_A_SRC_NOT_LOCAL, VPCPEER_DROP_REASON_SRC_NOT_LOCAL },
	{ VPCPEER_DROP_A_DST_NOT_PEER, VPCPEER_DROP_REASON_DST_NOT_PEER },
	{ VPCPEER_DROP_A_SOURCE_ROUTE, VPCPEER_DROP_REASON_SOURCE_ROUTE },
	{ VPCPEER_DROP_A_TOO_BIG, VPCPEER_DROP_REASON_TOO_BIG },
};

const char *const drop_names[N_DROPS] = {
	"not_ip", "peering_down", "src_not_local", "dst_not_peer",
	"source_route", "too_big",
};

/**
 * bad_reply() - report a reply this version cannot make sense of
 * @what: what is wrong with it
 *
 * Return: MNL_CB_ERROR, for a reply callback to return.
 */
int bad_reply(const char *what)
{
	errmsg("malformed reply from the kernel: %s", what);
	return MNL_CB_ERROR;
}

/* The name attribute @type of a message, or NULL. */
static const char *name_of(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == type &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(attr);
	}
	return NULL;
}

/* Copy a string attribute to *@dst; MNL_CB_ERROR after a message. */
static int get_str(const struct nlattr *attr, char **dst, const char *what)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return bad_reply(what);
	free(*dst);
	*dst = strdup(mnl_attr_get_str(attr));
	if (*dst)
		return MNL_CB_OK;
	errmsg("out of memory");
	return MNL_CB_ERROR;
}

/* A u32 (or, with @u8, u8) attribute into *@dst; MNL_CB_ERROR if bad. */
static int get_num(const struct nlattr *attr, uint32_t *dst, bool u8,
		   const char *what)
{
	if (mnl_attr_validate(attr, u8 ? MNL_TYPE_U8 : MNL_TYPE_U32) < 0)
		return bad_reply(what);
	*dst = u8 ? mnl_attr_get_u8(attr) : mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

/* The VPC a message is about: the last one if it repeats its name. */
static struct vpc *vpc_entry(struct state *s, const char *name)
{
	struct vpc *v;

	if (s->n_vpcs && !strcmp(s->vpcs[s->n_vpcs - 1].name, name))
		return &s->vpcs[s->n_vpcs - 1];
	v = array_grow(s->vpcs, sizeof(*v), s->n_vpcs, &s->cap_vpcs);
	if (!v)
		return NULL;
	s->vpcs = v;
	v = memset(&v[s->n_vpcs], 0, sizeof(*v));
	v->name = strdup(name);
	if (!v->name) {
		errmsg("out of memory");
		return NULL;
	}
	s->n_vpcs++;
	return v;
}

static int vpc_attr(const struct nlattr *attr, struct vpc *v)
{
	struct prefix *cidrs;

	switch (mnl_attr_get_type(attr)) {
	case VPCPEER_VPC_A_VRF_IFNAME:
		return v->vrf ? MNL_CB_OK : get_str(attr, &v->vrf, "VRF name");
	case VPCPEER_VPC_A_VRF_IFINDEX:
		return get_num(attr, &v->vrf_ifindex, false, "VRF ifindex");
	case VPCPEER_VPC_A_CIDR_COUNT:
		return get_num(attr, &v->cidr_count, false, "CIDR count");
	case VPCPEER_VPC_A_PEERING_COUNT:
		return get_num(attr, &v->peering_count, false, "peering count");
	case VPCPEER_VPC_A_CIDR:
		cidrs = array_grow(v->cidrs, sizeof(*cidrs), v->n_cidrs, &v->cap);
		if (!cidrs)
			return MNL_CB_ERROR;
		v->cidrs = cidrs;
		if (prefix_get(attr, &v->cidrs[v->n_cidrs]))
			return bad_reply("CIDR");
		v->n_cidrs++;
	}
	return MNL_CB_OK;
}

/**
 * vpc_parse() - add the VPC of a VPCPEER_CMD_VPC_* reply or event to a state
 * @nlh: the message (a VPC's CIDRs may come in several)
 * @data: the struct state
 *
 * Return: MNL_CB_OK, or MNL_CB_ERROR after a message.
 */
int vpc_parse(const struct nlmsghdr *nlh, void *data)
{
	const char *name = name_of(nlh, VPCPEER_VPC_A_NAME);
	const struct nlattr *attr;
	struct state *s = data;
	struct vpc *v;

	if (!name)
		return bad_reply("a VPC without a name");
	if (s->filter && strcmp(name, s->filter))
		return MNL_CB_OK;
	v = vpc_entry(s, name);
	if (!v)
		return MNL_CB_ERROR;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (vpc_attr(attr, v) == MNL_CB_ERROR)
			return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int endpoint_attr(const struct nlattr *attr, struct endpoint *ep)
{
	const struct nlattr *drop;
	unsigned int i;

	switch (mnl_attr_get_type(attr)) {
	case VPCPEER_EP_A_IFINDEX:
		return get_num(attr, &ep->ifindex, false, "endpoint ifindex");
	case VPCPEER_EP_A_IFNAME:
		return get_str(attr, &ep->ifname, "endpoint name");
	case VPCPEER_EP_A_MTU:
		return get_num(attr, &ep->mtu, false, "endpoint MTU");
	case VPCPEER_EP_A_DROPS:
		mnl_attr_for_each_nested(drop, attr) {
			for (i = 0; i < N_DROPS; i++) {
				if (mnl_attr_get_type(drop) != drops[i].attr)
					continue;
				if (mnl_attr_validate(drop, MNL_TYPE_U64) < 0)
					return bad_reply("drop counter");
				ep->drops[i] = mnl_attr_get_u64(drop);
			}
		}
	}
	return MNL_CB_OK;
}

static int peering_attr(const struct nlattr *attr, struct peering *p)
{
	const struct nlattr *a;
	struct endpoint *ep;
	uint32_t v;

	switch (mnl_attr_get_type(attr)) {
	case VPCPEER_PEERING_A_VPC_A:
		return get_str(attr, &p->vpc[0], "VPC name");
	case VPCPEER_PEERING_A_VPC_B:
		return get_str(attr, &p->vpc[1], "VPC name");
	case VPCPEER_PEERING_A_FLAGS:
		return get_num(attr, &p->flags, false, "flags");
	case VPCPEER_PEERING_A_ADMIN_UP:
		if (get_num(attr, &v, true, "admin state") == MNL_CB_ERROR)
			return MNL_CB_ERROR;
		p->admin_up = v;
		break;
	case VPCPEER_PEERING_A_STATE:
		if (get_num(attr, &v, true, "state") == MNL_CB_ERROR)
			return MNL_CB_ERROR;
		p->state = v;
		break;
	case VPCPEER_PEERING_A_ENDPOINT:
		if (p->n_ep >= 2)
			return bad_reply("more than two endpoints");
		ep = &p->ep[p->n_ep++];
		mnl_attr_for_each_nested(a, attr) {
			if (endpoint_attr(a, ep) == MNL_CB_ERROR)
				return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}

/**
 * peering_parse() - add the peering of a reply or event to a state
 * @nlh: a VPCPEER_CMD_PEERING_* message
 * @data: the struct state
 *
 * Return: MNL_CB_OK, or MNL_CB_ERROR after a message.
 */
int peering_parse(const struct nlmsghdr *nlh, void *data)
{
	const char *name = name_of(nlh, VPCPEER_PEERING_A_NAME);
	const struct nlattr *attr;
	struct state *s = data;
	struct peering *p;

	if (!name)
		return bad_reply("a peering without a name");
	if (s->filter && strcmp(name, s->filter))
		return MNL_CB_OK;
	p = array_grow(s->peerings, sizeof(*p), s->n_peerings, &s->cap_peerings);
	if (!p)
		return MNL_CB_ERROR;
	s->peerings = p;
	p = memset(&p[s->n_peerings++], 0, sizeof(*p));
	p->name = strdup(name);
	if (!p->name) {
		errmsg("out of memory");
		return MNL_CB_ERROR;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (peering_attr(attr, p) == MNL_CB_ERROR)
			return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

void vpc_free(struct vpc *v)
{
	free(v->name);
	free(v->vrf);
	free(v->cidrs);
}

void peering_free(struct peering *p)
{
	int side;

	free(p->name);
	for (side = 0; side < 2; side++) {
		free(p->vpc[side]);
		free(p->ep[side].ifname);
	}
}

/**
 * state_free() - free what a state holds, and empty it
 * @s: the state
 */
void state_free(struct state *s)
{
	size_t i;

	for (i = 0; i < s->n_vpcs; i++)
		vpc_free(&s->vpcs[i]);
	for (i = 0; i < s->n_peerings; i++)
		peering_free(&s->peerings[i]);
	free(s->vpcs);
	free(s->peerings);
	free(s->tables);
	free(s->routes);
	memset(s, 0, sizeof(*s));
}

/* The VPC of @s named @name, or NULL. */
struct vpc *find_vpc(const struct state *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n_vpcs; i++) {
		if (!strcmp(s->vpcs[i].name, name))
			return &s->vpcs[i];
	}
	return NULL;
}

/* The peering of @s named @name, or NULL. */
struct peering *find_peering(const struct state *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n_peerings; i++) {
		if (!strcmp(s->peerings[i].name, name))
			return &s->peerings[i];
	}
	return NULL;
}

/* Is @p exactly a CIDR of @v? */
bool vpc_has_cidr(const struct vpc *v, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < v->n_cidrs; i++) {
		if (!prefix_cmp(&v->cidrs[i], p))
			return true;
	}
	return false;
}

/* Is @p inside a CIDR of @v? */
bool vpc_covers(const struct vpc *v, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < v->n_cidrs; i++) {
		if (prefix_contains(&v->cidrs[i], p))
			return true;
	}
	return false;
}

/* The side of @p that VPC @vpc is: 0 (a), 1 (b), or -1 if neither. */
int peering_side(const struct peering *p, const char *vpc)
{
	if (p->vpc[0] && !strcmp(p->vpc[0], vpc))
		return 0;
	if (p->vpc[1] && !strcmp(p->vpc[1], vpc))
		return 1;
	return -1;
}

const char *peering_state_name(uint8_t state)
{
	switch (state) {
	case VPCPEER_STATE_UP:
		return "up";
	case VPCPEER_STATE_DOWN:
		return "down";
	}
	return "unknown";
}

/* The name of drop reason @reason (a test's verdict). */
const char *drop_name(uint32_t reason)
{
	unsigned int i;

	for (i = 0; i < N_DROPS; i++) {
		if (drops[i].reason == reason)
			return drop_names[i];
	}
	return "unknown";
}

/**
 * state_table_of() - the table of a VRF device
 * @s: the state
 * @ifindex: the VRF device's ifindex
 *
 * Return: its table, or 0 if it is no VRF.
 */
uint32_t state_table_of(const struct state *s, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < s->n_tables; i++) {
		if (s->tables[i].ifindex == ifindex)
			return s->tables[i].table;
	}
	return 0;
}

/* The VPC of @s whose VRF has table @table (its @table read), or NULL. */
const struct vpc *state_vpc_of_table(const struct state *s, uint32_t table)
{
	size_t i;

	for (i = 0; i < s->n_vpcs; i++) {
		if (s->vpcs[i].table == table)
			return &s->vpcs[i];
	}
	return NULL;
}

/**
 * state_first_route() - the first route of a table
 * @s: the state, its routes sorted (state_sort_routes())
 * @table: the table
 *
 * Return: its first route in @s->routes, or the end of them.
 */
const struct rt_entry *state_first_route(const struct state *s,
					 uint32_t table)
{
	size_t lo = 0, hi = s->n_routes, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->routes[mid].rt.table < table)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &s->routes[lo];
}

/**
 * state_endpoint_of() - the peering an endpoint belongs to
 * @s: the state
 * @ifindex: the endpoint's ifindex
 * @side: set to the endpoint's side, 0 (a) or 1 (b)
 *
 * Return: the peering, or NULL.
 */
const struct peering *state_endpoint_of(const struct state *s,
					uint32_t ifindex, int *side)
{
	const struct peering *p;
	size_t i;

	for (i = 0; i < s->n_peerings; i++) {
		p = &s->peerings[i];
		for (*side = 0; *side < (int)p->n_ep; (*side)++) {
			if (p->ep[*side].ifindex == ifindex)
				return p;
		}
	}
	return NULL;
}

static int cmp_vpc(const void *a, const void *b)
{
	return strcmp(((const struct vpc *)a)->name,
		      ((const struct vpc *)b)->name);
}

static int cmp_peering(const void *a, const void *b)
{
	return strcmp(((const struct peering *)a)->name,
		      ((const struct peering *)b)->name);
}

static int cmp_cidr(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

/* Sort @n entries of @size at @base, if any (qsort() wants an array). */
static void sort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	if (n)
		qsort(base, n, size, cmp);
}

/**
 * state_sort_by_name() - sort VPCs and peerings by name, CIDRs by prefix
 * @s: the state
 *
 * For output that two runs on the same objects must print alike (save,
 * frr guard); the routes keep their order.
 */
void state_sort_by_name(struct state *s)
{
	size_t i;

	sort(s->vpcs, s->n_vpcs, sizeof(*s->vpcs), cmp_vpc);
	for (i = 0; i < s->n_vpcs; i++)
		sort(s->vpcs[i].cidrs, s->vpcs[i].n_cidrs,
		     sizeof(*s->vpcs[i].cidrs), cmp_cidr);
	sort(s->peerings, s->n_peerings, sizeof(*s->peerings), cmp_peering);
}

/* By table, and in the kernel's order (IPv4 first) within one. */
static int cmp_route(const void *a, const void *b)
{
	const struct rt_entry *x = a, *y = b;

	if (x->rt.table != y->rt.table)
		return x->rt.table < y->rt.table ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/**
 * state_sort_routes() - sort the routes by table, stably
 * @s: the state, its routes in the kernel's order
 */
void state_sort_routes(struct state *s)
{
	size_t i;

	for (i = 0; i < s->n_routes; i++)
		s->routes[i].pos = i;
	sort(s->routes, s->n_routes, sizeof(*s->routes), cmp_route);
}

/**
 * route_is_auto() - is a route one that "routes auto" makes?
 * @s: the state
 * @p: the peering the route goes into
 * @side: the side of @p whose endpoint the route leaves by
 * @e: the route
 *
 * Return: true if @p has the flag and @e goes to exactly a CIDR of the
 * peer VPC with the family's default metric.
 */
bool route_is_auto(const struct state *s, const struct peering *p, int side,
		   const struct rt_entry *e)
{
	const struct vpc *peer = find_vpc(s, p->vpc[!side]);

	return p->flags & VPCPEER_F_ROUTES_AUTO && peer &&
	       e->rt.metric == default_metric(&e->rt.dst) &&
	       vpc_has_cidr(peer, &e->rt.dst);
}

/* Order routes by VPC, prefix, metric and peering, as save writes them. */
int route_line_cmp(const void *a, const void *b)
{
	const struct route_line *x = a, *y = b;
	int c;

	c = strcmp(x->vpc, y->vpc);
	if (c)
		return c;
	c = prefix_cmp(&x->rt.dst, &y->rt.dst);
	if (c)
		return c;
	if (x->rt.metric != y->rt.metric)
		return x->rt.metric < y->rt.metric ? -1 : 1;
	return strcmp(x->peering, y->peering);
}

/**
 * state_routes() - the routes of a state that "route add" lines make
 * @s: the state
 * @comments: where to write, as comments, the routes no line can make;
 *            or NULL
 * @routes: set to the routes, sorted, pointing into @s; to free()
 * @n: set to their number
 *
 * Every route of protocol vpcpeer in a VPC's table, out of an endpoint of
 * that VPC, but those "routes auto" makes.
 *
 * Return: 0, or -1 after a message.
 */
int state_routes(const struct state *s, FILE *comments,
		 struct route_line **routes, size_t *n)
{
	const struct rt_entry *e, *end = s->routes + s->n_routes;
	char dst[PREFIX_STRLEN];
	const struct peering *p;
	struct route_line *out;
	const struct vpc *v;
	const char *why;
	size_t i;
	int side;

	*n = 0;
	*routes = out = calloc(s->n_routes + 1, sizeof(*out));
	if (!out) {
		errmsg("out of memory");
		return -1;
	}
	/* in the VPCs' order: save sorts them by name, for stable comments */
	for (i = 0; i < s->n_vpcs; i++) {
		v = &s->vpcs[i];
		for (e = state_first_route(s, v->table);
		     v->table && e < end && e->rt.table == v->table; e++) {
			p = state_endpoint_of(s, e->rt.oif, &side);
			why = NULL;
			if (e->type != RTN_UNICAST)
				why = "not a unicast route";
			else if (!p || strcmp(p->vpc[side], v->name))
				why = "not out of an endpoint of this VPC";
			else if (route_is_auto(s, p, side, e))
				continue;
			if (why && comments)
				fprintf(comments, "# vpc %s: route to %s metric %u (ifindex %u) not restored: %s\n",
					v->name, prefix_fmt(&e->rt.dst, dst, sizeof(dst)),
					e->rt.metric, e->rt.oif, why);
			if (why)
				continue;
			out[*n].vpc = v->name;
			out[*n].peering = p->name;
			out[*n].rt = e->rt;
			(*n)++;
		}
	}
	qsort(out, *n, sizeof(*out), route_line_cmp);
	return 0;
}
