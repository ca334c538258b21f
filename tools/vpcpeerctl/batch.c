// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl -b FILE (or -b - for standard input), as "ip -batch": one
 * command a line, in the same grammar as the command line without its
 * options; words split at blanks, quoted with "..." or '...'; a word
 * starting with # starts a comment; blank lines are skipped.
 *
 * Errors are reported as "FILE:LINE: message". The first failed line ends
 * the batch, unless -force is given; the exit status is 2 if a line was
 * bad usage, else 1 if a line failed, else 0.
 *
 * Route lines are queued and sent many per sendmsg() (route_flush()), so
 * a line's failure may be known only after later route lines were sent:
 * without -force their changes are then undone, and their own errors are
 * held back until the earlier lines are known to have gone through, so
 * that what happened is exactly what "ip -batch" would have done.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "vpcpeerctl.h"

/**
 * struct batch - a batch being run
 * @ctl: the invocation
 * @usage: a line was bad usage
 * @failed: a line failed
 * @stop: stop reading lines
 */
struct batch {
	struct ctl *ctl;
	bool usage;
	bool failed;
	bool stop;
};

/* Take note of a line's (or a flush's) exit status. */
static void note(struct batch *b, int status)
{
	if (!status)
		return;
	if (status == EXIT_USAGE)
		b->usage = true;
	b->failed = true;
	if (!b->ctl->force)
		b->stop = true;
}

/*
 * Split @line into words, in place. Return: their number, or -1 after a
 * message if a quote is not closed.
 */
static int split(char *line, char ***argv, size_t *cap)
{
	char *in = line, *out, **words;
	size_t n = 0;
	char quote;

	for (;;) {
		in += strspn(in, " \t\r\n");
		if (!*in || *in == '#')
			break;
		words = array_grow(*argv, sizeof(**argv), n + 1, cap);
		if (!words)
			return -1;
		*argv = words;
		out = in;
		words[n++] = out;
		quote = 0;
		while (*in && (quote || !strchr(" \t\r\n", *in))) {
			if (quote && *in == quote)
				quote = 0;
			else if (!quote && (*in == '"' || *in == '\''))
				quote = *in;
			else
				*out++ = *in;
			in++;
		}
		if (quote) {
			usage_err("unterminated %c quote", quote);
			return -1;
		}
		if (*in)
			in++;
		*out = '\0';
	}
	if (*argv)
		(*argv)[n] = NULL;
	return n;
}

/* "route add" and "route del" lines are queued, not run at once. */
static bool queued(int argc, char **argv)
{
	return argc >= 2 && !strcmp(argv[0], "route") &&
	       (!strcmp(argv[1], "add") || !strcmp(argv[1], "del") ||
		!strcmp(argv[1], "delete"));
}

/* Send the queued route lines; note how they fared. */
static int flush(struct batch *b)
{
	int status = route_flush(b->ctl);

	note(b, status);
	return status;
}

/* Run one line of words. */
static void run_line(struct batch *b, int argc, char **argv)
{
	struct ctl *ctl = b->ctl;
	char *held;
	int status;

	if (!queued(argc, argv)) {
		/* everything before it happens first */
		if (flush(b) && !ctl->force)
			return;
		status = run_object(ctl, argc, argv);
		fflush(stdout);
		/* it may have changed what route lines look up */
		ctl_forget(ctl);
		note(b, status);
		return;
	}

	cli_defer();
	status = run_object(ctl, argc, argv);
	held = cli_undefer();
	if (status) {
		/* an earlier line failing first ends the batch there */
		if (flush(b) && !ctl->force) {
			free(held);
			return;
		}
		if (held)
			fputs(held, stderr);
		note(b, status);
	}
	free(held);
	if (ctl->queue.n >= RTNL_SLICE)
		flush(b);
}

/**
 * batch_run() - run the batch file of -b
 * @ctl: the invocation, with @ctl->batch set
 *
 * Return: the exit status.
 */
int batch_run(struct ctl *ctl)
{
	struct batch b = { .ctl = ctl };
	size_t cap = 0, argcap = 0;
	unsigned long lineno = 0;
	char *line = NULL, *held;
	char **argv = NULL;
	FILE *in;
	int argc;

	in = strcmp(ctl->batch, "-") ? fopen(ctl->batch, "r") : stdin;
	if (!in) {
		pr_err("cannot open batch file \"%s\": %s", ctl->batch,
		       strerror(errno));
		return EXIT_REFUSED;
	}
	/* without -force, the deletes of a failed flush may be put back */
	ctl->queue.echo = !ctl->force;
	while (!b.stop && getline(&line, &cap, in) >= 0) {
		cli_where(ctl->batch, ++lineno);
		cli_defer();
		argc = split(line, &argv, &argcap);
		held = cli_undefer();
		if (argc > 0)
			run_line(&b, argc, argv);
		/* bad usage, reported after the lines before it */
		if (argc < 0 && !(flush(&b) && !ctl->force)) {
			if (held)
				fputs(held, stderr);
			note(&b, EXIT_USAGE);
		}
		free(held);
	}
	if (!b.stop && ferror(in)) {
		pr_err("reading the batch file: %s", strerror(errno));
		b.failed = true;
	}
	if (!b.stop)
		flush(&b);
	cli_where(NULL, 0);
	if (in != stdin)
		fclose(in);
	free(line);
	free(argv);
	if (b.usage)
		return EXIT_USAGE;
	return b.failed ? EXIT_REFUSED : 0;
}
