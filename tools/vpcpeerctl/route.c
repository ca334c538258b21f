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

#include "json.h"
#include "lookup.h"
#include "objects.h"
#include "vpcpeerctl.h"

const char route_help[] =
	"route add VPC PREFIX peering NAME [metric N]\n"
	"route del VPC PREFIX peering NAME [metric N]\n"
	"route show [VPC]\n"
	"route sync [VPC]\n";

/**
 * route_error_text() - say why a route request failed
 * @ctl: the invocation (for the names of the VPC and endpoint)
 * @req: the failed request
 *
 * The kernel's own message if it gave one, else one naming the route.
 *
 * Return: the text, to free(); or NULL if memory ran out.
 */
char *route_error_text(struct ctl *ctl, const struct rtnl_req *req)
{
	const struct rt *rt = &req->rt;
	const struct peering_ref *p;
	const struct vpc_ref *v;
	char dst[PREFIX_STRLEN];
	char *where, *dev, *metric, *text = NULL;
	int side = 0;

	if (req->msg)
		return strdup(req->msg);
	prefix_fmt(&rt->dst, dst, sizeof(dst));
	v = lookup_vpc_by_table(ctl, rt->table);
	p = lookup_endpoint(ctl, rt->oif, &side);
	if (v) {
		if (asprintf(&where, "vpc \"%s\" (vrf %s, table %u)", v->name,
			     v->vrf, rt->table) < 0)
			return NULL;
	} else if (asprintf(&where, "table %u", rt->table) < 0) {
		return NULL;
	}
	if (p)
		dev = strdup(p->ifname[side]);
	else if (asprintf(&dev, "ifindex %u", rt->oif) < 0)
		dev = NULL;
	if (!rt->has_metric)
		metric = strdup("");
	else if (asprintf(&metric, " with metric %u", rt->metric) < 0)
		metric = NULL;
	if (!dev || !metric)
		goto out;

	if (req->type == RTM_NEWROUTE && req->error == EEXIST) {
		if (asprintf(&text, "%s already has a route to %s with metric %u",
			     where, dst, rt->has_metric ? rt->metric :
			     rt->dst.family == AF_INET6 ? RT6_DEFAULT_METRIC : 0) < 0)
			text = NULL;
	} else if (req->type == RTM_DELROUTE && req->error == ESRCH) {
		if (asprintf(&text, "%s has no route to %s%s via %s of protocol %s",
			     where, dst, metric, dev, VPCPEER_RTPROT_NAME) < 0)
			text = NULL;
	} else if (asprintf(&text, "%s route to %s%s via %s in %s: %s",
			    req->type == RTM_NEWROUTE ? "adding" : "deleting",
			    dst, metric, dev, where, strerror(req->error)) < 0) {
		text = NULL;
	}
out:
	free(where);
	free(dev);
	free(metric);
	return text;
}

/* Report @req's failure, as the batch line it came from. */
static void report(struct ctl *ctl, const struct rtnl_req *req,
		   const char *what)
{
	unsigned long line = cli_where_line();
	char *text = route_error_text(ctl, req);

	if (req->line)
		cli_where(ctl->batch, req->line);
	pr_err("%s%s", what, text ? text : "out of memory");
	if (req->line)
		cli_where(ctl->batch, line);
	free(text);
}

/**
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
int route_undo(struct ctl *ctl, struct rtnl_queue *q, size_t from)
{
	struct rtnl_queue undo = { NULL };
	struct rtnl_req *req, *back;
	struct rtnl *r = ctl_rtnl(ctl);
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
				rt.metric = rt.dst.family == AF_INET6 ?
					    RT6_DEFAULT_METRIC : 0;
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

/*
 * Check a route against the kernel's objects and complete it: the VPC must
 * be one side of the peering, and a route to add must lead into the peer
 * VPC's CIDRs.
 */
static int route_resolve(struct ctl *ctl, const char *vpc,
			 const struct prefix *dst, const char *peering,
			 bool add, struct rt *rt)
{
	const struct vpc_ref *v, *peer;
	const struct peering_ref *p;
	char text[PREFIX_STRLEN];
	char *cidrs;
	int side;

	p = lookup_peering(ctl, peering);
	if (!p)
		return EXIT_REFUSED;
	v = lookup_vpc(ctl, vpc);
	if (!v)
		return EXIT_REFUSED;
	if (!strcmp(p->vpc[0], vpc)) {
		side = 0;
	} else if (!strcmp(p->vpc[1], vpc)) {
		side = 1;
	} else {
		pr_err("vpc \"%s\" is not part of peering \"%s\", which joins \"%s\" and \"%s\"",
		       vpc, peering, p->vpc[0], p->vpc[1]);
		return EXIT_REFUSED;
	}
	if (add) {
		peer = lookup_vpc(ctl, p->vpc[!side]);
		if (!peer)
			return EXIT_REFUSED;
		if (!vpc_ref_cidr_of(peer, dst)) {
			prefix_fmt(dst, text, sizeof(text));
			cidrs = vpc_ref_cidrs_text(peer);
			pr_err("%s is not inside the CIDRs of vpc \"%s\", the peer of \"%s\" in peering \"%s\": %s",
			       text, peer->name, vpc, peering,
			       cidrs ? cidrs : "?");
			free(cidrs);
			return EXIT_REFUSED;
		}
	}
	rt->dst = *dst;
	rt->table = v->table;
	rt->oif = p->ifindex[side];
	return 0;
}

static int route_change(struct ctl *ctl, struct args *a, uint16_t type)
{
	const char *vpc, *peering = NULL;
	struct rtnl_req *req;
	struct prefix dst;
	struct rtnl *r;
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
	req->line = cli_where_line();
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

/**
 * route_state_table_of() - the table of a VRF device
 * @s: the state read
 * @ifindex: the VRF device's ifindex
 *
 * Return: its table, or 0 if it is no VRF.
 */
uint32_t route_state_table_of(const struct route_state *s, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < s->n_tables; i++) {
		if (s->tables[i].ifindex == ifindex)
			return s->tables[i].table;
	}
	return 0;
}

/* Sort by table, and keep the kernel's order (IPv4 first) within one. */
static int cmp_route(const void *a, const void *b)
{
	const struct rt_entry *x = a, *y = b;

	if (x->rt.table != y->rt.table)
		return x->rt.table < y->rt.table ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/**
 * route_state_first_of() - the first route of a table
 * @s: the state read
 * @table: the table
 *
 * Return: its first route in @s->routes, or the end of them.
 */
const struct rt_entry *route_state_first_of(const struct route_state *s,
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
 * route_state_endpoint_of() - the peering an endpoint belongs to
 * @s: the state read
 * @ifindex: the endpoint's ifindex
 * @side: set to the endpoint's side, 0 (a) or 1 (b)
 *
 * Return: the peering, or NULL.
 */
const struct peering *route_state_endpoint_of(const struct route_state *s,
					      uint32_t ifindex, int *side)
{
	const struct peering *p;
	size_t i;

	for (i = 0; i < s->peerings.n; i++) {
		p = &s->peerings.peerings[i];
		for (*side = 0; *side < (int)p->n_ep; (*side)++) {
			if (p->ep[*side].ifindex == ifindex)
				return p;
		}
	}
	return NULL;
}

static void print_route(struct ctl *ctl, struct json *j,
			const struct route_state *s,
			const struct vpc *v, const struct rt_entry *e)
{
	char dst[PREFIX_STRLEN], ifname[IF_NAMESIZE] = "";
	const struct peering *p;
	const char *dev;
	int side;

	prefix_fmt(&e->rt.dst, dst, sizeof(dst));
	p = route_state_endpoint_of(s, e->rt.oif, &side);
	if (p && p->ep[side].ifname)
		dev = p->ep[side].ifname;
	else if (e->rt.oif && if_indextoname(e->rt.oif, ifname))
		dev = ifname;
	else
		dev = NULL;

	if (!ctl->json) {
		printf("%s %s peering %s metric %u dev %s vrf %s table %u\n",
		       v->name, dst, p ? p->name : "-", e->rt.metric,
		       dev ? dev : "-", v->vrf ? v->vrf : "-", e->rt.table);
		return;
	}
	json_open_object(j, NULL);
	json_string(j, "vpc", v->name);
	json_string(j, "vrf", v->vrf ? v->vrf : "");
	json_u64(j, "table", e->rt.table);
	json_string(j, "family", e->rt.dst.family == AF_INET ? "inet" : "inet6");
	json_string(j, "dst", dst);
	if (p)
		json_string(j, "peering", p->name);
	else
		json_null(j, "peering");
	if (dev)
		json_string(j, "dev", dev);
	else
		json_null(j, "dev");
	json_u64(j, "ifindex", e->rt.oif);
	json_u64(j, "metric", e->rt.metric);
	json_close_object(j);
}

/**
 * route_state_read() - read the VPCs, peerings, VRF tables and routes
 * @ctl: the invocation
 * @name: only this VPC and the routes of its table, or NULL for all
 * @s: filled (zeroed first); free it with route_state_free(), even on
 *     failure
 *
 * What "route show" prints and "save" writes.
 *
 * Return: 0, or -1 after a message ("vpc NAME not found" if @name is not).
 */
int route_state_read(struct ctl *ctl, const char *name, struct route_state *s)
{
	static const uint16_t families[] = { AF_INET, AF_INET6 };
	struct rt_entry *routes, *all;
	uint32_t table = 0;
	struct rtnl *r;
	size_t n, f;

	memset(s, 0, sizeof(*s));
	if (vpc_dump(ctl, name, &s->vpcs))
		return -1;
	if (name && !s->vpcs.n) {
		pr_err("vpc \"%s\" not found", name);
		return -1;
	}
	if (peering_dump(ctl, NULL, &s->peerings))
		return -1;
	r = ctl_rtnl(ctl);
	if (!r || rtnl_vrf_tables(r, &s->tables, &s->n_tables))
		return -1;
	if (name) {
		table = route_state_table_of(s, s->vpcs.vpcs[0].vrf_ifindex);
		if (!table)
			return 0;
	}
	for (f = 0; f < ARRAY_SIZE(families); f++) {
		if (rtnl_dump_routes(r, families[f], table, &routes, &n))
			return -1;
		all = reallocarray(s->routes, s->n_routes + n + 1, sizeof(*all));
		if (!all) {
			free(routes);
			pr_err("out of memory");
			return -1;
		}
		memcpy(all + s->n_routes, routes, n * sizeof(*all));
		s->routes = all;
		s->n_routes += n;
		free(routes);
	}
	for (n = 0; n < s->n_routes; n++)
		s->routes[n].pos = n;
	qsort(s->routes, s->n_routes, sizeof(*s->routes), cmp_route);
	return 0;
}

void route_state_free(struct route_state *s)
{
	vpc_list_free(&s->vpcs);
	peering_list_free(&s->peerings);
	free(s->tables);
	free(s->routes);
}

static int route_show(struct ctl *ctl, struct args *a)
{
	const struct rt_entry *e, *end;
	struct route_state s;
	const struct vpc *v;
	const char *name;
	uint32_t table;
	struct json j;
	size_t i;
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &name);
	if (ret || ctl->conf)
		return ret;

	ret = EXIT_REFUSED;
	if (route_state_read(ctl, name, &s))
		goto out;
	json_init(&j, stdout, ctl->pretty);
	if (ctl->json)
		json_open_array(&j, NULL);
	/* VPC by VPC, in the kernel's order; a VRF backs at most one VPC */
	end = s.routes + s.n_routes;
	for (i = 0; i < s.vpcs.n; i++) {
		v = &s.vpcs.vpcs[i];
		table = route_state_table_of(&s, v->vrf_ifindex);
		if (!table)
			continue;
		for (e = route_state_first_of(&s, table);
		     e < end && e->rt.table == table; e++) {
			if (!ctl->family || e->rt.dst.family == ctl->family)
				print_route(ctl, &j, &s, v, e);
		}
	}
	if (ctl->json) {
		json_close_array(&j);
		json_end(&j);
	}
	ret = 0;
out:
	route_state_free(&s);
	return ret;
}

/* "route sync [VPC]": put "routes auto" in step once, say what changed. */
static int route_sync(struct ctl *ctl, struct args *a)
{
	struct reconcile_scope sc = { 0 };
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &sc.vpc);
	if (ret || ctl->conf)
		return ret;
	return reconcile_routes(ctl, &sc, stdout, NULL) ? EXIT_REFUSED : 0;
}

static const struct command route_cmds[] = {
	{ "add", route_add },
	{ "del", route_del },
	{ "delete", route_del },
	{ "show", route_show },
	{ "list", route_show },
	{ "sync", route_sync },
	{ NULL, NULL }
};

int route_main(struct ctl *ctl, int argc, char **argv)
{
	return run_command(ctl, "route", route_cmds, route_help, argc, argv);
}
