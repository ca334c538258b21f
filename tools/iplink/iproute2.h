/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What link_vpcpeer.so needs of ip(8), declared as iproute2 6.1 (Debian
 * 12's iproute2 6.1.0) defines it in ip/ip_common.h and
 * include/json_print.h. Those headers are not installed anywhere: Debian
 * ships no iproute2 development package, so they cannot be included, and
 * this mirrors only the part used, with the same layout (checked against
 * the iproute2 sources, and the dynamic symbols of Debian's ip). Another
 * iproute2 version may lay struct link_util out differently and need this
 * file changed.
 */
#ifndef VPCPEER_IPROUTE2_H
#define VPCPEER_IPROUTE2_H

#include <stdbool.h>
#include <stdio.h>

struct nlmsghdr;
struct rtattr;

/* include/json_print.h: where a print_*() call prints. */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

/*
 * ip's own, exported by its -rdynamic link. The colour is an enum
 * color_attr, not used in JSON mode.
 */
bool is_json_context(void);
int print_color_string(enum output_type t, int color, const char *key,
		       const char *fmt, const char *value);
int print_color_uint(enum output_type t, int color, const char *key,
		     const char *fmt, unsigned int value);

/* ip/ip_common.h: a link kind's hooks; ip finds it as KIND_link_util. */
struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f,
			     struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

#endif
