/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_CTL_H
#define VPCPEERCTL_CTL_H

#include <stdbool.h>

#include "args.h"
#include "genl.h"
#include "model.h"
#include "msg.h"
#include "nlsock.h"
#include "rtnl.h"

struct conf;

/**
 * struct scope - which routes of "routes auto" peerings to put in step
 *                (reconcile.c); all if every field is NULL
 * @vpc: only those in this VPC's table
 * @peer: only those into this VPC's CIDRs, in its peers' tables
 * @peering: only those of this peering
 */
struct scope {
	const char *vpc;
	const char *peer;
	const char *peering;
};

/**
 * struct ctl - one invocation: the options, and the kernel once reached
 * @json: -j, print JSON
 * @pretty: -p, indent the JSON
 * @stats: -s, print counters
 * @timestamp: -t, print when each event of monitor was received
 * @names: -N, show commands print the names only, one a line
 * @family: -4 or -6, show only the CIDRs and routes of AF_INET or
 *          AF_INET6; 0 for both
 * @force: -force, go on after a failed batch line
 * @netns: -n, the network namespace to run in, or NULL
 * @batch: -b, the batch file's name ("-" for standard input), or NULL
 * @daemon: running as "daemon", which tries a failed reconcile again
 * @in_netns: @netns has been entered
 * @genl: the vpcpeer family socket, opened on first use by ctl_genl()
 * @rtnl: the rtnetlink socket, opened on first use by ctl_rtnl()
 * @queue: route changes of a batch not sent yet (route_flush() sends them)
 * @cache: the VPCs, peerings and VRF tables commands looked up in the
 *         kernel, kept for the next ones until ctl_forget()
 * @have_tables: @cache.tables was read
 * @conf: while set, commands check their words and record them here
 *        instead of sending anything (a batch file being checked)
 * @scopes: the scopes whose "routes auto" routes lines of the batch
 *          changed, names copied: put in step at its end (reconcile_batch())
 * @n_scopes: entries used in @scopes
 * @cap_scopes: entries allocated in @scopes
 */
struct ctl {
	bool json;
	bool pretty;
	bool stats;
	bool timestamp;
	bool names;
	int family;
	bool force;
	const char *netns;
	const char *batch;
	bool daemon;
	bool in_netns;
	struct genl genl;
	struct nlsock rtnl;
	struct rtnl_queue queue;
	struct state cache;
	bool have_tables;
	struct conf *conf;
	struct scope *scopes;
	size_t n_scopes;
	size_t cap_scopes;
};

struct genl *ctl_genl(struct ctl *ctl);
struct nlsock *ctl_rtnl(struct ctl *ctl);
int ctl_dump(struct ctl *ctl, uint8_t cmd, const char *name, struct state *s);
int state_read(struct ctl *ctl, const char *name, struct state *s);
const struct vpc *ctl_vpc(struct ctl *ctl, const char *name);
const struct peering *ctl_peering(struct ctl *ctl, const char *name);
void ctl_forget(struct ctl *ctl);
char *route_error_text(struct ctl *ctl, const struct rtnl_req *req);

/**
 * struct command - one command of an object
 * @name: the word that selects it; NULL for an object that takes no
 *        command word (its one command gets all the words)
 * @run: its handler; gets the words after @name, returns the exit status
 */
struct command {
	const char *name;
	int (*run)(struct ctl *ctl, struct args *a);
};

/**
 * struct object - what the first word of a command line selects
 * @name: the word
 * @cmds: its commands, ending with an entry without @run
 * @help: its synopses, one a line, without the program's name
 */
struct object {
	const char *name;
	const struct command *cmds;
	const char *help;
};

int run_object(struct ctl *ctl, int argc, char **argv);

#endif
