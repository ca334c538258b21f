// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl vpc: attach VRFs as VPCs, manage their CIDRs, show them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/vpcpeer.h>

#include "conf.h"
#include "print.h"
#include "reconcile.h"
#include "vpc.h"

/**
 * print_vpc() - print a VPC: a line of text, or one JSON object
 * @key: the object's key in the enclosing object, or NULL in an array
 * @verb: the text's word after "vpc" (an event's "add"), or NULL
 * @v: the VPC
 * @cidrs: its CIDRs too (events carry none), a line each in text
 */
void print_vpc(const char *key, const char *verb, const struct vpc *v,
	       bool cidrs)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	print_open(key, false);
	print_text("vpc %s%s", verb ? verb : "", verb ? " " : "");
	print_str(PRINT_ANY, "name", "%s", v->name);
	print_str(PRINT_ANY, "vrf", " vrf %s", v->vrf);
	print_u64(PRINT_JSON, "vrf_ifindex", NULL, v->vrf_ifindex);
	print_u64(PRINT_ANY, "cidr_count", " cidrs %llu", v->cidr_count);
	print_u64(PRINT_ANY, "peering_count", " peerings %llu\n",
		  v->peering_count);
	if (cidrs) {
		print_open("cidrs", true);
		for (i = 0; i < v->n_cidrs; i++)
			print_str(PRINT_ANY, NULL, "    cidr %s\n",
				  prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
		print_close(true);
	}
	print_close(false);
}

static int vpc_show(struct ctl *ctl, struct args *a)
{
	struct state s = { 0 };
	const char *name;
	size_t i, k, n;
	struct vpc *v;
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &name);
	if (ret || ctl->conf)
		return ret;
	ret = EXIT_REFUSED;
	if (ctl_dump(ctl, VPCPEER_CMD_VPC_GET, name, &s))
		goto out;
	if (name && !s.n_vpcs) {
		errmsg("vpc \"%s\" not found", name);
		goto out;
	}
	print_start(ctl->json && !ctl->names, ctl->pretty);
	print_open(NULL, true);
	for (i = 0; i < s.n_vpcs; i++) {
		v = &s.vpcs[i];
		/* -4, -6: the CIDRs of that family only */
		for (n = k = 0; k < v->n_cidrs; k++) {
			if (!ctl->family || v->cidrs[k].family == ctl->family)
				v->cidrs[n++] = v->cidrs[k];
		}
		v->n_cidrs = n;
		if (ctl->names)
			puts(v->name);
		else
			print_vpc(NULL, NULL, v, true);
	}
	print_close(true);
	print_end();
	ret = 0;
out:
	state_free(&s);
	return ret;
}

/*
 * Send a request that names a VPC and carries CIDRs (and a VRF, for a new
 * VPC), in one message: the kernel applies it all or nothing.
 */
static int send_cidrs(struct ctl *ctl, uint8_t cmd, const char *name,
		      const char *vrf, const struct prefix *cidrs, size_t n)
{
	struct genl *g = ctl_genl(ctl);
	struct nlmsghdr *nlh;
	size_t i;
	char *buf;
	int ret;

	if (!g)
		return EXIT_REFUSED;
	buf = malloc(MNL_SOCKET_BUFFER_SIZE + n * PREFIX_NEST_SIZE);
	if (!buf) {
		errmsg("out of memory");
		return EXIT_REFUSED;
	}
	nlh = genl_msg(g, buf, cmd, 0);
	mnl_attr_put_strz(nlh, VPCPEER_VPC_A_NAME, name);
	if (vrf)
		mnl_attr_put_strz(nlh, VPCPEER_VPC_A_VRF_IFNAME, vrf);
	for (i = 0; i < n; i++)
		prefix_put(nlh, VPCPEER_VPC_A_CIDR, &cidrs[i]);
	ret = genl_talk(g, nlh, NULL, NULL) ? EXIT_REFUSED : 0;
	free(buf);
	return ret;
}

/* Take the next word, a PREFIX, into @cidrs[*n]; 0 or the exit status. */
static int take_cidr(struct args *a, const char *what, struct prefix *cidrs,
		     size_t *n)
{
	const char *word = arg_need(a, what);

	return word ? prefix_parse(word, &cidrs[(*n)++]) : EXIT_USAGE;
}

static int vpc_add(struct ctl *ctl, struct args *a)
{
	const char *name, *vrf = NULL, *word;
	struct prefix *cidrs;
	size_t n = 0;
	int ret;

	name = arg_name(a, "NAME", "vpc", VPCPEER_VPC_NAME_MAX, &ret);
	if (!name)
		return ret;
	/* at most one CIDR per two words */
	cidrs = calloc(a->argc / 2 + 1, sizeof(*cidrs));
	if (!cidrs) {
		errmsg("out of memory");
		return EXIT_REFUSED;
	}
	while (!ret && (word = arg_next(a))) {
		if (!strcmp(word, "vrf") && vrf)
			ret = arg_twice(a, word);
		else if (!strcmp(word, "vrf"))
			vrf = arg_name(a, "VRFDEV after \"vrf\"", "vrf device",
				       IFNAMSIZ - 1, &ret);
		else if (!strcmp(word, "cidr"))
			ret = take_cidr(a, "PREFIX after \"cidr\"", cidrs, &n);
		else
			ret = arg_unknown(a, word);
	}
	if (!ret && !vrf)
		ret = usage_err("%s: missing \"vrf VRFDEV\"", a->cmd);
	if (!ret && ctl->conf)
		ret = conf_vpc_add(ctl->conf, name, vrf, cidrs, n);
	else if (!ret)
		ret = send_cidrs(ctl, VPCPEER_CMD_VPC_NEW, name, vrf, cidrs, n);
	free(cidrs);
	return ret;
}

static int vpc_del(struct ctl *ctl, struct args *a)
{
	const char *name;
	int ret;

	name = arg_name(a, "NAME", "vpc", VPCPEER_VPC_NAME_MAX, &ret);
	if (name)
		ret = arg_end(a);
	if (!name || ret)
		return ret;
	if (ctl->conf)
		return conf_vpc_del(ctl->conf, name);
	return send_cidrs(ctl, VPCPEER_CMD_VPC_DEL, name, NULL, NULL, 0);
}

/* vpc cidr add|del NAME PREFIX...: one request, all or nothing. */
static int vpc_cidr(struct ctl *ctl, struct args *a)
{
	char what[VPCPEER_VPC_NAME_MAX + 16];
	struct prefix *cidrs;
	const char *op, *name;
	struct scope sc = { 0 };
	size_t n = 0;
	bool add;
	int ret;

	op = arg_need(a, "\"add\" or \"del\"");
	if (!op)
		return EXIT_USAGE;
	add = matches(op, "add");
	if (!add && !matches(op, "del") && !matches(op, "delete"))
		return usage_err("unknown vpc cidr command \"%s\"; try \"vpcpeerctl vpc help\"",
				 op);
	a->cmd = add ? "vpc cidr add" : "vpc cidr del";
	name = arg_name(a, "NAME", "vpc", VPCPEER_VPC_NAME_MAX, &ret);
	if (!name)
		return ret;
	if (!a->argc)
		return usage_err("%s: missing PREFIX", a->cmd);
	cidrs = calloc(a->argc, sizeof(*cidrs));
	if (!cidrs) {
		errmsg("out of memory");
		return EXIT_REFUSED;
	}
	while (!ret && a->argc)
		ret = take_cidr(a, "PREFIX", cidrs, &n);
	if (ret || ctl->conf) {
		if (!ret)
			ret = conf_cidrs(ctl->conf, add, name, cidrs, n);
		goto out;
	}
	ret = send_cidrs(ctl, add ? VPCPEER_CMD_VPC_CIDR_ADD :
			 VPCPEER_CMD_VPC_CIDR_DEL, name, NULL, cidrs, n);
	if (ret)
		goto out;
	/* the routes of "routes auto" peerings follow the CIDRs */
	sc.peer = name;
	snprintf(what, sizeof(what), "vpc \"%s\"", name);
	ret = reconcile_after(ctl, &sc, what, add ?
			      "the CIDRs and their routes were removed again" : NULL);
	if (ret && add &&
	    !send_cidrs(ctl, VPCPEER_CMD_VPC_CIDR_DEL, name, NULL, cidrs, n))
		reconcile_routes(ctl, &sc, NULL, NULL);
out:
	free(cidrs);
	return ret;
}

const struct object vpc_object = {
	.name = "vpc",
	.help = "vpc add NAME vrf VRFDEV [cidr PREFIX]...\n"
		"vpc del NAME\n"
		"vpc cidr add NAME PREFIX...\n"
		"vpc cidr del NAME PREFIX...\n"
		"vpc show [NAME]\n",
	.cmds = (const struct command[]){
		{ "add", vpc_add },
		{ "del", vpc_del },
		{ "delete", vpc_del },
		{ "cidr", vpc_cidr },
		{ "show", vpc_show },
		{ "list", vpc_show },
		{ NULL, NULL }
	},
};
