// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line halves of compat.h, for kernels that need them.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "compat.h"

#ifndef NL_SET_ERR_MSG_FMT
struct compat_msg {
	struct callback_head free_work;
	char text[80];		/* NETLINK_MAX_FMTMSG_LEN of later kernels */
};

static void compat_msg_free(struct callback_head *work)
{
	kfree(container_of(work, struct compat_msg, free_work));
}

/**
 * vpcpeer_compat_fmt() - format an extack message on kernels before 6.2
 * @fmt: printf format
 *
 * 6.1's extack keeps only a pointer to its message, read when the ack is
 * built after the handler returned, in the same system call. So the text
 * lives in a buffer of the requesting task's own, freed by task work when
 * that task returns to user space: no request of another task, in any
 * namespace, can overwrite it, whatever runs in parallel.
 *
 * Return: the message; @fmt itself if no buffer could be had.
 */
const char *vpcpeer_compat_fmt(const char *fmt, ...)
{
	struct compat_msg *msg;
	va_list args;

	/* A kernel thread never returns to user space to free it. */
	if (current->flags & PF_KTHREAD)
		return fmt;
	msg = kmalloc(sizeof(*msg), GFP_KERNEL);
	if (!msg)
		return fmt;
	va_start(args, fmt);
	vsnprintf(msg->text, sizeof(msg->text), fmt, args);
	va_end(args);
	init_task_work(&msg->free_work, compat_msg_free);
	if (task_work_add(current, &msg->free_work, TWA_RESUME)) {
		kfree(msg);	/* the task is exiting */
		return fmt;
	}
	return msg->text;
}
#endif
