// SPDX-License-Identifier: GPL-2.0
/*
 * link_vpcpeer.so: what "ip -d link show" prints of a vpcpeer endpoint.
 *
 * ip(8) looks a link kind up by dlopen()ing link_KIND.so from its library
 * directory ($IP_LIB_DIR, else the LIBDIR it was built with and "/ip";
 * Debian 12: /usr/lib/x86_64-linux-gnu/ip) and taking its symbol
 * KIND_link_util, a struct link_util. Its print_opt() gets the kind's
 * IFLA_INFO_DATA attributes, parsed by type up to maxattr, inside the
 * "info_data" object of the JSON output.
 *
 * iproute2.h declares the struct and the few functions of ip this uses
 * (Debian ships no iproute2 development headers). Debian's ip is linked
 * with -rdynamic: is_json_context() and print_color_string() resolve
 * against the ip binary that loads this. Text goes to the FILE that ip
 * passes (its standard output), so no colour code is needed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "iproute2.h"

/* A string attribute, if it holds a NUL-terminated string; else NULL. */
static const char *attr_str(const struct rtattr *rta)
{
	const char *s;
	size_t len;

	if (!rta)
		return NULL;
	s = RTA_DATA(rta);
	len = RTA_PAYLOAD(rta);
	return len && memchr(s, '\0', len) ? s : NULL;
}

static void print_str(FILE *f, const char *key, const char *value)
{
	if (is_json_context())
		print_color_string(PRINT_JSON, 0, key, NULL, value);
	else
		fprintf(f, "%s %s ", key, value);
}

static void vpcpeer_print_opt(struct link_util *lu, FILE *f,
			      struct rtattr *tb[])
{
	const char *peering, *local, *remote, *state = "unknown";
	char peer[IF_NAMESIZE] = "";
	unsigned int ifindex = 0;

	(void)lu;
	if (!tb)
		return;
	peering = attr_str(tb[IFLA_VPCPEER_PEERING]);
	local = attr_str(tb[IFLA_VPCPEER_LOCAL_VPC]);
	remote = attr_str(tb[IFLA_VPCPEER_PEER_VPC]);
	if (tb[IFLA_VPCPEER_PEER_IFINDEX] &&
	    RTA_PAYLOAD(tb[IFLA_VPCPEER_PEER_IFINDEX]) >= sizeof(__u32))
		ifindex = *(__u32 *)RTA_DATA(tb[IFLA_VPCPEER_PEER_IFINDEX]);
	if (tb[IFLA_VPCPEER_STATE] &&
	    RTA_PAYLOAD(tb[IFLA_VPCPEER_STATE]) >= sizeof(__u8)) {
		switch (*(__u8 *)RTA_DATA(tb[IFLA_VPCPEER_STATE])) {
		case VPCPEER_STATE_UP:
			state = "up";
			break;
		case VPCPEER_STATE_DOWN:
			state = "down";
			break;
		}
	}

	if (peering)
		print_str(f, "peering", peering);
	if (local)
		print_str(f, "local_vpc", local);
	if (remote)
		print_str(f, "peer_vpc", remote);
	/* the peer endpoint, as ip names a link's peer: by name, or ifindex */
	if (ifindex && if_indextoname(ifindex, peer)) {
		print_str(f, "peer", peer);
	} else if (ifindex) {
		if (is_json_context())
			print_color_uint(PRINT_JSON, 0, "peer_ifindex", NULL,
					 ifindex);
		else
			fprintf(f, "peer if%u ", ifindex);
	}
	if (tb[IFLA_VPCPEER_STATE])
		print_str(f, "state", state);
}

static void vpcpeer_print_help(struct link_util *lu, int argc, char **argv,
			       FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;
	fprintf(f,
		"vpcpeer endpoints are made and deleted in pairs by vpcpeerctl(8):\n"
		"    vpcpeerctl peering add NAME VPC_A VPC_B\n"
		"makes NAME-a and NAME-b; \"ip link del NAME-a\" deletes both.\n");
}

struct link_util vpcpeer_link_util = {
	.id = "vpcpeer",
	.maxattr = IFLA_VPCPEER_MAX,
	.print_opt = vpcpeer_print_opt,
	.print_help = vpcpeer_print_help,
};
