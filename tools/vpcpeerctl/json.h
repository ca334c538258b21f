/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_JSON_H
#define VPCPEERCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/**
 * struct json - a JSON writer
 * @out: where the text goes
 * @pretty: one member per line, indented by four spaces per level
 * @depth: arrays and objects open
 * @first: nothing written yet in the innermost open array or object
 *
 * Members of an object take a key; values in an array, or the top-level
 * value, take a NULL key.
 */
struct json {
	FILE *out;
	bool pretty;
	unsigned int depth;
	bool first;
};

void json_init(struct json *j, FILE *out, bool pretty);
void json_open_array(struct json *j, const char *key);
void json_close_array(struct json *j);
void json_open_object(struct json *j, const char *key);
void json_close_object(struct json *j);
void json_string(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
void json_end(struct json *j);

#endif
