// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl monitor [all]: print every event of the vpcpeer family's
 * "events" multicast group, one line each (one JSON object a line with -j),
 * after the time it was received with -t, until SIGINT or SIGTERM, which
 * end it with status 0. ("all" as in "ip monitor all": there is only one
 * group.)
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

#include "monitor.h"
#include "peering.h"
#include "print.h"
#include "vpc.h"

/* With -t, when the events being printed were received; else "". */
static char stamp[40];

/* The VPCPEER_VPC_A_CIDR_OP of a CIDR event. */
static uint8_t cidr_op(const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == VPCPEER_VPC_A_CIDR_OP &&
		    mnl_attr_validate(attr, MNL_TYPE_U8) == 0)
			return mnl_attr_get_u8(attr);
	}
	return 0;
}

/* A CIDR event: "vpc cidr add|del NAME PREFIX...". */
static void print_cidrs(const struct nlmsghdr *nlh, const struct vpc *v)
{
	bool del = cidr_op(nlh) == VPCPEER_CIDR_OP_DEL;
	char buf[PREFIX_STRLEN];
	size_t i;

	print_str(PRINT_JSON, "event", NULL, del ? "vpc_cidr_del" : "vpc_cidr_add");
	print_text("vpc cidr %s ", del ? "del" : "add");
	print_str(PRINT_ANY, "vpc", "%s", v->name);
	print_open("cidrs", true);
	for (i = 0; i < v->n_cidrs; i++)
		print_str(PRINT_ANY, NULL, " %s",
			  prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
	print_close(true);
	print_text("\n");
}

/* Print one event; a malformed one is reported and skipped. */
static void print_event(struct ctl *ctl, const struct nlmsghdr *nlh)
{
	static const struct {
		uint8_t cmd;
		const char *event;
	} events[] = {
		{ VPCPEER_CMD_VPC_NEW_NTF, "vpc_add" },
		{ VPCPEER_CMD_VPC_DEL_NTF, "vpc_del" },
		{ VPCPEER_CMD_VPC_CIDR_NTF, "vpc_cidr" },
		{ VPCPEER_CMD_PEERING_NEW_NTF, "peering_add" },
		{ VPCPEER_CMD_PEERING_DEL_NTF, "peering_del" },
		{ VPCPEER_CMD_PEERING_STATE_NTF, "peering_state" },
	};
	const struct genlmsghdr *hdr = mnl_nlmsg_get_payload(nlh);
	const char *event = NULL, *verb;
	struct state s = { 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(events); i++) {
		if (events[i].cmd == hdr->cmd)
			event = events[i].event;
	}
	if (event && *event == 'v' &&
	    (vpc_parse(nlh, &s) != MNL_CB_OK || s.n_vpcs != 1))
		goto out;
	if (event && *event == 'p' &&
	    (peering_parse(nlh, &s) != MNL_CB_OK || s.n_peerings != 1))
		goto out;
	print_start(ctl->json, ctl->pretty);
	print_open(NULL, false);
	if (*stamp)
		print_str(PRINT_ANY, "timestamp", "[%s] ", stamp);
	verb = event ? strchr(event, '_') + 1 : NULL;
	if (!event) {
		print_str(PRINT_JSON, "event", NULL, "unknown");
		print_u64(PRINT_ANY, "cmd", "event %llu\n", hdr->cmd);
	} else if (hdr->cmd == VPCPEER_CMD_VPC_CIDR_NTF) {
		print_cidrs(nlh, s.vpcs);
	} else if (*event == 'v') {
		print_str(PRINT_JSON, "event", NULL, event);
		print_vpc("vpc", verb, s.vpcs, false);
	} else {
		print_str(PRINT_JSON, "event", NULL, event);
		print_peering("peering", verb, s.peerings, false, false);
	}
	print_close(false);
	print_end();
out:
	state_free(&s);
}

/* Read what the socket holds and print its events. */
static int read_events(struct ctl *ctl, struct genl *g)
{
	static char buf[NLSOCK_RECV_SIZE];
	const struct nlmsghdr *nlh;
	struct timespec now;
	struct tm tm;
	int len;

	len = recv(nlsock_fd(&g->sk), buf, sizeof(buf), MSG_DONTWAIT);
	if (ctl->timestamp && !clock_gettime(CLOCK_REALTIME, &now) &&
	    localtime_r(&now.tv_sec, &tm)) {
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp),
			 ".%06ld", now.tv_nsec / 1000);
	}
	if (len < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		if (errno == ENOBUFS) {
			/* keep going: say so, as "ip monitor" does not */
			errmsg("events were lost: the receive buffer overflowed");
			return 0;
		}
		errmsg("netlink: %s", strerror(errno));
		return -1;
	}
	for (nlh = (const void *)buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type != g->family_id ||
		    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
			continue;
		print_event(ctl, nlh);
		if (fflush(stdout)) {
			errmsg("write error: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

/**
 * stop_signals() - the signals that end a long-running command, as a file
 *                  descriptor to poll (no race with the loop)
 * @hup: SIGHUP too, beside SIGINT and SIGTERM
 *
 * They are not ignored, even if a shell started it in the background.
 *
 * Return: the descriptor, or -1 after a message.
 */
int stop_signals(bool hup)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (hup) {
		sigaddset(&mask, SIGHUP);
		signal(SIGHUP, SIG_DFL);
	}
	fd = sigprocmask(SIG_BLOCK, &mask, NULL) ? -1 :
	     signalfd(-1, &mask, SFD_CLOEXEC);
	if (fd < 0)
		errmsg("signalfd: %s", strerror(errno));
	return fd;
}

static int run_monitor(struct ctl *ctl, struct args *a)
{
	struct pollfd fds[2];
	struct genl *g;
	int ret;

	if (a->argc && !strcmp(a->argv[0], "all"))
		arg_next(a);
	ret = arg_end(a);
	if (ret)
		return ret;
	if (ctl->batch)
		return usage_err("monitor: not in a batch (it never ends)");
	g = ctl_genl(ctl);
	if (!g || genl_join_events(g))
		return EXIT_REFUSED;
	fds[0].fd = stop_signals(false);
	if (fds[0].fd < 0)
		return EXIT_REFUSED;
	fds[0].events = POLLIN;
	fds[1].fd = nlsock_fd(&g->sk);
	fds[1].events = POLLIN;
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			errmsg("poll: %s", strerror(errno));
			ret = EXIT_REFUSED;
			break;
		}
		if (fds[0].revents)
			break;
		if (fds[1].revents && read_events(ctl, g)) {
			ret = EXIT_REFUSED;
			break;
		}
	}
	close(fds[0].fd);
	return ret;
}

const struct object monitor_object = {
	.name = "monitor",
	.help = "monitor [all]\n",
	.cmds = (const struct command[]){ { NULL, run_monitor }, { NULL, NULL } },
};
