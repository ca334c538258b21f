// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl: the operator's command line for vpcpeer.
 *
 *   vpcpeerctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * This file parses the options and dispatches to the object's command (or
 * runs the batch of -b).
 *
 * Exit status: 0 success, 1 the kernel refused the request, 2 bad usage.
 * Bad usage is found before anything is sent to the kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/vpcpeer.h>

#include "batch.h"
#include "daemon.h"
#include "frr.h"
#include "monitor.h"
#include "peering.h"
#include "print.h"
#include "route.h"
#include "save.h"
#include "version.h"
#include "vpc.h"

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == VPCPEER_INFO_A_VERSION &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			*(const char **)data = strdup(mnl_attr_get_str(attr));
	}
	return MNL_CB_OK;
}

static int cmd_version(struct ctl *ctl, struct args *a)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *module = NULL;
	struct genl *g;
	int ret;

	ret = arg_end(a);
	if (ret || ctl->conf)
		return ret;
	if (!ctl->json)
		printf("vpcpeerctl %s\n", VPCPEER_VERSION);
	g = ctl_genl(ctl);
	ret = g ? genl_talk(g, genl_msg(g, buf, VPCPEER_CMD_GET_INFO, 0),
			    info_cb, &module) : -1;
	if (ret || !module)
		return EXIT_REFUSED;
	print_start(ctl->json, ctl->pretty);
	print_open(NULL, false);
	print_str(PRINT_JSON, "vpcpeerctl", NULL, VPCPEER_VERSION);
	print_str(PRINT_ANY, "module", "vpcpeer module %s", module);
	print_str(PRINT_ANY, "family", " (generic netlink family %s", VPCPEER_GENL_NAME);
	print_u64(PRINT_ANY, "family_version", " version %llu)\n", g->family_version);
	print_close(false);
	print_end();
	free((void *)module);
	return 0;
}

static int cmd_help(struct ctl *ctl, struct args *a);

static const struct object version_object = {
	.name = "version",
	.help = "version\n",
	.cmds = (const struct command[]){ { NULL, cmd_version }, { NULL, NULL } },
};

static const struct object help_object = {
	.name = "help",
	.cmds = (const struct command[]){ { NULL, cmd_help }, { NULL, NULL } },
};

/* The objects, in the order their abbreviations are matched. */
static const struct object *const objects[] = {
	&vpc_object, &peering_object, &route_object, &monitor_object,
	&save_object, &check_object, &sync_object, &frr_object,
	&daemon_object, &version_object, &help_object,
};

/* Print @help's lines as synopses, the first after @first. */
static void print_synopses(FILE *out, const char *first, const char *help)
{
	const char *line, *end;

	for (line = help; line && *line; line = end + 1) {
		end = strchrnul(line, '\n');
		fprintf(out, "%s vpcpeerctl %.*s\n", first, (int)(end - line),
			line);
		first = "      ";
		if (!*end)
			break;
	}
}

static void usage(FILE *out)
{
	unsigned int i;

	fprintf(out, "Usage: vpcpeerctl [OPTIONS] OBJECT COMMAND [ARGS]\n");
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		print_synopses(out, "      ", objects[i]->help);
	fprintf(out,
		"       vpcpeerctl [OPTIONS] -b|--batch FILE|-  [-f|--force]\n"
		"OPTIONS: -j|--json  -p|--pretty  -n|--netns NAME  -s|--stats  -t|--timestamp\n"
		"         -N|--Names  -4  -6  -h|--help  -V|--version\n"
		"PREFIX: ADDRESS/LENGTH, IPv4 or IPv6, as 10.1.0.0/16 or fd00:1::/64\n");
}

static int cmd_help(struct ctl *ctl, struct args *a)
{
	int ret = arg_end(a);

	if (!ret && !ctl->conf)
		usage(stdout);
	return ret;
}

/*
 * Run a command of object @o: the one its first word names (abbreviated
 * as in iproute2; the first in table order wins), "show" if there is no
 * word, or the object's only command, which takes every word.
 */
static int run_command(struct ctl *ctl, const struct object *o, int argc,
		       char **argv)
{
	const struct command *cmd = o->cmds;
	const char *name = argc ? argv[0] : "show";
	struct args a = { .cmd = o->name, .argc = argc, .argv = argv };
	char full[64];

	if (argc == 1 && !strcmp(name, "help") && o->help) {
		print_synopses(stdout, "Usage:", o->help);
		return 0;
	}
	if (!cmd->name)
		return cmd->run(ctl, &a);
	if (!strcmp(name, "help"))
		return usage_err("%s help: unexpected argument \"%s\"", o->name,
				 argv[1]);
	for (; cmd->run; cmd++) {
		if (!matches(name, cmd->name))
			continue;
		snprintf(full, sizeof(full), "%s %s", o->name, cmd->name);
		a.cmd = full;
		a.argc = argc ? argc - 1 : 0;
		a.argv = argv + 1;
		return cmd->run(ctl, &a);
	}
	if (!argc)
		return usage_err("%s: which command? try \"vpcpeerctl %s help\"",
				 o->name, o->name);
	return usage_err("unknown %s command \"%s\"; try \"vpcpeerctl %s help\"",
			 o->name, name, o->name);
}

/**
 * run_object() - run one command line without its options
 * @ctl: the invocation
 * @argc: the words
 * @argv: the object's name first
 *
 * Return: the exit status.
 */
int run_object(struct ctl *ctl, int argc, char **argv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		if (matches(argv[0], objects[i]->name))
			return run_command(ctl, objects[i], argc - 1, argv + 1);
	}
	return usage_err("unknown object \"%s\"; try \"vpcpeerctl --help\"",
			 argv[0]);
}

static const struct option options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "netns", required_argument, NULL, 'n' },
	{ "stats", no_argument, NULL, 's' },
	{ "timestamp", no_argument, NULL, 't' },
	{ "Names", no_argument, NULL, 'N' },
	{ "batch", required_argument, NULL, 'b' },
	{ "force", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int check_netns_name(const char *name)
{
	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return usage_err("invalid network namespace name \"%s\"", name);
	return 0;
}

/* Report what getopt_long() refused: @c is ':' or '?', @word the word. */
static int bad_option(int c, const char *word)
{
	char opt[3] = { '-', optopt, '\0' };

	if (c == ':')
		return usage_err("option \"%s\" needs an argument", word);
	return usage_err("unknown option \"%s\"; try \"vpcpeerctl --help\"",
			 optopt ? opt : word);
}

int main(int argc, char **argv)
{
	struct ctl ctl = { 0 };
	int c, ret;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}

	/*
	 * "+": options end at the object; ":": report errors ourselves.
	 * getopt_long_only(), so that "-force", "-batch" and "-json" work as
	 * in iproute2; every long option starts with its own letter, so the
	 * short ones keep their meaning.
	 */
	opterr = 0;
	while ((c = getopt_long_only(argc, argv, "+:jpn:stNb:fhV46", options,
				     NULL)) != -1) {
		switch (c) {
		case 'j':
			ctl.json = true;
			break;
		case 'p':
			ctl.pretty = true;
			break;
		case 'n':
			ret = check_netns_name(optarg);
			if (ret)
				return ret;
			ctl.netns = optarg;
			break;
		case 's':
			ctl.stats = true;
			break;
		case 't':
			ctl.timestamp = true;
			break;
		case 'N':
			ctl.names = true;
			break;
		case '4':
			ctl.family = AF_INET;
			break;
		case '6':
			ctl.family = AF_INET6;
			break;
		case 'b':
			ctl.batch = optarg;
			break;
		case 'f':
			ctl.force = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vpcpeerctl %s\n", VPCPEER_VERSION);
			return 0;
		default:
			return bad_option(c, argv[optind - 1]);
		}
	}
	if (ctl.batch && optind < argc)
		return usage_err("unexpected argument \"%s\" after -b FILE",
				 argv[optind]);
	if (!ctl.batch && optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}

	if (ctl.batch)
		ret = batch_run(&ctl);
	else
		ret = run_object(&ctl, argc - optind, argv + optind);

	ctl_forget(&ctl);
	rtnl_queue_free(&ctl.queue);
	nlsock_close(&ctl.rtnl);
	nlsock_close(&ctl.genl.sk);
	if (fflush(stdout) || ferror(stdout)) {
		errmsg("write error: %s", strerror(errno));
		return EXIT_REFUSED;
	}
	return ret;
}
