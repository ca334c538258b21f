// SPDX-License-Identifier: GPL-2.0
/*
 * The one-line error report ("vpcpeerctl: [FILE:LINE: ]message"), held
 * back while a batch defers it, and the growing arrays every list is kept
 * in (whose only failure is a message too).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

/*
 * Where the command being run came from, for a batch: "FILE:LINE: " goes
 * before every message while it is set.
 */
static const char *where_file;
static unsigned long where_line;

/*
 * Messages held back while deferring, in the order given: a batch holds a
 * route line's errors until it knows that no earlier line failed. The
 * stream opens at the first message: most lines have none.
 */
static bool deferring;
static FILE *held;
static char *held_text;
static size_t held_len;

/**
 * msg_where() - name the batch line the next messages are about
 * @file: the batch file's name, "-" for standard input, or NULL for none
 * @line: its line number, from 1
 */
void msg_where(const char *file, unsigned long line)
{
	where_file = file;
	where_line = line;
}

/**
 * msg_where_line() - the batch line messages are about now
 *
 * Return: the line number, or 0 outside a batch.
 */
unsigned long msg_where_line(void)
{
	return where_file ? where_line : 0;
}

/**
 * msg_defer() - hold messages back instead of printing them
 *
 * Until msg_undefer(); if memory runs out, they are printed.
 */
void msg_defer(void)
{
	deferring = true;
}

/**
 * msg_undefer() - stop holding messages back
 *
 * Return: the messages held back, ready for stderr, to free(); or NULL if
 * there were none.
 */
char *msg_undefer(void)
{
	deferring = false;
	if (!held)
		return NULL;
	fclose(held);
	held = NULL;
	return held_text;
}

/* One message line, written at once (stderr is not buffered). */
static void vreport(const char *fmt, va_list ap)
{
	FILE *out;
	char *msg;

	if (deferring && !held)
		held = open_memstream(&held_text, &held_len);
	out = held ? held : stderr;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (where_file && where_line)
		fprintf(out, "vpcpeerctl: %s:%lu: %s\n", where_file, where_line,
			msg ? msg : "out of memory");
	else if (where_file)
		fprintf(out, "vpcpeerctl: %s: %s\n", where_file,
			msg ? msg : "out of memory");
	else
		fprintf(out, "vpcpeerctl: %s\n", msg ? msg : "out of memory");
	free(msg);
}

/**
 * errmsg() - print one error line, "vpcpeerctl: " and the message
 * @fmt: printf format of the message, without a newline
 */
void errmsg(const char *fmt, ...)
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
		errmsg("out of memory");
		return NULL;
	}
	*cap = new_cap;
	return p;
}
