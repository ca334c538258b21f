// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl save: write the live state of the namespace as a batch file
 * that "vpcpeerctl -b FILE" restores: every VPC with its VRF and CIDRs,
 * every peering with its MTU (if not the default), its flags and its
 * admin state, and the routes of protocol vpcpeer that "routes auto" does
 * not install by itself.
 *
 * The output is sorted (VPCs, CIDRs, peerings and routes by name and
 * prefix), so that two saves of the same state are the same file but for
 * the time in the header, and can be diffed. SOURCE_DATE_EPOCH, if set,
 * is the time the header gives.
 *
 * A route is "routes auto"'s, and not written, when its peering has the
 * flag, it leaves the VPC through the VPC's own endpoint, its prefix is
 * exactly a CIDR of the peer VPC and its metric is the family's default:
 * that is the route "peering add ... routes auto" and "vpc cidr add"
 * install. Every other route of protocol vpcpeer in a VPC's table is
 * written as "route add". Routes the grammar cannot express (not out of
 * an endpoint of a peering of that VPC, not unicast) are written as
 * comments, and so is a peering whose endpoints have different MTUs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "objects.h"
#include "vpcpeerctl.h"
#include "version.h"

const char save_help[] =
	"save\n";

/* The MTU a peering gets when "peering add" names none. */
#define DEFAULT_MTU 1500

/* Characters a word may have and be written as it is. */
#define PLAIN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		    "0123456789_.:/@+,=%-"

/*
 * Write @word as the batch reader splits it back: as it is, or quoted.
 * Return: 0, or -1 after a message if no quote can hold it.
 */
static int put_word(const char *what, const char *word)
{
	if (*word && word[strspn(word, PLAIN_CHARS)] == '\0') {
		printf(" %s", word);
		return 0;
	}
	if (strchr(word, '\n')) {
		pr_err("%s \"%s\" has a newline: a batch file cannot name it",
		       what, word);
		return -1;
	}
	if (!strchr(word, '\'')) {
		printf(" '%s'", word);
		return 0;
	}
	if (!strchr(word, '"')) {
		printf(" \"%s\"", word);
		return 0;
	}
	pr_err("%s \"%s\" has both kinds of quotes: a batch file cannot name it",
	       what, word);
	return -1;
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

/**
 * struct saved_route - a route to write
 * @vpc: the VPC whose table holds it
 * @peering: the peering it goes into
 * @rt: the route
 */
struct saved_route {
	const char *vpc;
	const char *peering;
	struct rt rt;
};

static int cmp_saved_route(const void *a, const void *b)
{
	const struct saved_route *x = a, *y = b;
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

static uint32_t default_metric(const struct prefix *p)
{
	return p->family == AF_INET6 ? RT6_DEFAULT_METRIC : 0;
}

static const struct vpc *find_vpc(const struct route_state *s,
				  const char *name)
{
	size_t i;

	for (i = 0; i < s->vpcs.n; i++) {
		if (!strcmp(s->vpcs.vpcs[i].name, name))
			return &s->vpcs.vpcs[i];
	}
	return NULL;
}

/* Is @e, out of side @side of @p, a route "routes auto" makes? */
static bool is_auto(const struct route_state *s, const struct peering *p,
		    int side, const struct rt_entry *e)
{
	const struct vpc *peer;
	size_t i;

	if (!(p->flags & VPCPEER_F_ROUTES_AUTO) ||
	    e->rt.metric != default_metric(&e->rt.dst))
		return false;
	peer = find_vpc(s, side ? p->vpc_a : p->vpc_b);
	if (!peer)
		return false;
	for (i = 0; i < peer->n_cidrs; i++) {
		if (!prefix_cmp(&peer->cidrs[i], &e->rt.dst))
			return true;
	}
	return false;
}

static void print_header(struct ctl *ctl)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char when[32] = "?";
	time_t now = time(NULL);
	struct tm tm;

	if (epoch && *epoch)
		now = (time_t)strtoll(epoch, NULL, 10);
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("# vpcpeer state: the VPCs, peerings and routes of %s%s%s,\n",
	       ctl->netns ? "network namespace \"" : "the current network namespace",
	       ctl->netns ? ctl->netns : "", ctl->netns ? "\"" : "");
	printf("# saved by vpcpeerctl %s at %s.\n", VPCPEER_VERSION, when);
	printf("# Restore with: vpcpeerctl%s%s -b FILE\n",
	       ctl->netns ? " -n " : "", ctl->netns ? ctl->netns : "");
}

static int save_vpcs(struct route_state *s)
{
	char buf[PREFIX_STRLEN];
	struct vpc *v;
	size_t i, c;

	qsort(s->vpcs.vpcs, s->vpcs.n, sizeof(*s->vpcs.vpcs), cmp_vpc);
	for (i = 0; i < s->vpcs.n; i++) {
		v = &s->vpcs.vpcs[i];
		qsort(v->cidrs, v->n_cidrs, sizeof(*v->cidrs), cmp_cidr);
		fputs("vpc add", stdout);
		if (put_word("vpc", v->name))
			return -1;
		fputs(" vrf", stdout);
		if (put_word("vrf", v->vrf ? v->vrf : ""))
			return -1;
		for (c = 0; c < v->n_cidrs; c++)
			printf(" cidr %s", prefix_fmt(&v->cidrs[c], buf,
						      sizeof(buf)));
		putchar('\n');
	}
	return 0;
}

static int save_peerings(struct route_state *s)
{
	struct peering *p;
	size_t i;

	qsort(s->peerings.peerings, s->peerings.n, sizeof(*s->peerings.peerings),
	      cmp_peering);
	for (i = 0; i < s->peerings.n; i++) {
		p = &s->peerings.peerings[i];
		if (p->n_ep != 2 || !p->vpc_a || !p->vpc_b)
			return genl_bad_reply("a peering without its VPCs or endpoints");
		if (p->ep[0].mtu != p->ep[1].mtu)
			printf("# peering %s: endpoint %s has MTU %u, %s has %u; both get %u\n",
			       p->name, p->ep[0].ifname ? p->ep[0].ifname : "a",
			       p->ep[0].mtu,
			       p->ep[1].ifname ? p->ep[1].ifname : "b",
			       p->ep[1].mtu, p->ep[0].mtu);
		fputs("peering add", stdout);
		if (put_word("peering", p->name) || put_word("vpc", p->vpc_a) ||
		    put_word("vpc", p->vpc_b))
			return -1;
		if (p->ep[0].mtu != DEFAULT_MTU)
			printf(" mtu %u", p->ep[0].mtu);
		if (p->flags & VPCPEER_F_ROUTES_AUTO)
			fputs(" routes auto", stdout);
		putchar('\n');
		if (p->flags & ~VPCPEER_F_ROUTES_AUTO)
			printf("# peering %s: flags 0x%x unknown here, not restored\n",
			       p->name, p->flags & ~VPCPEER_F_ROUTES_AUTO);
		if (!p->admin_up) {
			fputs("peering set", stdout);
			if (put_word("peering", p->name))
				return -1;
			fputs(" down\n", stdout);
		}
	}
	return 0;
}

/* Print the route of @e that no batch line can make, as a comment. */
static void print_skipped(const struct vpc *v, const struct rt_entry *e,
			  const char *why)
{
	char dst[PREFIX_STRLEN];

	printf("# vpc %s: route to %s metric %u (ifindex %u) not restored: %s\n",
	       v->name, prefix_fmt(&e->rt.dst, dst, sizeof(dst)), e->rt.metric,
	       e->rt.oif, why);
}

static int save_routes(const struct route_state *s)
{
	const struct rt_entry *e, *end = s->routes + s->n_routes;
	struct saved_route *out;
	char dst[PREFIX_STRLEN];
	const struct peering *p;
	const struct vpc *v;
	size_t i, n = 0;
	uint32_t table;
	int side;

	out = calloc(s->n_routes + 1, sizeof(*out));
	if (!out) {
		pr_err("out of memory");
		return -1;
	}
	/* the VPCs are sorted by name: comments come in a stable order */
	for (i = 0; i < s->vpcs.n; i++) {
		v = &s->vpcs.vpcs[i];
		table = route_state_table_of(s, v->vrf_ifindex);
		if (!table)
			continue;
		for (e = route_state_first_of(s, table);
		     e < end && e->rt.table == table; e++) {
			p = route_state_endpoint_of(s, e->rt.oif, &side);
			if (e->type != RTN_UNICAST) {
				print_skipped(v, e, "not a unicast route");
				continue;
			}
			if (!p || strcmp(side ? p->vpc_b : p->vpc_a, v->name)) {
				print_skipped(v, e, "not out of an endpoint of this VPC");
				continue;
			}
			if (is_auto(s, p, side, e))
				continue;
			out[n].vpc = v->name;
			out[n].peering = p->name;
			out[n].rt = e->rt;
			n++;
		}
	}
	qsort(out, n, sizeof(*out), cmp_saved_route);
	for (i = 0; i < n; i++) {
		fputs("route add", stdout);
		/* names were checked by save_vpcs() and save_peerings() */
		put_word("vpc", out[i].vpc);
		printf(" %s peering", prefix_fmt(&out[i].rt.dst, dst, sizeof(dst)));
		put_word("peering", out[i].peering);
		if (out[i].rt.metric != default_metric(&out[i].rt.dst))
			printf(" metric %u", out[i].rt.metric);
		putchar('\n');
	}
	free(out);
	return 0;
}

static int save_state(struct ctl *ctl, int argc, char **argv)
{
	struct route_state s;
	int ret = EXIT_REFUSED;

	(void)argv;
	if (argc)
		return usage_err("save takes no arguments");
	if (ctl->json)
		return usage_err("save writes a batch file: -j does not apply");
	if (route_state_read(ctl, NULL, &s))
		goto out;
	print_header(ctl);
	if (save_vpcs(&s) || save_peerings(&s) || save_routes(&s))
		goto out;
	ret = 0;
out:
	route_state_free(&s);
	return ret;
}

int save_main(struct ctl *ctl, int argc, char **argv)
{
	if (argc == 1 && !strcmp(argv[0], "help")) {
		printf("Usage: vpcpeerctl save\n");
		return 0;
	}
	return save_state(ctl, argc, argv);
}
