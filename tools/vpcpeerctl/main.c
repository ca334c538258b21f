// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl: the operator's command line for vpcpeer.
 *
 *   vpcpeerctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Exit status: 0 success, 1 the kernel refused the request, 2 bad usage.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/vpcpeer.h>

#include "genl.h"
#include "version.h"

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2 };

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == VPCPEER_A_INFO_VERSION &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			*(const char **)data = strdup(mnl_attr_get_str(attr));
	}
	return MNL_CB_OK;
}

static int cmd_version(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *module = NULL;
	struct genl g;
	int ret;

	(void)argv;
	if (argc) {
		fprintf(stderr, "vpcpeerctl: version takes no arguments\n");
		return EXIT_USAGE;
	}
	printf("vpcpeerctl %s\n", VPCPEER_VERSION);
	if (genl_open(&g))
		return EXIT_REFUSED;
	ret = genl_talk(&g, genl_msg(&g, buf, VPCPEER_CMD_GET_INFO, 0),
			info_cb, &module);
	genl_close(&g);
	if (ret || !module)
		return EXIT_REFUSED;
	printf("vpcpeer module %s (generic netlink family %s version %u)\n",
	       module, VPCPEER_GENL_NAME, g.family_version);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vpcpeerctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"       vpcpeerctl version\n"
		"OPTIONS: -h|--help  -V|--version\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("vpcpeerctl %s\n", VPCPEER_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "version"))
		return cmd_version(argc - 2, argv + 2);

	fprintf(stderr, "vpcpeerctl: unknown object \"%s\"; try \"vpcpeerctl --help\"\n",
		argv[1]);
	return EXIT_USAGE;
}
