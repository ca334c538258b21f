// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl monitor [all]: print every event of the vpcpeer family's
 * "events" multicast group, one line each (one JSON object a line with -j),
 * after the time it was received with -t, until SIGINT or SIGTERM, which
 * end it with status 0.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

#include "json.h"
#include "objects.h"
#include "vpcpeerctl.h"

const char monitor_help[] =
	"monitor [all]\n";

/* With -t, when the events being printed were received; else "". */
static char stamp[40];

/* Start the JSON object of an event: its time with -t, its name. */
static void open_event(struct ctl *ctl, struct json *j, const char *event)
{
	json_init(j, stdout, ctl->pretty);
	json_open_object(j, NULL);
	if (*stamp)
		json_string(j, "timestamp", stamp);
	json_string(j, "event", event);
}

static void print_vpc(struct ctl *ctl, const char *event, const char *verb,
		      const struct vpc *v)
{
	struct json j;

	if (!ctl->json) {
		printf("vpc %s %s vrf %s cidrs %u peerings %u\n", verb, v->name,
		       v->vrf ? v->vrf : "-", v->cidr_count, v->peering_count);
		return;
	}
	open_event(ctl, &j, event);
	vpc_print_json(&j, "vpc", v, false);
	json_close_object(&j);
	json_end(&j);
}

static void print_cidrs(struct ctl *ctl, uint8_t op, const struct vpc *v)
{
	const char *verb = op == VPCPEER_CIDR_OP_DEL ? "del" : "add";
	char buf[PREFIX_STRLEN];
	struct json j;
	size_t i;

	if (!ctl->json) {
		printf("vpc cidr %s %s", verb, v->name);
		for (i = 0; i < v->n_cidrs; i++)
			printf(" %s", prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
		putchar('\n');
		return;
	}
	open_event(ctl, &j, op == VPCPEER_CIDR_OP_DEL ? "vpc_cidr_del" :
		   "vpc_cidr_add");
	json_string(&j, "vpc", v->name);
	json_open_array(&j, "cidrs");
	for (i = 0; i < v->n_cidrs; i++)
		json_string(&j, NULL, prefix_fmt(&v->cidrs[i], buf, sizeof(buf)));
	json_close_array(&j);
	json_close_object(&j);
	json_end(&j);
}

static void print_peering(struct ctl *ctl, const char *event, const char *verb,
			  const struct peering *p)
{
	struct json j;

	if (!ctl->json) {
		printf("peering %s ", verb);
		peering_print_summary(p);
		putchar('\n');
		return;
	}
	open_event(ctl, &j, event);
	peering_print_json(&j, "peering", p);
	json_close_object(&j);
	json_end(&j);
}

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

static void print_unknown(struct ctl *ctl, uint8_t cmd)
{
	struct json j;

	if (!ctl->json) {
		printf("event %u\n", cmd);
		return;
	}
	open_event(ctl, &j, "unknown");
	json_u64(&j, "cmd", cmd);
	json_close_object(&j);
	json_end(&j);
}

/* Print one event; a malformed one is reported and skipped. */
static void print_event(struct ctl *ctl, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *hdr = mnl_nlmsg_get_payload(nlh);
	struct peering_list peerings = { NULL };
	struct vpc_list vpcs = { NULL };

	if (*stamp && !ctl->json)
		printf("[%s] ", stamp);
	switch (hdr->cmd) {
	case VPCPEER_CMD_VPC_NEW_NTF:
	case VPCPEER_CMD_VPC_DEL_NTF:
	case VPCPEER_CMD_VPC_CIDR_NTF:
		if (vpc_parse(nlh, &vpcs) != MNL_CB_OK || vpcs.n != 1)
			break;
		if (hdr->cmd == VPCPEER_CMD_VPC_CIDR_NTF)
			print_cidrs(ctl, cidr_op(nlh), &vpcs.vpcs[0]);
		else if (hdr->cmd == VPCPEER_CMD_VPC_NEW_NTF)
			print_vpc(ctl, "vpc_add", "add", &vpcs.vpcs[0]);
		else
			print_vpc(ctl, "vpc_del", "del", &vpcs.vpcs[0]);
		break;
	case VPCPEER_CMD_PEERING_NEW_NTF:
	case VPCPEER_CMD_PEERING_DEL_NTF:
	case VPCPEER_CMD_PEERING_STATE_NTF:
		if (peering_parse(nlh, &peerings) != MNL_CB_OK || peerings.n != 1)
			break;
		if (hdr->cmd == VPCPEER_CMD_PEERING_NEW_NTF)
			print_peering(ctl, "peering_add", "add",
				      &peerings.peerings[0]);
		else if (hdr->cmd == VPCPEER_CMD_PEERING_DEL_NTF)
			print_peering(ctl, "peering_del", "del",
				      &peerings.peerings[0]);
		else
			print_peering(ctl, "peering_state", "state",
				      &peerings.peerings[0]);
		break;
	default:
		print_unknown(ctl, hdr->cmd);
	}
	vpc_list_free(&vpcs);
	peering_list_free(&peerings);
}

/* Read what the socket holds and print its events. */
static int read_events(struct ctl *ctl, struct genl *g)
{
	static char buf[GENL_RECV_SIZE];
	const struct nlmsghdr *nlh;
	struct timespec now;
	struct tm tm;
	int len;

	len = recv(mnl_socket_get_fd(g->nl), buf, sizeof(buf), MSG_DONTWAIT);
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
			pr_err("events were lost: the receive buffer overflowed");
			return 0;
		}
		pr_err("netlink: %s", strerror(errno));
		return -1;
	}
	for (nlh = (const void *)buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type != g->family_id ||
		    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
			continue;
		print_event(ctl, nlh);
		if (fflush(stdout)) {
			pr_err("write error: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int run_monitor(struct ctl *ctl, struct args *a)
{
	int ret;
	struct pollfd fds[2];
	struct genl *g;

	ret = arg_end(a);
	if (ret)
		return ret;
	if (ctl->batch)
		return usage_err("monitor: not in a batch (it never ends)");
	g = ctl_genl(ctl);
	if (!g)
		return EXIT_REFUSED;
	if (genl_join_events(g))
		return EXIT_REFUSED;

	fds[0].fd = cli_signalfd(false);
	if (fds[0].fd < 0)
		return EXIT_REFUSED;
	fds[0].events = POLLIN;
	fds[1].fd = mnl_socket_get_fd(g->nl);
	fds[1].events = POLLIN;
	ret = 0;
	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			pr_err("poll: %s", strerror(errno));
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

static const struct command monitor_cmds[] = {
	{ "all", run_monitor },
	{ NULL, NULL }
};

int monitor_main(struct ctl *ctl, int argc, char **argv)
{
	struct args a = { .cmd = "monitor", .argc = argc, .argv = argv };

	/* "all" as in "ip monitor all": there is only one group */
	if (argc && !strcmp(argv[0], "help"))
		return run_command(ctl, "monitor", monitor_cmds, monitor_help,
				   argc, argv);
	if (argc && !strcmp(argv[0], "all"))
		arg_next(&a);
	return run_monitor(ctl, &a);
}
