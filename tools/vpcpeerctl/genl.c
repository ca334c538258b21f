// SPDX-License-Identifier: GPL-2.0
/*
 * The vpcpeer generic netlink family: resolved once, its requests started,
 * its events group joined. The requests go through nlsock.c.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

#include "genl.h"
#include "msg.h"

/* One CTRL_ATTR_MCAST_GRP_* nest: remember the events group's id. */
static void mcast_group(const struct nlattr *nest, struct genl *g)
{
	const struct nlattr *attr;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(attr);
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (name && id && !strcmp(name, VPCPEER_MCGRP_EVENTS))
		g->events_group = id;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *grp;
	struct genl *g = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			break;
		mnl_attr_for_each_nested(grp, attr)
			mcast_group(grp, g);
		break;
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			g->family_id = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			g->family_version = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

/**
 * genl_open() - open a socket and resolve the vpcpeer family
 * @g: state to fill
 *
 * Return: 0, or -1 with a message printed (the module not loaded included).
 */
int genl_open(struct genl *g)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genlmsghdr *hdr;
	struct nlmsghdr *nlh;

	memset(g, 0, sizeof(*g));
	if (nlsock_open(&g->sk, NETLINK_GENERIC))
		return -1;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	hdr = mnl_nlmsg_put_extra_header(nlh, sizeof(*hdr));
	hdr->cmd = CTRL_CMD_GETFAMILY;
	hdr->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VPCPEER_GENL_NAME);

	/* ENOENT is the answer when the module is absent (autoload failed). */
	if (nlsock_talk(&g->sk, nlh, family_cb, g, true) || !g->family_id) {
		if (errno == ENOENT)
			errmsg("the vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)");
		else
			errmsg("looking up the vpcpeer family: %s",
			       strerror(errno));
		nlsock_close(&g->sk);
		return -1;
	}
	return 0;
}

/**
 * genl_join_events() - receive the family's "events" multicast group
 * @g: the socket, open; its receive buffer is made room for a burst
 *
 * Return: 0, or -1 after a message.
 */
int genl_join_events(struct genl *g)
{
	if (!g->events_group) {
		errmsg("the vpcpeer family has no \"%s\" multicast group",
		       VPCPEER_MCGRP_EVENTS);
		return -1;
	}
	if (nlsock_join(&g->sk, g->events_group))
		return -1;
	/* room for a burst of events while they are not read */
	nlsock_bufs(&g->sk, 4 * 1024 * 1024, 0);
	return 0;
}

/**
 * genl_msg() - start a vpcpeer request in @buf
 * @g: open family socket
 * @buf: room for the request: MNL_SOCKET_BUFFER_SIZE bytes, more for a
 *       request with many CIDRs
 * @cmd: VPCPEER_CMD_*
 * @flags: extra NLM_F_* flags (NLM_F_REQUEST and NLM_F_ACK are always set,
 *         so every exchange ends in an ack or a dump's NLMSG_DONE)
 *
 * Return: the message header, ready for attributes.
 */
struct nlmsghdr *genl_msg(struct genl *g, void *buf, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *hdr;

	nlh->nlmsg_type = g->family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	hdr = mnl_nlmsg_put_extra_header(nlh, sizeof(*hdr));
	hdr->cmd = cmd;
	hdr->version = VPCPEER_GENL_VERSION;
	return nlh;
}
