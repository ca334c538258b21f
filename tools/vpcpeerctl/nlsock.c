// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink socket setup that the generic netlink and rtnetlink sides
 * share: bound, with extended acks and acks that do not echo the request.
 */
#include <errno.h>
#include <string.h>

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
