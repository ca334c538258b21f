/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VPCPEERCTL_PREFIX_H
#define VPCPEERCTL_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

/**
 * struct prefix - an IPv4 or IPv6 prefix, as a VPCPEER_VPC_A_CIDR nest carries it
 * @family: AF_INET or AF_INET6
 * @len: prefix length
 * @addr: address in network order, 4 or 16 bytes used
 */
struct prefix {
	uint16_t family;
	uint8_t len;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} addr;
};

/* Room for "ADDRESS/LENGTH" and its NUL. */
#define PREFIX_STRLEN (INET6_ADDRSTRLEN + 4)

/* Most bytes one CIDR nest takes in a request. */
#define PREFIX_NEST_SIZE (MNL_ATTR_HDRLEN + MNL_ALIGN(MNL_ATTR_HDRLEN + 2) + \
			  MNL_ALIGN(MNL_ATTR_HDRLEN + 16) + \
			  MNL_ALIGN(MNL_ATTR_HDRLEN + 1))

int prefix_parse(const char *s, struct prefix *p);
void prefix_put(struct nlmsghdr *nlh, uint16_t type, const struct prefix *p);
int prefix_get(const struct nlattr *nest, struct prefix *p);
const char *prefix_fmt(const struct prefix *p, char *buf, size_t size);
bool prefix_canonical(const struct prefix *p);
bool prefix_contains(const struct prefix *outer, const struct prefix *inner);
int prefix_cmp(const struct prefix *a, const struct prefix *b);

#endif
