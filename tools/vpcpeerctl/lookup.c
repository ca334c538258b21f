// SPDX-License-Identifier: GPL-2.0
/*
 * The VPCs, peerings and VRF tables route commands refer to, looked up in
 * the kernel once and kept by name: a batch pushing many routes through a
 * few peerings asks for each only once. Anything that changes them calls
 * ctl_forget().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "objects.h"
#include "vpcpeerctl.h"

#define LOOKUP_BUCKETS 1024

/* Most CIDRs a message lists before "and N more". */
#define CIDRS_TEXT_MAX 32

struct vpc_node {
	struct vpc_ref ref;
	struct vpc_node *next;
};

struct peering_node {
	struct peering_ref ref;
	struct peering_node *next;
};

/**
 * struct lookup - what has been looked up
 * @vpcs: VPCs by name hash
 * @peerings: peerings by name hash
 * @tables: every VRF device's table, once @have_tables
 * @n_tables: entries in @tables
 * @have_tables: @tables was read
 */
struct lookup {
	struct vpc_node *vpcs[LOOKUP_BUCKETS];
	struct peering_node *peerings[LOOKUP_BUCKETS];
	struct vrf_table *tables;
	size_t n_tables;
	bool have_tables;
};

static unsigned int hash(const char *name)
{
	unsigned int h = 5381;

	while (*name)
		h = h * 33 + (unsigned char)*name++;
	return h % LOOKUP_BUCKETS;
}

static struct lookup *get_lookup(struct ctl *ctl)
{
	if (!ctl->lookup) {
		ctl->lookup = calloc(1, sizeof(*ctl->lookup));
		if (!ctl->lookup)
			pr_err("out of memory");
	}
	return ctl->lookup;
}

/* The table of the VRF device @ifindex; 0 if it is not a VRF. */
static int vrf_table(struct ctl *ctl, struct lookup *l, uint32_t ifindex,
		     uint32_t *table)
{
	struct rtnl *r;
	size_t i;

	if (!l->have_tables) {
		r = ctl_rtnl(ctl);
		if (!r || rtnl_vrf_tables(r, &l->tables, &l->n_tables))
			return -1;
		l->have_tables = true;
	}
	*table = 0;
	for (i = 0; i < l->n_tables; i++) {
		if (l->tables[i].ifindex == ifindex)
			*table = l->tables[i].table;
	}
	return 0;
}

static int cmp_cidr(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

static void vpc_ref_free(struct vpc_ref *v)
{
	free(v->name);
	free(v->vrf);
	free(v->cidrs);
}

/* Fill @ref from the kernel's view of @v. */
static int vpc_ref_fill(struct ctl *ctl, struct lookup *l, struct vpc_ref *ref,
			const struct vpc *v)
{
	memset(ref, 0, sizeof(*ref));
	ref->name = strdup(v->name);
	ref->vrf = strdup(v->vrf ? v->vrf : "?");
	ref->cidrs = malloc((v->n_cidrs + 1) * sizeof(*ref->cidrs));
	if (!ref->name || !ref->vrf || !ref->cidrs) {
		pr_err("out of memory");
		return -1;
	}
	ref->vrf_ifindex = v->vrf_ifindex;
	memcpy(ref->cidrs, v->cidrs, v->n_cidrs * sizeof(*ref->cidrs));
	ref->n_cidrs = v->n_cidrs;
	qsort(ref->cidrs, ref->n_cidrs, sizeof(*ref->cidrs), cmp_cidr);
	if (vrf_table(ctl, l, ref->vrf_ifindex, &ref->table))
		return -1;
	if (!ref->table) {
		pr_err("vpc \"%s\": its VRF %s (ifindex %u) is not a VRF device of this namespace",
		       ref->name, ref->vrf, ref->vrf_ifindex);
		return -1;
	}
	return 0;
}

/**
 * lookup_vpc() - a VPC, its VRF's table and its CIDRs
 * @ctl: the invocation
 * @name: the VPC's name
 *
 * Return: the VPC, valid until ctl_forget(); or NULL after a message
 * ("vpc NAME not found" if there is none).
 */
const struct vpc_ref *lookup_vpc(struct ctl *ctl, const char *name)
{
	struct lookup *l = get_lookup(ctl);
	struct vpc_list list;
	struct vpc_node *node;
	unsigned int h;

	if (!l)
		return NULL;
	h = hash(name);
	for (node = l->vpcs[h]; node; node = node->next) {
		if (!strcmp(node->ref.name, name))
			return &node->ref;
	}
	if (vpc_dump(ctl, name, &list)) {
		vpc_list_free(&list);
		return NULL;
	}
	node = NULL;
	if (!list.n) {
		pr_err("vpc \"%s\" not found", name);
		goto out;
	}
	node = calloc(1, sizeof(*node));
	if (!node) {
		pr_err("out of memory");
		goto out;
	}
	if (vpc_ref_fill(ctl, l, &node->ref, &list.vpcs[0])) {
		vpc_ref_free(&node->ref);
		free(node);
		node = NULL;
		goto out;
	}
	node->next = l->vpcs[h];
	l->vpcs[h] = node;
out:
	vpc_list_free(&list);
	return node ? &node->ref : NULL;
}

static void peering_ref_free(struct peering_ref *p)
{
	int side;

	free(p->name);
	for (side = 0; side < 2; side++) {
		free(p->vpc[side]);
		free(p->ifname[side]);
	}
}

static int peering_ref_fill(struct peering_ref *ref, const struct peering *p)
{
	int side;

	memset(ref, 0, sizeof(*ref));
	if (p->n_ep != 2 || !p->vpc_a || !p->vpc_b || !p->ep[0].ifname ||
	    !p->ep[1].ifname)
		return genl_bad_reply("a peering without its VPCs or endpoints");
	ref->name = strdup(p->name);
	ref->vpc[0] = strdup(p->vpc_a);
	ref->vpc[1] = strdup(p->vpc_b);
	for (side = 0; side < 2; side++) {
		ref->ifname[side] = strdup(p->ep[side].ifname);
		ref->ifindex[side] = p->ep[side].ifindex;
	}
	ref->flags = p->flags;
	if (!ref->name || !ref->vpc[0] || !ref->vpc[1] || !ref->ifname[0] ||
	    !ref->ifname[1]) {
		pr_err("out of memory");
		return -1;
	}
	return 0;
}

/**
 * lookup_peering() - a peering, its VPCs and its endpoints
 * @ctl: the invocation
 * @name: the peering's name
 *
 * Return: the peering, valid until ctl_forget(); or NULL after a message
 * ("peering NAME not found" if there is none).
 */
const struct peering_ref *lookup_peering(struct ctl *ctl, const char *name)
{
	struct lookup *l = get_lookup(ctl);
	struct peering_node *node;
	struct peering_list list;
	unsigned int h;

	if (!l)
		return NULL;
	h = hash(name);
	for (node = l->peerings[h]; node; node = node->next) {
		if (!strcmp(node->ref.name, name))
			return &node->ref;
	}
	if (peering_dump(ctl, name, &list)) {
		peering_list_free(&list);
		return NULL;
	}
	node = NULL;
	if (!list.n) {
		pr_err("peering \"%s\" not found", name);
		goto out;
	}
	node = calloc(1, sizeof(*node));
	if (!node) {
		pr_err("out of memory");
		goto out;
	}
	if (peering_ref_fill(&node->ref, &list.peerings[0])) {
		peering_ref_free(&node->ref);
		free(node);
		node = NULL;
		goto out;
	}
	node->next = l->peerings[h];
	l->peerings[h] = node;
out:
	peering_list_free(&list);
	return node ? &node->ref : NULL;
}

/**
 * lookup_vpc_by_table() - a VPC already looked up, by its VRF's table
 * @ctl: the invocation
 * @table: the table
 *
 * For messages about a route: nothing is asked of the kernel.
 *
 * Return: the VPC, or NULL.
 */
const struct vpc_ref *lookup_vpc_by_table(struct ctl *ctl, uint32_t table)
{
	struct vpc_node *node;
	unsigned int h;

	if (!ctl->lookup)
		return NULL;
	for (h = 0; h < LOOKUP_BUCKETS; h++) {
		for (node = ctl->lookup->vpcs[h]; node; node = node->next) {
			if (node->ref.table == table)
				return &node->ref;
		}
	}
	return NULL;
}

/**
 * lookup_endpoint() - a peering already looked up, by an endpoint's ifindex
 * @ctl: the invocation
 * @ifindex: the endpoint's ifindex
 * @side: set to the endpoint's side, 0 (a) or 1 (b)
 *
 * For messages about a route: nothing is asked of the kernel.
 *
 * Return: the peering, or NULL.
 */
const struct peering_ref *lookup_endpoint(struct ctl *ctl, uint32_t ifindex,
					  int *side)
{
	struct peering_node *node;
	unsigned int h;

	if (!ctl->lookup)
		return NULL;
	for (h = 0; h < LOOKUP_BUCKETS; h++) {
		for (node = ctl->lookup->peerings[h]; node; node = node->next) {
			for (*side = 0; *side < 2; (*side)++) {
				if (node->ref.ifindex[*side] == ifindex)
					return &node->ref;
			}
		}
	}
	return NULL;
}

/**
 * vpc_ref_cidr_of() - the CIDR of a VPC that holds a prefix
 * @v: the VPC
 * @p: the prefix
 *
 * A VPC's CIDRs never overlap, so the only candidate is the last one that
 * sorts before @p: a binary search finds it.
 *
 * Return: the CIDR, or NULL if @p is in none.
 */
const struct prefix *vpc_ref_cidr_of(const struct vpc_ref *v,
				     const struct prefix *p)
{
	size_t lo = 0, hi = v->n_cidrs, mid;

	/* invariant: cidrs[0..lo) sort before or equal to @p, [hi..) after */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (prefix_cmp(&v->cidrs[mid], p) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && prefix_contains(&v->cidrs[lo - 1], p))
		return &v->cidrs[lo - 1];
	return NULL;
}

/**
 * vpc_ref_cidrs_text() - a VPC's CIDRs, for a message
 * @v: the VPC
 *
 * Return: "10.1.0.0/16, fd00:1::/32", "none", or the first
 * CIDRS_TEXT_MAX and "and N more"; to free(), or NULL after a message.
 */
char *vpc_ref_cidrs_text(const struct vpc_ref *v)
{
	size_t i, n = v->n_cidrs < CIDRS_TEXT_MAX ? v->n_cidrs : CIDRS_TEXT_MAX;
	char cidr[PREFIX_STRLEN];
	size_t len = 0;
	char *text;

	text = malloc(n * (PREFIX_STRLEN + 2) + 64);
	if (!text) {
		pr_err("out of memory");
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

/**
 * ctl_forget() - forget every VPC, peering and VRF table looked up
 * @ctl: the invocation
 *
 * After anything that may have changed them.
 */
void ctl_forget(struct ctl *ctl)
{
	struct lookup *l = ctl->lookup;
	struct peering_node *p, *pnext;
	struct vpc_node *v, *vnext;
	unsigned int h;

	if (!l)
		return;
	for (h = 0; h < LOOKUP_BUCKETS; h++) {
		for (v = l->vpcs[h]; v; v = vnext) {
			vnext = v->next;
			vpc_ref_free(&v->ref);
			free(v);
		}
		for (p = l->peerings[h]; p; p = pnext) {
			pnext = p->next;
			peering_ref_free(&p->ref);
			free(p);
		}
	}
	free(l->tables);
	free(l);
	ctl->lookup = NULL;
}
