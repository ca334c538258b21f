// SPDX-License-Identifier: GPL-2.0
/*
 * "routes auto": the one place that owns the routes of the peerings that
 * have VPCPEER_F_ROUTES_AUTO (kept in the kernel's peering object). In
 * each VPC's VRF table such a peering has exactly one route of protocol
 * vpcpeer per CIDR of the peer VPC, out of the VPC's own endpoint, with
 * the family's default metric: the routes route_is_auto() (model.c) recognises,
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
 * should be, for the routes that command concerns (a batch, once at its
 * end, for those its lines concern), "route sync" runs it once, and
 * "daemon" runs it after every event that may have changed them.
 *
 * Several may run at once (two vpcpeerctl, or one beside the daemon), and
 * each may correct what the other just did: a route another added after
 * the state was read is no failure, nor one another deleted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "reconcile.h"
#include "save.h"

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
		     const struct state *s, const struct peering *p,
		     int side)
{
	const struct rt_entry *e, *first, *end = s->routes + s->n_routes;
	const struct vpc *v = find_vpc(s, p->vpc[side]);
	const struct vpc *peer = find_vpc(s, p->vpc[!side]);
	struct rt rt = { .oif = p->ep[side].ifindex, .has_metric = true };
	size_t i;

	rt.table = v && peer ? v->table : 0;
	if (!rt.table)
		return 0;
	first = state_first_route(s, rt.table);
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
		    !vpc_covers(peer, &e->rt.dst) &&
		    plan_route(ctl, pl, RTM_DELROUTE, &e->rt, v->name, p->name))
			return -1;
	}
	return 0;
}

/* Order scopes field by field, a NULL field first. */
static int name_cmp(const char *x, const char *y)
{
	if (!x || !y)
		return !!x - !!y;
	return strcmp(x, y);
}

static int scope_cmp(const void *a, const void *b)
{
	const struct scope *x = a, *y = b;
	int c = name_cmp(x->peering, y->peering);

	if (!c)
		c = name_cmp(x->vpc, y->vpc);
	return c ? c : name_cmp(x->peer, y->peer);
}

/* Does one of the @n scopes @sc (sorted) take side @side of @p? */
static bool wanted(const struct scope *sc, size_t n,
		   const struct peering *p, int side)
{
	struct scope key;
	int i;

	/* a field of a scope that takes it is NULL or the side's own name */
	for (i = 0; i < 8; i++) {
		key.peering = i & 1 ? p->name : NULL;
		key.vpc = i & 2 ? p->vpc[side] : NULL;
		key.peer = i & 4 ? p->vpc[!side] : NULL;
		if (bsearch(&key, sc, n, sizeof(key), scope_cmp))
			return true;
	}
	return false;
}

/* Is @rt, an automatic route, in @s (read again after adding it failed)? */
static bool in_state(const struct state *s, const struct rt *rt)
{
	const struct rt_entry *e, *end = s->routes + s->n_routes;

	for (e = state_first_route(s, rt->table);
	     e < end && e->rt.table == rt->table; e++) {
		if (e->rt.oif == rt->oif && e->type == RTN_UNICAST &&
		    e->rt.metric == rt->metric && !prefix_cmp(&e->rt.dst, &rt->dst))
			return true;
	}
	return false;
}

/*
 * Did adding @req fail only because another reconcile made the same route
 * meanwhile? The state is read again (into @again, *@read then 1; -1 if
 * that failed) for the first such failure.
 */
static bool made_meanwhile(struct ctl *ctl, const struct rtnl_req *req,
			   struct state *again, int *read)
{
	if (req->type != RTM_NEWROUTE || req->error != EEXIST)
		return false;
	if (!*read) {
		ctl_forget(ctl);
		*read = state_read(ctl, NULL, again) ? -1 : 1;
	}
	return *read > 0 && in_state(again, &req->rt);
}

/* reconcile_routes() for the @n scopes @sc, sorted by scope_cmp(). */
static int reconcile(struct ctl *ctl, const struct scope *sc,
		     size_t n, FILE *log, char **why)
{
	struct state s, again = { 0 };
	struct plan pl = { 0 };
	const struct peering *p;
	struct rtnl_req *req;
	int ret = -1, side, read = 0;
	char *text;
	size_t i;

	if (why)
		*why = NULL;
	ctl_forget(ctl);
	if (state_read(ctl, NULL, &s))
		goto out;
	for (i = 0; i < n; i++) {
		if (sc[i].vpc && !find_vpc(&s, sc[i].vpc)) {
			errmsg("vpc \"%s\" not found", sc[i].vpc);
			goto out;
		}
	}
	for (i = 0; i < s.n_peerings; i++) {
		p = &s.peerings[i];
		if (!(p->flags & VPCPEER_F_ROUTES_AUTO) || p->n_ep != 2 ||
		    !p->vpc[0] || !p->vpc[1])
			continue;
		for (side = 0; side < 2; side++) {
			if (wanted(sc, n, p, side) && plan_side(ctl, &pl, &s, p, side))
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
		/* another made the route meanwhile, or deleted it */
		if ((req->type == RTM_DELROUTE && req->error == ESRCH) ||
		    made_meanwhile(ctl, req, &again, &read))
			continue;
		ret = 1;
		if (!log && (!why || *why))
			continue;
		/* the message names the VPC and the endpoint */
		ctl_vpc(ctl, pl.lines[i].vpc);
		ctl_peering(ctl, pl.lines[i].peering);
		text = route_error_text(ctl, req);
		if (log && (!ctl->daemon || req->error != ENETDOWN))
			errmsg("routes auto: %s", text ? text : "out of memory");
		if (why && !*why)
			*why = text ? text : strdup("out of memory");
		else
			free(text);
	}
out:
	rtnl_queue_free(&pl.q);
	free(pl.lines);
	state_free(&again);
	state_free(&s);
	return ret;
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
int reconcile_routes(struct ctl *ctl, const struct scope *sc,
		     FILE *log, char **why)
{
	return reconcile(ctl, sc, 1, log, why);
}

/* Forget the scopes a batch kept. */
static void forget_later(struct ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->n_scopes; i++) {
		free((char *)ctl->scopes[i].vpc);
		free((char *)ctl->scopes[i].peer);
		free((char *)ctl->scopes[i].peering);
	}
	free(ctl->scopes);
	ctl->scopes = NULL;
	ctl->n_scopes = 0;
	ctl->cap_scopes = 0;
}

static char *copy_name(const char *name, bool *oom)
{
	char *copy = name ? strdup(name) : NULL;

	*oom |= name && !copy;
	return copy;
}

/* Keep @sc for the end of the batch (once, if the last line kept it too). */
static int reconcile_later(struct ctl *ctl, const struct scope *sc)
{
	struct scope *grown;
	bool oom = false;

	if (ctl->n_scopes && !scope_cmp(&ctl->scopes[ctl->n_scopes - 1], sc))
		return 0;
	grown = array_grow(ctl->scopes, sizeof(*grown), ctl->n_scopes,
			   &ctl->cap_scopes);
	if (!grown)
		return -1;
	ctl->scopes = grown;
	grown[ctl->n_scopes] = (struct scope){
		.vpc = copy_name(sc->vpc, &oom),
		.peer = copy_name(sc->peer, &oom),
		.peering = copy_name(sc->peering, &oom),
	};
	ctl->n_scopes++;
	if (oom)
		errmsg("out of memory");
	return oom ? -1 : 0;
}

/**
 * reconcile_batch() - put in step the routes a batch's lines concern
 * @ctl: the invocation, its batch run
 * @log: as for reconcile_routes()
 * @why: as for reconcile_routes()
 *
 * Only those: a batch that fails does not fail for routes it never
 * touched, which another vpcpeerctl may be busy with.
 *
 * Return: as reconcile_routes(); 0 if no line changed what they should be.
 */
int reconcile_batch(struct ctl *ctl, FILE *log, char **why)
{
	int ret = 0;

	if (why)
		*why = NULL;
	if (ctl->n_scopes) {
		qsort(ctl->scopes, ctl->n_scopes, sizeof(*ctl->scopes), scope_cmp);
		ret = reconcile(ctl, ctl->scopes, ctl->n_scopes, log, why);
	}
	forget_later(ctl);
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
int reconcile_after(struct ctl *ctl, const struct scope *sc,
		    const char *what, const char *undone)
{
	char *why;
	int ret;

	if (ctl->batch)
		return reconcile_later(ctl, sc) ? EXIT_REFUSED : 0;
	ret = reconcile_routes(ctl, sc, NULL, &why);
	if (ret > 0)
		errmsg("%s: routes auto: %s%s%s", what, why ? why : "?",
		       undone ? "; " : "", undone ? undone : "");
	free(why);
	return ret ? EXIT_REFUSED : 0;
}
