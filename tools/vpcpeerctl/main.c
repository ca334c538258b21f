// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl: the operator's command line for vpcpeer.
 *
 *   vpcpeerctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * This file parses the options, dispatches to the object's handler (or
 * runs the batch of -b), and enters the network namespace of -n before the
 * first socket is opened.
 *
 * Exit status: 0 success, 1 the kernel refused the request, 2 bad usage.
 * Bad usage is found before anything is sent to the kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/vpcpeer.h>

#include "json.h"
#include "lookup.h"
#include "vpcpeerctl.h"
#include "version.h"

/* Where "ip netns" keeps its named network namespaces. */
#define NETNS_RUN_DIR "/run/netns"

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

static int cmd_version(struct ctl *ctl, int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const char *module = NULL;
	struct genl *g;
	struct json j;
	int ret;

	(void)argv;
	if (argc)
		return usage_err("version takes no arguments");
	if (ctl->conf)
		return 0;
	if (!ctl->json)
		printf("vpcpeerctl %s\n", VPCPEER_VERSION);
	g = ctl_genl(ctl);
	ret = g ? genl_talk(g, genl_msg(g, buf, VPCPEER_CMD_GET_INFO, 0),
			    info_cb, &module) : -1;
	if (ret || !module)
		return EXIT_REFUSED;
	if (ctl->json) {
		json_init(&j, stdout, ctl->pretty);
		json_open_object(&j, NULL);
		json_string(&j, "vpcpeerctl", VPCPEER_VERSION);
		json_string(&j, "module", module);
		json_string(&j, "family", VPCPEER_GENL_NAME);
		json_u64(&j, "family_version", g->family_version);
		json_close_object(&j);
		json_end(&j);
	} else {
		printf("vpcpeer module %s (generic netlink family %s version %u)\n",
		       module, VPCPEER_GENL_NAME, g->family_version);
	}
	free((void *)module);
	return 0;
}

static int cmd_help(struct ctl *ctl, int argc, char **argv);

static const char version_help[] = "version\n";

/* The objects: each handler gets the words after the object's name. */
static const struct object {
	const char *name;
	int (*handler)(struct ctl *ctl, int argc, char **argv);
	const char *help;
} objects[] = {
	{ "vpc", vpc_main, vpc_help },
	{ "peering", peering_main, peering_help },
	{ "route", route_main, route_help },
	{ "monitor", monitor_main, monitor_help },
	{ "save", save_main, save_help },
	{ "check", check_main, check_help },
	{ "sync", sync_main, sync_help },
	{ "frr", frr_main, frr_help },
	{ "daemon", daemon_main, daemon_help },
	{ "version", cmd_version, version_help },
	{ "help", cmd_help, NULL },
};

#define N_OBJECTS ARRAY_SIZE(objects)

/* Print @help's lines as synopses, the first after @first. */
static void print_synopses(FILE *out, const char *first, const char *help)
{
	const char *line, *end;

	for (line = help; *line; line = end + 1) {
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
	for (i = 0; i < N_OBJECTS; i++) {
		if (objects[i].help)
			print_synopses(out, "      ", objects[i].help);
	}
	fprintf(out,
		"       vpcpeerctl [OPTIONS] -b|--batch FILE|-  [-f|--force]\n"
		"OPTIONS: -j|--json  -p|--pretty  -n|--netns NAME  -s|--stats  -t|--timestamp\n"
		"         -N|--Names  -4  -6  -h|--help  -V|--version\n"
		"PREFIX: ADDRESS/LENGTH, IPv4 or IPv6, as 10.1.0.0/16 or fd00:1::/64\n");
}

static int cmd_help(struct ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argv;
	if (argc)
		return usage_err("help takes no arguments");
	if (ctl->conf)
		return 0;
	usage(stdout);
	return 0;
}

/**
 * run_command() - run one command of an object
 * @ctl: the invocation
 * @object: the object's name, as "vpc"
 * @cmds: its commands, ending with a NULL name
 * @help: its synopses, for "vpcpeerctl OBJECT help"
 * @argc: words after the object's name
 * @argv: the command's name first
 *
 * Without a command, an object shows its objects, as iproute2 does.
 *
 * Return: the exit status.
 */
int run_command(struct ctl *ctl, const char *object,
		const struct command *cmds, const char *help,
		int argc, char **argv)
{
	const char *name = argc ? argv[0] : "show";
	char cmd[64];
	struct args a;

	if (!strcmp(name, "help")) {
		if (argc > 1)
			return usage_err("%s help: unexpected argument \"%s\"",
					 object, argv[1]);
		print_synopses(stdout, "Usage:", help);
		return 0;
	}
	for (; cmds->name; cmds++) {
		if (!matches(name, cmds->name))
			continue;
		snprintf(cmd, sizeof(cmd), "%s %s", object, cmds->name);
		a.cmd = cmd;
		a.argc = argc ? argc - 1 : 0;
		a.argv = argv + 1;
		return cmds->run(ctl, &a);
	}
	return usage_err("unknown %s command \"%s\"; try \"vpcpeerctl %s help\"",
			 object, name, object);
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

	for (i = 0; i < N_OBJECTS; i++) {
		if (matches(argv[0], objects[i].name))
			return objects[i].handler(ctl, argc - 1, argv + 1);
	}
	return usage_err("unknown object \"%s\"; try \"vpcpeerctl --help\"",
			 argv[0]);
}

/* Enter the network namespace of -n, as "ip -n" does. */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_err("cannot open network namespace \"%s\": %s", name,
		       strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET)) {
		pr_err("cannot enter network namespace \"%s\": %s", name,
		       strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/**
 * ctl_genl() - the vpcpeer family socket, opened on first use
 * @ctl: the invocation
 *
 * The first call enters the network namespace of -n, if any, then opens
 * the socket; commands call it only once their words have been checked.
 *
 * Return: the socket, or NULL after printing why there is none.
 */
/* Enter the namespace of -n before the first socket; 0 or -1. */
static int ctl_netns(struct ctl *ctl)
{
	if (!ctl->netns || ctl->in_netns)
		return 0;
	if (enter_netns(ctl->netns))
		return -1;
	ctl->in_netns = true;
	return 0;
}

struct genl *ctl_genl(struct ctl *ctl)
{
	if (ctl->have_genl)
		return &ctl->genl;
	if (ctl_netns(ctl) || genl_open(&ctl->genl))
		return NULL;
	ctl->have_genl = true;
	return &ctl->genl;
}

/**
 * ctl_rtnl() - the rtnetlink socket, opened on first use
 * @ctl: the invocation
 *
 * As ctl_genl(), in the namespace of -n.
 *
 * Return: the socket, or NULL after printing why there is none.
 */
struct rtnl *ctl_rtnl(struct ctl *ctl)
{
	if (ctl->have_rtnl)
		return &ctl->rtnl;
	if (ctl_netns(ctl) || rtnl_open(&ctl->rtnl))
		return NULL;
	ctl->have_rtnl = true;
	return &ctl->rtnl;
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
	if (ctl.have_rtnl)
		rtnl_close(&ctl.rtnl);
	if (ctl.have_genl)
		genl_close(&ctl.genl);
	if (fflush(stdout) || ferror(stdout)) {
		pr_err("write error: %s", strerror(errno));
		return EXIT_REFUSED;
	}
	return ret;
}
