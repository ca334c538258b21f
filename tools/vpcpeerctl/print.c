// SPDX-License-Identifier: GPL-2.0
/*
 * The one printer of vpcpeerctl: each value is printed by one call that
 * writes it as text (by its format) or as JSON (by its key), whichever -j
 * chose, as iproute2's print_string(PRINT_ANY, ...) does. A missing value
 * (a NULL string) prints "-" in text and leaves its key out of JSON.
 */
#include <stdarg.h>
#include <stdio.h>

#include "json.h"
#include "print.h"

static struct json out;
static bool json;

/**
 * print_start() - start a command's output
 * @as_json: JSON (-j) rather than text
 * @pretty: indent the JSON (-p)
 *
 * print_end() ends it.
 */
void print_start(bool as_json, bool pretty)
{
	json = as_json;
	json_init(&out, stdout, pretty);
}

/* End the output: a JSON value's newline. */
void print_end(void)
{
	if (json)
		json_end(&out);
}

bool print_is_json(void)
{
	return json;
}

/**
 * print_open() - open a JSON object or array (nothing in text)
 * @key: its key in the enclosing object, or NULL in an array or at the top
 * @array: an array, not an object
 */
void print_open(const char *key, bool array)
{
	if (json && array)
		json_open_array(&out, key);
	else if (json)
		json_open_object(&out, key);
}

void print_close(bool array)
{
	if (json && array)
		json_close_array(&out);
	else if (json)
		json_close_object(&out);
}

/* Is a value for this output? In text, only with a format. */
static bool wanted(int to, const char *fmt)
{
	return json ? to & PRINT_JSON : to & PRINT_TEXT && fmt;
}

/**
 * print_str() - print a string value
 * @to: PRINT_TEXT, PRINT_JSON or PRINT_ANY
 * @key: its JSON key (NULL in an array)
 * @fmt: its text format, with one %s
 * @val: the string, or NULL for none
 */
void print_str(int to, const char *key, const char *fmt, const char *val)
{
	if (!wanted(to, fmt))
		return;
	if (!json)
		printf(fmt, val ? val : "-");
	else if (val)
		json_string(&out, key, val);
}

/* As print_str(), of a number; @fmt has one %llu. */
void print_u64(int to, const char *key, const char *fmt, uint64_t val)
{
	if (!wanted(to, fmt))
		return;
	if (json)
		json_u64(&out, key, val);
	else
		printf(fmt, (unsigned long long)val);
}

/* As print_str(), of a boolean; @fmt has one %s, "true" or "false". */
void print_bool(int to, const char *key, const char *fmt, bool val)
{
	if (!wanted(to, fmt))
		return;
	if (json)
		json_bool(&out, key, val);
	else
		printf(fmt, val ? "true" : "false");
}

/* Text only: words between values, and newlines. */
void print_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
