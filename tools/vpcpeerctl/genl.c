// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing on libmnl: resolve the vpcpeer family once,
 * send a request, run the reply callback, and report the kernel's own
 * extended-ack message on refusal.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

#include "genl.h"

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct genl *g = data;

	switch (mnl_attr_get_type(attr)) {
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

/* One request in flight: the caller's reply callback and how to report. */
struct exchange {
	mnl_cb_t cb;
	void *data;
	bool quiet;
};

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct exchange *ex = data;

	return ex->cb ? ex->cb(nlh, ex->data) : MNL_CB_OK;
}

/* An ack ends the exchange; an error prints the kernel's extack message. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct exchange *ex = data;
	const char *msg = NULL;
	const struct nlattr *attr;
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
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(attr, nlh, offset) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				msg = mnl_attr_get_str(attr);
		}
	}
	errno = -err->error;
	if (!ex->quiet)
		fprintf(stderr, "vpcpeerctl: %s\n", msg ? msg : strerror(errno));
	return MNL_CB_ERROR;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static const mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

static int run(struct genl *g, struct nlmsghdr *nlh, struct exchange *ex)
{
	char buf[GENL_RECV_SIZE];
	int ret;

	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		ret = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (ret <= 0)
			return -1;
		ret = mnl_cb_run2(buf, ret, nlh->nlmsg_seq, g->portid, data_cb,
				  ex, (mnl_cb_t *)ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
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
	int one = 1;

	memset(g, 0, sizeof(*g));
	g->seq = time(NULL);
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("vpcpeerctl: netlink socket");
		return -1;
	}
	g->portid = mnl_socket_get_portid(g->nl);
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));

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
			fprintf(stderr,
				"vpcpeerctl: the vpcpeer kernel module is not loaded (load it with: modprobe vpcpeer)\n");
		else
			perror("vpcpeerctl: looking up the vpcpeer family");
		genl_close(g);
		return -1;
	}
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
 * @buf: MNL_SOCKET_BUFFER_SIZE bytes
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
 * Return: 0, or -1 after printing the kernel's message.
 */
int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct exchange ex = { .cb = cb, .data = data };

	return run(g, nlh, &ex);
}
