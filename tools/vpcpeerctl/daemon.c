// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl daemon [FILE]: what a host runs under systemd. It syncs FILE
 * (at start and on SIGHUP), and keeps the routes of "routes auto"
 * peerings in step (reconcile.c) with whatever changes them: the family's
 * events (a peering or a CIDR changed by any client), and rtnetlink's link
 * and route changes (an endpoint set down and up, a VRF port cycle, a
 * route deleted by hand).
 *
 * It sleeps in poll() until something happens, reads every message
 * waiting, and then reconciles once, however many there were; after an
 * overrun (ENOBUFS) too, as the reconcile reads the whole state anyway.
 * A reconcile that could not read the state is tried again a second
 * later if no event comes first.
 * Its own changes come back as events: the routes it adds are not
 * listened to, and a reconcile after the ones it deletes changes nothing,
 * so sends nothing. SIGTERM or SIGINT end it with status 0, the kernel's
 * state left in place.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <linux/rtnetlink.h>

#include "vpcpeerctl.h"

/* When to try again after a reconcile that failed, if nothing happens. */
#define RECONCILE_RETRY_MS 1000

const char daemon_help[] =
	"daemon [FILE]\n";

/* Tell systemd (Type=notify) that the daemon is up, if it is asked to. */
static void notify_ready(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (!path || (*path != '/' && *path != '@') ||
	    strlen(path) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, strlen(path));
	if (*path == '@')
		sa.sun_path[0] = '\0';	/* an abstract socket */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, "READY=1", 7, 0, (struct sockaddr *)&sa,
		   offsetof(struct sockaddr_un, sun_path) + strlen(path)) < 0)
		pr_err("sd_notify: %s", strerror(errno));
	close(fd);
}

/* An rtnetlink socket that hears of links and of IPv4 and IPv6 routes. */
static int rtnl_listen(struct rtnl *r)
{
	int groups[] = { RTNLGRP_LINK, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE };
	size_t i;

	if (rtnl_open(r))
		return -1;
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		if (mnl_socket_setsockopt(r->nl, NETLINK_ADD_MEMBERSHIP,
					  &groups[i], sizeof(groups[i]))) {
			pr_err("joining rtnetlink group %d: %s", groups[i],
			       strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Could the rtnetlink message @nlh have put "routes auto" out of step? */
static bool rtnl_matters(const struct nlmsghdr *nlh)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return true;
	case RTM_DELROUTE:
		/* a route added is no reason: the reconcile's own are */
		return mnl_nlmsg_get_payload_len(nlh) >= sizeof(*rtm) &&
		       rtm->rtm_protocol == VPCPEER_RTPROT;
	}
	return false;
}

/**
 * drain() - read every message a socket holds
 * @fd: the socket
 * @genl: it is the family's (every message matters), not rtnetlink's
 *
 * Return: true if one may have put the routes out of step, or messages
 * were lost (ENOBUFS: then at once, the rest left for later); false if
 * none did.
 */
static bool drain(int fd, bool genl)
{
	static char buf[GENL_RECV_SIZE];
	const struct nlmsghdr *nlh;
	bool dirty = false;
	int len;

	for (;;) {
		len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		if (len < 0 && errno == EINTR)
			continue;
		/* too large to read: it may have mattered */
		dirty |= len > (int)sizeof(buf);
		/*
		 * Reconcile at once: what is still queued is older than the
		 * state it reads, and is read after it.
		 */
		if (len < 0 && errno == ENOBUFS) {
			fputs("events lost (overrun): reconciling all\n", stderr);
			return true;
		}
		if (len < 0) {
			if (errno != EAGAIN)
				pr_err("netlink: %s", strerror(errno));
			return dirty;
		}
		if (len > (int)sizeof(buf))
			continue;
		for (nlh = (const void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len))
			dirty |= genl || rtnl_matters(nlh);
	}
}

/*
 * Put every "routes auto" route in step, each correction logged; false if
 * it could not (its dumps kept being interrupted by a busy writer).
 */
static bool reconcile_all(struct ctl *ctl)
{
	static const struct reconcile_scope all;

	if (reconcile_routes(ctl, &all, stderr, NULL) < 0) {
		fprintf(stderr, "could not read the state: trying again in %d ms\n",
			RECONCILE_RETRY_MS);
		return false;
	}
	return true;
}

/* Sync FILE, in a batch of its own; the exit status. */
static int sync_file(struct ctl *ctl, char *file)
{
	int ret = sync_main(ctl, 1, &file);

	ctl->batch = NULL;
	fflush(stdout);
	return ret;
}

int daemon_main(struct ctl *ctl, int argc, char **argv)
{
	struct signalfd_siginfo si;
	struct pollfd fds[3];
	struct genl events;
	struct rtnl links;
	int ret = EXIT_REFUSED, i, n;
	bool dirty, failed;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		printf("Usage: vpcpeerctl %s", daemon_help);
		return 0;
	}
	if (argc > 1)
		return usage_err("daemon takes at most one FILE");
	if (ctl->batch || ctl->conf)
		return usage_err("daemon: not in a batch (it never ends)");
	ctl->daemon = true;
	memset(&events, 0, sizeof(events));
	memset(&links, 0, sizeof(links));
	fds[0].fd = -1;
	/* listening first: nothing that happens from now on is missed */
	if (!ctl_genl(ctl) || genl_open(&events) ||
	    genl_join_events(&events) || rtnl_listen(&links))
		goto out;
	fds[0].fd = cli_signalfd(true);
	if (fds[0].fd < 0)
		goto out;
	fds[1].fd = mnl_socket_get_fd(events.nl);
	fds[2].fd = mnl_socket_get_fd(links.nl);
	for (i = 0; i < 3; i++)
		fds[i].events = POLLIN;
	/*
	 * The routes first: a restart repairs them without waiting for the
	 * sync, whose own changes to them its batch puts in step.
	 */
	failed = !reconcile_all(ctl);
	if (argc) {
		ret = sync_file(ctl, argv[0]);
		if (ret)
			goto out;
	}
	notify_ready();
	ret = 0;
	for (;;) {
		n = poll(fds, 3, failed ? RECONCILE_RETRY_MS : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			pr_err("poll: %s", strerror(errno));
			ret = EXIT_REFUSED;
			break;
		}
		/* a reconcile failed, and no event came to try it again */
		dirty = !n;
		if (fds[0].revents &&
		    read(fds[0].fd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo != SIGHUP)
				break;
			fprintf(stderr, "SIGHUP: syncing %s\n",
				argc ? argv[0] : "nothing (no FILE)");
			if (argc)
				sync_file(ctl, argv[0]);
			dirty = true;
		}
		if (fds[1].revents)
			dirty |= drain(fds[1].fd, true);
		if (fds[2].revents)
			dirty |= drain(fds[2].fd, false);
		if (dirty)
			failed = !reconcile_all(ctl);
	}
out:
	if (fds[0].fd >= 0)
		close(fds[0].fd);
	genl_close(&events);
	rtnl_close(&links);
	return ret;
}
