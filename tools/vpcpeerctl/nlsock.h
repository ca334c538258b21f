/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_NLSOCK_H
#define VPCPEERCTL_NLSOCK_H

#include <stdbool.h>
#include <libmnl/libmnl.h>

/*
 * Runs of a dump that changed as it was read (NLM_F_DUMP_INTR), before
 * giving up; nlsock_dump_again() spaces them out.
 */
#define NLSOCK_DUMP_TRIES 10

struct mnl_socket *nlsock_open(int bus, unsigned int *portid);
const char *nlsock_extack_msg(const struct nlmsghdr *nlh, unsigned int offset);
bool nlsock_dump_again(int tries);

#endif
