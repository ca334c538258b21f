/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_NLSOCK_H
#define VPCPEERCTL_NLSOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* Large enough for any message the kernel sends us (a dump's: 32 KiB). */
#define NLSOCK_RECV_SIZE 65536

/*
 * Runs of a dump that changed as it was read (NLM_F_DUMP_INTR), before
 * giving up; they are spaced out by a random pause that doubles.
 */
#define NLSOCK_DUMP_TRIES 10

/**
 * struct nlsock - a netlink socket, of the generic or the route bus
 * @nl: the socket
 * @seq: the last sequence number used
 * @portid: its port id
 */
struct nlsock {
	struct mnl_socket *nl;
	uint32_t seq;
	unsigned int portid;
};

int nlsock_open(struct nlsock *s, int bus);
void nlsock_close(struct nlsock *s);
void nlsock_bufs(struct nlsock *s, int rcvbuf, int sndbuf);
int nlsock_join(struct nlsock *s, unsigned int group);
int nlsock_fd(const struct nlsock *s);
int nlsock_error(const struct nlmsghdr *nlh, const char **msg);
int nlsock_talk(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, bool quiet);
int nlsock_dump(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data);

#endif
