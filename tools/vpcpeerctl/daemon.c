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

#include "batch.h"
#include "daemon.h"
#include "monitor.h"
#include "reconcile.h"

/* When to try again after a reconcile that failed, if nothing happens. */
#define RECONCILE_RETRY_MS 1000

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
		errmsg("sd_notify: %s", strerror(errno));
	close(fd);
}

/* An rtnetlink socket that hears of links and of IPv4 and IPv6 routes. */
static int rtnl_listen(struct nlsock *r)
{
	return rtnl_open(r) || nlsock_join(r, RTNLGRP_LINK) ||
	       nlsock_join(r, RTNLGRP_IPV4_ROUTE) ||
	       nlsock_join(r, RTNLGRP_IPV6_ROUTE) ? -1 : 0;
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
	static char buf[NLSOCK_RECV_SIZE];
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
				errmsg("netlink: %s", strerror(errno));
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
	static const struct scope all;

	if (reconcile_routes(ctl, &all, stderr, NULL) < 0) {
		fprintf(stderr, "could not read the state: trying again in %d ms\n",
			RECONCILE_RETRY_MS);
		return false;
	}
	return true;
}

/* Sync FILE, in a batch of its own; the exit status. */
static int sync_file(struct ctl *ctl, const char *file)
{
	int ret = batch_sync(ctl, file, false);

	fflush(stdout);
	return ret;
}

static int daemon_run(struct ctl *ctl, struct args *a)
{
	const char *file = a->argc ? a->argv[0] : NULL;
	struct signalfd_siginfo si;
	struct pollfd fds[3];
	struct genl events;
	struct nlsock links;
	int ret = EXIT_REFUSED, i, n;
	bool dirty, failed;

	if (a->argc > 1)
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
	fds[0].fd = stop_signals(true);
	if (fds[0].fd < 0)
		goto out;
	fds[1].fd = nlsock_fd(&events.sk);
	fds[2].fd = nlsock_fd(&links);
	for (i = 0; i < 3; i++)
		fds[i].events = POLLIN;
	/*
	 * The routes first: a restart repairs them without waiting for the
	 * sync, whose own changes to them its batch puts in step.
	 */
	failed = !reconcile_all(ctl);
	if (file) {
		ret = sync_file(ctl, file);
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
			errmsg("poll: %s", strerror(errno));
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
				file ? file : "nothing (no FILE)");
			if (file)
				sync_file(ctl, file);
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
	nlsock_close(&events.sk);
	nlsock_close(&links);
	return ret;
}

const struct object daemon_object = {
	.name = "daemon",
	.help = "daemon [FILE]\n",
	.cmds = (const struct command[]){ { NULL, daemon_run }, { NULL, NULL } },
};
