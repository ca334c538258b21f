// SPDX-License-Identifier: GPL-2.0
/*
 * "routes auto": a peering created with it (VPCPEER_F_ROUTES_AUTO, kept in
 * the kernel's peering object) has, in each of its VPCs' VRFs, one route
 * of protocol vpcpeer per CIDR of the other VPC, out of the local
 * endpoint. vpcpeerctl installs them when it creates the peering and keeps
 * them in step when it adds or removes a CIDR of either VPC.
 *
 * Deleting the peering, or a VPC of it, needs nothing here: the kernel
 * unregisters the endpoints, and the FIB drops every route through them.
 *
 * All or nothing: if a route cannot be added, the routes added before it
 * are deleted again, and the caller undoes the change that called for
 * them.
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

/* Queue a route to each of @cidrs in @local's VRF, out of @oif. */
static int queue_routes(struct rtnl *r, struct rtnl_queue *q, uint16_t type,
			const struct vpc_ref *local, uint32_t oif,
			const struct prefix *cidrs, size_t n)
{
	struct rt rt = { .table = local->table, .oif = oif };
	size_t i;

	for (i = 0; i < n; i++) {
		rt.dst = cidrs[i];
		if (!rtnl_queue_route(r, q, type, &rt))
			return -1;
	}
	return 0;
}

/* The first request of @q that failed, or NULL. */
static const struct rtnl_req *first_failure(const struct rtnl_queue *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		if (q->reqs[i].error)
			return &q->reqs[i];
	}
	return NULL;
}

/*
 * Run @q. On a failure, report the first one as "@what: ...; @undone",
 * and delete the routes that were added.
 */
static int run_all_or_nothing(struct ctl *ctl, struct rtnl *r,
			      struct rtnl_queue *q, const char *what,
			      const char *undone)
{
	const struct rtnl_req *req;
	char *text;

	rtnl_queue_run(r, q);
	req = first_failure(q);
	if (!req)
		return 0;
	text = route_error_text(ctl, req);
	pr_err("%s: %s; %s", what, text ? text : "out of memory", undone);
	free(text);
	route_undo(ctl, q, 0);
	return EXIT_REFUSED;
}

/**
 * auto_peering_added() - install the routes of a peering just created
 * @ctl: the invocation
 * @p: the peering, as the kernel replied with it
 *
 * On failure the caller deletes the peering, as the message says.
 *
 * Return: 0, or EXIT_REFUSED after a message.
 */
int auto_peering_added(struct ctl *ctl, const struct peering *p)
{
	struct rtnl_queue q = { NULL };
	const struct vpc_ref *a, *b;
	char what[64];
	struct rtnl *r;
	int ret = EXIT_REFUSED;

	ctl_forget(ctl);
	a = lookup_vpc(ctl, p->vpc_a);
	b = a ? lookup_vpc(ctl, p->vpc_b) : NULL;
	r = b ? ctl_rtnl(ctl) : NULL;
	/* for the messages, which name the endpoints */
	if (!r || !lookup_peering(ctl, p->name))
		goto out;
	if (queue_routes(r, &q, RTM_NEWROUTE, a, p->ep[0].ifindex, b->cidrs,
			 b->n_cidrs) ||
	    queue_routes(r, &q, RTM_NEWROUTE, b, p->ep[1].ifindex, a->cidrs,
			 a->n_cidrs))
		goto out;
	snprintf(what, sizeof(what), "peering \"%s\": routes auto", p->name);
	ret = run_all_or_nothing(ctl, r, &q, what,
				 "the peering and its routes were removed");
out:
	if (ret && !q.n)
		pr_err("peering \"%s\": the peering was removed", p->name);
	rtnl_queue_free(&q);
	return ret;
}

/*
 * Queue, for every "routes auto" peering of @vpc, the routes in the peer
 * VPC's VRF to each of @cidrs.
 */
static int queue_peers(struct ctl *ctl, struct rtnl_queue *q, uint16_t type,
		       const char *vpc, const struct prefix *cidrs, size_t n)
{
	const struct vpc_ref *peer;
	struct peering_list list;
	const struct peering *p;
	int ret = -1, side;
	struct rtnl *r;
	size_t i;

	if (peering_dump(ctl, NULL, &list))
		goto out;
	for (i = 0; i < list.n; i++) {
		p = &list.peerings[i];
		if (!(p->flags & VPCPEER_F_ROUTES_AUTO) || p->n_ep != 2 ||
		    !p->vpc_a || !p->vpc_b)
			continue;
		if (!strcmp(p->vpc_a, vpc))
			side = 0;
		else if (!strcmp(p->vpc_b, vpc))
			side = 1;
		else
			continue;
		peer = lookup_vpc(ctl, side ? p->vpc_a : p->vpc_b);
		r = peer ? ctl_rtnl(ctl) : NULL;
		if (!r || !lookup_peering(ctl, p->name) ||
		    queue_routes(r, q, type, peer, p->ep[!side].ifindex, cidrs, n))
			goto out;
	}
	ret = 0;
out:
	peering_list_free(&list);
	return ret;
}

/**
 * auto_cidrs_added() - route the peers of a VPC to its new CIDRs
 * @ctl: the invocation
 * @vpc: the VPC
 * @cidrs: the CIDRs just added to it
 * @n: how many
 *
 * On failure the caller removes the CIDRs again, as the message says.
 *
 * Return: 0, or EXIT_REFUSED after a message.
 */
int auto_cidrs_added(struct ctl *ctl, const char *vpc,
		     const struct prefix *cidrs, size_t n)
{
	struct rtnl_queue q = { NULL };
	char what[64];
	int ret = 0;

	ctl_forget(ctl);
	if (queue_peers(ctl, &q, RTM_NEWROUTE, vpc, cidrs, n)) {
		pr_err("vpc \"%s\": the CIDRs were removed again", vpc);
		ret = EXIT_REFUSED;
	} else if (q.n) {
		snprintf(what, sizeof(what), "vpc \"%s\": routes auto", vpc);
		ret = run_all_or_nothing(ctl, ctl_rtnl(ctl), &q, what,
					 "the CIDRs and their routes were removed again");
	}
	rtnl_queue_free(&q);
	return ret;
}

/**
 * auto_cidrs_removing() - queue the peers' routes to CIDRs a VPC will lose
 * @ctl: the invocation
 * @vpc: the VPC
 * @cidrs: the CIDRs about to be removed from it
 * @n: how many
 * @q: the queue to fill, for auto_cidrs_removed()
 *
 * Called before the removal is sent: a lookup that fails (a dump
 * interrupted by changes too often, say) then leaves everything as it was,
 * rather than failing after the kernel removed the CIDRs.
 *
 * Return: 0, or EXIT_REFUSED after the one message of the lookup that
 * failed, @q empty (nothing was removed).
 */
int auto_cidrs_removing(struct ctl *ctl, const char *vpc,
			const struct prefix *cidrs, size_t n,
			struct rtnl_queue *q)
{
	ctl_forget(ctl);
	if (!queue_peers(ctl, q, RTM_DELROUTE, vpc, cidrs, n))
		return 0;
	rtnl_queue_free(q);
	return EXIT_REFUSED;
}

/**
 * auto_cidrs_removed() - delete the peers' routes to CIDRs a VPC lost
 * @ctl: the invocation
 * @vpc: the VPC
 * @q: the routes auto_cidrs_removing() queued; freed
 *
 * A route already gone is no failure.
 *
 * Return: 0, or EXIT_REFUSED after a message per route left behind.
 */
int auto_cidrs_removed(struct ctl *ctl, const char *vpc, struct rtnl_queue *q)
{
	int ret = 0;
	char *text;
	size_t i;

	if (q->n)
		rtnl_queue_run(ctl_rtnl(ctl), q);
	for (i = 0; i < q->n; i++) {
		if (!q->reqs[i].error || q->reqs[i].error == ESRCH)
			continue;
		text = route_error_text(ctl, &q->reqs[i]);
		pr_err("vpc \"%s\": routes auto: %s", vpc,
		       text ? text : "out of memory");
		free(text);
		ret = EXIT_REFUSED;
	}
	rtnl_queue_free(q);
	return ret;
}
