/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_NLSOCK_H
#define VPCPEERCTL_NLSOCK_H

#include <libmnl/libmnl.h>

struct mnl_socket *nlsock_open(int bus, unsigned int *portid);
const char *nlsock_extack_msg(const struct nlmsghdr *nlh, unsigned int offset);

#endif
