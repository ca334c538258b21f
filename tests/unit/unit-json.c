// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vpcpeerctl's JSON writer (tools/vpcpeerctl/json.c), the
 * -j output: separators, nesting, empty containers, numbers, escaping of
 * strings (bytes that are not UTF-8 included) and the pretty (-p) layout.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>

#include "json.h"
#include "unit.h"

static char *text;
static size_t len;

static struct json *start(bool pretty)
{
	static struct json j;
	FILE *out = open_memstream(&text, &len);

	if (!out) {
		perror("open_memstream");
		exit(1);
	}
	json_init(&j, out, pretty);
	return &j;
}

/* End the value of @j; what it wrote must be @want. */
static void done(struct json *j, const char *name, const char *want)
{
	json_end(j);
	fclose(j->out);
	expect_str(name, text, want);
	free(text);
}

/* A string value alone, escaped. */
static void escaped(const char *name, const char *s, const char *want)
{
	struct json *j = start(false);

	json_string(j, NULL, s);
	done(j, name, want);
}

int main(void)
{
	struct json *j;

	j = start(false);
	json_open_object(j, NULL);
	json_string(j, "name", "blue");
	json_u64(j, "n", 3);
	json_bool(j, "up", true);
	json_bool(j, "down", false);
	json_null(j, "x");
	json_close_object(j);
	done(j, "compact object",
	     "{\"name\":\"blue\",\"n\":3,\"up\":true,\"down\":false,\"x\":null}\n");

	j = start(false);
	json_open_object(j, NULL);
	json_open_array(j, "vpcs");
	json_open_object(j, NULL);
	json_string(j, "name", "a");
	json_close_object(j);
	json_open_object(j, NULL);
	json_string(j, "name", "b");
	json_open_array(j, "cidrs");
	json_string(j, NULL, "10.0.0.0/8");
	json_string(j, NULL, "2001:db8::/32");
	json_close_array(j);
	json_close_object(j);
	json_close_array(j);
	json_u64(j, "count", 2);
	json_close_object(j);
	done(j, "nested",
	     "{\"vpcs\":[{\"name\":\"a\"},{\"name\":\"b\",\"cidrs\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}],\"count\":2}\n");

	j = start(false);
	json_open_object(j, NULL);
	json_open_array(j, "a");
	json_close_array(j);
	json_open_object(j, "o");
	json_close_object(j);
	json_close_object(j);
	done(j, "empty containers", "{\"a\":[],\"o\":{}}\n");

	j = start(false);
	json_open_array(j, NULL);
	json_u64(j, NULL, 0);
	json_u64(j, NULL, UINT64_MAX);
	json_string(j, NULL, "");
	json_close_array(j);
	done(j, "top-level array", "[0,18446744073709551615,\"\"]\n");

	escaped("quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"\n");
	escaped("named control characters", "\b\f\n\r\t",
		"\"\\b\\f\\n\\r\\t\"\n");
	escaped("other control characters", "\x01\x1f", "\"\\u0001\\u001f\"\n");
	escaped("UTF-8 kept", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x9f",
		"\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x9f\"\n");
	escaped("a byte not UTF-8", "a\xff", "\"a\\u00ff\"\n");
	escaped("a truncated sequence", "\xc3", "\"\\u00c3\"\n");
	escaped("an overlong form", "\xc0\x80", "\"\\u00c0\\u0080\"\n");
	escaped("an overlong three-byte form", "\xe0\x80\xaf",
		"\"\\u00e0\\u0080\\u00af\"\n");
	escaped("a UTF-16 surrogate", "\xed\xa0\x80",
		"\"\\u00ed\\u00a0\\u0080\"\n");
	escaped("beyond U+10FFFF", "\xf4\x90\x80\x80",
		"\"\\u00f4\\u0090\\u0080\\u0080\"\n");

	j = start(false);
	json_open_object(j, NULL);
	json_string(j, "k\"ey", "v");
	json_close_object(j);
	done(j, "keys escaped", "{\"k\\\"ey\":\"v\"}\n");

	j = start(true);
	json_open_object(j, NULL);
	json_string(j, "name", "blue");
	json_open_array(j, "cidrs");
	json_string(j, NULL, "10.0.0.0/8");
	json_close_array(j);
	json_open_array(j, "none");
	json_close_array(j);
	json_open_object(j, "peer");
	json_u64(j, "mtu", 1500);
	json_close_object(j);
	json_close_object(j);
	done(j, "pretty",
	     "{\n"
	     "    \"name\": \"blue\",\n"
	     "    \"cidrs\": [\n"
	     "        \"10.0.0.0/8\"\n"
	     "    ],\n"
	     "    \"none\": [],\n"
	     "    \"peer\": {\n"
	     "        \"mtu\": 1500\n"
	     "    }\n"
	     "}\n");
	return unit_done("unit-json");
}
