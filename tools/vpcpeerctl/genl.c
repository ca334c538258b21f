// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing on libmnl: resolve the vpcpeer family once,
 * send a request, run the reply callback, run a dump to completion (again
 * if it was interrupted), and report the kernel's own extended-ack message
 * on refusal.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

#include "cli.h"
#include "genl.h"
#include "nlsock.h"

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
 * struct exchange - one request in flight
 * @cb: the caller's reply callback, or NULL
 * @data: passed to @cb
 * @quiet: print nothing on failure (the caller reports)
 * @reported: a message was printed
 * @dump: keep the replies in @msgs instead of running @cb on them
 * @intr: a reply had NLM_F_DUMP_INTR set: the dump is not consistent
 * @msgs: the dump's replies, back to back
 * @len: bytes used in @msgs
 * @cap: bytes allocated for @msgs
 */
struct exchange {
	mnl_cb_t cb;
	void *data;
	bool quiet;
	bool reported;
	bool dump;
	bool intr;
	char *msgs;
	size_t len;
	size_t cap;
};

static int keep(struct exchange *ex, const struct nlmsghdr *nlh)
{
	size_t size = MNL_ALIGN(nlh->nlmsg_len);
	size_t cap = (ex->len + size) * 2;
	char *msgs;

	if (ex->len + size > ex->cap) {
		msgs = realloc(ex->msgs, cap);
		if (!msgs) {
			pr_err("out of memory");
			ex->reported = true;
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		ex->msgs = msgs;
		ex->cap = cap;
	}
	memcpy(ex->msgs + ex->len, nlh, nlh->nlmsg_len);
	ex->len += size;
	return MNL_CB_OK;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct exchange *ex = data;
	int ret;

	if (ex->dump)
		return keep(ex, nlh);
	if (!ex->cb)
		return MNL_CB_OK;
	ret = ex->cb(nlh, ex->data);
	if (ret == MNL_CB_ERROR)
		ex->reported = true;
	return ret;
}

/*
 * Report a refusal: the errno, and the kernel's extack message if any, in
 * the attributes that follow the first @offset bytes of the payload.
 */
static int refused(struct exchange *ex, const struct nlmsghdr *nlh,
		   unsigned int offset, int error)
{
	const char *msg = nlsock_extack_msg(nlh, offset);

	errno = error;
	if (!ex->quiet) {
		pr_err("%s", msg ? msg : strerror(error));
		ex->reported = true;
	}
	return MNL_CB_ERROR;
}

/* An ack ends the exchange; an error prints the kernel's extack message. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int offset;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error == 0)
		return MNL_CB_STOP;

	offset = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	return refused(data, nlh, offset, -err->error);
}

/* A dump ends with NLMSG_DONE, which carries an error if it failed. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return MNL_CB_STOP;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return MNL_CB_STOP;
	return refused(data, nlh, sizeof(err), -err);
}

static const mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

/*
 * libmnl fails a whole batch of replies at the first NLM_F_DUMP_INTR. Take
 * the flag off every reply in @buf, and say whether any had it, so that the
 * dump is read to its end and then run again.
 */
static bool clear_dump_intr(void *buf, int len)
{
	struct nlmsghdr *nlh = buf;
	bool intr = false;

	while (mnl_nlmsg_ok(nlh, len)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
			nlh->nlmsg_flags &= ~NLM_F_DUMP_INTR;
			intr = true;
		}
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	return intr;
}

/* Make room in the send buffer for a large request (CIDRs by thousands). */
static void fit_sndbuf(struct genl *g, unsigned int len)
{
	int fd = mnl_socket_get_fd(g->nl);
	socklen_t optlen = sizeof(int);
	int size = len, cur;

	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) == 0 &&
	    cur >= size + 1024)
		return;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

static int run(struct genl *g, struct nlmsghdr *nlh, struct exchange *ex)
{
	char buf[GENL_RECV_SIZE];
	int ret;

	if (nlh->nlmsg_len > GENL_RECV_SIZE)
		fit_sndbuf(g, nlh->nlmsg_len);
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		goto fail;
	do {
		ret = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (ret <= 0)
			goto fail;
		if (ex->dump && clear_dump_intr(buf, ret))
			ex->intr = true;
		ret = mnl_cb_run2(buf, ret, nlh->nlmsg_seq, g->portid, data_cb,
				  ex, (mnl_cb_t *)ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret == MNL_CB_STOP)
		return 0;
fail:
	if (!ex->quiet && !ex->reported) {
		pr_err("netlink: %s", strerror(errno));
		ex->reported = true;
	}
	return -1;
}

/**
 * genl_open() - open a socket and resolve the vpcpeer family
 * @g: state to fill
 *
 * Return: 0, or -1 with a message printed (the module not loaded included).
 */
int genl_open(struct genl *g)
{
	struct exchange ex = { .cb = family_cb, .data = g, .quiet = true };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct genlmsghdr *hdr;
	struct nlmsghdr *nlh;

	memset(g, 0, sizeof(*g));
	g->seq = time(NULL);
	g->nl = nlsock_open(NETLINK_GENERIC, &g->portid);
	if (!g->nl)
		return -1;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++g->seq;
	hdr = mnl_nlmsg_put_extra_header(nlh, sizeof(*hdr));
	hdr->cmd = CTRL_CMD_GETFAMILY;
	hdr->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, VPCPEER_GENL_NAME);

	/* ENOENT is the answer when the module is absent (autoload failed). */
	if (run(g, nlh, &ex) < 0 || !g->family_id) {
		if (errno == ENOENT)
			pr_err("the vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)");
		else
			pr_err("looking up the vpcpeer family: %s",
			       strerror(errno));
		genl_close(g);
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
	int size = GENL_EVENTS_RCVBUF, fd = mnl_socket_get_fd(g->nl);

	if (!g->events_group) {
		pr_err("the vpcpeer family has no \"%s\" multicast group",
		       VPCPEER_MCGRP_EVENTS);
		return -1;
	}
	if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP,
				  &g->events_group, sizeof(g->events_group))) {
		pr_err("joining the \"%s\" group: %s", VPCPEER_MCGRP_EVENTS,
		       strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
}

void genl_close(struct genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
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
	nlh->nlmsg_seq = ++g->seq;
	hdr = mnl_nlmsg_put_extra_header(nlh, sizeof(*hdr));
	hdr->cmd = cmd;
	hdr->version = VPCPEER_GENL_VERSION;
	return nlh;
}

/**
 * genl_talk() - send @nlh and feed each reply to @cb
 * @g: open family socket
 * @nlh: request from genl_msg()
 * @cb: reply callback, or NULL
 * @data: passed to @cb
 *
 * Return: 0, or -1 after printing the kernel's message (or @cb's, if it
 * returned MNL_CB_ERROR).
 */
int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct exchange ex = { .cb = cb, .data = data };

	return run(g, nlh, &ex);
}

/* Feed a complete, consistent dump to the caller's callback. */
static int replay(const struct exchange *ex, mnl_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh = (const void *)ex->msgs;
	int len = ex->len;
	int ret;

	while (mnl_nlmsg_ok(nlh, len)) {
		ret = cb(nlh, data);
		if (ret == MNL_CB_ERROR)
			return -1;
		if (ret == MNL_CB_STOP)
			break;
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	return 0;
}

/**
 * genl_dump() - run a dump to its end and feed each reply to @cb
 * @g: open family socket
 * @nlh: request from genl_msg() with NLM_F_DUMP
 * @cb: reply callback
 * @data: passed to @cb
 *
 * The replies are kept until NLMSG_DONE; @cb sees them only if none was
 * marked NLM_F_DUMP_INTR (the objects changed during the dump), so a
 * caller never prints half of an inconsistent dump. An interrupted dump is
 * run again, up to NLSOCK_DUMP_TRIES times.
 *
 * Return: 0, or -1 after printing the kernel's message (or @cb's, if it
 * returned MNL_CB_ERROR).
 */
int genl_dump(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct exchange ex = { .dump = true };
	int tries = 0, ret = -1;

	do {
		ex.len = 0;
		ex.intr = false;
		nlh->nlmsg_seq = ++g->seq;
		if (run(g, nlh, &ex) < 0)
			goto out;
		if (!ex.intr) {
			ret = replay(&ex, cb, data);
			goto out;
		}
	} while (nlsock_dump_again(++tries));
	pr_err("the dump was interrupted by changes %d times; try again",
	       tries);
	errno = EAGAIN;
out:
	free(ex.msgs);
	return ret;
}

/**
 * genl_bad_reply() - report a reply this version cannot make sense of
 * @what: what is wrong with it
 *
 * Return: MNL_CB_ERROR, for a reply callback to return.
 */
int genl_bad_reply(const char *what)
{
	pr_err("malformed reply from the kernel: %s", what);
	return MNL_CB_ERROR;
}
