// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl vpc: attach VRFs as VPCs, manage their CIDRs, show them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/genetlink.h>
#include <linux/vpcpeer.h>

#include "json.h"
#include "objects.h"
#include "prefix.h"
#include "vpcpeerctl.h"

const char vpc_help[] =
	"vpc add NAME vrf VRFDEV [cidr PREFIX]...\n"
	"vpc del NAME\n"
	"vpc cidr add NAME PREFIX...\n"
	"vpc cidr del NAME PREFIX...\n"
	"vpc show [NAME]\n";

void vpc_list_free(struct vpc_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->vpcs[i].name);
		free(list->vpcs[i].vrf);
		free(list->vpcs[i].cidrs);
	}
	free(list->vpcs);
}

/* The VPC a message is about: the last one if it repeats its name. */
static struct vpc *vpc_entry(struct vpc_list *list, const char *name)
{
	struct vpc *v;

	if (list->n && !strcmp(list->vpcs[list->n - 1].name, name))
		return &list->vpcs[list->n - 1];
	v = array_grow(list->vpcs, sizeof(*v), list->n, &list->cap);
	if (!v)
		return NULL;
	list->vpcs = v;
	v = &list->vpcs[list->n];
	memset(v, 0, sizeof(*v));
	v->name = strdup(name);
	if (!v->name) {
		pr_err("out of memory");
		return NULL;
	}
	list->n++;
	return v;
}

/**
 * vpc_parse() - add the VPC of a VPCPEER_CMD_VPC_GET reply (or event) to a list
 * @nlh: the message
 * @data: the struct vpc_list
 *
 * Return: MNL_CB_OK, or MNL_CB_ERROR after a message.
 */
int vpc_parse(const struct nlmsghdr *nlh, void *data)
{
	struct vpc_list *list = data;
	const struct nlattr *attr;
	const char *name = NULL;
	struct prefix *cidrs;
	struct vpc *v;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == VPCPEER_VPC_A_NAME &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(attr);
	}
	if (!name)
		return genl_bad_reply("a VPC without a name");
	if (list->filter && strcmp(name, list->filter))
		return MNL_CB_OK;
	v = vpc_entry(list, name);
	if (!v)
		return MNL_CB_ERROR;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case VPCPEER_VPC_A_VRF_IFNAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				return genl_bad_reply("VRF name");
			if (v->vrf)
				break;
			v->vrf = strdup(mnl_attr_get_str(attr));
			if (!v->vrf) {
				pr_err("out of memory");
				return MNL_CB_ERROR;
			}
			break;
		case VPCPEER_VPC_A_VRF_IFINDEX:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return genl_bad_reply("VRF ifindex");
			v->vrf_ifindex = mnl_attr_get_u32(attr);
			break;
		case VPCPEER_VPC_A_CIDR_COUNT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return genl_bad_reply("CIDR count");
			v->cidr_count = mnl_attr_get_u32(attr);
			break;
		case VPCPEER_VPC_A_PEERING_COUNT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return genl_bad_reply("peering count");
			v->peering_count = mnl_attr_get_u32(attr);
			break;
		case VPCPEER_VPC_A_CIDR:
			cidrs = array_grow(v->cidrs, sizeof(*cidrs),
					   v->n_cidrs, &v->cap);
			if (!cidrs)
				return MNL_CB_ERROR;
			v->cidrs = cidrs;
			if (prefix_get(attr, &v->cidrs[v->n_cidrs]))
				return genl_bad_reply("CIDR");
			v->n_cidrs++;
			break;
		}
	}
	return MNL_CB_OK;
}

static void vpc_print_text(const struct vpc *v)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	printf("vpc %s vrf %s cidrs %u peerings %u\n", v->name,
	       v->vrf ? v->vrf : "-", v->cidr_count, v->peering_count);
	for (i = 0; i < v->n_cidrs; i++)
		printf("    cidr %s\n", prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
}

/**
 * vpc_print_json() - print a VPC as one JSON object
 * @j: the writer
 * @key: the object's key in the enclosing object, or NULL in an array
 * @v: the VPC
 * @cidrs: include its CIDRs (events carry none)
 */
void vpc_print_json(struct json *j, const char *key, const struct vpc *v,
		    bool cidrs)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	json_open_object(j, key);
	json_string(j, "name", v->name);
	json_string(j, "vrf", v->vrf ? v->vrf : "");
	json_u64(j, "vrf_ifindex", v->vrf_ifindex);
	json_u64(j, "cidr_count", v->cidr_count);
	json_u64(j, "peering_count", v->peering_count);
	if (!cidrs) {
		json_close_object(j);
		return;
	}
	json_open_array(j, "cidrs");
	for (i = 0; i < v->n_cidrs; i++)
		json_string(j, NULL, prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
	json_close_array(j);
	json_close_object(j);
}

/**
 * vpc_dump() - read the VPCs from the kernel
 * @ctl: the invocation
 * @name: only the VPC of this name, or NULL for all
 * @list: filled in the kernel's order; free it with vpc_list_free()
 *
 * Return: 0, or -1 after a message.
 */
int vpc_dump(struct ctl *ctl, const char *name, struct vpc_list *list)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genl *g;

	memset(list, 0, sizeof(*list));
	list->filter = name;
	g = ctl_genl(ctl);
	if (!g)
		return -1;
	nlh = genl_msg(g, buf, VPCPEER_CMD_VPC_GET, NLM_F_DUMP);
	if (name)
		mnl_attr_put_strz(nlh, VPCPEER_VPC_A_NAME, name);
	return genl_dump(g, nlh, vpc_parse, list);
}

static int vpc_show(struct ctl *ctl, struct args *a)
{
	struct vpc_list list;
	size_t i, k, n;
	const char *name;
	struct json j;
	struct vpc *v;
	int ret;

	ret = arg_last_name(a, "vpc", VPCPEER_VPC_NAME_MAX, &name);
	if (ret || ctl->conf)
		return ret;

	if (vpc_dump(ctl, name, &list)) {
		ret = EXIT_REFUSED;
		goto out;
	}
	if (name && !list.n) {
		pr_err("vpc \"%s\" not found", name);
		ret = EXIT_REFUSED;
		goto out;
	}

	/* -4, -6: the CIDRs of that family only */
	for (i = 0; ctl->family && i < list.n; i++) {
		v = &list.vpcs[i];
		for (n = k = 0; k < v->n_cidrs; k++) {
			if (v->cidrs[k].family == ctl->family)
				v->cidrs[n++] = v->cidrs[k];
		}
		v->n_cidrs = n;
	}
	if (ctl->names) {
		for (i = 0; i < list.n; i++)
			puts(list.vpcs[i].name);
	} else if (ctl->json) {
		json_init(&j, stdout, ctl->pretty);
		json_open_array(&j, NULL);
		for (i = 0; i < list.n; i++)
			vpc_print_json(&j, NULL, &list.vpcs[i], true);
		json_close_array(&j);
		json_end(&j);
	} else {
		for (i = 0; i < list.n; i++)
			vpc_print_text(&list.vpcs[i]);
	}
out:
	vpc_list_free(&list);
	return ret;
}

/* Take the VPC name, which must be there and fit. */
static const char *vpc_name(struct args *a, int *ret)
{
	const char *name = arg_need(a, "NAME");

	*ret = EXIT_USAGE;
	if (!name)
		return NULL;
	*ret = check_name("vpc", name, VPCPEER_VPC_NAME_MAX);
	return *ret ? NULL : name;
}

/*
 * Send a request that names a VPC and carries CIDRs (and a VRF, for a new
 * VPC), in one message: the kernel applies it all or nothing.
 */
static int send_cidrs(struct ctl *ctl, uint8_t cmd, const char *name,
		      const char *vrf, const struct prefix *cidrs, size_t n)
{
	struct nlmsghdr *nlh;
	struct genl *g;
	size_t i;
	char *buf;
	int ret;

	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	buf = malloc(MNL_SOCKET_BUFFER_SIZE + n * PREFIX_NEST_SIZE);
	if (!buf) {
		pr_err("out of memory");
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

static int vpc_add(struct ctl *ctl, struct args *a)
{
	const char *name, *vrf = NULL, *word;
	struct prefix *cidrs;
	size_t n = 0;
	int ret;

	name = vpc_name(a, &ret);
	if (!name)
		return ret;
	/* at most one CIDR per two words */
	cidrs = calloc(a->argc / 2 + 1, sizeof(*cidrs));
	if (!cidrs) {
		pr_err("out of memory");
		return EXIT_REFUSED;
	}
	while ((word = arg_next(a))) {
		if (!strcmp(word, "vrf")) {
			if (vrf) {
				ret = arg_twice(a, word);
				goto out;
			}
			vrf = arg_need(a, "VRFDEV after \"vrf\"");
			if (!vrf) {
				ret = EXIT_USAGE;
				goto out;
			}
			ret = check_name("vrf device", vrf, IFNAMSIZ - 1);
			if (ret)
				goto out;
		} else if (!strcmp(word, "cidr")) {
			word = arg_need(a, "PREFIX after \"cidr\"");
			if (!word) {
				ret = EXIT_USAGE;
				goto out;
			}
			ret = prefix_parse(word, &cidrs[n++]);
			if (ret)
				goto out;
		} else {
			ret = arg_unknown(a, word);
			goto out;
		}
	}
	if (!vrf) {
		ret = usage_err("%s: missing \"vrf VRFDEV\"", a->cmd);
		goto out;
	}
	if (ctl->conf)
		ret = conf_vpc_add(ctl->conf, name, vrf, cidrs, n);
	else
		ret = send_cidrs(ctl, VPCPEER_CMD_VPC_NEW, name, vrf, cidrs, n);
out:
	free(cidrs);
	return ret;
}

static int vpc_del(struct ctl *ctl, struct args *a)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	const char *name;
	struct genl *g;
	int ret;

	name = vpc_name(a, &ret);
	if (!name)
		return ret;
	ret = arg_end(a);
	if (ret)
		return ret;
	if (ctl->conf)
		return conf_vpc_del(ctl->conf, name);

	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	nlh = genl_msg(g, buf, VPCPEER_CMD_VPC_DEL, 0);
	mnl_attr_put_strz(nlh, VPCPEER_VPC_A_NAME, name);
	return genl_talk(g, nlh, NULL, NULL) ? EXIT_REFUSED : 0;
}

/* vpc cidr add|del NAME PREFIX...: one request, all or nothing. */
static int vpc_cidr(struct ctl *ctl, struct args *a)
{
	char what[VPCPEER_VPC_NAME_MAX + 16];
	struct reconcile_scope sc = { 0 };
	struct prefix *cidrs;
	const char *op, *name;
	uint8_t cmd;
	size_t n = 0;
	int ret;

	op = arg_need(a, "\"add\" or \"del\"");
	if (!op)
		return EXIT_USAGE;
	if (matches(op, "add")) {
		cmd = VPCPEER_CMD_VPC_CIDR_ADD;
		a->cmd = "vpc cidr add";
	} else if (matches(op, "del") || matches(op, "delete")) {
		cmd = VPCPEER_CMD_VPC_CIDR_DEL;
		a->cmd = "vpc cidr del";
	} else {
		return usage_err("unknown vpc cidr command \"%s\"; try \"vpcpeerctl vpc help\"",
				 op);
	}
	name = vpc_name(a, &ret);
	if (!name)
		return ret;
	sc.peer = name;
	if (!a->argc)
		return usage_err("%s: missing PREFIX", a->cmd);

	cidrs = calloc(a->argc, sizeof(*cidrs));
	if (!cidrs) {
		pr_err("out of memory");
		return EXIT_REFUSED;
	}
	while (a->argc) {
		ret = prefix_parse(arg_next(a), &cidrs[n++]);
		if (ret)
			goto out;
	}
	if (ctl->conf) {
		ret = conf_cidrs(ctl->conf, cmd == VPCPEER_CMD_VPC_CIDR_ADD,
				 name, cidrs, n);
		goto out;
	}
	ret = send_cidrs(ctl, cmd, name, NULL, cidrs, n);
	if (ret)
		goto out;
	/* the routes of "routes auto" peerings follow the CIDRs */
	snprintf(what, sizeof(what), "vpc \"%s\"", name);
	ret = reconcile_after(ctl, &sc, what, cmd == VPCPEER_CMD_VPC_CIDR_DEL ?
			      NULL : "the CIDRs and their routes were removed again");
	if (ret && cmd == VPCPEER_CMD_VPC_CIDR_ADD &&
	    !send_cidrs(ctl, VPCPEER_CMD_VPC_CIDR_DEL, name, NULL, cidrs, n))
		reconcile_routes(ctl, &sc, NULL, NULL);
out:
	free(cidrs);
	return ret;
}

static const struct command vpc_cmds[] = {
	{ "add", vpc_add },
	{ "del", vpc_del },
	{ "delete", vpc_del },
	{ "cidr", vpc_cidr },
	{ "show", vpc_show },
	{ "list", vpc_show },
	{ NULL, NULL }
};

int vpc_main(struct ctl *ctl, int argc, char **argv)
{
	return run_command(ctl, "vpc", vpc_cmds, vpc_help, argc, argv);
}
