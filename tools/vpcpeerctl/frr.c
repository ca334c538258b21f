// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl frr guard: print, from the live VPCs, the FRR statements that
 * keep each VPC's EVPN advertisements to its own CIDRs (see
 * Documentation/multihost.rst), ready for "vtysh -f" or frr-reload.
 *
 * For a VPC NAME it prints the prefix-lists OWN-NAME-v4 and OWN-NAME-v6,
 * each permitting exactly the VPC's CIDRs of its family and anything
 * inside them (a family without CIDRs denies everything), and the entries
 * 10 and 20 of the route-map OWN-NAME that match them. The BGP VRF
 * instance of the VPC names the route-map on "advertise ipv4|ipv6 unicast";
 * an operator's own entries of OWN-NAME (30 and up, an on-prem edge's
 * prefixes) are left alone. Each prefix-list is deleted before it is
 * written again, so that a CIDR removed from the VPC leaves it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/vpcpeer.h>

#include "frr.h"

/* Characters FRR takes in a prefix-list or route-map name word. */
#define FRR_NAME_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		       "0123456789_.-"

/* Print the prefix-list of @v's CIDRs of one family. */
static void print_prefix_list(const struct vpc *v, int family)
{
	const char *ip = family == AF_INET ? "ip" : "ipv6";
	const char *sfx = family == AF_INET ? "v4" : "v6";
	int max = family == AF_INET ? 32 : 128;
	char buf[PREFIX_STRLEN];
	unsigned int seq = 0;
	size_t i;

	printf("no %s prefix-list OWN-%s-%s\n", ip, v->name, sfx);
	for (i = 0; i < v->n_cidrs; i++) {
		if (v->cidrs[i].family != family)
			continue;
		seq += 10;
		printf("%s prefix-list OWN-%s-%s seq %u permit %s", ip, v->name,
		       sfx, seq, prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
		if (v->cidrs[i].len < max)
			printf(" le %d", max);
		putchar('\n');
	}
	if (!seq)
		printf("%s prefix-list OWN-%s-%s seq 10 deny any\n", ip, v->name,
		       sfx);
}

static void print_guard(const struct vpc *v)
{
	printf("! VPC %s (VRF %s): its L3VNI carries its own CIDRs only\n",
	       v->name, v->vrf ? v->vrf : "?");
	print_prefix_list(v, AF_INET);
	print_prefix_list(v, AF_INET6);
	printf("route-map OWN-%s permit 10\n"
	       " match ip address prefix-list OWN-%s-v4\n"
	       "exit\n", v->name, v->name);
	printf("route-map OWN-%s permit 20\n"
	       " match ipv6 address prefix-list OWN-%s-v6\n"
	       "exit\n", v->name, v->name);
}

static int frr_guard(struct ctl *ctl, struct args *a)
{
	struct state s = { 0 };
	const char *name;
	size_t i;
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &name);
	if (ret)
		return ret;
	if (ctl->json)
		return usage_err("frr guard writes FRR statements: -j does not apply");

	ret = EXIT_REFUSED;
	if (ctl_dump(ctl, VPCPEER_CMD_VPC_GET, name, &s))
		goto out;
	if (name && !s.n_vpcs) {
		errmsg("vpc \"%s\" not found", name);
		goto out;
	}
	for (i = 0; i < s.n_vpcs; i++) {
		const char *n = s.vpcs[i].name;

		if (n[strspn(n, FRR_NAME_CHARS)]) {
			errmsg("vpc \"%s\": FRR takes only letters, digits, '_', '.' and '-' in a name",
			       n);
			goto out;
		}
	}
	/* sorted, so that two runs on the same VPCs print the same text */
	state_sort_by_name(&s);
	for (i = 0; i < s.n_vpcs; i++)
		print_guard(&s.vpcs[i]);
	ret = 0;
out:
	state_free(&s);
	return ret;
}

const struct object frr_object = {
	.name = "frr",
	.help = "frr guard [VPC]\n",
	.cmds = (const struct command[]){
		{ "guard", frr_guard },
		{ NULL, NULL }
	},
};
