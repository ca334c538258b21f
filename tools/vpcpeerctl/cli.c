// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line helpers: the one-line error report, the checks every
 * command applies to its words before anything is sent to the kernel, and
 * the growing arrays the show commands gather dumps in.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>

#include "cli.h"

/*
 * Where the command being run came from, for a batch: "FILE:LINE: " goes
 * before every message while it is set.
 */
static const char *where_file;
static unsigned long where_line;

/*
 * Messages held back while deferring, one line each, in the order given:
 * a batch holds a line's errors until it knows that no earlier line
 * failed.
 */
static bool deferring;
static char *deferred;

/**
 * cli_where() - name the batch line the next messages are about
 * @file: the batch file's name, "-" for standard input, or NULL for none
 * @line: its line number, from 1
 */
void cli_where(const char *file, unsigned long line)
{
	where_file = file;
	where_line = line;
}

/**
 * cli_where_line() - the batch line messages are about now
 *
 * Return: the line number, or 0 outside a batch.
 */
unsigned long cli_where_line(void)
{
	return where_file ? where_line : 0;
}

/**
 * cli_defer() - hold messages back instead of printing them
 *
 * Until cli_undefer().
 */
void cli_defer(void)
{
	deferring = true;
}

/**
 * cli_undefer() - stop holding messages back
 *
 * Return: the messages held back, ready for stderr, to free(); or NULL if
 * there were none.
 */
char *cli_undefer(void)
{
	char *held = deferred;

	deferring = false;
	deferred = NULL;
	return held;
}

static void vreport(const char *fmt, va_list ap)
{
	char *msg, *line, *all;
	int n;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (!msg)
		n = -1;
	else if (where_file && where_line)
		n = asprintf(&line, "vpcpeerctl: %s:%lu: %s\n", where_file,
			     where_line, msg);
	else if (where_file)
		n = asprintf(&line, "vpcpeerctl: %s: %s\n", where_file, msg);
	else
		n = asprintf(&line, "vpcpeerctl: %s\n", msg);
	free(msg);
	if (n < 0) {
		fputs("vpcpeerctl: out of memory\n", stderr);
		return;
	}
	if (!deferring) {
		fputs(line, stderr);
		free(line);
		return;
	}
	if (!deferred) {
		deferred = line;
		return;
	}
	if (asprintf(&all, "%s%s", deferred, line) >= 0) {
		free(deferred);
		deferred = all;
	}
	free(line);
}

/**
 * pr_err() - print one error line, "vpcpeerctl: " and the message
 * @fmt: printf format of the message, without a newline
 */
void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

/**
 * usage_err() - report bad usage
 * @fmt: printf format of the message, without a newline
 *
 * Return: EXIT_USAGE, for the caller to return.
 */
int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/**
 * arg_next() - take the next word
 * @a: the command's words
 *
 * Return: the word, or NULL when none is left.
 */
const char *arg_next(struct args *a)
{
	if (a->argc <= 0)
		return NULL;
	a->argc--;
	return *a->argv++;
}

/**
 * arg_need() - take the next word, which must be there
 * @a: the command's words
 * @what: what the word is, as the synopsis names it ("NAME")
 *
 * Return: the word, or NULL after reporting that it is missing.
 */
const char *arg_need(struct args *a, const char *what)
{
	const char *word = arg_next(a);

	if (!word)
		usage_err("%s: missing %s", a->cmd, what);
	return word;
}

/**
 * arg_end() - check that no word is left
 * @a: the command's words
 *
 * Return: 0, or EXIT_USAGE after naming the first stray word.
 */
int arg_end(const struct args *a)
{
	if (a->argc > 0)
		return usage_err("%s: unexpected argument \"%s\"", a->cmd,
				 a->argv[0]);
	return 0;
}

/**
 * arg_unknown() - report a keyword the command does not take
 * @a: the command's words
 * @word: the keyword
 *
 * Return: EXIT_USAGE.
 */
int arg_unknown(const struct args *a, const char *word)
{
	return usage_err("%s: unknown keyword \"%s\"", a->cmd, word);
}

/**
 * arg_twice() - report a keyword given twice
 * @a: the command's words
 * @word: the keyword
 *
 * Return: EXIT_USAGE.
 */
int arg_twice(const struct args *a, const char *word)
{
	return usage_err("%s: \"%s\" given twice", a->cmd, word);
}

/**
 * arg_last_name() - take an optional NAME that ends the command
 * @a: the command's words
 * @what: the kind of object, for messages
 * @max: longest valid name
 * @name: set to the name, or NULL when none is given
 *
 * Return: 0, or the exit status of a bad name or of words after it.
 */
int arg_last_name(struct args *a, const char *what, size_t max,
		  const char **name)
{
	int ret;

	*name = arg_next(a);
	if (*name) {
		ret = check_name(what, *name, max);
		if (ret)
			return ret;
	}
	return arg_end(a);
}

/**
 * matches() - is @word an abbreviation of @full, as in iproute2?
 * @word: the word given
 * @full: an object's or command's name
 *
 * Tables are searched in order, so that the first name a prefix matches
 * wins ("vpcpeerctl p s" is "peering show").
 *
 * Return: true if @word is a non-empty prefix of @full.
 */
bool matches(const char *word, const char *full)
{
	size_t n = strlen(word);

	return n && !strncmp(word, full, n);
}

/*
 * A character of a VPC or peering name, as the kernel takes them. Not
 * strspn() with the set: glibc builds a table of it on every call, and a
 * batch checks two names a line.
 */
static bool name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/**
 * check_name() - check an object name's length, and its characters
 * @what: the kind of name, as "vpc" or "peering"; a "vrf device" name may
 *        have any character but NUL
 * @name: the name
 * @max: the most characters it may have
 *
 * Return: 0, or EXIT_USAGE after saying what is wrong.
 */
int check_name(const char *what, const char *name, size_t max)
{
	const char *c;

	if (!*name)
		return usage_err("%s name is empty", what);
	if (strlen(name) > max)
		return usage_err("%s name \"%s\" is longer than %zu characters",
				 what, name, max);
	if (!strcmp(what, "vrf device"))
		return 0;
	for (c = name; name_char(*c); c++)
		;
	if (*c)
		return usage_err("%s name \"%s\" has a character other than A-Z a-z 0-9 . _ -",
				 what, name);
	return 0;
}

/**
 * parse_u32() - parse a decimal number from 0 to UINT32_MAX
 * @what: what the number is, as "mtu"
 * @s: the word
 * @val: the number
 *
 * Return: 0, or EXIT_USAGE after naming the bad word.
 */
int parse_u32(const char *what, const char *s, uint32_t *val)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return usage_err("invalid %s \"%s\"", what, s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return usage_err("invalid %s \"%s\"", what, s);
	*val = v;
	return 0;
}

/**
 * array_grow() - make room for one more entry in an array
 * @array: the array, or NULL
 * @size: bytes per entry
 * @n: entries used
 * @cap: entries allocated, updated
 *
 * Return: the array, possibly moved, or NULL after reporting that memory
 * ran out (@array is then left as it was).
 */
void *array_grow(void *array, size_t size, size_t n, size_t *cap)
{
	size_t new_cap;
	void *p;

	if (n < *cap)
		return array;
	new_cap = *cap ? *cap * 2 : 8;
	p = reallocarray(array, new_cap, size);
	if (!p) {
		pr_err("out of memory");
		return NULL;
	}
	*cap = new_cap;
	return p;
}

/**
 * cli_signalfd() - the signals that end a long-running command, as a file
 *                  descriptor to poll (no race with the loop)
 * @hup: SIGHUP too, beside SIGINT and SIGTERM
 *
 * They are not ignored, even if a shell started it in the background.
 *
 * Return: the descriptor, or -1 after a message.
 */
int cli_signalfd(bool hup)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (hup) {
		sigaddset(&mask, SIGHUP);
		signal(SIGHUP, SIG_DFL);
	}
	fd = sigprocmask(SIG_BLOCK, &mask, NULL) ? -1 :
	     signalfd(-1, &mask, SFD_CLOEXEC);
	if (fd < 0)
		pr_err("signalfd: %s", strerror(errno));
	return fd;
}
