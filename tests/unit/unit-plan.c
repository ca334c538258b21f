// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the sync planner (conf_plan(), tools/vpcpeerctl/conf.c):
 * from a live state A to the state B a file describes, the batch lines
 * "vpcpeerctl sync" would run, compared with a plan written by hand.
 *
 * Both states are written as batch lines and parsed by the commands' own
 * parsers into a struct conf, as "sync" parses its file. A is then laid
 * out as state_read() reports a kernel's state: VRF devices and
 * tables, peerings with two endpoints, and the routes of protocol vpcpeer,
 * "routes auto"'s included, sorted by table.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "conf.h"
#include "ctl.h"
#include "unit.h"

/* Parse the batch lines of @text (words split at blanks) into @c. */
static void parse(const char *name, const char *text, struct conf *c)
{
	char *copy = strdup(text), *line, *word, *save, *save2, *argv[32];
	struct ctl ctl = { .conf = c };
	unsigned long no = 0;
	int argc;

	memset(c, 0, sizeof(*c));
	c->closed = true;
	c->state_only = true;
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		argc = 0;
		for (word = strtok_r(line, " ", &save2); word && argc < 31;
		     word = strtok_r(NULL, " ", &save2))
			argv[argc++] = word;
		argv[argc] = NULL;
		msg_where(name, ++no);
		if (argc && run_object(&ctl, argc, argv)) {
			printf("%s: a state line of the test is refused\n", name);
			exit(1);
		}
	}
	msg_where(NULL, 0);
	free(copy);
}

static size_t index_of(const struct state *s, const char *name)
{
	return find_vpc(s, name) - s->vpcs;
}

static struct rt_entry *add_rt(struct state *s, size_t *cap,
			       const struct prefix *dst, uint32_t table,
			       uint32_t oif, uint32_t metric)
{
	struct rt_entry *e;

	e = array_grow(s->routes, sizeof(*e), s->n_routes + 1, cap);
	if (!e)
		exit(1);
	s->routes = e;
	e = &e[s->n_routes];
	memset(e, 0, sizeof(*e));
	e->rt.dst = *dst;
	e->rt.table = table;
	e->rt.oif = oif;
	e->rt.metric = metric;
	e->rt.has_metric = true;
	e->type = RTN_UNICAST;
	s->n_routes++;
	return e;
}

/*
 * @c as the kernel would report it: VPC i has VRF device 100 + i and
 * table 1000 + i; peering i has endpoints 200 + 2i (side a) and 201 + 2i.
 */
static void live(const struct conf *c, struct state *s)
{
	const struct peering *p;
	const struct vpc *v, *peer;
	size_t i, k, side, cap = 0;
	struct route_line *r;
	struct vpc *sv;
	struct peering *sp;

	memset(s, 0, sizeof(*s));
	s->vpcs = calloc(c->s.n_vpcs + 1, sizeof(*s->vpcs));
	s->tables = calloc(c->s.n_vpcs + 1, sizeof(*s->tables));
	s->peerings = calloc(c->s.n_peerings + 1, sizeof(*s->peerings));
	if (!s->vpcs || !s->tables || !s->peerings)
		exit(1);
	for (i = 0; i < c->s.n_vpcs; i++) {
		v = &c->s.vpcs[i];
		sv = &s->vpcs[s->n_vpcs++];
		sv->name = strdup(v->name);
		sv->vrf = strdup(v->vrf);
		sv->vrf_ifindex = 100 + i;
		sv->table = 1000 + i;
		sv->cidrs = calloc(v->n_cidrs + 1, sizeof(*sv->cidrs));
		if (v->n_cidrs)
			memcpy(sv->cidrs, v->cidrs,
			       v->n_cidrs * sizeof(*sv->cidrs));
		sv->n_cidrs = v->n_cidrs;
		sv->cap = v->n_cidrs;
		sv->cidr_count = v->n_cidrs;
		s->tables[s->n_tables].ifindex = 100 + i;
		s->tables[s->n_tables++].table = 1000 + i;
	}
	for (i = 0; i < c->s.n_peerings; i++) {
		p = &c->s.peerings[i];
		sp = &s->peerings[s->n_peerings++];
		sp->name = strdup(p->name);
		sp->vpc[0] = strdup(p->vpc[0]);
		sp->vpc[1] = strdup(p->vpc[1]);
		sp->flags = p->flags;
		sp->admin_up = p->admin_up;
		sp->n_ep = 2;
		for (side = 0; side < 2; side++) {
			sp->ep[side].ifindex = 200 + 2 * i + side;
			sp->ep[side].mtu = p->ep[side].mtu;
		}
		if (!(p->flags & VPCPEER_F_ROUTES_AUTO))
			continue;
		/* what "routes auto" installs: each peer CIDR, default metric */
		for (side = 0; side < 2; side++) {
			v = find_vpc(&c->s, p->vpc[side]);
			peer = find_vpc(&c->s, p->vpc[!side]);
			for (k = 0; k < peer->n_cidrs; k++)
				add_rt(s, &cap, &peer->cidrs[k],
				       1000 + index_of(&c->s, v->name),
				       200 + 2 * i + side,
				       default_metric(&peer->cidrs[k]));
		}
	}
	for (i = 0; i < c->n_routes; i++) {
		r = &c->routes[i];
		if (!r->vpc)
			continue;
		p = c->s.peerings;
		for (k = 0; strcmp(p[k].name, r->peering); k++)
			;
		side = strcmp(p[k].vpc[0], r->vpc) ? 1 : 0;
		add_rt(s, &cap, &r->rt.dst, 1000 + index_of(&c->s, r->vpc),
		       200 + 2 * k + side, r->rt.metric);
	}
	/* by table, in the order added within one, as state_read() sorts */
	state_sort_routes(s);
}

/* From live state @from to the state @to, the plan must be @want. */
static void plan(const char *name, const char *from, const char *to,
		 const char *want)
{
	struct state s;
	unsigned long *lines = NULL;
	struct conf a, b;
	char *text = NULL;
	size_t len, n = 0, nl = 0;
	const char *c;
	FILE *out;
	int ret;

	parse(name, from, &a);
	parse(name, to, &b);
	live(&a, &s);
	out = open_memstream(&text, &len);
	if (!out)
		exit(1);
	ret = conf_plan(&b, &s, out, &lines, &n);
	fclose(out);
	if (expect_long(name, ret, 0) && expect_str(name, text, want)) {
		for (c = want; *c; c++)
			nl += *c == '\n';
		expect_long(name, n, nl);	/* a file line for each */
	}
	free(text);
	free(lines);
	state_free(&s);
	conf_free(&a);
	conf_free(&b);
}

/* Two peered VPCs, a route: the state most cases start from. */
#define RED "vpc add red vrf vrf-red cidr 10.1.0.0/16\n"
#define BLUE "vpc add blue vrf vrf-blue cidr 10.2.0.0/16 cidr 2001:db8:2::/48\n"
#define RB "peering add rb red blue\n"
#define ROUTE "route add red 10.2.1.0/24 peering rb\n"
#define BASE (RED BLUE RB ROUTE)

int main(void)
{
	plan("create from empty", "", BASE, BASE);
	plan("delete to empty", BASE, "",
	     "peering del rb\n"
	     "vpc del red\n"
	     "vpc del blue\n");
	plan("no-op", BASE, BASE, "");
	plan("no-op with routes auto, a peering down, metrics",
	     "vpc add red vrf vrf-red cidr 10.1.0.0/16 cidr 2001:db8:1::/48\n"
	     BLUE
	     "peering add rb red blue mtu 9000 routes auto\n"
	     "peering set rb down\n"
	     "route add red 2001:db8:2:1::/64 peering rb metric 10\n"
	     "route add blue 10.1.5.0/24 peering rb\n",
	     "vpc add red vrf vrf-red cidr 10.1.0.0/16 cidr 2001:db8:1::/48\n"
	     BLUE
	     "peering add rb red blue mtu 9000 routes auto\n"
	     "peering set rb down\n"
	     "route add red 2001:db8:2:1::/64 peering rb metric 10\n"
	     "route add blue 10.1.5.0/24 peering rb\n",
	     "");

	/* the peer would refuse the CIDR while red still has it */
	plan("a CIDR moving between peered VPCs",
	     "vpc add red vrf vrf-red cidr 10.1.0.0/16 cidr 10.3.0.0/16\n"
	     "vpc add blue vrf vrf-blue cidr 10.2.0.0/16\n" RB,
	     RED "vpc add blue vrf vrf-blue cidr 10.2.0.0/16 cidr 10.3.0.0/16\n" RB,
	     "vpc cidr del red 10.3.0.0/16\n"
	     "vpc cidr add blue 10.3.0.0/16\n");
	plan("a CIDR moving, narrowed, to a peer",
	     "vpc add red vrf vrf-red cidr 10.1.0.0/16 cidr 10.3.0.0/16\n"
	     "vpc add blue vrf vrf-blue cidr 10.2.0.0/16\n" RB,
	     RED "vpc add blue vrf vrf-blue cidr 10.2.0.0/16 cidr 10.3.4.0/24\n" RB,
	     "vpc cidr del red 10.3.0.0/16\n"
	     "vpc cidr add blue 10.3.4.0/24\n");
	/* nothing needs it gone early: it goes after the routes change */
	plan("a CIDR nobody takes goes last",
	     "vpc add red vrf vrf-red cidr 10.1.0.0/16 cidr 10.4.0.0/16\n"
	     "vpc add blue vrf vrf-blue cidr 10.2.0.0/16\n" RB
	     "route add blue 10.4.1.0/24 peering rb\n",
	     RED "vpc add blue vrf vrf-blue cidr 10.2.0.0/16\n" RB
	     "route add blue 10.1.1.0/24 peering rb\n",
	     "route add blue 10.1.1.0/24 peering rb\n"
	     "route del blue 10.4.1.0/24 peering rb metric 0\n"
	     "vpc cidr del red 10.4.0.0/16\n");
	plan("a CIDR added to a VPC", BASE,
	     "vpc add red vrf vrf-red cidr 10.1.0.0/16 cidr 10.5.0.0/16\n"
	     BLUE RB ROUTE,
	     "vpc cidr add red 10.5.0.0/16\n");

	plan("a peering set down, its MTU changed", BASE,
	     RED BLUE "peering add rb red blue mtu 9000\n"
	     "peering set rb down\n" ROUTE,
	     "peering set rb down mtu 9000\n");
	plan("a peering set up", RED BLUE RB "peering set rb down\n" ROUTE,
	     BASE, "peering set rb up\n");
	plan("a peering's MTU changed", BASE,
	     RED BLUE "peering add rb red blue mtu 1400\n" ROUTE,
	     "peering set rb mtu 1400\n");
	plan("a peering added down", RED BLUE,
	     RED BLUE RB "peering set rb down\n",
	     "peering add rb red blue\n"
	     "peering set rb down\n");
	/* no request changes a peering's flags: it is made again */
	plan("a peering's routes mode changed", BASE,
	     RED BLUE "peering add rb red blue routes auto\n" ROUTE,
	     "peering del rb\n"
	     "peering add rb red blue routes auto\n"
	     "route add red 10.2.1.0/24 peering rb\n");
	plan("a peering deleted, its VPCs kept", BASE, RED BLUE,
	     "peering del rb\n");

	plan("a route added and one removed", BASE,
	     RED BLUE RB "route add red 2001:db8:2::/64 peering rb metric 5\n",
	     "route add red 2001:db8:2::/64 peering rb metric 5\n"
	     "route del red 10.2.1.0/24 peering rb metric 0\n");
	plan("an IPv6 route of the default metric removed",
	     RED BLUE RB ROUTE "route add red 2001:db8:2:1::/64 peering rb\n", BASE,
	     "route del red 2001:db8:2:1::/64 peering rb metric 1024\n");
	plan("a route's metric changed", BASE,
	     RED BLUE RB "route add red 10.2.1.0/24 peering rb metric 7\n",
	     "route add red 10.2.1.0/24 peering rb metric 7\n"
	     "route del red 10.2.1.0/24 peering rb metric 0\n");
	plan("a route of the other side added", BASE,
	     RED BLUE RB ROUTE "route add blue 10.1.0.0/17 peering rb\n",
	     "route add blue 10.1.0.0/17 peering rb\n");

	/* no request changes a VPC's VRF: it is made again, its peering too */
	plan("a VPC's VRF changed", BASE,
	     "vpc add red vrf vrf-red2 cidr 10.1.0.0/16\n" BLUE RB ROUTE,
	     "peering del rb\n"
	     "vpc del red\n"
	     "vpc add red vrf vrf-red2 cidr 10.1.0.0/16\n"
	     "peering add rb red blue\n"
	     "route add red 10.2.1.0/24 peering rb\n");
	plan("a VPC replaced by one of its CIDR", RED,
	     "vpc add green vrf vrf-green cidr 10.1.0.0/16\n",
	     "vpc del red\n"
	     "vpc add green vrf vrf-green cidr 10.1.0.0/16\n");
	return unit_done("unit-plan");
}
