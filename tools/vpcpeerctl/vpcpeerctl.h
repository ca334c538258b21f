/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_H
#define VPCPEERCTL_H

#include <stdbool.h>

#include "cli.h"
#include "genl.h"

/**
 * struct ctl - one invocation: the options, and the kernel once reached
 * @json: -j, print JSON
 * @pretty: -p, indent the JSON
 * @stats: -s, print counters
 * @netns: -n, the network namespace to run in, or NULL
 * @in_netns: @netns has been entered
 * @have_genl: @genl is open
 * @genl: the vpcpeer family socket, opened on first use by ctl_genl()
 */
struct ctl {
	bool json;
	bool pretty;
	bool stats;
	const char *netns;
	bool in_netns;
	bool have_genl;
	struct genl genl;
};

struct genl *ctl_genl(struct ctl *ctl);

/**
 * struct command - one command of an object
 * @name: the word that selects it
 * @run: its handler; gets the words after @name, returns the exit status
 */
struct command {
	const char *name;
	int (*run)(struct ctl *ctl, struct args *a);
};

int run_command(struct ctl *ctl, const char *object,
		const struct command *cmds, const char *help,
		int argc, char **argv);

/*
 * Objects: each handler gets the words after the object's name, the
 * command first, and returns the exit status. The help text lists the
 * object's synopses, one a line, without the program name.
 */
int vpc_main(struct ctl *ctl, int argc, char **argv);
int peering_main(struct ctl *ctl, int argc, char **argv);
extern const char vpc_help[];
extern const char peering_help[];

#endif
