/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_PRINT_H
#define VPCPEERCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "msg.h"

/*
 * What a print_*() call writes, as in iproute2: the text output (with its
 * format), the JSON output (with its key), or both from the one call.
 */
enum { PRINT_TEXT = 1, PRINT_JSON = 2, PRINT_ANY = 3 };

void print_start(bool json, bool pretty);
void print_end(void);
bool print_is_json(void);
void print_open(const char *key, bool array);
void print_close(bool array);
void print_str(int to, const char *key, const char *fmt, const char *val);
void print_u64(int to, const char *key, const char *fmt, uint64_t val);
void print_bool(int to, const char *key, const char *fmt, bool val);
void print_text(const char *fmt, ...) __printf(1, 2);

#endif
