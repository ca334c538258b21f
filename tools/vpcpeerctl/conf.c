// SPDX-License-Identifier: GPL-2.0
/*
 * The state a batch file describes (struct conf), and the plan that makes
 * the kernel's state equal to it.
 *
 * Every line of a batch file is parsed by its command's own parser, which,
 * while ctl->conf is set, records the line here instead of sending it.
 * Each record is checked as the kernel would check it, against what the
 * earlier lines built: names given twice, CIDRs overlapping one another
 * (in a VPC, or across a peering), a peering of VPCs no line added, a
 * route outside the peer VPC's CIDRs. An object no
 * earlier line added may exist in the kernel already: for -b that is for
 * the kernel to judge; "check" and "sync" read a file as a whole state
 * (@closed), where it is an error.
 *
 * conf_plan() compares such a state with the kernel's (struct
 * state) and writes the batch lines that make one the other,
 * ordered so that nothing both have loses traffic: new objects and CIDRs
 * first (after any CIDR they overlap has gone), routes added before stale
 * ones go, the other CIDRs removed last.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/vpcpeer.h>

#include "conf.h"
#include "save.h"

/* A route deleted by a later line: its strings go, its entry stays. */
static void free_route(struct route_line *r)
{
	free(r->vpc);
	free(r->peering);
	r->vpc = NULL;
	r->peering = NULL;
}

/*
 * The routes are indexed by VPC and prefix, so that a batch of a hundred
 * thousand route lines is checked in linear time: an open-addressing
 * table whose slots hold 0 (empty), SLOT_GONE, or a route's index + 1.
 */
#define SLOT_GONE SIZE_MAX

static size_t route_hash(const char *vpc, const struct prefix *dst)
{
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *s;
	unsigned int i;

	for (s = (const unsigned char *)vpc; *s; s++)
		h = (h ^ *s) * 1099511628211ULL;
	for (i = 0; i < sizeof(dst->addr); i++)
		h = (h ^ dst->addr.bytes[i]) * 1099511628211ULL;
	return (h ^ dst->len ^ (uint64_t)dst->family << 8) * 1099511628211ULL;
}

/* Does @r match @rt, for "route del" (which may leave the metric out)? */
static bool same_route(const struct route_line *r, const char *vpc,
		       const struct rt *rt)
{
	return r->vpc && !strcmp(r->vpc, vpc) &&
	       !prefix_cmp(&r->rt.dst, &rt->dst) &&
	       (!rt->has_metric || r->rt.metric == rt->metric);
}

/*
 * The slot of the route of @c to @rt in @vpc's table (through @peering,
 * unless NULL), or NULL.
 */
static size_t *find_slot(const struct conf *c, const char *vpc,
			 const struct rt *rt, const char *peering)
{
	const struct route_line *r;
	size_t i, mask = c->n_slots - 1;

	if (!c->n_slots)
		return NULL;
	for (i = route_hash(vpc, &rt->dst) & mask; c->slots[i];
	     i = (i + 1) & mask) {
		if (c->slots[i] == SLOT_GONE)
			continue;
		r = &c->routes[c->slots[i] - 1];
		if (same_route(r, vpc, rt) &&
		    (!peering || !strcmp(r->peering, peering)))
			return &c->slots[i];
	}
	return NULL;
}

/* Index route @idx of @c, first making room; 0 or -1. */
static int index_route(struct conf *c, size_t idx)
{
	size_t i, n, *slots, mask;

	if ((c->used_slots + 1) * 2 > c->n_slots) {
		n = c->n_slots ? c->n_slots * 2 : 64;
		slots = calloc(n, sizeof(*slots));
		if (!slots) {
			errmsg("out of memory");
			return -1;
		}
		free(c->slots);
		c->slots = slots;
		c->n_slots = n;
		c->used_slots = 0;
		for (i = 0; i < idx; i++) {
			if (c->routes[i].vpc && index_route(c, i))
				return -1;
		}
	}
	mask = c->n_slots - 1;
	for (i = route_hash(c->routes[idx].vpc, &c->routes[idx].rt.dst) & mask;
	     c->slots[i]; i = (i + 1) & mask)
		;
	c->slots[i] = idx + 1;
	c->used_slots++;
	return 0;
}

/* Delete route @r of @c, whose slot is @slot. */
static void drop_route(struct route_line *r, size_t *slot)
{
	free_route(r);
	*slot = SLOT_GONE;
}

void conf_free(struct conf *c)
{
	size_t i;

	state_free(&c->s);
	for (i = 0; i < c->n_routes; i++)
		free_route(&c->routes[i]);
	free(c->routes);
	free(c->slots);
}

/* An object no earlier line added: an error only in a closed file. */
static int missing(const struct conf *c, const char *what, const char *name)
{
	if (!c->closed)
		return 0;
	errmsg("%s \"%s\" is not added by an earlier line", what, name);
	return EXIT_REFUSED;
}

/* Check that @p can join @v's CIDRs: canonical, no overlap in reach. */
static int cidr_fits(const struct conf *c, const struct vpc *v,
		     const struct prefix *p)
{
	char text[PREFIX_STRLEN], other[PREFIX_STRLEN];
	const struct peering *pe;
	const struct vpc *w;
	size_t i, k;

	prefix_fmt(p, text, sizeof(text));
	for (i = 0; i <= c->s.n_peerings; i++) {
		w = v;
		if (i < c->s.n_peerings) {
			pe = &c->s.peerings[i];
			if (!strcmp(pe->vpc[0], v->name))
				w = find_vpc(&c->s, pe->vpc[1]);
			else if (!strcmp(pe->vpc[1], v->name))
				w = find_vpc(&c->s, pe->vpc[0]);
			else
				continue;
		}
		for (k = 0; w && k < w->n_cidrs; k++) {
			if (!prefix_contains(p, &w->cidrs[k]) &&
			    !prefix_contains(&w->cidrs[k], p))
				continue;
			errmsg("%s overlaps %s of vpc \"%s\"%s", text,
			       prefix_fmt(&w->cidrs[k], other, sizeof(other)),
			       w->name, w == v ? "" : ", its peer");
			return EXIT_REFUSED;
		}
	}
	return 0;
}

static int add_cidrs(const struct conf *c, struct vpc *v,
		     const struct prefix *cidrs, size_t n)
{
	struct prefix *p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (cidr_fits(c, v, &cidrs[i]))
			return EXIT_REFUSED;
		p = array_grow(v->cidrs, sizeof(*p), v->n_cidrs, &v->cap);
		if (!p)
			return EXIT_REFUSED;
		v->cidrs = p;
		v->cidrs[v->n_cidrs++] = cidrs[i];
	}
	return 0;
}

int conf_vpc_add(struct conf *c, const char *name, const char *vrf,
		 const struct prefix *cidrs, size_t n)
{
	struct vpc *v;
	size_t i;

	v = find_vpc(&c->s, name);
	if (v) {
		errmsg("vpc \"%s\" is already added by line %lu", name, v->line);
		return EXIT_REFUSED;
	}
	for (i = 0; i < c->s.n_vpcs; i++) {
		if (!strcmp(c->s.vpcs[i].vrf, vrf)) {
			errmsg("%s already backs vpc \"%s\" (line %lu)", vrf,
			       c->s.vpcs[i].name, c->s.vpcs[i].line);
			return EXIT_REFUSED;
		}
	}
	v = array_grow(c->s.vpcs, sizeof(*v), c->s.n_vpcs, &c->s.cap_vpcs);
	if (!v)
		return EXIT_REFUSED;
	c->s.vpcs = v;
	v = &v[c->s.n_vpcs];
	memset(v, 0, sizeof(*v));
	v->line = msg_where_line();
	v->name = strdup(name);
	v->vrf = strdup(vrf);
	if (!v->name || !v->vrf) {
		free(v->name);
		free(v->vrf);
		errmsg("out of memory");
		return EXIT_REFUSED;
	}
	c->s.n_vpcs++;
	/* recorded even if a CIDR is bad: later lines may name it */
	return add_cidrs(c, v, cidrs, n);
}

/* Drop the routes of @c through @peering, or in @vpc's table. */
static void drop_routes(struct conf *c, const char *peering, const char *vpc)
{
	struct route_line *r;
	size_t i;

	for (i = 0; i < c->n_routes; i++) {
		r = &c->routes[i];
		if (r->vpc && ((peering && !strcmp(r->peering, peering)) ||
			       (vpc && !strcmp(r->vpc, vpc))))
			drop_route(r, find_slot(c, r->vpc, &r->rt, r->peering));
	}
}

static void drop_peering(struct conf *c, struct peering *p)
{
	struct peering *end = c->s.peerings + --c->s.n_peerings;

	drop_routes(c, p->name, NULL);
	free(p->name);
	free(p->vpc[0]);
	free(p->vpc[1]);
	memmove(p, p + 1, (end - p) * sizeof(*p));
}

int conf_vpc_del(struct conf *c, const char *name)
{
	struct vpc *v = find_vpc(&c->s, name);
	size_t i;

	if (!v)
		return missing(c, "vpc", name);
	/* the kernel deletes its peerings with it */
	for (i = c->s.n_peerings; i-- > 0;) {
		if (!strcmp(c->s.peerings[i].vpc[0], name) ||
		    !strcmp(c->s.peerings[i].vpc[1], name))
			drop_peering(c, &c->s.peerings[i]);
	}
	drop_routes(c, NULL, name);
	free(v->name);
	free(v->vrf);
	free(v->cidrs);
	memmove(v, v + 1, (c->s.vpcs + --c->s.n_vpcs - v) * sizeof(*v));
	return 0;
}

int conf_cidrs(struct conf *c, bool add, const char *name,
	       const struct prefix *cidrs, size_t n)
{
	struct vpc *v = find_vpc(&c->s, name);
	char text[PREFIX_STRLEN];
	size_t i, k;

	if (!v)
		return missing(c, "vpc", name);
	if (add)
		return add_cidrs(c, v, cidrs, n);
	for (i = 0; i < n; i++) {
		if (!vpc_has_cidr(v, &cidrs[i])) {
			errmsg("vpc \"%s\" has no CIDR %s", name,
			       prefix_fmt(&cidrs[i], text, sizeof(text)));
			return EXIT_REFUSED;
		}
	}
	for (i = 0; i < n; i++) {
		for (k = 0; prefix_cmp(&v->cidrs[k], &cidrs[i]); k++)
			;
		v->cidrs[k] = v->cidrs[--v->n_cidrs];
	}
	return 0;
}

int conf_peering_add(struct conf *c, const char *name, const char *vpc_a,
		     const char *vpc_b, uint32_t mtu, uint32_t flags, bool up)
{
	struct peering *p = find_peering(&c->s, name);
	struct vpc *a, *b;
	size_t i;

	if (p) {
		errmsg("peering \"%s\" is already added by line %lu", name,
		       p->line);
		return EXIT_REFUSED;
	}
	if (!strcmp(vpc_a, vpc_b)) {
		errmsg("peering \"%s\": a VPC cannot peer with itself", name);
		return EXIT_REFUSED;
	}
	a = find_vpc(&c->s, vpc_a);
	b = find_vpc(&c->s, vpc_b);
	if ((!a && missing(c, "vpc", vpc_a)) || (!b && missing(c, "vpc", vpc_b)))
		return EXIT_REFUSED;
	for (i = 0; a && b && i < b->n_cidrs; i++) {
		if (cidr_fits(c, a, &b->cidrs[i]))
			return EXIT_REFUSED;
	}
	p = array_grow(c->s.peerings, sizeof(*p), c->s.n_peerings,
		       &c->s.cap_peerings);
	if (!p)
		return EXIT_REFUSED;
	c->s.peerings = p;
	p = &p[c->s.n_peerings];
	memset(p, 0, sizeof(*p));
	p->line = msg_where_line();
	p->name = strdup(name);
	p->vpc[0] = strdup(vpc_a);
	p->vpc[1] = strdup(vpc_b);
	p->flags = flags;
	p->admin_up = up;
	p->ep[0].mtu = mtu;
	p->ep[1].mtu = mtu;
	c->s.n_peerings++;
	if (!p->name || !p->vpc[0] || !p->vpc[1]) {
		errmsg("out of memory");
		return EXIT_REFUSED;
	}
	return 0;
}

int conf_peering_del(struct conf *c, const char *name)
{
	struct peering *p = find_peering(&c->s, name);

	if (!p)
		return missing(c, "peering", name);
	drop_peering(c, p);
	return 0;
}

int conf_peering_set(struct conf *c, const char *name, int up,
		     const uint32_t *mtu)
{
	struct peering *p = find_peering(&c->s, name);

	if (!p)
		return missing(c, "peering", name);
	if (up >= 0)
		p->admin_up = up;
	if (mtu) {
		p->ep[0].mtu = *mtu;
		p->ep[1].mtu = *mtu;
	}
	return 0;
}

int conf_route(struct conf *c, bool add, const char *vpc, const char *peering,
	       const struct rt *rt)
{
	const struct peering *p = find_peering(&c->s, peering);
	char text[PREFIX_STRLEN];
	struct route_line *r;
	const struct vpc *peer;
	struct rt want = *rt;
	size_t i, *slot;

	/* a route added without a metric gets the family's default */
	if (add && !want.has_metric) {
		want.metric = default_metric(&want.dst);
		want.has_metric = true;
	}
	rt = &want;
	if (!find_vpc(&c->s, vpc) && missing(c, "vpc", vpc))
		return EXIT_REFUSED;
	if (!p && missing(c, "peering", peering))
		return EXIT_REFUSED;
	if (p && strcmp(p->vpc[0], vpc) && strcmp(p->vpc[1], vpc)) {
		errmsg("vpc \"%s\" is not part of peering \"%s\", which joins \"%s\" and \"%s\"",
		       vpc, peering, p->vpc[0], p->vpc[1]);
		return EXIT_REFUSED;
	}
	/* a table has one route to a prefix with a metric, whatever its device */
	slot = find_slot(c, vpc, rt, add ? NULL : peering);
	if (slot && !add) {
		drop_route(&c->routes[*slot - 1], slot);
		return 0;
	}
	/* the prefix's text is for the messages: a batch has many routes */
	if (slot || !add)
		prefix_fmt(&rt->dst, text, sizeof(text));
	if (slot) {
		errmsg("the route of vpc \"%s\" to %s with metric %u is already added by line %lu",
		       vpc, text, rt->metric, c->routes[*slot - 1].line);
		return EXIT_REFUSED;
	}
	if (!add)
		return missing(c, "route to", text);
	peer = p ? find_vpc(&c->s, strcmp(p->vpc[0], vpc) ? p->vpc[0] :
			    p->vpc[1]) : NULL;
	for (i = 0; peer && i < peer->n_cidrs; i++) {
		if (prefix_contains(&peer->cidrs[i], &rt->dst))
			break;
	}
	if (peer && i == peer->n_cidrs) {
		prefix_fmt(&rt->dst, text, sizeof(text));
		errmsg("%s is not inside the CIDRs of vpc \"%s\", the peer of \"%s\" in peering \"%s\"",
		       text, peer->name, vpc, peering);
		return EXIT_REFUSED;
	}
	r = array_grow(c->routes, sizeof(*r), c->n_routes, &c->cap);
	if (!r)
		return EXIT_REFUSED;
	c->routes = r;
	r = &r[c->n_routes];
	r->vpc = strdup(vpc);
	r->peering = strdup(peering);
	r->rt = *rt;
	r->line = msg_where_line();
	if (!r->vpc || !r->peering) {
		free_route(r);
		errmsg("out of memory");
		return EXIT_REFUSED;
	}
	return index_route(c, c->n_routes++) ? EXIT_REFUSED : 0;
}

/**
 * struct plan - batch lines being written
 * @out: where they go
 * @lines: for each, the line of the file it comes from (0: none)
 * @n: lines written
 * @cap: entries allocated in @lines
 */
struct plan {
	FILE *out;
	unsigned long *lines;
	size_t n;
	size_t cap;
	const struct conf *want;
	const struct state *s;
};

/* Note that the next batch line is about line @line of the file. */
static int step(struct plan *pl, unsigned long line)
{
	unsigned long *l;

	l = array_grow(pl->lines, sizeof(*l), pl->n, &pl->cap);
	if (!l)
		return -1;
	pl->lines = l;
	l[pl->n++] = line;
	return 0;
}

/* "@verb NAME\n", about no line of the file. */
static int plan_del(struct plan *pl, const char *verb, const char *name)
{
	if (step(pl, 0))
		return -1;
	fputs(verb, pl->out);
	if (put_word(pl->out, "name", name))
		return -1;
	fputc('\n', pl->out);
	return 0;
}

/* Must live VPC @v go (and come back)? */
static bool vpc_goes(const struct conf *want, const struct vpc *v)
{
	const struct vpc *w = find_vpc(&want->s, v->name);

	return !w || !v->vrf || strcmp(w->vrf, v->vrf);
}

/*
 * Does @p overlap a CIDR the plan gives a VPC, its own or another's? The
 * kernel would refuse that CIDR while @p is still there: in the VPC, or in
 * a peer's, as when a CIDR moves between peered VPCs.
 */
static bool overlaps_new(const struct plan *pl, const struct prefix *p)
{
	const struct vpc *w, *old;
	size_t i, j;

	for (i = 0; i < pl->want->s.n_vpcs; i++) {
		w = &pl->want->s.vpcs[i];
		old = find_vpc(pl->s, w->name);
		for (j = 0; j < w->n_cidrs; j++) {
			if (old && !vpc_goes(pl->want, old) && vpc_has_cidr(old, &w->cidrs[j]))
				continue;	/* not new */
			if (prefix_contains(p, &w->cidrs[j]) ||
			    prefix_contains(&w->cidrs[j], p))
				return true;
		}
	}
	return false;
}

/*
 * "vpc cidr add|del": the CIDRs of @from not in @than, if any; with
 * @overlap 0 or 1 only those that do not, or do, overlap a new CIDR.
 */
static int plan_cidrs(struct plan *pl, const char *verb, const struct vpc *from,
		      const struct vpc *than, unsigned long line, int overlap)
{
	char buf[PREFIX_STRLEN];
	bool any = false;
	size_t i;

	for (i = 0; i < from->n_cidrs; i++) {
		if (vpc_has_cidr(than, &from->cidrs[i]) ||
		    (overlap >= 0 && overlaps_new(pl, &from->cidrs[i]) != overlap))
			continue;
		if (!any && (step(pl, line) || fputs(verb, pl->out) < 0 ||
			     put_word(pl->out, "vpc", from->name)))
			return -1;
		any = true;
		fprintf(pl->out, " %s", prefix_fmt(&from->cidrs[i], buf, sizeof(buf)));
	}
	if (any)
		fputc('\n', pl->out);
	return 0;
}

/* "peering add", and "peering set NAME down" if it is down. */
static int plan_peering_add(struct plan *pl, const struct peering *p)
{
	return step(pl, p->line) || (!p->admin_up && step(pl, p->line)) ||
	       put_peering(pl->out, p);
}

/* "peering set" for what of @w differs from live @p: admin state, MTU. */
static int plan_set(struct plan *pl, const struct peering *w,
		    const struct peering *p)
{
	bool admin = !p->admin_up != !w->admin_up;
	bool mtu = w->ep[0].mtu != p->ep[0].mtu || w->ep[0].mtu != p->ep[1].mtu;

	if (!admin && !mtu)
		return 0;
	if (step(pl, w->line) || fputs("peering set", pl->out) < 0 ||
	    put_word(pl->out, "peering", w->name))
		return -1;
	if (admin)
		fputs(w->admin_up ? " up" : " down", pl->out);
	if (mtu)
		fprintf(pl->out, " mtu %u", w->ep[0].mtu);
	fputc('\n', pl->out);
	return 0;
}

/* Must live peering @p go (and come back, if @want has it)? */
static bool peering_goes(const struct conf *want, const struct state *s,
			 const struct peering *p)
{
	const struct peering *w = find_peering(&want->s, p->name);
	const struct vpc *a, *b;

	if (!w || !p->vpc[0] || !p->vpc[1] || p->n_ep != 2)
		return true;
	a = find_vpc(s, p->vpc[0]);
	b = find_vpc(s, p->vpc[1]);
	return strcmp(w->vpc[0], p->vpc[0]) || strcmp(w->vpc[1], p->vpc[1]) ||
	       w->flags != (p->flags & VPCPEER_F_ROUTES_AUTO) ||
	       !a || !b || vpc_goes(want, a) || vpc_goes(want, b);
}

/* Was peering @name of @want there before, and stays? */
static bool peering_stays(const struct conf *want, const struct state *s,
			  const char *name)
{
	const struct peering *p = find_peering(s, name);

	return p && !peering_goes(want, s, p);
}

/**
 * conf_plan() - the batch lines that make the kernel's state @want
 * @want: the state, as a file describes it (@want->closed)
 * @s: the kernel's state
 * @out: where to write the lines
 * @lines: set to the file line each batch line comes from (0: none), to free()
 * @n: set to the number of batch lines
 *
 * Return: 0, or -1 after a message.
 */
int conf_plan(const struct conf *want, const struct state *s,
	      FILE *out, unsigned long **lines, size_t *n)
{
	struct plan pl = { .out = out, .want = want, .s = s };
	struct route_line *live = NULL;
	const struct peering *p, *w;
	const struct vpc *v, *old;
	size_t i, n_live = 0;
	int ret = -1;

	if (state_routes(s, NULL, &live, &n_live))
		goto out;
	/* what goes, or changes what no request changes: gone first */
	for (i = 0; i < s->n_peerings; i++) {
		p = &s->peerings[i];
		if (peering_goes(want, s, p) && plan_del(&pl, "peering del", p->name))
			goto out;
	}
	for (i = 0; i < s->n_vpcs; i++) {
		v = &s->vpcs[i];
		if (vpc_goes(want, v) && plan_del(&pl, "vpc del", v->name))
			goto out;
	}
	/* a CIDR that a new one overlaps cannot stay until it comes */
	for (i = 0; i < s->n_vpcs; i++) {
		v = &s->vpcs[i];
		if (!vpc_goes(want, v) &&
		    plan_cidrs(&pl, "vpc cidr del", v,
			       find_vpc(&want->s, v->name), 0, 1))
			goto out;
	}
	/* new VPCs and CIDRs before the peerings and routes that need them */
	for (i = 0; i < want->s.n_vpcs; i++) {
		v = &want->s.vpcs[i];
		old = find_vpc(s, v->name);
		if (!old || vpc_goes(want, old)) {
			if (step(&pl, v->line) || put_vpc(out, v))
				goto out;
		} else if (plan_cidrs(&pl, "vpc cidr add", v, old, v->line, -1)) {
			goto out;
		}
	}
	for (i = 0; i < want->s.n_peerings; i++) {
		w = &want->s.peerings[i];
		p = find_peering(s, w->name);
		if (!peering_stays(want, s, w->name)) {
			if (plan_peering_add(&pl, w))
				goto out;
		} else if (plan_set(&pl, w, p)) {
			goto out;
		}
	}
	/* routes: the new before the stale */
	for (i = 0; i < want->n_routes; i++) {
		if (want->routes[i].vpc &&
		    (!peering_stays(want, s, want->routes[i].peering) ||
		     !bsearch(&want->routes[i], live, n_live, sizeof(*live),
			      route_line_cmp)) &&
		    (step(&pl, want->routes[i].line) ||
		     put_route(out, "route add", &want->routes[i])))
			goto out;
	}
	for (i = 0; i < n_live; i++) {
		if (peering_stays(want, s, live[i].peering) &&
		    !find_slot(want, live[i].vpc, &live[i].rt, live[i].peering) &&
		    (step(&pl, 0) || put_route(out, "route del", &live[i])))
			goto out;
	}
	for (i = 0; i < s->n_vpcs; i++) {
		v = &s->vpcs[i];
		if (!vpc_goes(want, v) &&
		    plan_cidrs(&pl, "vpc cidr del", v,
			       find_vpc(&want->s, v->name), 0, 0))
			goto out;
	}
	ret = 0;
out:
	free(live);
	*lines = pl.lines;
	*n = pl.n;
	return ret;
}
