// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl peering: peer two VPCs, set a peering up or down, show the
 * peerings and their endpoints' drop counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/vpcpeer.h>

#include "json.h"
#include "objects.h"
#include "vpcpeerctl.h"

const char peering_help[] =
	"peering add NAME VPC_A VPC_B [mtu N] [routes auto] [down]\n"
	"peering del NAME\n"
	"peering set NAME [up|down] [mtu N]\n"
	"peering show [NAME]\n"
	"peering test NAME from SRC to DST [vpc VPC]\n";

/*
 * The drop reasons, in the order they are printed: their counter in an
 * endpoint's drops, their value as a test's verdict, their name.
 */
static const struct {
	uint16_t attr;
	uint32_t reason;
	const char *name;
} drops[N_DROPS] = {
	{ VPCPEER_DROP_A_NOT_IP, VPCPEER_DROP_REASON_NOT_IP, "not_ip" },
	{ VPCPEER_DROP_A_PEERING_DOWN, VPCPEER_DROP_REASON_PEERING_DOWN, "peering_down" },
	{ VPCPEER_DROP_A_SRC_NOT_LOCAL, VPCPEER_DROP_REASON_SRC_NOT_LOCAL, "src_not_local" },
	{ VPCPEER_DROP_A_DST_NOT_PEER, VPCPEER_DROP_REASON_DST_NOT_PEER, "dst_not_peer" },
	{ VPCPEER_DROP_A_SOURCE_ROUTE, VPCPEER_DROP_REASON_SOURCE_ROUTE, "source_route" },
	{ VPCPEER_DROP_A_TOO_BIG, VPCPEER_DROP_REASON_TOO_BIG, "too_big" },
};

/* The peering flags: their names in text and in JSON. */
static const struct {
	uint32_t flag;
	const char *text;
	const char *json;
} flags[] = {
	{ VPCPEER_F_ROUTES_AUTO, "routes-auto", "routes_auto" },
};

#define N_FLAGS ARRAY_SIZE(flags)

/* The MTUs the kernel takes for a peering (VPCPEER_PEERING_A_MTU). */
#define PEERING_MTU_MIN 68
#define PEERING_MTU_MAX 65535

void peering_list_free(struct peering_list *list)
{
	struct peering *p;
	unsigned int e;
	size_t i;

	for (i = 0; i < list->n; i++) {
		p = &list->peerings[i];
		free(p->name);
		free(p->vpc_a);
		free(p->vpc_b);
		for (e = 0; e < p->n_ep; e++)
			free(p->ep[e].ifname);
	}
	free(list->peerings);
}

/* Copy a string attribute to *@dst; -1 after a message if it fails. */
static int get_str(const struct nlattr *attr, char **dst, const char *what)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0) {
		genl_bad_reply(what);
		return -1;
	}
	free(*dst);
	*dst = strdup(mnl_attr_get_str(attr));
	if (!*dst) {
		pr_err("out of memory");
		return -1;
	}
	return 0;
}

static int drops_get(const struct nlattr *nest, struct endpoint *ep)
{
	const struct nlattr *attr;
	unsigned int i;

	mnl_attr_for_each_nested(attr, nest) {
		for (i = 0; i < N_DROPS; i++) {
			if (mnl_attr_get_type(attr) != drops[i].attr)
				continue;
			if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
				return genl_bad_reply("drop counter");
			ep->drops[i] = mnl_attr_get_u64(attr);
		}
	}
	return MNL_CB_OK;
}

static int endpoint_get(const struct nlattr *nest, struct endpoint *ep)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case VPCPEER_EP_A_IFINDEX:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return genl_bad_reply("endpoint ifindex");
			ep->ifindex = mnl_attr_get_u32(attr);
			break;
		case VPCPEER_EP_A_IFNAME:
			if (get_str(attr, &ep->ifname, "endpoint name"))
				return MNL_CB_ERROR;
			break;
		case VPCPEER_EP_A_MTU:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return genl_bad_reply("endpoint MTU");
			ep->mtu = mnl_attr_get_u32(attr);
			break;
		case VPCPEER_EP_A_DROPS:
			if (drops_get(attr, ep) == MNL_CB_ERROR)
				return MNL_CB_ERROR;
			break;
		}
	}
	return MNL_CB_OK;
}

static int peering_attr(const struct nlattr *attr, struct peering *p)
{
	switch (mnl_attr_get_type(attr)) {
	case VPCPEER_PEERING_A_VPC_A:
		if (get_str(attr, &p->vpc_a, "VPC name"))
			return MNL_CB_ERROR;
		break;
	case VPCPEER_PEERING_A_VPC_B:
		if (get_str(attr, &p->vpc_b, "VPC name"))
			return MNL_CB_ERROR;
		break;
	case VPCPEER_PEERING_A_FLAGS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return genl_bad_reply("flags");
		p->flags = mnl_attr_get_u32(attr);
		break;
	case VPCPEER_PEERING_A_ADMIN_UP:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return genl_bad_reply("admin state");
		p->admin_up = mnl_attr_get_u8(attr);
		break;
	case VPCPEER_PEERING_A_STATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return genl_bad_reply("state");
		p->state = mnl_attr_get_u8(attr);
		break;
	case VPCPEER_PEERING_A_ENDPOINT:
		if (p->n_ep >= 2)
			return genl_bad_reply("more than two endpoints");
		return endpoint_get(attr, &p->ep[p->n_ep++]);
	}
	return MNL_CB_OK;
}

/**
 * peering_parse() - add the peering of a reply (or event) to a list
 * @nlh: a VPCPEER_CMD_PEERING_* message
 * @data: the struct peering_list
 *
 * Return: MNL_CB_OK, or MNL_CB_ERROR after a message.
 */
int peering_parse(const struct nlmsghdr *nlh, void *data)
{
	struct peering_list *list = data;
	const struct nlattr *attr;
	const char *name = NULL;
	struct peering *p;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == VPCPEER_PEERING_A_NAME &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			name = mnl_attr_get_str(attr);
	}
	if (!name)
		return genl_bad_reply("a peering without a name");
	if (list->filter && strcmp(name, list->filter))
		return MNL_CB_OK;

	p = array_grow(list->peerings, sizeof(*p), list->n, &list->cap);
	if (!p)
		return MNL_CB_ERROR;
	list->peerings = p;
	p = &list->peerings[list->n++];
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	if (!p->name) {
		pr_err("out of memory");
		return MNL_CB_ERROR;
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (peering_attr(attr, p) == MNL_CB_ERROR)
			return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

const char *peering_state_name(uint8_t state)
{
	switch (state) {
	case VPCPEER_STATE_UP:
		return "up";
	case VPCPEER_STATE_DOWN:
		return "down";
	}
	return "unknown";
}

static const char *str_or(const char *s, const char *none)
{
	return s ? s : none;
}

/* Both endpoints share one MTU (the usual case): print it once. */
static bool same_mtu(const struct peering *p)
{
	return p->n_ep == 2 && p->ep[0].mtu == p->ep[1].mtu;
}

/**
 * peering_print_summary() - print a peering's first line, without newline
 * @p: the peering
 *
 * "NAME VPC_A <-> VPC_B state S admin A [mtu N] [flags F...]"
 */
void peering_print_summary(const struct peering *p)
{
	uint32_t unknown;
	unsigned int i;

	printf("%s %s <-> %s state %s admin %s", p->name,
	       str_or(p->vpc_a, "-"), str_or(p->vpc_b, "-"),
	       peering_state_name(p->state), p->admin_up ? "up" : "down");
	if (same_mtu(p))
		printf(" mtu %u", p->ep[0].mtu);
	if (p->flags) {
		fputs(" flags", stdout);
		unknown = p->flags;
		for (i = 0; i < N_FLAGS; i++) {
			if (p->flags & flags[i].flag)
				printf(" %s", flags[i].text);
			unknown &= ~flags[i].flag;
		}
		if (unknown)
			printf(" 0x%x", unknown);
	}
}

void peering_print_text(const struct peering *p, bool stats)
{
	const struct endpoint *ep;
	unsigned int e, i;

	fputs("peering ", stdout);
	peering_print_summary(p);
	putchar('\n');

	for (e = 0; e < p->n_ep; e++) {
		ep = &p->ep[e];
		printf("    endpoint %s (ifindex %u) vpc %s",
		       str_or(ep->ifname, "-"), ep->ifindex,
		       str_or(e ? p->vpc_b : p->vpc_a, "-"));
		if (!same_mtu(p))
			printf(" mtu %u", ep->mtu);
		putchar('\n');
		if (!stats)
			continue;
		fputs("        drops", stdout);
		for (i = 0; i < N_DROPS; i++)
			printf(" %s %llu", drops[i].name,
			       (unsigned long long)ep->drops[i]);
		putchar('\n');
	}
}

/**
 * peering_print_json() - print a peering as one JSON object
 * @j: the writer
 * @key: the object's key in the enclosing object, or NULL in an array
 * @p: the peering
 */
void peering_print_json(struct json *j, const char *key,
			const struct peering *p)
{
	const struct endpoint *ep;
	char hex[16];
	unsigned int e, i;
	uint32_t unknown;

	json_open_object(j, key);
	json_string(j, "name", p->name);
	json_string(j, "vpc_a", str_or(p->vpc_a, ""));
	json_string(j, "vpc_b", str_or(p->vpc_b, ""));
	json_string(j, "state", peering_state_name(p->state));
	json_bool(j, "admin_up", p->admin_up);
	json_open_array(j, "flags");
	unknown = p->flags;
	for (i = 0; i < N_FLAGS; i++) {
		if (p->flags & flags[i].flag)
			json_string(j, NULL, flags[i].json);
		unknown &= ~flags[i].flag;
	}
	if (unknown) {
		snprintf(hex, sizeof(hex), "0x%x", unknown);
		json_string(j, NULL, hex);
	}
	json_close_array(j);

	json_open_array(j, "endpoints");
	for (e = 0; e < p->n_ep; e++) {
		ep = &p->ep[e];
		json_open_object(j, NULL);
		json_string(j, "side", e ? "b" : "a");
		json_string(j, "ifname", str_or(ep->ifname, ""));
		json_u64(j, "ifindex", ep->ifindex);
		json_string(j, "vpc", str_or(e ? p->vpc_b : p->vpc_a, ""));
		json_u64(j, "mtu", ep->mtu);
		json_open_object(j, "drops");
		for (i = 0; i < N_DROPS; i++)
			json_u64(j, drops[i].name, ep->drops[i]);
		json_close_object(j);
		json_close_object(j);
	}
	json_close_array(j);
	json_close_object(j);
}

/**
 * peering_dump() - read the peerings from the kernel
 * @ctl: the invocation
 * @name: only the peering of this name, or NULL for all
 * @list: filled in the kernel's order; free it with peering_list_free()
 *
 * Return: 0, or -1 after a message.
 */
int peering_dump(struct ctl *ctl, const char *name, struct peering_list *list)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genl *g;

	memset(list, 0, sizeof(*list));
	list->filter = name;
	g = ctl_genl(ctl);
	if (!g)
		return -1;
	nlh = genl_msg(g, buf, VPCPEER_CMD_PEERING_GET, NLM_F_DUMP);
	if (name)
		mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_NAME, name);
	return genl_dump(g, nlh, peering_parse, list);
}

static int peering_show(struct ctl *ctl, struct args *a)
{
	struct peering_list list;
	const char *name;
	struct json j;
	size_t i;
	int ret;

	ret = arg_last_name(a, "peering", VPCPEER_PEERING_NAME_MAX, &name);
	if (ret || ctl->conf)
		return ret;

	if (peering_dump(ctl, name, &list)) {
		ret = EXIT_REFUSED;
		goto out;
	}
	if (name && !list.n) {
		pr_err("peering \"%s\" not found", name);
		ret = EXIT_REFUSED;
		goto out;
	}

	if (ctl->names) {
		for (i = 0; i < list.n; i++)
			puts(list.peerings[i].name);
	} else if (ctl->json) {
		json_init(&j, stdout, ctl->pretty);
		json_open_array(&j, NULL);
		for (i = 0; i < list.n; i++)
			peering_print_json(&j, NULL, &list.peerings[i]);
		json_close_array(&j);
		json_end(&j);
	} else {
		for (i = 0; i < list.n; i++)
			peering_print_text(&list.peerings[i], ctl->stats);
	}
out:
	peering_list_free(&list);
	return ret;
}

/* Take a name of @what, which must be there and fit in @max characters. */
static const char *need_name(struct args *a, const char *arg,
			     const char *what, size_t max, int *ret)
{
	const char *name = arg_need(a, arg);

	*ret = EXIT_USAGE;
	if (!name)
		return NULL;
	*ret = check_name(what, name, max);
	return *ret ? NULL : name;
}

/*
 * Delete a peering. The kernel unregisters its endpoints, and with them
 * goes every route through them, "routes auto" or not.
 */
static int peering_request_del(struct ctl *ctl, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct genl *g;

	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	nlh = genl_msg(g, buf, VPCPEER_CMD_PEERING_DEL, 0);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_NAME, name);
	return genl_talk(g, nlh, NULL, NULL) ? EXIT_REFUSED : 0;
}

/* "routes auto": the only mode so far (without it, routes are manual) */
static int parse_routes(struct args *a, uint32_t *fl)
{
	const char *mode = arg_need(a, "\"auto\" after \"routes\"");

	if (!mode)
		return EXIT_USAGE;
	if (strcmp(mode, "auto"))
		return usage_err("%s: invalid routes mode \"%s\" (expected \"auto\")",
				 a->cmd, mode);
	*fl |= VPCPEER_F_ROUTES_AUTO;
	return 0;
}

/* "mtu N", once, N an endpoint's MTU; the word "mtu" was just taken. */
static int parse_mtu(struct args *a, bool *have_mtu, uint32_t *mtu)
{
	const char *word;
	int ret;

	if (*have_mtu)
		return arg_twice(a, "mtu");
	*have_mtu = true;
	word = arg_need(a, "N after \"mtu\"");
	if (!word)
		return EXIT_USAGE;
	ret = parse_u32("mtu", word, mtu);
	if (ret)
		return ret;
	if (*mtu < PEERING_MTU_MIN || *mtu > PEERING_MTU_MAX)
		return usage_err("%s: mtu %u is out of range (%u to %u)", a->cmd,
				 *mtu, PEERING_MTU_MIN, PEERING_MTU_MAX);
	return 0;
}

static int peering_add(struct ctl *ctl, struct args *a)
{
	const char *name, *vpc_a, *vpc_b, *word;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool have_mtu = false, have_routes = false, down = false;
	char what[VPCPEER_PEERING_NAME_MAX + 16];
	struct nlmsghdr *nlh;
	uint32_t fl = 0, mtu;
	struct genl *g;
	int ret;

	name = need_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	if (!name)
		return ret;
	vpc_a = need_name(a, "VPC_A", "vpc", VPCPEER_VPC_NAME_MAX, &ret);
	if (!vpc_a)
		return ret;
	vpc_b = need_name(a, "VPC_B", "vpc", VPCPEER_VPC_NAME_MAX, &ret);
	if (!vpc_b)
		return ret;
	while ((word = arg_next(a))) {
		if (!strcmp(word, "mtu")) {
			ret = parse_mtu(a, &have_mtu, &mtu);
			if (ret)
				return ret;
		} else if (!strcmp(word, "routes")) {
			if (have_routes)
				return arg_twice(a, word);
			have_routes = true;
			ret = parse_routes(a, &fl);
			if (ret)
				return ret;
		} else if (!strcmp(word, "down")) {
			if (down)
				return arg_twice(a, word);
			down = true;
		} else {
			return arg_unknown(a, word);
		}
	}

	if (ctl->conf)
		return conf_peering_add(ctl->conf, name, vpc_a, vpc_b,
					have_mtu ? mtu : DEFAULT_MTU, fl, !down);
	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	nlh = genl_msg(g, buf, VPCPEER_CMD_PEERING_NEW, 0);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_NAME, name);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_VPC_A, vpc_a);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_VPC_B, vpc_b);
	if (have_mtu)
		mnl_attr_put_u32(nlh, VPCPEER_PEERING_A_MTU, mtu);
	if (fl)
		mnl_attr_put_u32(nlh, VPCPEER_PEERING_A_FLAGS, fl);
	if (down)
		mnl_attr_put_u8(nlh, VPCPEER_PEERING_A_ADMIN_UP, 0);
	if (genl_talk(g, nlh, NULL, NULL))
		return EXIT_REFUSED;
	if (!(fl & VPCPEER_F_ROUTES_AUTO))
		return 0;
	/* Nothing half-done: without its routes, the peering goes too. */
	snprintf(what, sizeof(what), "peering \"%s\"", name);
	ret = reconcile_after(ctl, &(struct reconcile_scope){ .peering = name },
			      what, "the peering and its routes were removed");
	if (ret)
		peering_request_del(ctl, name);
	return ret;
}

static int peering_del(struct ctl *ctl, struct args *a)
{
	const char *name;
	int ret;

	name = need_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	if (!name)
		return ret;
	ret = arg_end(a);
	if (ret)
		return ret;
	if (ctl->conf)
		return conf_peering_del(ctl->conf, name);
	return peering_request_del(ctl, name);
}

static int peering_set(struct ctl *ctl, struct args *a)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool have_mtu = false;
	const char *name, *word;
	struct nlmsghdr *nlh;
	int up = -1, ret;
	struct genl *g;
	uint32_t mtu;

	name = need_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	if (!name)
		return ret;
	while ((word = arg_next(a))) {
		if (!strcmp(word, "up") || !strcmp(word, "down")) {
			if (up >= 0)
				return arg_twice(a, "up|down");
			up = !strcmp(word, "up");
		} else if (!strcmp(word, "mtu")) {
			ret = parse_mtu(a, &have_mtu, &mtu);
			if (ret)
				return ret;
		} else {
			return usage_err("%s: invalid state \"%s\" (expected up or down)",
					 a->cmd, word);
		}
	}
	if (up < 0 && !have_mtu)
		return usage_err("%s: nothing to set (give up, down or mtu N)", a->cmd);
	if (ctl->conf)
		return conf_peering_set(ctl->conf, name, up, have_mtu ? &mtu : NULL);

	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	nlh = genl_msg(g, buf, VPCPEER_CMD_PEERING_SET, 0);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_NAME, name);
	if (up >= 0)
		mnl_attr_put_u8(nlh, VPCPEER_PEERING_A_ADMIN_UP, up);
	if (have_mtu)
		mnl_attr_put_u32(nlh, VPCPEER_PEERING_A_MTU, mtu);
	return genl_talk(g, nlh, NULL, NULL) ? EXIT_REFUSED : 0;
}

/* A bare address: 4 bytes or 16, by its family; 0 if it is neither. */
static int parse_addr(const char *word, uint8_t *addr)
{
	if (inet_pton(AF_INET, word, addr) == 1)
		return 4;
	if (inet_pton(AF_INET6, word, addr) == 1)
		return 16;
	return 0;
}

/* The kernel's answer to a test. */
struct test_reply {
	char vpc[VPCPEER_VPC_NAME_MAX + 1];
	uint32_t verdict;
	bool have_verdict;
};

static int test_parse(const struct nlmsghdr *nlh, void *data)
{
	struct test_reply *r = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case VPCPEER_PEERING_A_VPC:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
				return genl_bad_reply("VPC name");
			snprintf(r->vpc, sizeof(r->vpc), "%s", mnl_attr_get_str(attr));
			break;
		case VPCPEER_PEERING_A_VERDICT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return genl_bad_reply("verdict");
			r->verdict = mnl_attr_get_u32(attr);
			r->have_verdict = true;
			break;
		}
	}
	return MNL_CB_OK;
}

static const char *drop_name(uint32_t reason)
{
	unsigned int i;

	for (i = 0; i < N_DROPS; i++)
		if (drops[i].reason == reason)
			return drops[i].name;
	return "unknown";
}

/*
 * "peering test NAME from SRC to DST [vpc VPC]": the verdict the kernel
 * would give such a packet now, as "ip route get" answers for routes.
 */
static int peering_test(struct ctl *ctl, struct args *a)
{
	const char *name, *word, *vpc = NULL, *src = NULL, *dst = NULL;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint8_t saddr[16], daddr[16];
	struct test_reply r = { .vpc = "" };
	struct nlmsghdr *nlh;
	int slen = 0, dlen = 0, ret;
	struct genl *g;
	struct json j;

	name = need_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	if (!name)
		return ret;
	while ((word = arg_next(a))) {
		const char **slot = !strcmp(word, "from") ? &src :
				    !strcmp(word, "to") ? &dst :
				    !strcmp(word, "vpc") ? &vpc : NULL;

		if (!slot)
			return arg_unknown(a, word);
		if (*slot)
			return arg_twice(a, word);
		*slot = arg_need(a, !strcmp(word, "vpc") ? "VPC after \"vpc\"" :
				 "an address after \"from\" or \"to\"");
		if (!*slot)
			return EXIT_USAGE;
	}
	if (!src || !dst)
		return usage_err("%s: give the packet's addresses: from SRC to DST",
				 a->cmd);
	slen = parse_addr(src, saddr);
	dlen = parse_addr(dst, daddr);
	if (!slen || !dlen)
		return usage_err("%s: invalid address \"%s\"", a->cmd,
				 slen ? dst : src);
	if (slen != dlen)
		return usage_err("%s: %s and %s are not of one family", a->cmd,
				 src, dst);
	if (vpc) {
		ret = check_name("vpc", vpc, VPCPEER_VPC_NAME_MAX);
		if (ret)
			return ret;
	}
	if (ctl->conf)
		return 0;

	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	nlh = genl_msg(g, buf, VPCPEER_CMD_PEERING_TEST, 0);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_NAME, name);
	mnl_attr_put(nlh, VPCPEER_PEERING_A_SRC, slen, saddr);
	mnl_attr_put(nlh, VPCPEER_PEERING_A_DST, dlen, daddr);
	if (vpc)
		mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_VPC, vpc);
	if (genl_talk(g, nlh, test_parse, &r))
		return EXIT_REFUSED;
	if (!r.have_verdict || !*r.vpc) {
		genl_bad_reply("the test's verdict");
		return EXIT_REFUSED;
	}
	if (!ctl->json) {
		if (r.verdict != VPCPEER_DROP_REASON_NONE)
			printf("drop %s", drop_name(r.verdict));
		else
			fputs("pass", stdout);
		printf(" from %s %s to %s\n", r.vpc, src, dst);
		return 0;
	}
	json_init(&j, stdout, ctl->pretty);
	json_open_object(&j, NULL);
	json_string(&j, "peering", name);
	json_string(&j, "vpc", r.vpc);
	json_string(&j, "src", src);
	json_string(&j, "dst", dst);
	json_string(&j, "verdict",
		    r.verdict != VPCPEER_DROP_REASON_NONE ? "drop" : "pass");
	if (r.verdict != VPCPEER_DROP_REASON_NONE)
		json_string(&j, "reason", drop_name(r.verdict));
	json_close_object(&j);
	json_end(&j);
	return 0;
}

static const struct command peering_cmds[] = {
	{ "add", peering_add },
	{ "del", peering_del },
	{ "delete", peering_del },
	{ "show", peering_show },	/* before "set": "p s" shows */
	{ "list", peering_show },
	{ "set", peering_set },
	{ "test", peering_test },
	{ NULL, NULL }
};

int peering_main(struct ctl *ctl, int argc, char **argv)
{
	return run_command(ctl, "peering", peering_cmds, peering_help,
			   argc, argv);
}
