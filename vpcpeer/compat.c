// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line halves of compat.h, for kernels that need them.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>

#include "compat.h"

#ifndef NL_SET_ERR_MSG_FMT
#define VPCPEER_FMT_SLOTS 16
#define VPCPEER_FMT_LEN 80

/**
 * vpcpeer_compat_fmt() - format an extack message on kernels before 6.2
 * @fmt: printf format
 *
 * Return: the message, valid until VPCPEER_FMT_SLOTS later calls.
 */
const char *vpcpeer_compat_fmt(const char *fmt, ...)
{
	static char slots[VPCPEER_FMT_SLOTS][VPCPEER_FMT_LEN];
	static atomic_t next = ATOMIC_INIT(0);
	char *buf;
	va_list args;

	buf = slots[(unsigned int)atomic_inc_return(&next) % VPCPEER_FMT_SLOTS];
	va_start(args, fmt);
	vsnprintf(buf, VPCPEER_FMT_LEN, fmt, args);
	va_end(args);
	return buf;
}
#endif
