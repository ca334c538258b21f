// SPDX-License-Identifier: GPL-2.0
/*
 * genl-cidr: add or remove one CIDR of a VPC over the vpcpeer family, as a
 * client that is not vpcpeerctl would (raw sockets, no libmnl): whatever
 * follows the change, vpcpeerctl did not make it.
 *
 *   genl-cidr add|del VPC ADDRESS/LENGTH
 *
 * Exits 0 if the kernel acknowledged it, 1 if it refused, 2 on bad usage.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

struct req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[256];
};

/* Append an attribute of @len bytes at @data; the nest it opens if NULL. */
static struct nlattr *put(struct req *r, uint16_t type, const void *data,
			  size_t len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->nlh.nlmsg_len));

	a->nla_type = type | (data ? 0 : NLA_F_NESTED);
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

/* Send @r and read its answer: the reply's first attribute area, or -errno. */
static int talk(int fd, struct req *r, uint16_t type, uint8_t cmd, char *buf,
		size_t size)
{
	struct nlmsghdr *nlh = (void *)buf;
	int len;

	r->nlh.nlmsg_type = type;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->genl.cmd = cmd;
	r->genl.version = 1;
	if (send(fd, r, r->nlh.nlmsg_len, 0) < 0)
		return -errno;
	len = recv(fd, buf, size, 0);
	if (len < (int)sizeof(*nlh))
		return -EIO;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
	return 0;
}

/* The family id in a CTRL_CMD_GETFAMILY reply, or 0. */
static uint16_t family_id(char *buf)
{
	struct nlmsghdr *nlh = (void *)buf;
	struct nlattr *a = (void *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	int left = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	for (; left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     left -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct req r;
	char buf[8192], *slash;
	uint8_t addr[16], plen;
	uint16_t family, id;
	struct nlattr *nest;
	int fd, err, alen;

	slash = argc == 4 ? strchr(argv[3], '/') : NULL;
	if (!slash || (strcmp(argv[1], "add") && strcmp(argv[1], "del"))) {
		fprintf(stderr, "usage: genl-cidr add|del VPC ADDRESS/LENGTH\n");
		return 2;
	}
	*slash = '\0';
	plen = atoi(slash + 1);
	family = strchr(argv[3], ':') ? AF_INET6 : AF_INET;
	alen = family == AF_INET ? 4 : 16;
	if (inet_pton(family, argv[3], addr) != 1) {
		fprintf(stderr, "genl-cidr: bad address %s\n", argv[3]);
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0) {
		perror("genl-cidr: socket");
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	put(&r, CTRL_ATTR_FAMILY_NAME, VPCPEER_GENL_NAME,
	    sizeof(VPCPEER_GENL_NAME));
	err = talk(fd, &r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, buf, sizeof(buf));
	id = err ? 0 : family_id(buf);
	if (!id) {
		fprintf(stderr, "genl-cidr: no family %s\n", VPCPEER_GENL_NAME);
		return 1;
	}
	memset(&r, 0, sizeof(r));
	r.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	put(&r, VPCPEER_VPC_A_NAME, argv[2], strlen(argv[2]) + 1);
	nest = put(&r, VPCPEER_VPC_A_CIDR, NULL, 0);
	put(&r, VPCPEER_CIDR_A_FAMILY, &family, sizeof(family));
	put(&r, VPCPEER_CIDR_A_ADDR, addr, alen);
	put(&r, VPCPEER_CIDR_A_PREFIXLEN, &plen, sizeof(plen));
	nest->nla_len = (char *)&r + r.nlh.nlmsg_len - (char *)nest;
	err = talk(fd, &r, id, strcmp(argv[1], "add") ? VPCPEER_CMD_VPC_CIDR_DEL :
		   VPCPEER_CMD_VPC_CIDR_ADD, buf, sizeof(buf));
	if (err) {
		fprintf(stderr, "genl-cidr: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
