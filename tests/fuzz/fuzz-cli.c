// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for vpcpeerctl's command line and batch parsers, run by
 * tests/fuzz/run-cli on the host, where no vpcpeer family exists: every
 * line that gets past the parser fails at the family lookup, so nothing is
 * changed, and the parsing of every command, option and batch line is
 * exercised under AddressSanitizer and UBSan.
 *
 * An input starting with '!' is one command line: its first line split at
 * blanks into the arguments (options limited to those that neither read
 * files nor enter namespaces). Any other input is a batch file, run with
 * "-force -b FILE" (and -j if its first byte is odd), or, if the first
 * byte has bit 1 set, checked as a state with "check FILE" and planned
 * with "sync --dry-run FILE" (which stops at the family lookup).
 */
#include <getopt.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_WORDS 64

static const char *const allowed_options[] = {
	"-j", "-p", "-s", "-f", "-json", "-pretty", "-stats", "-force",
	"--json", "--pretty", "--stats", "--force", "-h", "--help", "-V",
	"--version", "-t", "-N", "-4", "-6",
};

static int allowed(const char *word)
{
	size_t i;

	if (word[0] != '-')
		return 1;
	for (i = 0; i < ARRAY_SIZE(allowed_options); i++)
		if (!strcmp(word, allowed_options[i]))
			return 1;
	return 0;
}

static int run_args(const __u8 *data, size_t size)
{
	char *line = strndup((const char *)data + 1, size - 1);
	char *argv[MAX_WORDS + 2], *word, *save = NULL;
	int argc = 0;

	line[strcspn(line, "\n")] = '\0';
	argv[argc++] = "vpcpeerctl";
	for (word = strtok_r(line, " \t", &save); word && argc <= MAX_WORDS;
	     word = strtok_r(NULL, " \t", &save)) {
		if (!allowed(word))
			goto out;
		argv[argc++] = word;
	}
	argv[argc] = NULL;
	optind = 0;
	vpcpeerctl_main(argc, argv);
out:
	free(line);
	return 0;
}

static int run_batch(const __u8 *data, size_t size)
{
	static char path[64];
	char *argv[6];
	int argc = 0;
	FILE *f;

	if (!*path)
		snprintf(path, sizeof(path), "/tmp/fuzz-cli.%d", (int)getpid());
	f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	argv[argc++] = "vpcpeerctl";
	if (size && (data[0] & 2)) {
		argv[argc++] = "check";
		argv[argc++] = path;
		argv[argc] = NULL;
		optind = 0;
		vpcpeerctl_main(argc, argv);
		argv[1] = "sync";
		argv[2] = "--dry-run";
		argv[3] = path;
		argv[4] = NULL;
		optind = 0;
		vpcpeerctl_main(4, argv);
		unlink(path);
		return 0;
	}
	if (size && (data[0] & 1))
		argv[argc++] = "-j";
	argv[argc++] = "-force";
	argv[argc++] = "-b";
	argv[argc++] = path;
	argv[argc] = NULL;
	optind = 0;
	vpcpeerctl_main(argc, argv);
	unlink(path);
	return 0;
}

int fuzz_one_input(const __u8 *data, size_t size)
{
	if (size && data[0] == '!')
		return run_args(data, size);
	return run_batch(data, size);
}
