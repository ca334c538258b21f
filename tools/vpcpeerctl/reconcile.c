// SPDX-License-Identifier: GPL-2.0
/*
 * "routes auto": the one place that owns the routes of the peerings that
 * have VPCPEER_F_ROUTES_AUTO (kept in the kernel's peering object). In
 * each VPC's VRF table such a peering has exactly one route of protocol
 * vpcpeer per CIDR of the peer VPC, out of the VPC's own endpoint, with
 * the family's default metric: the routes route_is_auto() recognises,
 * which "save" does not write.
 *
 * reconcile_routes() is level-triggered: it reads the state, adds what is
 * missing and deletes what is stale, and sends nothing when all is in
 * step. A stale route is one out of such an endpoint, with the default
 * metric, outside every CIDR of the peer VPC: one a CIDR took with it.
 * Every other route, of any protocol, is left alone; so are the routes
 * "route add" made, which lie inside the peer's CIDRs or have a metric of
 * their own. Deleting a peering or a VPC needs nothing: the kernel
 * unregisters the endpoints, and the FIB drops every route through them.
 *
 * vpcpeerctl runs it after each command that changes what the routes
 * should be (a batch, once at its end), "route sync" runs it once, and
 * "daemon" runs it after every event that may have changed them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "lookup.h"
#include "objects.h"
#include "vpcpeerctl.h"

/**
 * route_is_auto() - is a route one that "routes auto" makes?
 * @s: the state read
 * @p: the peering the route goes into
 * @side: the side of @p whose endpoint the route leaves by
 * @e: the route
 *
 * Return: true if @p has the flag and @e goes to exactly a CIDR of the
 * peer VPC with the family's default metric.
 */
bool route_is_auto(const struct route_state *s, const struct peering *p,
		   int side, const struct rt_entry *e)
{
	const struct vpc *peer = find_vpc(&s->vpcs, side ? p->vpc_a : p->vpc_b);
	size_t i;

	if (!(p->flags & VPCPEER_F_ROUTES_AUTO) || !peer ||
	    e->rt.metric != default_metric(&e->rt.dst))
		return false;
	for (i = 0; i < peer->n_cidrs; i++) {
		if (!prefix_cmp(&peer->cidrs[i], &e->rt.dst))
			return true;
	}
	return false;
}

/* Is @dst inside a CIDR of @v? */
static bool inside(const struct vpc *v, const struct prefix *dst)
{
	size_t i;

	for (i = 0; i < v->n_cidrs; i++) {
		if (prefix_contains(&v->cidrs[i], dst))
			return true;
	}
	return false;
}

/* The corrections: the requests, and each as the batch line it is. */
struct plan {
	struct rtnl_queue q;
	struct route_line *lines;
	size_t cap;
};

static int plan_route(struct ctl *ctl, struct plan *pl, uint16_t type,
		      const struct rt *rt, char *vpc, char *peering)
{
	struct route_line *l;

	l = array_grow(pl->lines, sizeof(*l), pl->q.n, &pl->cap);
	if (!l)
		return -1;
	pl->lines = l;
	l[pl->q.n] = (struct route_line){ .vpc = vpc, .peering = peering,
				       .rt = *rt };
	return rtnl_queue_route(ctl_rtnl(ctl), &pl->q, type, rt) ? 0 : -1;
}

/* Queue the corrections of side @side of "routes auto" peering @p. */
static int plan_side(struct ctl *ctl, struct plan *pl,
		     const struct route_state *s, const struct peering *p,
		     int side)
{
	const struct rt_entry *e, *first, *end = s->routes + s->n_routes;
	const struct vpc *v = find_vpc(&s->vpcs, side ? p->vpc_b : p->vpc_a);
	const struct vpc *peer = find_vpc(&s->vpcs, side ? p->vpc_a : p->vpc_b);
	struct rt rt = { .oif = p->ep[side].ifindex, .has_metric = true };
	size_t i;

	rt.table = v && peer ? route_state_table_of(s, v->vrf_ifindex) : 0;
	if (!rt.table)
		return 0;
	first = route_state_first_of(s, rt.table);
	for (i = 0; i < peer->n_cidrs; i++) {
		for (e = first; e < end && e->rt.table == rt.table; e++) {
			if (e->rt.oif == rt.oif && e->type == RTN_UNICAST &&
			    !prefix_cmp(&e->rt.dst, &peer->cidrs[i]) &&
			    route_is_auto(s, p, side, e))
				break;
		}
		if (e < end && e->rt.table == rt.table)
			continue;
		rt.dst = peer->cidrs[i];
		rt.metric = default_metric(&rt.dst);
		if (plan_route(ctl, pl, RTM_NEWROUTE, &rt, v->name, p->name))
			return -1;
	}
	for (e = first; e < end && e->rt.table == rt.table; e++) {
		if (e->rt.oif == rt.oif && e->type == RTN_UNICAST &&
		    e->rt.metric == default_metric(&e->rt.dst) &&
		    !inside(peer, &e->rt.dst) &&
		    plan_route(ctl, pl, RTM_DELROUTE, &e->rt, v->name, p->name))
			return -1;
	}
	return 0;
}

/**
 * reconcile_routes() - put the routes of "routes auto" peerings in step
 * @ctl: the invocation
 * @sc: which routes: all of them if every field is NULL
 * @log: where to print each correction as the batch line that makes it
 *       (and each failure as an error), or NULL
 * @why: if not NULL, set to the text of the first failure, to free()
 *
 * Return: 0 if the routes are in step, 1 if a correction failed, -1 after
 * a message if the state could not be read.
 */
int reconcile_routes(struct ctl *ctl, const struct reconcile_scope *sc,
		     FILE *log, char **why)
{
	struct plan pl = { 0 };
	struct route_state s;
	const struct peering *p;
	struct rtnl_req *req;
	char *text;
	int ret = -1, side;
	size_t i;

	if (why)
		*why = NULL;
	ctl_forget(ctl);
	if (route_state_read(ctl, NULL, &s))
		goto out;
	if (sc->vpc && !find_vpc(&s.vpcs, sc->vpc)) {
		pr_err("vpc \"%s\" not found", sc->vpc);
		goto out;
	}
	for (i = 0; i < s.peerings.n; i++) {
		p = &s.peerings.peerings[i];
		if (!(p->flags & VPCPEER_F_ROUTES_AUTO) || p->n_ep != 2 ||
		    !p->vpc_a || !p->vpc_b ||
		    (sc->peering && strcmp(p->name, sc->peering)))
			continue;
		for (side = 0; side < 2; side++) {
			if (sc->vpc && strcmp(sc->vpc, side ? p->vpc_b : p->vpc_a))
				continue;
			if (sc->peer && strcmp(sc->peer, side ? p->vpc_a : p->vpc_b))
				continue;
			if (plan_side(ctl, &pl, &s, p, side))
				goto out;
		}
	}
	ret = 0;
	if (pl.q.n)
		rtnl_queue_run(ctl_rtnl(ctl), &pl.q);
	for (i = 0; i < pl.q.n; i++) {
		req = &pl.q.reqs[i];
		if (!req->error) {
			if (log && !put_route(log, req->type == RTM_NEWROUTE ?
					      "route add" : "route del",
					      &pl.lines[i]))
				fflush(log);
			continue;
		}
		/* a route deleted meanwhile is no failure */
		if (req->type == RTM_DELROUTE && req->error == ESRCH)
			continue;
		ret = 1;
		if (!log && (!why || *why))
			continue;
		/* the message names the VPC and the endpoint */
		lookup_vpc(ctl, pl.lines[i].vpc);
		lookup_peering(ctl, pl.lines[i].peering);
		text = route_error_text(ctl, req);
		if (log && (!ctl->daemon || req->error != ENETDOWN))
			pr_err("routes auto: %s", text ? text : "out of memory");
		if (why && !*why)
			*why = text ? text : strdup("out of memory");
		else
			free(text);
	}
out:
	rtnl_queue_free(&pl.q);
	free(pl.lines);
	route_state_free(&s);
	return ret;
}

/**
 * reconcile_after() - put "routes auto" in step after a command's change
 * @ctl: the invocation
 * @sc: the routes the change concerns
 * @what: the object changed, as the error names it ("peering \"ab\"")
 * @undone: what the caller undoes on failure, for the error
 *
 * In a batch, the routes are put in step once, at its end.
 *
 * Return: 0, or EXIT_REFUSED after one error line; the caller then
 * undoes its change.
 */
int reconcile_after(struct ctl *ctl, const struct reconcile_scope *sc,
		    const char *what, const char *undone)
{
	char *why;
	int ret;

	if (ctl->batch) {
		ctl->reconcile = true;
		return 0;
	}
	ret = reconcile_routes(ctl, sc, NULL, &why);
	if (ret > 0)
		pr_err("%s: routes auto: %s%s%s", what, why ? why : "?",
		       undone ? "; " : "", undone ? undone : "");
	free(why);
	return ret ? EXIT_REFUSED : 0;
}
