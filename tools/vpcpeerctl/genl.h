/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_GENL_H
#define VPCPEERCTL_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

#include "nlsock.h"

/**
 * struct genl - a generic netlink socket bound to the vpcpeer family
 * @sk: the socket
 * @family_id: the family's id
 * @family_version: its version
 * @events_group: the id of its "events" multicast group, or 0
 */
struct genl {
	struct nlsock sk;
	uint16_t family_id;
	uint32_t family_version;
	uint32_t events_group;
};

int genl_open(struct genl *g);
int genl_join_events(struct genl *g);
struct nlmsghdr *genl_msg(struct genl *g, void *buf, uint8_t cmd,
			  uint16_t flags);

/* Send a request; each reply to @cb (or none). 0, or -1 after a message. */
static inline int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
			    void *data)
{
	return nlsock_talk(&g->sk, nlh, cb, data, false);
}

#endif
