// SPDX-License-Identifier: GPL-2.0
/*
 * The words of a command: taken one by one, and checked (names, numbers)
 * before anything is sent to the kernel; every refusal is one message and
 * EXIT_USAGE.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "msg.h"

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
 * arg_name() - take a name that must be there, and check it
 * @a: the command's words
 * @arg: what the word is, as the synopsis names it ("NAME", "VPC_A")
 * @what: the kind of name, for check_name()
 * @max: the most characters it may have
 * @ret: set to 0, or to the exit status of a missing or bad name
 *
 * Return: the name, or NULL after a message.
 */
const char *arg_name(struct args *a, const char *arg, const char *what,
		     size_t max, int *ret)
{
	const char *name = arg_need(a, arg);

	*ret = name ? check_name(what, name, max) : EXIT_USAGE;
	return *ret ? NULL : name;
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
