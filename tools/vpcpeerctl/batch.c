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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "conf.h"
#include "reconcile.h"
#include "route.h"

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

/* A blank between words; not strchr(): it runs for every character. */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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
		while (blank(*in))
			in++;
		if (!*in || *in == '#')
			break;
		words = array_grow(*argv, sizeof(**argv), n + 1, cap);
		if (!words)
			return -1;
		*argv = words;
		out = in;
		words[n++] = out;
		quote = 0;
		while (*in && (quote || !blank(*in))) {
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
	return argc >= 2 && matches(argv[0], "route") &&
	       (matches(argv[1], "add") || matches(argv[1], "del") ||
		matches(argv[1], "delete"));
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

	msg_defer();
	status = run_object(ctl, argc, argv);
	held = msg_undefer();
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
 * struct batch_line - one line of a batch file, "\" continuations joined
 * @no: its (first) line number, from 1
 * @text: the line, without its newline (nor CR)
 * @bad: why it cannot be read, or NULL
 * @status: its exit status when checked
 */
struct batch_line {
	unsigned long no;
	char *text;
	const char *bad;
	int status;
};

/**
 * struct batch_file - a batch file read whole, as standard input can be
 *                     read only once
 * @name: its name, "-" for standard input
 * @lines: its lines, blank ones included
 * @n: entries used in @lines
 * @cap: entries allocated in @lines
 */
struct batch_file {
	const char *name;
	struct batch_line *lines;
	size_t n;
	size_t cap;
};

static void batch_file_free(struct batch_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->lines[i].text);
	free(f->lines);
}

/* Add physical line @no, @text of @len bytes, to @f; 0 or -1. */
static int add_line(struct batch_file *f, unsigned long no, char *text,
		    ssize_t len, bool *cont)
{
	struct batch_line *l;
	char *all;

	if (len && text[len - 1] == '\n')
		text[--len] = '\0';
	if (len && text[len - 1] == '\r')
		text[--len] = '\0';
	if (*cont) {
		l = &f->lines[f->n - 1];
		if (asprintf(&all, "%s%s", l->text, text) < 0) {
			errmsg("out of memory");
			return -1;
		}
		free(l->text);
		l->text = all;
	} else {
		l = array_grow(f->lines, sizeof(*l), f->n, &f->cap);
		if (!l)
			return -1;
		f->lines = l;
		l = &l[f->n++];
		memset(l, 0, sizeof(*l));
		l->no = no;
		l->text = strdup(text);
		if (!l->text) {
			errmsg("out of memory");
			return -1;
		}
	}
	if ((size_t)len != strlen(text))
		l->bad = "has a NUL byte: not a text file";
	else if (no == 1 && !strncmp(text, "\xef\xbb\xbf", 3))
		l->bad = "starts with a UTF-8 byte order mark: save the file without it";
	/* "\" at the end joins the next line, as in "ip -batch" */
	len = strlen(l->text);
	*cont = len && l->text[len - 1] == '\\';
	if (*cont)
		l->text[len - 1] = '\0';
	return 0;
}

/* Read the batch file @name whole into @f; 0, or -1 after a message. */
static int read_file(const char *name, struct batch_file *f)
{
	unsigned long no = 0;
	bool cont = false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;
	FILE *in;

	memset(f, 0, sizeof(*f));
	f->name = name;
	in = strcmp(name, "-") ? fopen(name, "r") : stdin;
	if (!in) {
		errmsg("cannot open batch file \"%s\": %s", name, strerror(errno));
		return -1;
	}
	while (!ret && (len = getline(&line, &cap, in)) >= 0)
		ret = add_line(f, ++no, line, len, &cont);
	if (!ret && ferror(in)) {
		errmsg("reading the batch file: %s", strerror(errno));
		ret = -1;
	}
	if (in != stdin)
		fclose(in);
	free(line);
	return ret;
}

/* The lines that describe a state, as "save" writes them. */
static bool state_line(int argc, char **argv)
{
	return argc >= 2 &&
	       (((matches(argv[0], "vpc") || matches(argv[0], "peering") ||
		  matches(argv[0], "route")) && matches(argv[1], "add")) ||
		(matches(argv[0], "peering") && matches(argv[1], "set") &&
		 strlen(argv[1]) > 1));
}

/*
 * Check every line of @f into @conf, sending nothing; each bad one is
 * reported, as FILE:LINE. Return: 0, or the exit status of the worst.
 */
static int check_file(struct ctl *ctl, struct batch_file *f,
		      struct conf *conf)
{
	size_t cap = 0, i;
	char **argv = NULL;
	int argc, worst = 0;
	struct batch_line *l;
	char *copy;

	ctl->conf = conf;
	for (i = 0; i < f->n; i++) {
		l = &f->lines[i];
		msg_where(f->name, l->no);
		copy = l->bad ? NULL : strdup(l->text);
		argc = copy ? split(copy, &argv, &cap) : -1;
		if (l->bad)
			l->status = usage_err("%s", l->bad);
		else if (argc < 0)
			l->status = EXIT_USAGE;
		else if (argc && conf->state_only && !state_line(argc, argv))
			l->status = usage_err("\"%s %s\": %s", argv[0],
					      argc > 1 ? argv[1] : "",
					      "a state has only vpc add, peering add, peering set and route add lines");
		else if (argc)
			l->status = run_object(ctl, argc, argv);
		if (l->status && worst != EXIT_USAGE)
			worst = l->status;
		free(copy);
	}
	msg_where(NULL, 0);
	ctl->conf = NULL;
	free(argv);
	return worst;
}

/* Run the lines @text holds, each about line @lines[i] of file @name. */
static int run_lines(struct batch *b, const char *name, char *text,
		     const unsigned long *lines, bool echo)
{
	size_t cap = 0, i = 0;
	char **argv = NULL;
	char *line, *next, *held;
	int argc;

	for (line = text; *line && !b->stop; line = next, i++) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		if (echo && printf("%s\n", line) > 0)
			fflush(stdout);
		msg_where(name, lines[i]);
		argc = split(line, &argv, &cap);
		if (argc > 0)
			run_line(b, argc, argv);
	}
	if (!b->stop)
		flush(b);
	msg_where(NULL, 0);
	/* once for the whole batch, even one that stopped part-way */
	/* the daemon logs every correction, a sync's too */
	note(b, reconcile_batch(b->ctl, b->ctl->daemon ? stderr : NULL,
				&held) ? EXIT_REFUSED : 0);
	if (held)
		errmsg("routes auto: %s", held);
	free(held);
	free(argv);
	return b->usage ? EXIT_USAGE : b->failed ? EXIT_REFUSED : 0;
}

/**
 * batch_run() - run the batch file of -b
 * @ctl: the invocation, with @ctl->batch set
 *
 * Every line is checked first; without -force, nothing runs if one is
 * bad; with it, the bad lines are skipped.
 *
 * Return: the exit status.
 */
int batch_run(struct ctl *ctl)
{
	struct batch b = { .ctl = ctl };
	struct conf conf = { 0 };
	struct batch_file f;
	unsigned long *lines = NULL;
	char *text = NULL;
	size_t len = 0, i, n = 0;
	FILE *out;
	int ret;

	if (read_file(ctl->batch, &f)) {
		batch_file_free(&f);
		return EXIT_REFUSED;
	}
	ret = check_file(ctl, &f, &conf);
	conf_free(&conf);
	if (ret && !ctl->force)
		goto out;
	/* the good lines, in one text, as run_lines() takes them */
	out = open_memstream(&text, &len);
	lines = calloc(f.n + 1, sizeof(*lines));
	if (!out || !lines) {
		errmsg("out of memory");
		ret = EXIT_REFUSED;
		goto out;
	}
	for (i = 0; i < f.n; i++) {
		note(&b, f.lines[i].status);
		if (f.lines[i].status)
			continue;
		fprintf(out, "%s\n", f.lines[i].text);
		lines[n++] = f.lines[i].no;
	}
	fclose(out);
	b.stop = false;
	/* without -force, the deletes of a failed flush may be put back */
	ctl->queue.echo = !ctl->force;
	ret = run_lines(&b, ctl->batch, text, lines, false);
out:
	free(text);
	free(lines);
	batch_file_free(&f);
	return ret;
}

/* check FILE: check a batch file as a whole state, module or not. */
static int check_run(struct ctl *ctl, struct args *a)
{
	struct conf conf = { .closed = true };
	struct batch_file f;
	int ret;

	if (a->argc != 1)
		return usage_err("check takes one FILE (- for standard input)");
	if (ctl->batch || ctl->conf)
		return usage_err("check: not in a batch");
	ret = read_file(a->argv[0], &f) ? EXIT_REFUSED :
	      check_file(ctl, &f, &conf);
	conf_free(&conf);
	batch_file_free(&f);
	return ret ? EXIT_REFUSED : 0;
}

const struct object check_object = {
	.name = "check",
	.help = "check FILE\n",
	.cmds = (const struct command[]){ { NULL, check_run }, { NULL, NULL } },
};

/**
 * batch_sync() - make the kernel's state the state of a file
 * @ctl: the invocation
 * @file: the file, "-" for standard input
 * @dry: print the batch lines it would run, and run none
 *
 * Prints each batch line it runs: no output means that the state already
 * was @file's.
 *
 * Return: the exit status.
 */
int batch_sync(struct ctl *ctl, const char *file, bool dry)
{
	struct conf conf = { .closed = true, .state_only = true };
	struct batch b = { .ctl = ctl };
	unsigned long *lines = NULL;
	struct batch_file f = { 0 };
	struct state s = { 0 };
	char *text = NULL;
	size_t len, n;
	FILE *out;
	int ret;

	ret = EXIT_REFUSED;
	if (read_file(file, &f))
		goto out;
	ret = check_file(ctl, &f, &conf);
	if (ret)
		goto out;
	ret = EXIT_REFUSED;
	if (state_read(ctl, NULL, &s))
		goto out;
	out = open_memstream(&text, &len);
	if (!out) {
		errmsg("out of memory");
		goto out;
	}
	msg_where(file, 0);
	if (conf_plan(&conf, &s, out, &lines, &n)) {
		fclose(out);
		goto out;
	}
	fclose(out);
	if (dry) {
		fputs(text, stdout);
		ret = 0;
		goto out;
	}
	ctl->batch = file;
	ret = run_lines(&b, file, text, lines, true);
	ctl->batch = NULL;
out:
	msg_where(NULL, 0);
	state_free(&s);
	conf_free(&conf);
	batch_file_free(&f);
	free(text);
	free(lines);
	return ret;
}

/* sync [--dry-run] FILE */
static int sync_run(struct ctl *ctl, struct args *a)
{
	bool dry = a->argc && (!strcmp(a->argv[0], "--dry-run") ||
			       !strcmp(a->argv[0], "-dry-run"));

	if (dry)
		arg_next(a);
	if (a->argc != 1)
		return usage_err("sync takes [--dry-run] and one FILE (- for standard input)");
	if (ctl->batch || ctl->conf)
		return usage_err("sync: not in a batch");
	return batch_sync(ctl, a->argv[0], dry);
}

const struct object sync_object = {
	.name = "sync",
	.help = "sync [--dry-run] FILE\n",
	.cmds = (const struct command[]){ { NULL, sync_run }, { NULL, NULL } },
};
