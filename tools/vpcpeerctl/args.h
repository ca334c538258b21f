/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_ARGS_H
#define VPCPEERCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct args - the words of one command still to be parsed
 * @cmd: the command, as "vpc add", to name it in messages
 * @argc: words left
 * @argv: the next word first
 */
struct args {
	const char *cmd;
	int argc;
	char **argv;
};

const char *arg_next(struct args *a);
const char *arg_need(struct args *a, const char *what);
const char *arg_name(struct args *a, const char *arg, const char *what,
		     size_t max, int *ret);
int arg_end(const struct args *a);
int arg_unknown(const struct args *a, const char *word);
int arg_twice(const struct args *a, const char *word);
int arg_last_name(struct args *a, const char *what, size_t max,
		  const char **name);

bool matches(const char *word, const char *full);
int check_name(const char *what, const char *name, size_t max);
int parse_u32(const char *what, const char *s, uint32_t *val);

#endif
