// SPDX-License-Identifier: GPL-2.0
/*
 * The one netlink transport of vpcpeerctl, for the vpcpeer family and for
 * rtnetlink alike: the socket (bound, with extended acks and acks that do
 * not echo the request), a request and its replies up to the ack, a dump
 * kept whole and run again while changes interrupt it, and the kernel's
 * extended-ack message out of an error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "msg.h"
#include "nlsock.h"

/**
 * nlsock_open() - open and bind a netlink socket
 * @s: state to fill
 * @bus: NETLINK_GENERIC or NETLINK_ROUTE
 *
 * Return: 0, or -1 after a message.
 */
int nlsock_open(struct nlsock *s, int bus)
{
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->seq = time(NULL);
	s->nl = mnl_socket_open(bus);
	if (!s->nl || mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		errmsg("%s socket: %s", bus == NETLINK_ROUTE ? "rtnetlink" :
		       "netlink", strerror(errno));
		nlsock_close(s);
		return -1;
	}
	s->portid = mnl_socket_get_portid(s->nl);
	mnl_socket_setsockopt(s->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	/* route dumps filtered by the kernel: by table, protocol, link kind */
	if (bus == NETLINK_ROUTE)
		mnl_socket_setsockopt(s->nl, NETLINK_GET_STRICT_CHK, &one,
				      sizeof(one));
	return 0;
}

void nlsock_close(struct nlsock *s)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	s->nl = NULL;
}

int nlsock_fd(const struct nlsock *s)
{
	return mnl_socket_get_fd(s->nl);
}

static void set_buf(int fd, int force, int plain, int size)
{
	if (size && setsockopt(fd, SOL_SOCKET, force, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, plain, &size, sizeof(size));
}

/**
 * nlsock_bufs() - size the socket's buffers, beyond the sysctl limits if
 *                 allowed (CAP_NET_ADMIN)
 * @s: the socket
 * @rcvbuf: bytes to receive into (a burst of events, a slice's answers),
 *          or 0 to leave it
 * @sndbuf: bytes to send from, or 0 to leave it
 */
void nlsock_bufs(struct nlsock *s, int rcvbuf, int sndbuf)
{
	set_buf(nlsock_fd(s), SO_RCVBUFFORCE, SO_RCVBUF, rcvbuf);
	set_buf(nlsock_fd(s), SO_SNDBUFFORCE, SO_SNDBUF, sndbuf);
}

/**
 * nlsock_join() - receive a multicast group
 * @s: the socket
 * @group: the group's id
 *
 * Return: 0, or -1 after a message.
 */
int nlsock_join(struct nlsock *s, unsigned int group)
{
	if (!mnl_socket_setsockopt(s->nl, NETLINK_ADD_MEMBERSHIP, &group,
				   sizeof(group)))
		return 0;
	errmsg("joining netlink group %u: %s", group, strerror(errno));
	return -1;
}

/**
 * nlsock_error() - the outcome an NLMSG_ERROR or NLMSG_DONE carries
 * @nlh: the message
 * @msg: set to the kernel's extended-ack message, pointing into @nlh, or
 *       NULL if there is none
 *
 * Return: 0 for an ack or a dump's good end, else the positive errno.
 */
int nlsock_error(const struct nlmsghdr *nlh, const char **msg)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	const struct nlattr *attr;
	size_t offset;
	int error;

	*msg = NULL;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (len < sizeof(error))
			return 0;
		memcpy(&error, err, sizeof(error));
		offset = sizeof(error);
	} else {
		/* the attributes follow the request, unless it was capped */
		error = len < sizeof(*err) ? -EBADMSG : err->error;
		offset = sizeof(*err);
		if (len >= sizeof(*err) && !(nlh->nlmsg_flags & NLM_F_CAPPED))
			offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (error >= 0)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS && offset <= len) {
		mnl_attr_for_each(attr, nlh, offset) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				*msg = mnl_attr_get_str(attr);
		}
	}
	return -error;
}

/**
 * struct exchange - one request in flight
 * @cb: the caller's reply callback (a request), or NULL (a dump: the
 *      replies are kept in @msgs)
 * @data: passed to @cb
 * @quiet: print nothing on failure (the caller reports)
 * @intr: a reply had NLM_F_DUMP_INTR set: the dump is not consistent
 * @msgs: a dump's replies, back to back
 * @len: bytes used in @msgs
 * @cap: bytes allocated for @msgs
 */
struct exchange {
	mnl_cb_t cb;
	void *data;
	bool quiet;
	bool intr;
	char *msgs;
	size_t len;
	size_t cap;
};

/* A reply: to the caller's callback, or kept; an MNL_CB_* value. */
static int reply(struct exchange *ex, const struct nlmsghdr *nlh)
{
	size_t size = MNL_ALIGN(nlh->nlmsg_len);
	char *msgs;

	if (ex->cb)
		return ex->cb(nlh, ex->data);
	if (ex->len + size > ex->cap) {
		msgs = realloc(ex->msgs, (ex->len + size) * 2);
		if (!msgs) {
			errmsg("out of memory");
			return MNL_CB_ERROR;
		}
		ex->msgs = msgs;
		ex->cap = (ex->len + size) * 2;
	}
	memcpy(ex->msgs + ex->len, nlh, nlh->nlmsg_len);
	ex->len += size;
	return MNL_CB_OK;
}

/*
 * Send @req and read its replies until its ack, or a dump's NLMSG_DONE.
 * Messages of other requests (a pipelined queue's late answers) are
 * skipped. Return: 0, or -1 after a message (unless @ex->quiet, or the
 * callback printed one).
 */
static int exchange(struct nlsock *s, struct nlmsghdr *req,
		    struct exchange *ex)
{
	static char buf[NLSOCK_RECV_SIZE];
	const struct nlmsghdr *nlh;
	const char *msg;
	int len, error;

	req->nlmsg_seq = ++s->seq;
	if (req->nlmsg_len > MNL_SOCKET_BUFFER_SIZE)
		nlsock_bufs(s, 0, req->nlmsg_len + 1024);
	if (mnl_socket_sendto(s->nl, req, req->nlmsg_len) < 0)
		goto fail;
	for (;;) {
		len = mnl_socket_recvfrom(s->nl, buf, sizeof(buf));
		if (len <= 0)
			goto fail;
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq)
				continue;
			/* a dump's end may be the one to say it changed */
			ex->intr |= !!(nlh->nlmsg_flags & NLM_F_DUMP_INTR);
			if (nlh->nlmsg_type == NLMSG_ERROR ||
			    nlh->nlmsg_type == NLMSG_DONE) {
				error = nlsock_error(nlh, &msg);
				if (!error)
					return 0;
				errno = error;
				if (!ex->quiet)
					errmsg("%s", msg ? msg : strerror(error));
				return -1;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			switch (reply(ex, nlh)) {
			case MNL_CB_ERROR:
				return -1;
			case MNL_CB_STOP:
				return 0;
			}
		}
	}
fail:
	if (!ex->quiet)
		errmsg("netlink: %s", strerror(errno));
	return -1;
}

/* The replies of a request whose caller wants none of them. */
static int ignore(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/**
 * nlsock_talk() - send a request and feed each reply to @cb
 * @s: the socket
 * @req: the request, with NLM_F_ACK (its sequence number is set here)
 * @cb: reply callback, or NULL
 * @data: passed to @cb
 * @quiet: print no message on failure; errno says why
 *
 * Return: 0, or -1 after printing the kernel's message (or @cb's, if it
 * returned MNL_CB_ERROR).
 */
int nlsock_talk(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, bool quiet)
{
	struct exchange ex = { .cb = cb ? cb : ignore, .data = data,
			       .quiet = quiet };

	return exchange(s, req, &ex);
}

/**
 * nlsock_dump() - run a dump to its end and feed each reply to @cb
 * @s: the socket
 * @req: the request, with NLM_F_DUMP
 * @cb: reply callback
 * @data: passed to @cb
 *
 * The replies are kept until the dump's end; @cb sees them only if none
 * was marked NLM_F_DUMP_INTR (the objects changed during the dump), so a
 * caller never acts on half of an inconsistent dump. An interrupted dump
 * is run again after a random pause that doubles each time (another writer
 * is busy: the next run may fall between two of its changes), up to
 * NLSOCK_DUMP_TRIES times.
 *
 * Return: 0, or -1 after a message.
 */
int nlsock_dump(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data)
{
	struct exchange ex = { NULL };
	const struct nlmsghdr *nlh;
	int tries = 0, ret = -1, len;
	struct timespec ts;
	long ms;

	for (;;) {
		ex.len = 0;
		ex.intr = false;
		if (exchange(s, req, &ex))
			goto out;
		if (!ex.intr)
			break;
		if (++tries == NLSOCK_DUMP_TRIES) {
			errmsg("the dump was interrupted by changes %d times; try again",
			       tries);
			errno = EAGAIN;
			goto out;
		}
		if (tries == 1)	/* not in step with others that retry */
			srandom(getpid() ^ time(NULL));
		ms = 1L << (tries - 1);
		ms = ms / 2 + random() % (ms / 2 + 1);
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = ms % 1000 * 1000000;
		nanosleep(&ts, NULL);
	}
	len = ex.len;
	for (nlh = (void *)ex.msgs; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		switch (cb(nlh, data)) {
		case MNL_CB_ERROR:
			goto out;
		case MNL_CB_STOP:
			ret = 0;
			goto out;
		}
	}
	ret = 0;
out:
	free(ex.msgs);
	return ret;
}
