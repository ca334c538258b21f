// SPDX-License-Identifier: GPL-2.0
/*
 * What the generic netlink and rtnetlink sides share: the socket setup
 * (bound, with extended acks and acks that do not echo the request), and
 * reading the kernel's message out of an error.
 */
#include <errno.h>
#include <string.h>
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
