// SPDX-License-Identifier: GPL-2.0
/*
 * One invocation's way to the kernel: the network namespace of -n, entered
 * before the first socket; the two sockets, opened on first use; the
 * state read whole (show, save, sync, the daemon's reconcile); and the one
 * cache of the VPCs, peerings and VRF tables that route commands look up
 * by name, so that a batch pushing many routes through a few peerings asks
 * for each only once (and names a failed route by them). Anything that may
 * change them calls ctl_forget().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "ctl.h"
#include "msg.h"

/* Where "ip netns" keeps its named network namespaces. */
#define NETNS_RUN_DIR "/run/netns"

/* Enter the network namespace of -n once, as "ip -n" does; 0 or -1. */
static int ctl_netns(struct ctl *ctl)
{
	char path[PATH_MAX];
	int fd, ret;

	if (!ctl->netns || ctl->in_netns)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, ctl->netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errmsg("cannot open network namespace \"%s\": %s", ctl->netns,
		       strerror(errno));
		return -1;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret)
		errmsg("cannot enter network namespace \"%s\": %s", ctl->netns,
		       strerror(errno));
	close(fd);
	ctl->in_netns = !ret;
	return ret;
}

/**
 * ctl_genl() - the vpcpeer family socket, opened on first use
 * @ctl: the invocation
 *
 * The first use of either socket enters the namespace of -n; commands
 * call it only once their words have been checked.
 *
 * Return: the socket, or NULL after printing why there is none.
 */
struct genl *ctl_genl(struct ctl *ctl)
{
	if (!ctl->genl.sk.nl && (ctl_netns(ctl) || genl_open(&ctl->genl)))
		return NULL;
	return &ctl->genl;
}

/* As ctl_genl(), the rtnetlink socket. */
struct nlsock *ctl_rtnl(struct ctl *ctl)
{
	if (!ctl->rtnl.nl && (ctl_netns(ctl) || rtnl_open(&ctl->rtnl)))
		return NULL;
	return &ctl->rtnl;
}

/**
 * ctl_dump() - add the kernel's VPCs or peerings to a state
 * @ctl: the invocation
 * @cmd: VPCPEER_CMD_VPC_GET or VPCPEER_CMD_PEERING_GET
 * @name: only the one of this name, or NULL for all
 * @s: the state
 *
 * Return: 0, or -1 after a message.
 */
int ctl_dump(struct ctl *ctl, uint8_t cmd, const char *name, struct state *s)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genl *g = ctl_genl(ctl);
	struct nlmsghdr *nlh;
	int ret;

	if (!g)
		return -1;
	nlh = genl_msg(g, buf, cmd, NLM_F_DUMP);
	if (name)
		mnl_attr_put_strz(nlh, cmd == VPCPEER_CMD_VPC_GET ?
				  VPCPEER_VPC_A_NAME : VPCPEER_PEERING_A_NAME,
				  name);
	s->filter = name;
	ret = nlsock_dump(&g->sk, nlh, cmd == VPCPEER_CMD_VPC_GET ?
			  vpc_parse : peering_parse, s);
	s->filter = NULL;
	return ret;
}

/* Read every VRF device's table into @s; 0 or -1. */
static int read_tables(struct ctl *ctl, struct state *s)
{
	struct nlsock *r = ctl_rtnl(ctl);

	return r ? rtnl_vrf_tables(r, &s->tables, &s->n_tables) : -1;
}

/**
 * state_read() - read the VPCs, peerings, VRF tables and routes
 * @ctl: the invocation
 * @name: only this VPC and the routes of its table, or NULL for all
 * @s: filled (zeroed first); free it with state_free(), even on failure
 *
 * Each VPC's @table is set, and the routes sorted by table.
 *
 * Return: 0, or -1 after a message ("vpc NAME not found" if @name is not).
 */
int state_read(struct ctl *ctl, const char *name, struct state *s)
{
	static const uint16_t families[] = { AF_INET, AF_INET6 };
	struct rt_entry *routes, *all;
	size_t n, i;

	memset(s, 0, sizeof(*s));
	if (ctl_dump(ctl, VPCPEER_CMD_VPC_GET, name, s))
		return -1;
	if (name && !s->n_vpcs) {
		errmsg("vpc \"%s\" not found", name);
		return -1;
	}
	if (ctl_dump(ctl, VPCPEER_CMD_PEERING_GET, NULL, s) ||
	    read_tables(ctl, s))
		return -1;
	for (i = 0; i < s->n_vpcs; i++)
		s->vpcs[i].table = state_table_of(s, s->vpcs[i].vrf_ifindex);
	if (name && !s->vpcs[0].table)
		return 0;
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		if (rtnl_dump_routes(&ctl->rtnl, families[i],
				     name ? s->vpcs[0].table : 0, &routes, &n))
			return -1;
		all = reallocarray(s->routes, s->n_routes + n + 1, sizeof(*all));
		if (!all) {
			free(routes);
			errmsg("out of memory");
			return -1;
		}
		memcpy(all + s->n_routes, routes, n * sizeof(*all));
		s->routes = all;
		s->n_routes += n;
		free(routes);
	}
	state_sort_routes(s);
	return 0;
}

/**
 * ctl_vpc() - a VPC, its VRF's table and its CIDRs, from the cache
 * @ctl: the invocation
 * @name: the VPC's name
 *
 * Return: the VPC, valid until ctl_forget(); or NULL after a message
 * ("vpc NAME not found" if there is none).
 */
const struct vpc *ctl_vpc(struct ctl *ctl, const char *name)
{
	struct state *c = &ctl->cache;
	struct vpc *v = find_vpc(c, name);

	if (v)
		return v;
	if (!ctl->have_tables) {
		if (read_tables(ctl, c))
			return NULL;
		ctl->have_tables = true;
	}
	if (ctl_dump(ctl, VPCPEER_CMD_VPC_GET, name, c))
		return NULL;
	v = find_vpc(c, name);
	if (!v) {
		errmsg("vpc \"%s\" not found", name);
		return NULL;
	}
	v->table = state_table_of(c, v->vrf_ifindex);
	if (v->table)
		return v;
	errmsg("vpc \"%s\": its VRF %s (ifindex %u) is not a VRF device of this namespace",
	       name, v->vrf ? v->vrf : "?", v->vrf_ifindex);
	vpc_free(v);
	c->n_vpcs--;
	return NULL;
}

/**
 * ctl_peering() - a peering, its VPCs and its endpoints, from the cache
 * @ctl: the invocation
 * @name: the peering's name
 *
 * Return: the peering, valid until ctl_forget(); or NULL after a message
 * ("peering NAME not found" if there is none).
 */
const struct peering *ctl_peering(struct ctl *ctl, const char *name)
{
	struct state *c = &ctl->cache;
	struct peering *p = find_peering(c, name);

	if (p)
		return p;
	if (ctl_dump(ctl, VPCPEER_CMD_PEERING_GET, name, c))
		return NULL;
	p = find_peering(c, name);
	if (!p) {
		errmsg("peering \"%s\" not found", name);
		return NULL;
	}
	if (p->n_ep == 2 && p->vpc[0] && p->vpc[1] && p->ep[0].ifname &&
	    p->ep[1].ifname)
		return p;
	bad_reply("a peering without its VPCs or endpoints");
	peering_free(p);
	c->n_peerings--;
	return NULL;
}

/**
 * ctl_forget() - empty the cache
 * @ctl: the invocation
 *
 * After anything that may have changed what it holds.
 */
void ctl_forget(struct ctl *ctl)
{
	state_free(&ctl->cache);
	ctl->have_tables = false;
}

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
	const struct peering *p;
	const struct vpc *v;
	char dst[PREFIX_STRLEN];
	char *where, *dev, *metric, *text = NULL;
	int side = 0;

	if (req->msg)
		return strdup(req->msg);
	prefix_fmt(&rt->dst, dst, sizeof(dst));
	v = state_vpc_of_table(&ctl->cache, rt->table);
	p = state_endpoint_of(&ctl->cache, rt->oif, &side);
	if (v) {
		if (asprintf(&where, "vpc \"%s\" (vrf %s, table %u)", v->name,
			     v->vrf ? v->vrf : "?", rt->table) < 0)
			return NULL;
	} else if (asprintf(&where, "table %u", rt->table) < 0) {
		return NULL;
	}
	if (p && p->ep[side].ifname)
		dev = strdup(p->ep[side].ifname);
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
			     default_metric(&rt->dst)) < 0)
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
