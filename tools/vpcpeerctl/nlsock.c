// SPDX-License-Identifier: GPL-2.0
/*
 * What the generic netlink and rtnetlink sides share: the socket setup
 * (bound, with extended acks and acks that do not echo the request),
 * reading the kernel's message out of an error, and when to run an
 * interrupted dump again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "cli.h"
#include "nlsock.h"

/**
 * nlsock_open() - open and bind a netlink socket of @bus
 * @bus: NETLINK_GENERIC or NETLINK_ROUTE
 * @portid: set to the socket's port id
 *
 * Return: the socket, or NULL after a message.
 */
struct mnl_socket *nlsock_open(int bus, unsigned int *portid)
{
	struct mnl_socket *nl;
	int one = 1;

	nl = mnl_socket_open(bus);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		pr_err("%s socket: %s",
		       bus == NETLINK_ROUTE ? "rtnetlink" : "netlink",
		       strerror(errno));
		if (nl)
			mnl_socket_close(nl);
		return NULL;
	}
	*portid = mnl_socket_get_portid(nl);
	/* the kernel's error messages, without a copy of each request */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	return nl;
}

/**
 * nlsock_extack_msg() - the kernel's extack message in an error or done
 * @nlh: an NLMSG_ERROR or NLMSG_DONE message
 * @offset: where its attributes start, past the payload's fixed part
 *
 * Return: the message, pointing into @nlh, or NULL if there is none.
 */
const char *nlsock_extack_msg(const struct nlmsghdr *nlh, unsigned int offset)
{
	const struct nlattr *attr;
	const char *msg = NULL;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    offset > mnl_nlmsg_get_payload_len(nlh))
		return NULL;
	mnl_attr_for_each(attr, nlh, offset) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			msg = mnl_attr_get_str(attr);
	}
	return msg;
}

/**
 * nlsock_dump_again() - whether to run a dump interrupted by changes again
 * @tries: runs of it so far, all interrupted
 *
 * Another writer is busy: wait a random time that doubles with each run
 * (up to 0.5 s in all), so the next run has a chance to fall between two
 * of its changes rather than in step with them.
 *
 * Return: true after the pause, false once NLSOCK_DUMP_TRIES runs failed.
 */
bool nlsock_dump_again(int tries)
{
	static bool seeded;
	long ms = 1L << (tries - 1);
	struct timespec ts;

	if (tries >= NLSOCK_DUMP_TRIES)
		return false;
	if (!seeded) {
		/* not in step with the other processes that retry */
		srandom(getpid() ^ time(NULL));
		seeded = true;
	}
	ms = ms / 2 + random() % (ms / 2 + 1);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	nanosleep(&ts, NULL);
	return true;
}
