// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl route: the routes that send a VPC's traffic into a peering.
 *
 * Each is an ordinary FIB route in the VPC's VRF table, out of the
 * peering's endpoint on that VPC's side, of route protocol vpcpeer
 * (VPCPEER_RTPROT): "route show" lists those, "route del" deletes only
 * those, and anything else in the VRF tables is left alone.
 *
 * Route changes go through a queue (struct rtnl_queue). A command line
 * sends its one change at once; a batch queues its route lines and sends
 * them many per sendmsg(), flushed by route_flush() before any other kind
 * of line, when the queue is full, and at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "conf.h"
#include "print.h"
#include "reconcile.h"
#include "route.h"

/* Report @req's failure, as the batch line it came from. */
static void report(struct ctl *ctl, const struct rtnl_req *req,
		   const char *what)
{
	unsigned long line = msg_where_line();
	char *text = route_error_text(ctl, req);

	if (req->line)
		msg_where(ctl->batch, req->line);
	errmsg("%s%s", what, text ? text : "out of memory");
	if (req->line)
		msg_where(ctl->batch, line);
	free(text);
}

/*
 * route_undo() - undo the requests of a queue that went through
 * @ctl: the invocation
 * @q: the queue, run
 * @from: the first request to undo; the later ones are undone too
 *
 * An added route is deleted (exactly it: same table, prefix, device and
 * metric); a deleted route is added back with the metric the kernel echoed
 * (the queue must have asked for echoes), in reverse order.
 *
 * Return: 0, or -1 after a message for each one that could not be undone.
 */
static int route_undo(struct ctl *ctl, struct rtnl_queue *q, size_t from)
{
	struct rtnl_queue undo = { NULL };
	struct rtnl_req *req, *back;
	struct nlsock *r = ctl_rtnl(ctl);
	int ret = 0;
	size_t i;
	struct rt rt;

	if (!r)
		return -1;
	for (i = q->n; i-- > from;) {
		req = &q->reqs[i];
		if (req->error)
			continue;
		rt = req->rt;
		if (req->type == RTM_NEWROUTE) {
			if (!rt.has_metric)
				rt.metric = default_metric(&rt.dst);
			rt.has_metric = true;
		} else if (req->echoed) {
			rt.metric = req->echo_metric;
			rt.has_metric = true;
		}
		back = rtnl_queue_route(r, &undo, req->type == RTM_NEWROUTE ?
					RTM_DELROUTE : RTM_NEWROUTE, &rt);
		if (!back) {
			ret = -1;
			goto out;
		}
		back->line = req->line;
	}
	rtnl_queue_run(r, &undo);
	for (i = 0; i < undo.n; i++) {
		if (undo.reqs[i].error) {
			report(ctl, &undo.reqs[i], "could not undo this line: ");
			ret = -1;
		}
	}
out:
	rtnl_queue_free(&undo);
	return ret;
}

/**
 * route_flush() - send the route changes queued, report the failures
 * @ctl: the invocation
 *
 * Each failure is reported as the batch line it came from. Without
 * -force, the first failure ends it: the changes of the later lines, which
 * the kernel made in the same sendmsg(), are undone, as if they had never
 * been sent.
 *
 * Return: 0, or EXIT_REFUSED if any change failed.
 */
int route_flush(struct ctl *ctl)
{
	struct rtnl_queue *q = &ctl->queue;
	int ret = 0;
	size_t i;

	if (!q->n)
		return 0;
	rtnl_queue_run(ctl_rtnl(ctl), q);
	for (i = 0; i < q->n; i++) {
		if (!q->reqs[i].error)
			continue;
		report(ctl, &q->reqs[i], "");
		ret = EXIT_REFUSED;
		if (!ctl->force) {
			route_undo(ctl, q, i + 1);
			break;
		}
	}
	rtnl_queue_reset(q);
	return ret;
}

/* The words of "route add" and "route del": VPC PREFIX peering NAME [metric N]. */
static int route_args(struct args *a, const char **vpc, struct prefix *dst,
		      const char **peering, struct rt *rt)
{
	const char *word;
	bool have_peering = false;
	int ret;

	memset(rt, 0, sizeof(*rt));
	*vpc = arg_need(a, "VPC");
	if (!*vpc)
		return EXIT_USAGE;
	ret = check_name("vpc", *vpc, VPCPEER_VPC_NAME_MAX);
	if (ret)
		return ret;
	word = arg_need(a, "PREFIX");
	if (!word)
		return EXIT_USAGE;
	ret = prefix_parse(word, dst);
	if (ret)
		return ret;
	while ((word = arg_next(a))) {
		if (!strcmp(word, "peering")) {
			if (have_peering)
				return arg_twice(a, word);
			have_peering = true;
			*peering = arg_need(a, "NAME after \"peering\"");
			if (!*peering)
				return EXIT_USAGE;
			ret = check_name("peering", *peering,
					 VPCPEER_PEERING_NAME_MAX);
			if (ret)
				return ret;
		} else if (!strcmp(word, "metric")) {
			if (rt->has_metric)
				return arg_twice(a, word);
			rt->has_metric = true;
			word = arg_need(a, "N after \"metric\"");
			if (!word)
				return EXIT_USAGE;
			ret = parse_u32("metric", word, &rt->metric);
			if (ret)
				return ret;
		} else {
			return arg_unknown(a, word);
		}
	}
	if (!have_peering)
		return usage_err("%s: missing \"peering NAME\"", a->cmd);
	return 0;
}

/* Most CIDRs a message lists before "and N more". */
#define CIDRS_TEXT_MAX 32

/*
 * cidrs_text() - a VPC's CIDRs, for a message
 * @v: the VPC
 *
 * Return: "10.1.0.0/16, fd00:1::/32", "none", or the first
 * CIDRS_TEXT_MAX and "and N more"; to free(), or NULL after a message.
 */
static char *cidrs_text(const struct vpc *v)
{
	size_t i, n = v->n_cidrs < CIDRS_TEXT_MAX ? v->n_cidrs : CIDRS_TEXT_MAX;
	char cidr[PREFIX_STRLEN];
	size_t len = 0;
	char *text;

	text = malloc(n * (PREFIX_STRLEN + 2) + 64);
	if (!text) {
		errmsg("out of memory");
		return NULL;
	}
	text[0] = '\0';
	if (!v->n_cidrs)
		strcpy(text, "none");
	for (i = 0; i < n; i++)
		len += sprintf(text + len, "%s%s", i ? ", " : "",
			       prefix_fmt(&v->cidrs[i], cidr, sizeof(cidr)));
	if (n < v->n_cidrs)
		sprintf(text + len, " and %zu more", v->n_cidrs - n);
	return text;
}

/*
 * Check a route against the kernel's objects and complete it: the VPC must
 * be one side of the peering, and a route to add must lead into the peer
 * VPC's CIDRs.
 */
static int route_resolve(struct ctl *ctl, const char *vpc,
			 const struct prefix *dst, const char *peering,
			 bool add, struct rt *rt)
{
	const struct vpc *v, *peer;
	const struct peering *p;
	char text[PREFIX_STRLEN];
	char *cidrs;
	int side;

	p = ctl_peering(ctl, peering);
	v = p ? ctl_vpc(ctl, vpc) : NULL;
	if (!v)
		return EXIT_REFUSED;
	side = peering_side(p, vpc);
	if (side < 0) {
		errmsg("vpc \"%s\" is not part of peering \"%s\", which joins \"%s\" and \"%s\"",
		       vpc, peering, p->vpc[0], p->vpc[1]);
		return EXIT_REFUSED;
	}
	if (add) {
		peer = ctl_vpc(ctl, p->vpc[!side]);
		if (!peer)
			return EXIT_REFUSED;
		if (!vpc_covers(peer, dst)) {
			prefix_fmt(dst, text, sizeof(text));
			cidrs = cidrs_text(peer);
			errmsg("%s is not inside the CIDRs of vpc \"%s\", the peer of \"%s\" in peering \"%s\": %s",
			       text, peer->name, vpc, peering,
			       cidrs ? cidrs : "?");
			free(cidrs);
			return EXIT_REFUSED;
		}
	}
	rt->dst = *dst;
	rt->table = v->table;
	rt->oif = p->ep[side].ifindex;
	return 0;
}

static int route_change(struct ctl *ctl, struct args *a, uint16_t type)
{
	const char *vpc, *peering = NULL;
	struct rtnl_req *req;
	struct prefix dst;
	struct nlsock *r;
	struct rt rt;
	int ret;

	ret = route_args(a, &vpc, &dst, &peering, &rt);
	if (ret)
		return ret;
	if (ctl->conf) {
		rt.dst = dst;
		return conf_route(ctl->conf, type == RTM_NEWROUTE, vpc, peering,
				  &rt);
	}
	ret = route_resolve(ctl, vpc, &dst, peering, type == RTM_NEWROUTE, &rt);
	if (ret)
		return ret;
	r = ctl_rtnl(ctl);
	if (!r)
		return EXIT_REFUSED;
	req = rtnl_queue_route(r, &ctl->queue, type, &rt);
	if (!req)
		return EXIT_REFUSED;
	req->line = msg_where_line();
	/* a batch sends its routes many at a time */
	return ctl->batch ? 0 : route_flush(ctl);
}

static int route_add(struct ctl *ctl, struct args *a)
{
	return route_change(ctl, a, RTM_NEWROUTE);
}

static int route_del(struct ctl *ctl, struct args *a)
{
	return route_change(ctl, a, RTM_DELROUTE);
}

/* One route: a line of text, or an object. */
static void print_route(const struct state *s, const struct vpc *v,
			const struct rt_entry *e)
{
	char dst[PREFIX_STRLEN], ifname[IF_NAMESIZE] = "";
	const struct peering *p;
	const char *dev = NULL;
	int side;

	prefix_fmt(&e->rt.dst, dst, sizeof(dst));
	p = state_endpoint_of(s, e->rt.oif, &side);
	if (p && p->ep[side].ifname)
		dev = p->ep[side].ifname;
	else if (e->rt.oif && if_indextoname(e->rt.oif, ifname))
		dev = ifname;
	print_open(NULL, false);
	print_str(PRINT_ANY, "vpc", "%s", v->name);
	print_str(PRINT_JSON, "vrf", NULL, v->vrf);
	print_u64(PRINT_JSON, "table", NULL, e->rt.table);
	print_str(PRINT_JSON, "family", NULL,
		  e->rt.dst.family == AF_INET ? "inet" : "inet6");
	print_str(PRINT_ANY, "dst", " %s", dst);
	print_str(PRINT_ANY, "peering", " peering %s", p ? p->name : NULL);
	print_u64(PRINT_ANY, "metric", " metric %llu", e->rt.metric);
	print_str(PRINT_ANY, "dev", " dev %s", dev);
	print_u64(PRINT_JSON, "ifindex", NULL, e->rt.oif);
	print_str(PRINT_TEXT, NULL, " vrf %s", v->vrf);
	print_u64(PRINT_TEXT, NULL, " table %llu\n", e->rt.table);
	print_close(false);
}

static int route_show(struct ctl *ctl, struct args *a)
{
	const struct rt_entry *e, *end;
	const struct vpc *v;
	struct state s;
	const char *name;
	size_t i;
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &name);
	if (ret || ctl->conf)
		return ret;
	ret = EXIT_REFUSED;
	if (state_read(ctl, name, &s))
		goto out;
	print_start(ctl->json, ctl->pretty);
	print_open(NULL, true);
	/* VPC by VPC, in the kernel's order; a VRF backs at most one VPC */
	end = s.routes + s.n_routes;
	for (i = 0; i < s.n_vpcs; i++) {
		v = &s.vpcs[i];
		for (e = state_first_route(&s, v->table);
		     v->table && e < end && e->rt.table == v->table; e++) {
			if (!ctl->family || e->rt.dst.family == ctl->family)
				print_route(&s, v, e);
		}
	}
	print_close(true);
	print_end();
	ret = 0;
out:
	state_free(&s);
	return ret;
}

/* "route sync [VPC]": put "routes auto" in step once, say what changed. */
static int route_sync(struct ctl *ctl, struct args *a)
{
	struct scope sc = { 0 };
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &sc.vpc);
	if (ret || ctl->conf)
		return ret;
	return reconcile_routes(ctl, &sc, stdout, NULL) ? EXIT_REFUSED : 0;
}

const struct object route_object = {
	.name = "route",
	.help = "route add VPC PREFIX peering NAME [metric N]\n"
		"route del VPC PREFIX peering NAME [metric N]\n"
		"route show [VPC]\n"
		"route sync [VPC]\n",
	.cmds = (const struct command[]){
		{ "add", route_add },
		{ "del", route_del },
		{ "delete", route_del },
		{ "show", route_show },
		{ "list", route_show },
		{ "sync", route_sync },
		{ NULL, NULL }
	},
};
