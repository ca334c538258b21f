/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_RTNL_H
#define VPCPEERCTL_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "nlsock.h"
#include "prefix.h"

/*
 * The route protocol (rtm_protocol) of every route vpcpeerctl installs, and
 * the only one it lists or deletes. Not in iproute2's rt_protos, nor in the
 * blocks routing daemons take (FRR 186-198, BIRD 12, Calico 80, ...);
 * rt_protos.d/vpcpeer.conf names it for "ip route", and the Makefile
 * checks that the two agree.
 */
#define VPCPEER_RTPROT		215
#define VPCPEER_RTPROT_NAME	"vpcpeer"

/* Route requests per sendmsg(). */
#define RTNL_SLICE		256

/* The kernel's metric for an IPv6 route given none (IP6_RT_PRIO_USER). */
#define RT6_DEFAULT_METRIC	1024

/**
 * struct rt - a route of protocol vpcpeer, out of one device
 * @dst: the destination prefix (its family is the route's)
 * @table: the routing table, the VRF's
 * @oif: the device, a peering endpoint
 * @metric: the metric (RTA_PRIORITY)
 * @has_metric: @metric was given; else, to add: the family's default, and
 *              to delete: any
 */
struct rt {
	struct prefix dst;
	uint32_t table;
	uint32_t oif;
	uint32_t metric;
	bool has_metric;
};

/**
 * struct rtnl_req - one request of a queue, and its outcome
 * @rt: the route
 * @type: RTM_NEWROUTE or RTM_DELROUTE
 * @line: the batch line it came from, or 0
 * @seq: its sequence number
 * @off: where its message is in the queue's buffer
 * @answered: its acknowledgment arrived
 * @error: 0, or the positive errno it failed with
 * @msg: the kernel's extended-ack message, or NULL
 * @echoed: the kernel echoed the route deleted, with its metric in
 *          @echo_metric
 * @echo_metric: the metric of the route deleted
 */
struct rtnl_req {
	struct rt rt;
	uint16_t type;
	unsigned long line;
	uint32_t seq;
	size_t off;
	bool answered;
	int error;
	char *msg;
	bool echoed;
	uint32_t echo_metric;
};

/**
 * struct rtnl_queue - route requests built back to back, sent many per
 *                     sendmsg(), their acknowledgments matched back to them
 *                     by sequence number
 * @reqs: the requests, in the order they were queued
 * @n: entries used in @reqs
 * @cap: entries allocated in @reqs
 * @buf: their messages, back to back
 * @len: bytes used in @buf
 * @bufcap: bytes allocated in @buf
 * @echo: ask the kernel to echo what each delete removed, so that it can
 *        be put back
 */
struct rtnl_queue {
	struct rtnl_req *reqs;
	size_t n;
	size_t cap;
	char *buf;
	size_t len;
	size_t bufcap;
	bool echo;
};

int rtnl_open(struct nlsock *r);
uint32_t default_metric(const struct prefix *p);

struct rtnl_req *rtnl_queue_route(struct nlsock *r, struct rtnl_queue *q,
				  uint16_t type, const struct rt *rt);
int rtnl_queue_run(struct nlsock *r, struct rtnl_queue *q);
void rtnl_queue_reset(struct rtnl_queue *q);
void rtnl_queue_free(struct rtnl_queue *q);

/**
 * struct vrf_table - a VRF device and its routing table
 * @ifindex: the VRF device's ifindex
 * @table: its table
 */
struct vrf_table {
	uint32_t ifindex;
	uint32_t table;
};

int rtnl_vrf_tables(struct nlsock *r, struct vrf_table **tables, size_t *n);

/**
 * struct rt_entry - a route of protocol vpcpeer, as a dump reports it
 * @rt: the route (@rt.has_metric always set)
 * @type: rtm_type
 * @pos: free for the caller (to sort stably)
 */
struct rt_entry {
	struct rt rt;
	uint8_t type;
	size_t pos;
};

int rtnl_dump_routes(struct nlsock *r, uint16_t family, uint32_t table,
		     struct rt_entry **routes, size_t *n);

#endif
