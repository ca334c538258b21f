/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_H
#define VPCPEERCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "genl.h"
#include "rtnl.h"

struct lookup;

/**
 * struct reconcile_scope - which routes of "routes auto" peerings to put
 *                          in step (reconcile.c); all if every field is NULL
 * @vpc: only those in this VPC's table
 * @peer: only those into this VPC's CIDRs, in its peers' tables
 * @peering: only those of this peering
 */
struct reconcile_scope {
	const char *vpc;
	const char *peer;
	const char *peering;
};

/**
 * struct reconcile_set - scopes a batch keeps for its end, names copied
 * @scopes: the scopes
 * @n: entries in @scopes
 * @cap: room in @scopes
 */
struct reconcile_set {
	struct reconcile_scope *scopes;
	size_t n;
	size_t cap;
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
 * @in_netns: @netns has been entered
 * @have_genl: @genl is open
 * @genl: the vpcpeer family socket, opened on first use by ctl_genl()
 * @have_rtnl: @rtnl is open
 * @rtnl: the rtnetlink socket, opened on first use by ctl_rtnl()
 * @queue: route changes of a batch not sent yet (route_flush() sends them)
 * @lookup: what commands looked up in the kernel, kept for the next ones
 *          until ctl_forget()
 * @conf: while set, commands check their words and record them here
 *        instead of sending anything (a batch file being checked)
 * @reconcile: the scopes whose "routes auto" routes lines of the batch
 *             changed: put in step at its end (reconcile_batch())
 * @daemon: running as "daemon", which tries a failed reconcile again
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
	bool in_netns;
	bool have_genl;
	struct genl genl;
	bool have_rtnl;
	struct rtnl rtnl;
	struct rtnl_queue queue;
	struct lookup *lookup;
	struct conf *conf;
	struct reconcile_set reconcile;
	bool daemon;
};

struct genl *ctl_genl(struct ctl *ctl);
struct rtnl *ctl_rtnl(struct ctl *ctl);
int run_object(struct ctl *ctl, int argc, char **argv);

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
int route_main(struct ctl *ctl, int argc, char **argv);
int monitor_main(struct ctl *ctl, int argc, char **argv);
int save_main(struct ctl *ctl, int argc, char **argv);
int frr_main(struct ctl *ctl, int argc, char **argv);
extern const char vpc_help[];
extern const char peering_help[];
extern const char route_help[];
extern const char monitor_help[];
extern const char save_help[];
extern const char frr_help[];

/* Batches (-b): one command a line; check and sync read the same files. */
int batch_run(struct ctl *ctl);
int check_main(struct ctl *ctl, int argc, char **argv);
int sync_main(struct ctl *ctl, int argc, char **argv);
extern const char check_help[];
extern const char sync_help[];

/* Route changes queued by a batch: sent, failures reported; exit status. */
int route_flush(struct ctl *ctl);
char *route_error_text(struct ctl *ctl, const struct rtnl_req *req);
int route_undo(struct ctl *ctl, struct rtnl_queue *q, size_t from);

int reconcile_routes(struct ctl *ctl, const struct reconcile_scope *sc,
		     FILE *log, char **why);
int reconcile_after(struct ctl *ctl, const struct reconcile_scope *sc,
		    const char *what, const char *undone);
int reconcile_batch(struct ctl *ctl, FILE *log, char **why);
int daemon_main(struct ctl *ctl, int argc, char **argv);
extern const char daemon_help[];

#endif
