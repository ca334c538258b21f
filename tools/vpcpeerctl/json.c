// SPDX-License-Identifier: GPL-2.0
/*
 * A small streaming JSON writer for the -j output: arrays, objects,
 * strings, unsigned numbers and booleans, compact or pretty (-p).
 */
#include "json.h"

/* Length of the valid UTF-8 sequence at @s, or 0 if it is not one. */
static unsigned int utf8_len(const unsigned char *s)
{
	unsigned int n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/*
 * Quote @s. Control characters are escaped; a byte that is not part of
 * valid UTF-8 (interface names are bytes) is written as the code point of
 * the same value, so the output always parses.
 */
static void put_string(FILE *out, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;
	unsigned int n;

	fputc('"', out);
	while (*c) {
		switch (*c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			n = utf8_len(c);
			if (*c < 0x20 || !n) {
				fprintf(out, "\\u%04x", *c);
				n = 1;
			} else {
				fwrite(c, 1, n, out);
			}
			c += n;
			continue;
		}
		c++;
	}
	fputc('"', out);
}

static void indent(struct json *j)
{
	unsigned int i;

	fputc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("    ", j->out);
}

/* Separate from the previous member and write the key, if any. */
static void member(struct json *j, const char *key)
{
	if (!j->first)
		fputc(',', j->out);
	if (j->pretty && j->depth)
		indent(j);
	if (key) {
		put_string(j->out, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
	j->first = false;
}

static void open_container(struct json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->out);
	j->depth++;
	j->first = true;
}

static void close_container(struct json *j, char c)
{
	j->depth--;
	if (j->pretty && !j->first)
		indent(j);
	fputc(c, j->out);
	j->first = false;
}

/**
 * json_init() - start writing one JSON value
 * @j: the writer
 * @out: where to write
 * @pretty: indent
 */
void json_init(struct json *j, FILE *out, bool pretty)
{
	j->out = out;
	j->pretty = pretty;
	j->depth = 0;
	j->first = true;
}

void json_open_array(struct json *j, const char *key)
{
	open_container(j, key, '[');
}

void json_close_array(struct json *j)
{
	close_container(j, ']');
}

void json_open_object(struct json *j, const char *key)
{
	open_container(j, key, '{');
}

void json_close_object(struct json *j)
{
	close_container(j, '}');
}

void json_string(struct json *j, const char *key, const char *val)
{
	member(j, key);
	put_string(j->out, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->out, "%llu", (unsigned long long)val);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void json_bool(struct json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->out);
}

/**
 * json_end() - end the top-level value with a newline
 * @j: the writer
 */
void json_end(struct json *j)
{
	fputc('\n', j->out);
}
