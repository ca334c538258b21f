// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl peering: peer two VPCs, set a peering up or down, show the
 * peerings and their endpoints' drop counters, ask for a packet's verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/vpcpeer.h>

#include "conf.h"
#include "peering.h"
#include "print.h"
#include "reconcile.h"

/* The MTUs the kernel takes for a peering (VPCPEER_PEERING_A_MTU). */
#define PEERING_MTU_MIN 68
#define PEERING_MTU_MAX 65535

/* One endpoint: a line of text (and its drops with -s), or an object. */
static void print_endpoint(const struct peering *p, unsigned int e,
			   bool mtu, bool stats)
{
	const struct endpoint *ep = &p->ep[e];
	unsigned int i;

	print_open(NULL, false);
	print_str(PRINT_JSON, "side", NULL, e ? "b" : "a");
	print_str(PRINT_ANY, "ifname", "    endpoint %s", ep->ifname);
	print_u64(PRINT_ANY, "ifindex", " (ifindex %llu)", ep->ifindex);
	print_str(PRINT_ANY, "vpc", " vpc %s", p->vpc[e]);
	print_u64(mtu ? PRINT_ANY : PRINT_JSON, "mtu", " mtu %llu", ep->mtu);
	print_text(stats ? "\n        drops" : "");
	print_open("drops", false);
	for (i = 0; i < N_DROPS; i++) {
		if (stats)
			print_text(" %s", drop_names[i]);
		print_u64(stats ? PRINT_ANY : PRINT_JSON, drop_names[i], " %llu",
			  ep->drops[i]);
	}
	print_close(false);
	print_text("\n");
	print_close(false);
}

/**
 * print_peering() - print a peering: text lines, or one JSON object
 * @key: the object's key in the enclosing object, or NULL in an array
 * @verb: the text's word after "peering" (an event's "add"), or NULL
 * @p: the peering
 * @endpoints: a text line per endpoint too (JSON always has them)
 * @stats: their drop counters too, in text
 *
 * "peering NAME VPC_A <-> VPC_B state S admin A [mtu N] [flags F...]",
 * the MTU here if both endpoints have it.
 */
void print_peering(const char *key, const char *verb, const struct peering *p,
		   bool endpoints, bool stats)
{
	bool one_mtu = p->n_ep == 2 && p->ep[0].mtu == p->ep[1].mtu;
	uint32_t unknown = p->flags & ~VPCPEER_F_ROUTES_AUTO;
	unsigned int e;
	char hex[16];

	print_open(key, false);
	print_text("peering %s%s", verb ? verb : "", verb ? " " : "");
	print_str(PRINT_ANY, "name", "%s", p->name);
	print_str(PRINT_ANY, "vpc_a", " %s", p->vpc[0]);
	print_str(PRINT_ANY, "vpc_b", " <-> %s", p->vpc[1]);
	print_str(PRINT_ANY, "state", " state %s", peering_state_name(p->state));
	print_bool(PRINT_JSON, "admin_up", NULL, p->admin_up);
	print_text(" admin %s", p->admin_up ? "up" : "down");
	if (one_mtu)
		print_u64(PRINT_TEXT, NULL, " mtu %llu", p->ep[0].mtu);
	print_text(p->flags ? " flags" : "");
	print_open("flags", true);
	if (p->flags & VPCPEER_F_ROUTES_AUTO) {
		print_str(PRINT_TEXT, NULL, " %s", "routes-auto");
		print_str(PRINT_JSON, NULL, NULL, "routes_auto");
	}
	snprintf(hex, sizeof(hex), "0x%x", unknown);
	if (unknown)
		print_str(PRINT_ANY, NULL, " %s", hex);
	print_close(true);
	print_text("\n");
	if (endpoints || print_is_json()) {
		print_open("endpoints", true);
		for (e = 0; e < p->n_ep; e++)
			print_endpoint(p, e, !one_mtu, stats);
		print_close(true);
	}
	print_close(false);
}

static int peering_show(struct ctl *ctl, struct args *a)
{
	struct state s = { 0 };
	const char *name;
	size_t i;
	int ret;

	ret = arg_last_name(a, "peering", VPCPEER_PEERING_NAME_MAX, &name);
	if (ret || ctl->conf)
		return ret;
	ret = EXIT_REFUSED;
	if (ctl_dump(ctl, VPCPEER_CMD_PEERING_GET, name, &s))
		goto out;
	if (name && !s.n_peerings) {
		errmsg("peering \"%s\" not found", name);
		goto out;
	}
	print_start(ctl->json && !ctl->names, ctl->pretty);
	print_open(NULL, true);
	for (i = 0; i < s.n_peerings; i++) {
		if (ctl->names)
			puts(s.peerings[i].name);
		else
			print_peering(NULL, NULL, &s.peerings[i], true,
				      ctl->stats);
	}
	print_close(true);
	print_end();
	ret = 0;
out:
	state_free(&s);
	return ret;
}

/* Start a request about peering @name in @buf; NULL after a message. */
static struct nlmsghdr *request(struct ctl *ctl, void *buf, uint8_t cmd,
				const char *name)
{
	struct genl *g = ctl_genl(ctl);
	struct nlmsghdr *nlh;

	if (!g)
		return NULL;
	nlh = genl_msg(g, buf, cmd, 0);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_NAME, name);
	return nlh;
}

/* Send a request request() started; 0, or EXIT_REFUSED after a message. */
static int send_request(struct ctl *ctl, struct nlmsghdr *nlh)
{
	return genl_talk(&ctl->genl, nlh, NULL, NULL) ? EXIT_REFUSED : 0;
}

/*
 * Delete a peering. The kernel unregisters its endpoints, and with them
 * goes every route through them, "routes auto" or not.
 */
static int request_del(struct ctl *ctl, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = request(ctl, buf, VPCPEER_CMD_PEERING_DEL, name);

	return nlh ? send_request(ctl, nlh) : EXIT_REFUSED;
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
	if (!ret && (*mtu < PEERING_MTU_MIN || *mtu > PEERING_MTU_MAX))
		ret = usage_err("%s: mtu %u is out of range (%u to %u)", a->cmd,
				*mtu, PEERING_MTU_MIN, PEERING_MTU_MAX);
	return ret;
}

/* "routes auto": the only mode so far (without it, routes are manual) */
static int parse_routes(struct args *a, uint32_t *flags)
{
	const char *mode;

	if (*flags & VPCPEER_F_ROUTES_AUTO)
		return arg_twice(a, "routes");
	mode = arg_need(a, "\"auto\" after \"routes\"");
	if (!mode)
		return EXIT_USAGE;
	if (strcmp(mode, "auto"))
		return usage_err("%s: invalid routes mode \"%s\" (expected \"auto\")",
				 a->cmd, mode);
	*flags |= VPCPEER_F_ROUTES_AUTO;
	return 0;
}

static int peering_add(struct ctl *ctl, struct args *a)
{
	char what[VPCPEER_PEERING_NAME_MAX + 16];
	const char *name, *vpc_a, *vpc_b, *word;
	char buf[MNL_SOCKET_BUFFER_SIZE];
	bool have_mtu = false, down = false;
	uint32_t flags = 0, mtu = 0;
	struct nlmsghdr *nlh;
	int ret;

	name = arg_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	vpc_a = name ? arg_name(a, "VPC_A", "vpc", VPCPEER_VPC_NAME_MAX, &ret) : NULL;
	vpc_b = vpc_a ? arg_name(a, "VPC_B", "vpc", VPCPEER_VPC_NAME_MAX, &ret) : NULL;
	while (!ret && (word = arg_next(a))) {
		if (!strcmp(word, "mtu"))
			ret = parse_mtu(a, &have_mtu, &mtu);
		else if (!strcmp(word, "routes"))
			ret = parse_routes(a, &flags);
		else if (!strcmp(word, "down") && !down)
			down = true;
		else
			ret = down && !strcmp(word, "down") ? arg_twice(a, word) :
			      arg_unknown(a, word);
	}
	if (ret || ctl->conf)
		return ret ? ret : conf_peering_add(ctl->conf, name, vpc_a, vpc_b,
						    have_mtu ? mtu : DEFAULT_MTU,
						    flags, !down);
	nlh = request(ctl, buf, VPCPEER_CMD_PEERING_NEW, name);
	if (!nlh)
		return EXIT_REFUSED;
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_VPC_A, vpc_a);
	mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_VPC_B, vpc_b);
	if (have_mtu)
		mnl_attr_put_u32(nlh, VPCPEER_PEERING_A_MTU, mtu);
	if (flags)
		mnl_attr_put_u32(nlh, VPCPEER_PEERING_A_FLAGS, flags);
	if (down)
		mnl_attr_put_u8(nlh, VPCPEER_PEERING_A_ADMIN_UP, 0);
	ret = send_request(ctl, nlh);
	if (ret || !(flags & VPCPEER_F_ROUTES_AUTO))
		return ret;
	/* Nothing half-done: without its routes, the peering goes too. */
	snprintf(what, sizeof(what), "peering \"%s\"", name);
	ret = reconcile_after(ctl, &(struct scope){ .peering = name },
			      what, "the peering and its routes were removed");
	if (ret)
		request_del(ctl, name);
	return ret;
}

static int peering_del(struct ctl *ctl, struct args *a)
{
	const char *name;
	int ret;

	name = arg_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	if (name)
		ret = arg_end(a);
	if (!name || ret)
		return ret;
	if (ctl->conf)
		return conf_peering_del(ctl->conf, name);
	return request_del(ctl, name);
}

static int peering_set(struct ctl *ctl, struct args *a)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *name, *word;
	bool have_mtu = false;
	struct nlmsghdr *nlh;
	uint32_t mtu = 0;
	int up = -1, ret;

	name = arg_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	while (!ret && (word = arg_next(a))) {
		if (!strcmp(word, "mtu"))
			ret = parse_mtu(a, &have_mtu, &mtu);
		else if (strcmp(word, "up") && strcmp(word, "down"))
			ret = usage_err("%s: invalid state \"%s\" (expected up or down)",
					a->cmd, word);
		else if (up >= 0)
			ret = arg_twice(a, "up|down");
		else
			up = !strcmp(word, "up");
	}
	if (!ret && up < 0 && !have_mtu)
		ret = usage_err("%s: nothing to set (give up, down or mtu N)",
				a->cmd);
	if (ret || ctl->conf)
		return ret ? ret : conf_peering_set(ctl->conf, name, up,
						    have_mtu ? &mtu : NULL);
	nlh = request(ctl, buf, VPCPEER_CMD_PEERING_SET, name);
	if (!nlh)
		return EXIT_REFUSED;
	if (up >= 0)
		mnl_attr_put_u8(nlh, VPCPEER_PEERING_A_ADMIN_UP, up);
	if (have_mtu)
		mnl_attr_put_u32(nlh, VPCPEER_PEERING_A_MTU, mtu);
	return send_request(ctl, nlh);
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
				return bad_reply("VPC name");
			snprintf(r->vpc, sizeof(r->vpc), "%s", mnl_attr_get_str(attr));
			break;
		case VPCPEER_PEERING_A_VERDICT:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
				return bad_reply("verdict");
			r->verdict = mnl_attr_get_u32(attr);
			r->have_verdict = true;
			break;
		}
	}
	return MNL_CB_OK;
}

/* The words of "peering test": NAME from SRC to DST [vpc VPC]. */
static int test_args(struct args *a, const char **name, const char *words[3])
{
	static const char *const keys[3] = { "from", "to", "vpc" };
	const char *word;
	int ret, i;

	*name = arg_name(a, "NAME", "peering", VPCPEER_PEERING_NAME_MAX, &ret);
	while (!ret && (word = arg_next(a))) {
		for (i = 0; i < 3 && strcmp(word, keys[i]); i++)
			;
		if (i == 3)
			return arg_unknown(a, word);
		if (words[i])
			return arg_twice(a, word);
		words[i] = arg_need(a, i == 2 ? "VPC after \"vpc\"" :
				    "an address after \"from\" or \"to\"");
		if (!words[i])
			return EXIT_USAGE;
	}
	if (!ret && (!words[0] || !words[1]))
		ret = usage_err("%s: give the packet's addresses: from SRC to DST",
				a->cmd);
	if (!ret && words[2])
		ret = check_name("vpc", words[2], VPCPEER_VPC_NAME_MAX);
	return ret;
}

/*
 * "peering test NAME from SRC to DST [vpc VPC]": the verdict the kernel
 * would give such a packet now, as "ip route get" answers for routes.
 */
static int peering_test(struct ctl *ctl, struct args *a)
{
	struct test_reply r = { .vpc = "" };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *name, *w[3] = { NULL };
	uint8_t saddr[16], daddr[16];
	struct nlmsghdr *nlh;
	int slen, dlen, ret;

	ret = test_args(a, &name, w);
	if (ret)
		return ret;
	slen = parse_addr(w[0], saddr);
	dlen = parse_addr(w[1], daddr);
	if (!slen || !dlen)
		return usage_err("%s: invalid address \"%s\"", a->cmd,
				 slen ? w[1] : w[0]);
	if (slen != dlen)
		return usage_err("%s: %s and %s are not of one family", a->cmd,
				 w[0], w[1]);
	if (ctl->conf)
		return 0;
	nlh = request(ctl, buf, VPCPEER_CMD_PEERING_TEST, name);
	if (!nlh)
		return EXIT_REFUSED;
	mnl_attr_put(nlh, VPCPEER_PEERING_A_SRC, slen, saddr);
	mnl_attr_put(nlh, VPCPEER_PEERING_A_DST, dlen, daddr);
	if (w[2])
		mnl_attr_put_strz(nlh, VPCPEER_PEERING_A_VPC, w[2]);
	if (genl_talk(&ctl->genl, nlh, test_parse, &r))
		return EXIT_REFUSED;
	if (!r.have_verdict || !*r.vpc) {
		bad_reply("the test's verdict");
		return EXIT_REFUSED;
	}
	print_start(ctl->json, ctl->pretty);
	print_open(NULL, false);
	print_str(PRINT_JSON, "peering", NULL, name);
	if (r.verdict == VPCPEER_DROP_REASON_NONE)
		print_text("pass");
	else
		print_text("drop %s", drop_name(r.verdict));
	print_str(PRINT_ANY, "vpc", " from %s", r.vpc);
	print_str(PRINT_ANY, "src", " %s", w[0]);
	print_str(PRINT_ANY, "dst", " to %s\n", w[1]);
	print_str(PRINT_JSON, "verdict", NULL,
		  r.verdict == VPCPEER_DROP_REASON_NONE ? "pass" : "drop");
	if (r.verdict != VPCPEER_DROP_REASON_NONE)
		print_str(PRINT_JSON, "reason", NULL, drop_name(r.verdict));
	print_close(false);
	print_end();
	return 0;
}

const struct object peering_object = {
	.name = "peering",
	.help = "peering add NAME VPC_A VPC_B [mtu N] [routes auto] [down]\n"
		"peering del NAME\n"
		"peering set NAME [up|down] [mtu N]\n"
		"peering show [NAME]\n"
		"peering test NAME from SRC to DST [vpc VPC]\n",
	.cmds = (const struct command[]){
		{ "add", peering_add },
		{ "del", peering_del },
		{ "delete", peering_del },
		{ "show", peering_show },	/* before "set": "p s" shows */
		{ "list", peering_show },
		{ "set", peering_set },
		{ "test", peering_test },
		{ NULL, NULL }
	},
};
