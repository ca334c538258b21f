// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink on libmnl: the routes of protocol vpcpeer, pipelined (many
 * requests per sendmsg(), outcomes matched back by sequence number), the
 * VRF devices' routing tables, and route dumps.
 *
 * A pipelined request carries NLM_F_ACK only when it is the last of its
 * sendmsg(): netlink reports every failure anyway, so one acknowledgment
 * per sendmsg() says that every request before it that did not fail went
 * through, and a push of many routes costs two system calls per few
 * hundred routes, not two per route.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "msg.h"
#include "rtnl.h"

/* The most bytes one route request takes. */
#define RTNL_MSG_MAX	128

/* The socket buffers: a slice's failures and echoes, or a large dump. */
#define RTNL_RCVBUF	(4 * 1024 * 1024)
#define RTNL_SNDBUF	(1024 * 1024)

/* Datagrams per recvmmsg(), and room for each (an ack, an echoed route). */
#define RTNL_RECV_BATCH	64
#define RTNL_RECV_ONE	8192

/**
 * rtnl_open() - open an rtnetlink socket
 * @r: state to fill
 *
 * Return: 0, or -1 after a message.
 */
int rtnl_open(struct nlsock *r)
{
	if (nlsock_open(r, NETLINK_ROUTE))
		return -1;
	nlsock_bufs(r, RTNL_RCVBUF, RTNL_SNDBUF);
	return 0;
}

static unsigned int addr_len(uint16_t family)
{
	return family == AF_INET ? 4 : 16;
}

/* The metric a route gets when "route add" names none. */
uint32_t default_metric(const struct prefix *p)
{
	return p->family == AF_INET6 ? RT6_DEFAULT_METRIC : 0;
}

/* Build an RTM_NEWROUTE or RTM_DELROUTE for @rt at @buf. */
static struct nlmsghdr *put_route(void *buf, uint16_t type, uint16_t flags,
				  uint32_t seq, const struct rt *rt)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = rt->dst.family;
	rtm->rtm_dst_len = rt->dst.len;
	rtm->rtm_table = rt->table < 256 ? rt->table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = VPCPEER_RTPROT;
	rtm->rtm_type = RTN_UNICAST;
	if (type == RTM_DELROUTE)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;	/* any */
	else if (rt->dst.family == AF_INET)
		rtm->rtm_scope = RT_SCOPE_LINK;		/* no gateway */
	else
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put_u32(nlh, RTA_TABLE, rt->table);
	mnl_attr_put(nlh, RTA_DST, addr_len(rt->dst.family), &rt->dst.addr);
	mnl_attr_put_u32(nlh, RTA_OIF, rt->oif);
	if (rt->has_metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, rt->metric);
	else if (type == RTM_NEWROUTE)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, default_metric(&rt->dst));
	return nlh;
}

/**
 * rtnl_queue_route() - queue adding or deleting a route
 * @r: the socket (for the sequence number)
 * @q: the queue
 * @type: RTM_NEWROUTE (fails if the table has a route to the same prefix
 *        with the same metric) or RTM_DELROUTE (of protocol vpcpeer only)
 * @rt: the route
 *
 * Return: the request, valid until the next one is queued, with @line 0;
 * or NULL after a message.
 */
struct rtnl_req *rtnl_queue_route(struct nlsock *r, struct rtnl_queue *q,
				  uint16_t type, const struct rt *rt)
{
	uint16_t flags = 0;
	struct rtnl_req *req;
	struct nlmsghdr *nlh;
	char *buf;

	req = array_grow(q->reqs, sizeof(*req), q->n, &q->cap);
	if (!req)
		return NULL;
	q->reqs = req;
	if (q->len + RTNL_MSG_MAX > q->bufcap) {
		buf = realloc(q->buf, q->bufcap * 2 + RTNL_MSG_MAX * RTNL_SLICE);
		if (!buf) {
			errmsg("out of memory");
			return NULL;
		}
		q->buf = buf;
		q->bufcap = q->bufcap * 2 + RTNL_MSG_MAX * RTNL_SLICE;
	}
	if (type == RTM_NEWROUTE)
		flags = NLM_F_CREATE | NLM_F_EXCL;
	else if (q->echo)
		flags = NLM_F_ECHO;
	req = &q->reqs[q->n++];
	memset(req, 0, sizeof(*req));
	req->rt = *rt;
	req->type = type;
	req->seq = ++r->seq;
	req->off = q->len;
	nlh = put_route(q->buf + q->len, type, flags, req->seq, rt);
	q->len += MNL_ALIGN(nlh->nlmsg_len);
	return req;
}

/* The request @nlh answers, if it is one of reqs[first..last). */
static struct rtnl_req *req_of(struct rtnl_queue *q, size_t first, size_t last,
			       const struct nlmsghdr *nlh)
{
	uint32_t i = nlh->nlmsg_seq - q->reqs[first].seq;

	if (i >= last - first || q->reqs[first + i].seq != nlh->nlmsg_seq)
		return NULL;
	return &q->reqs[first + i];
}

/* An NLMSG_ERROR: the outcome of @req, with the kernel's message if any. */
static void answer(struct rtnl_req *req, const struct nlmsghdr *nlh)
{
	const char *msg;

	req->answered = true;
	req->error = nlsock_error(nlh, &msg);
	if (msg) {
		free(req->msg);
		req->msg = strdup(msg);
	}
}

/* The route a delete removed, echoed back: remember its metric. */
static void echoed(struct rtnl_req *req, const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;

	req->echoed = true;
	req->echo_metric = 0;
	mnl_attr_for_each(attr, nlh, sizeof(struct rtmsg)) {
		if (mnl_attr_get_type(attr) == RTA_PRIORITY &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			req->echo_metric = mnl_attr_get_u32(attr);
	}
}

/* The outcomes and echoes in one datagram, matched to reqs[first..last). */
static void read_answers(struct rtnl_queue *q, size_t first, size_t last,
			 const void *buf, int len)
{
	const struct nlmsghdr *nlh = buf;
	struct rtnl_req *req;

	while (mnl_nlmsg_ok(nlh, len)) {
		req = req_of(q, first, last, nlh);
		if (req && nlh->nlmsg_type == NLMSG_ERROR)
			answer(req, nlh);
		else if (req && nlh->nlmsg_type == RTM_DELROUTE)
			echoed(req, nlh);
		nlh = mnl_nlmsg_next(nlh, &len);
	}
}

/*
 * Read datagrams until the last request of the slice is answered: many
 * per recvmmsg(), since each failure and each echo is a datagram of its
 * own. Only the kernel's (port 0) count; one cut short is an error.
 */
static int recv_answers(struct nlsock *r, struct rtnl_queue *q, size_t first,
			size_t last)
{
	static char bufs[RTNL_RECV_BATCH][RTNL_RECV_ONE];
	struct sockaddr_nl addrs[RTNL_RECV_BATCH];
	struct mmsghdr msgs[RTNL_RECV_BATCH];
	struct iovec iovs[RTNL_RECV_BATCH];
	int fd = nlsock_fd(r);
	int i, n;

	while (!q->reqs[last - 1].answered) {
		memset(msgs, 0, sizeof(msgs));
		for (i = 0; i < RTNL_RECV_BATCH; i++) {
			iovs[i].iov_base = bufs[i];
			iovs[i].iov_len = sizeof(bufs[i]);
			msgs[i].msg_hdr.msg_iov = &iovs[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
			msgs[i].msg_hdr.msg_name = &addrs[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(addrs[i]);
		}
		n = recvmmsg(fd, msgs, RTNL_RECV_BATCH, MSG_WAITFORONE, NULL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
				errno = EMSGSIZE;
				return -1;
			}
			if (addrs[i].nl_pid)
				continue;
			read_answers(q, first, last, bufs[i], msgs[i].msg_len);
		}
	}
	return 0;
}

/* Send reqs[first..last) in one sendmsg(), and read their outcomes. */
static int run_slice(struct nlsock *r, struct rtnl_queue *q, size_t first,
		     size_t last)
{
	struct rtnl_req *req, *tail = &q->reqs[last - 1];
	size_t end = last < q->n ? q->reqs[last].off : q->len;
	struct nlmsghdr *nlh;

	/* The last request alone asks for an acknowledgment. */
	nlh = (struct nlmsghdr *)(q->buf + tail->off);
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(r->nl, q->buf + q->reqs[first].off,
			      end - q->reqs[first].off) < 0)
		return -1;
	if (recv_answers(r, q, first, last))
		return -1;
	/* Everything before the acked one that did not fail went through. */
	for (req = &q->reqs[first]; req < tail; req++)
		req->answered = true;
	return 0;
}

/**
 * rtnl_queue_run() - send every queued request and read every outcome
 * @r: the socket
 * @q: the queue; each request's @error and @msg are set
 *
 * The kernel carries the requests out in order, a failure not stopping the
 * ones after it.
 *
 * Return: 0, or -1 after a message if the socket failed (the requests it
 * left without an answer fail with its errno).
 */
int rtnl_queue_run(struct nlsock *r, struct rtnl_queue *q)
{
	size_t first, last, i;
	int err = 0;

	for (first = 0; first < q->n; first = last) {
		last = first + RTNL_SLICE < q->n ? first + RTNL_SLICE : q->n;
		if (run_slice(r, q, first, last)) {
			err = errno ? errno : EIO;
			errmsg("rtnetlink: %s", strerror(err));
			break;
		}
	}
	if (!err)
		return 0;
	for (i = first; i < q->n; i++) {
		if (!q->reqs[i].answered) {
			q->reqs[i].answered = true;
			q->reqs[i].error = err;
		}
	}
	return -1;
}

/**
 * rtnl_queue_reset() - forget every request of a queue
 * @q: the queue, kept ready for more
 */
void rtnl_queue_reset(struct rtnl_queue *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		free(q->reqs[i].msg);
	q->n = 0;
	q->len = 0;
}

/**
 * rtnl_queue_free() - free a queue's memory
 * @q: the queue
 */
void rtnl_queue_free(struct rtnl_queue *q)
{
	rtnl_queue_reset(q);
	free(q->reqs);
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

struct vrf_list {
	struct vrf_table *tables;
	size_t n;
	size_t cap;
};

/* IFLA_INFO_DATA of a VRF: its table. */
static bool vrf_data(const struct nlattr *nest, uint32_t *table)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == IFLA_VRF_TABLE &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			*table = mnl_attr_get_u32(attr);
			return true;
		}
	}
	return false;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *info, *vrf = NULL;
	struct vrf_list *list = data;
	struct vrf_table *t;
	bool is_vrf = false;
	uint32_t table;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi)) {
		if (mnl_attr_get_type(attr) != IFLA_LINKINFO ||
		    mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			continue;
		mnl_attr_for_each_nested(info, attr) {
			if (mnl_attr_get_type(info) == IFLA_INFO_KIND &&
			    mnl_attr_validate(info, MNL_TYPE_STRING) == 0)
				is_vrf = !strncmp(mnl_attr_get_str(info), "vrf",
						  mnl_attr_get_payload_len(info));
			else if (mnl_attr_get_type(info) == IFLA_INFO_DATA)
				vrf = info;
		}
	}
	if (!is_vrf || !vrf || !vrf_data(vrf, &table))
		return MNL_CB_OK;
	t = array_grow(list->tables, sizeof(*t), list->n, &list->cap);
	if (!t)
		return MNL_CB_ERROR;
	list->tables = t;
	t[list->n].ifindex = ifi->ifi_index;
	t[list->n].table = table;
	list->n++;
	return MNL_CB_OK;
}

/**
 * rtnl_vrf_tables() - the VRF devices of the namespace and their tables
 * @r: the socket
 * @tables: set to an array, to free()
 * @n: set to its entries
 *
 * One link dump, filtered by the kernel to VRFs (IFLA_VRF_TABLE is in
 * IFLA_LINKINFO's IFLA_INFO_DATA).
 *
 * Return: 0, or -1 after a message.
 */
int rtnl_vrf_tables(struct nlsock *r, struct vrf_table **tables, size_t *n)
{
	struct vrf_list list = { NULL };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *info;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vrf");
	mnl_attr_nest_end(nlh, info);
	if (nlsock_dump(r, nlh, link_cb, &list)) {
		free(list.tables);
		return -1;
	}
	*tables = list.tables;
	*n = list.n;
	return 0;
}

struct rt_list {
	uint16_t family;
	uint32_t table;
	struct rt_entry *routes;
	size_t n;
	size_t cap;
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct rt_list *list = data;
	const struct nlattr *attr;
	struct rt_entry *e;
	struct rt rt;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return MNL_CB_OK;
	/* the kernel filtered already; this is for older ones */
	if (rtm->rtm_family != list->family ||
	    rtm->rtm_protocol != VPCPEER_RTPROT || rtm->rtm_flags & RTM_F_CLONED)
		return MNL_CB_OK;
	memset(&rt, 0, sizeof(rt));
	rt.dst.family = rtm->rtm_family;
	rt.dst.len = rtm->rtm_dst_len;
	rt.table = rtm->rtm_table;
	rt.has_metric = true;
	mnl_attr_for_each(attr, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(attr)) {
		case RTA_TABLE:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				rt.table = mnl_attr_get_u32(attr);
			break;
		case RTA_DST:
			if (mnl_attr_get_payload_len(attr) == addr_len(rt.dst.family))
				memcpy(&rt.dst.addr, mnl_attr_get_payload(attr),
				       addr_len(rt.dst.family));
			break;
		case RTA_OIF:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				rt.oif = mnl_attr_get_u32(attr);
			break;
		case RTA_PRIORITY:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				rt.metric = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (list->table && rt.table != list->table)
		return MNL_CB_OK;
	e = array_grow(list->routes, sizeof(*e), list->n, &list->cap);
	if (!e)
		return MNL_CB_ERROR;
	list->routes = e;
	e[list->n].rt = rt;
	e[list->n].type = rtm->rtm_type;
	list->n++;
	return MNL_CB_OK;
}

/**
 * rtnl_dump_routes() - the routes of protocol vpcpeer of one family
 * @r: the socket
 * @family: AF_INET or AF_INET6
 * @table: only those of this table, or 0 for every table
 * @routes: set to an array in the kernel's order, to free()
 * @n: set to its entries
 *
 * Return: 0, or -1 after a message.
 */
int rtnl_dump_routes(struct nlsock *r, uint16_t family, uint32_t table,
		     struct rt_entry **routes, size_t *n)
{
	struct rt_list list = { .family = family, .table = table };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_protocol = VPCPEER_RTPROT;
	if (table)
		mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (nlsock_dump(r, nlh, route_cb, &list)) {
		free(list.routes);
		return -1;
	}
	*routes = list.routes;
	*n = list.n;
	return 0;
}
