/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_GENL_H
#define VPCPEERCTL_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

/* Large enough for any message the kernel puts in a dump (up to 32 KiB). */
#define GENL_RECV_SIZE 32768

/* Room for a burst of events while they are not read. */
#define GENL_EVENTS_RCVBUF (4 * 1024 * 1024)

/* A generic netlink socket bound to the vpcpeer family. */
struct genl {
	struct mnl_socket *nl;
	uint16_t family_id;
	uint32_t family_version;
	uint32_t events_group;
	uint32_t seq;
	unsigned int portid;
};

int genl_open(struct genl *g);
int genl_join_events(struct genl *g);
void genl_close(struct genl *g);
struct nlmsghdr *genl_msg(struct genl *g, void *buf, uint8_t cmd, uint16_t flags);
int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int genl_dump(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int genl_bad_reply(const char *what);

#endif
