// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vpcpeerctl's batch splitter (tools/vpcpeerctl/batch.c):
 * how a line splits into words (blanks, "..." and '...' quotes, comments,
 * an unclosed quote), and how a file's lines are read (a "\" at the end
 * joining the next, CR LF, a missing last newline, a byte order mark, a
 * NUL byte). batch.c is included, as its splitter is static.
 */
#include "batch.c"

#include <unistd.h>

#include "unit.h"

/*
 * @line splits into the @n words of @want (joined by "|" to compare);
 * @n -1: it is refused.
 */
static void words(const char *line, int n, const char *want)
{
	char name[160], got[512] = "", *copy = strdup(line), **argv = NULL;
	size_t cap = 0;
	int argc, i;

	snprintf(name, sizeof(name), "split [%s]", line);
	argc = split(copy, &argv, &cap);
	if (expect_long(name, argc, n) && argc > 0) {
		for (i = 0; i < argc; i++) {
			if (i)
				strcat(got, "|");
			strcat(got, argv[i]);
		}
		expect_str(name, got, want);
		expect_str(name, argv[argc] ? "not NULL" : "NULL", "NULL");
	}
	free(argv);
	free(copy);
}

/*
 * A batch file of @content reads as @want: each line "NO:TEXT", or
 * "NO:bad" if it cannot be read, joined by "|".
 */
static void file(const char *name, const char *content, size_t len,
		 const char *want)
{
	char path[] = "/tmp/vpcpeer-unit-batch.XXXXXX", got[512] = "", one[128];
	struct batch_file f;
	size_t i;
	int fd;

	fd = mkstemp(path);
	if (fd < 0 || write(fd, content, len) != (ssize_t)len) {
		perror(path);
		exit(1);
	}
	close(fd);
	if (expect_long(name, read_file(path, &f), 0)) {
		for (i = 0; i < f.n; i++) {
			snprintf(one, sizeof(one), "%s%lu:%s", i ? "|" : "",
				 f.lines[i].no,
				 f.lines[i].bad ? "bad" : f.lines[i].text);
			strcat(got, one);
		}
		expect_str(name, got, want);
	}
	batch_file_free(&f);
	unlink(path);
}

#define FILE_OF(name, content, want) \
	file(name, content, sizeof(content) - 1, want)

int main(void)
{
	words("vpc add blue vrf vrf-blue", 5, "vpc|add|blue|vrf|vrf-blue");
	words("  route\tadd  x \r\n", 3, "route|add|x");
	words("", 0, "");
	words(" \t ", 0, "");
	words("vpc add \"my vpc\" vrf x", 5, "vpc|add|my vpc|vrf|x");
	words("a 'say \"hi\"'", 2, "a|say \"hi\"");
	words("a \"it's\"", 2, "a|it's");
	words("ab\"c d\"e", 1, "abc de");
	words("a \"\" b", 3, "a||b");
	words("vpc add x # a comment", 3, "vpc|add|x");
	words("# all a comment", 0, "");
	words("a#b", 1, "a#b");
	words("a \"#b\"", 2, "a|#b");
	words("a \"b", -1, "");
	words("a 'b c", -1, "");

	FILE_OF("lines", "vpc add a\nvpc del a\n", "1:vpc add a|2:vpc del a");
	FILE_OF("a continuation", "a \\\nb\nc\n", "1:a b|3:c");
	FILE_OF("two continuations", "a\\\nb\\\nc\nd\n", "1:abc|4:d");
	FILE_OF("CR LF", "x\r\ny\r\n", "1:x|2:y");
	FILE_OF("no last newline", "x\ny", "1:x|2:y");
	FILE_OF("blank lines kept", "\n\nz\n", "1:|2:|3:z");
	FILE_OF("a byte order mark", "\xef\xbb\xbfvpc add a\nb\n", "1:bad|2:b");
	FILE_OF("a NUL byte", "a\nb\0c\nd\n", "1:a|2:bad|3:d");
	return unit_done("unit-batch");
}
