// SPDX-License-Identifier: GPL-2.0
/*
 * CIDR prefixes: parsed from the command line, put into and read from the
 * VPCPEER_VPC_A_CIDR nests of the uAPI, and printed.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/vpcpeer.h>

#include "msg.h"
#include "prefix.h"

static unsigned int addr_len(uint16_t family)
{
	return family == AF_INET ? 4 : 16;
}

static unsigned int max_len(uint16_t family)
{
	return family == AF_INET ? 32 : 128;
}

/**
 * prefix_parse() - parse ADDRESS/LENGTH, IPv4 or IPv6
 * @s: the word
 * @p: the prefix
 *
 * Host bits are refused, as the kernel would, but before anything is sent
 * or looked up.
 *
 * Return: 0, or EXIT_USAGE after naming the bad word.
 */
int prefix_parse(const char *s, struct prefix *p)
{
	const char *slash = strchr(s, '/');
	char addr[INET6_ADDRSTRLEN];
	unsigned int len = 0;
	const char *c;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (!slash)
		return usage_err("invalid prefix \"%s\" (missing /LENGTH)", s);
	n = slash - s;
	if (n == 0 || n >= sizeof(addr))
		return usage_err("invalid prefix \"%s\"", s);
	memcpy(addr, s, n);
	addr[n] = '\0';
	p->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(p->family, addr, &p->addr) != 1)
		return usage_err("invalid prefix \"%s\"", s);

	for (c = slash + 1; *c; c++) {
		if (!isdigit((unsigned char)*c) || c - slash > 3)
			return usage_err("invalid prefix \"%s\"", s);
		len = len * 10 + (*c - '0');
	}
	if (c == slash + 1)
		return usage_err("invalid prefix \"%s\" (missing /LENGTH)", s);
	if (len > max_len(p->family))
		return usage_err("invalid prefix \"%s\" (length must be 0 to %u)",
				 s, max_len(p->family));
	p->len = len;
	if (!prefix_canonical(p))
		return usage_err("%s has host bits set", s);
	return 0;
}

/**
 * prefix_put() - add @p to a request as a CIDR nest
 * @nlh: the request, with PREFIX_NEST_SIZE bytes free
 * @type: the nest's attribute type, VPCPEER_VPC_A_CIDR
 * @p: the prefix
 */
void prefix_put(struct nlmsghdr *nlh, uint16_t type, const struct prefix *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put_u16(nlh, VPCPEER_CIDR_A_FAMILY, p->family);
	mnl_attr_put(nlh, VPCPEER_CIDR_A_ADDR, addr_len(p->family), &p->addr);
	mnl_attr_put_u8(nlh, VPCPEER_CIDR_A_PREFIXLEN, p->len);
	mnl_attr_nest_end(nlh, nest);
}

/**
 * prefix_get() - read a CIDR nest of a reply
 * @nest: the VPCPEER_VPC_A_CIDR attribute
 * @p: the prefix
 *
 * Attributes this version does not know are skipped.
 *
 * Return: 0, or -1 if the nest is malformed or lacks a member.
 */
int prefix_get(const struct nlattr *nest, struct prefix *p)
{
	const struct nlattr *attr;
	unsigned int alen = 0;
	bool have_len = false;

	memset(p, 0, sizeof(*p));
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case VPCPEER_CIDR_A_FAMILY:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
				return -1;
			p->family = mnl_attr_get_u16(attr);
			break;
		case VPCPEER_CIDR_A_ADDR:
			alen = mnl_attr_get_payload_len(attr);
			if (alen > sizeof(p->addr))
				return -1;
			memcpy(&p->addr, mnl_attr_get_payload(attr), alen);
			break;
		case VPCPEER_CIDR_A_PREFIXLEN:
			if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
				return -1;
			p->len = mnl_attr_get_u8(attr);
			have_len = true;
			break;
		}
	}
	if (p->family != AF_INET && p->family != AF_INET6)
		return -1;
	if (alen != addr_len(p->family) || !have_len ||
	    p->len > max_len(p->family))
		return -1;
	return 0;
}

/**
 * prefix_fmt() - print @p as ADDRESS/LENGTH
 * @p: the prefix
 * @buf: at least PREFIX_STRLEN bytes
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *prefix_fmt(const struct prefix *p, char *buf, size_t size)
{
	size_t n;

	if (!inet_ntop(p->family, &p->addr, buf, size)) {
		snprintf(buf, size, "?/%u", p->len);
		return buf;
	}
	n = strlen(buf);
	snprintf(buf + n, size - n, "/%u", p->len);
	return buf;
}

/* Do @a and @b agree on their first @bits bits? */
static bool same_bits(const uint8_t *a, const uint8_t *b, unsigned int bits)
{
	unsigned int bytes = bits / 8, rest = bits % 8;
	uint8_t mask;

	if (memcmp(a, b, bytes))
		return false;
	if (!rest)
		return true;
	mask = 0xff << (8 - rest);
	return !((a[bytes] ^ b[bytes]) & mask);
}

/**
 * prefix_canonical() - has @p no host bits set?
 * @p: the prefix
 *
 * Return: true if every bit past the prefix length is 0.
 */
bool prefix_canonical(const struct prefix *p)
{
	unsigned int i, bits = max_len(p->family);

	for (i = p->len; i < bits; i++) {
		if (p->addr.bytes[i / 8] & (0x80 >> (i % 8)))
			return false;
	}
	return true;
}

/**
 * prefix_contains() - is @inner inside @outer?
 * @outer: a prefix
 * @inner: a prefix of any family
 *
 * Return: true if they are of one family, @inner is at least as long, and
 * it starts with @outer's bits.
 */
bool prefix_contains(const struct prefix *outer, const struct prefix *inner)
{
	return outer->family == inner->family && outer->len <= inner->len &&
	       same_bits(outer->addr.bytes, inner->addr.bytes, outer->len);
}

/**
 * prefix_cmp() - order prefixes: IPv4 first, then by address, then length
 * @a: a prefix
 * @b: a prefix
 *
 * Return: <0, 0 or >0, as for qsort().
 */
int prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	int ret;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	ret = memcmp(a->addr.bytes, b->addr.bytes, addr_len(a->family));
	if (ret)
		return ret;
	return (int)a->len - (int)b->len;
}
