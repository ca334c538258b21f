// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vpcpeerctl's prefix parser (tools/vpcpeerctl/prefix.c):
 * what ADDRESS/LENGTH words it takes and refuses, how it prints them back,
 * orders them and tells one inside another, and the CIDR nest round trip.
 */
#include <stdlib.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "msg.h"
#include "prefix.h"
#include "unit.h"

/* @text parses, as @family/@len, and prints back as @printed. */
static void good(const char *text, int family, int len, const char *printed)
{
	char name[128], buf[PREFIX_STRLEN];
	struct prefix p;

	snprintf(name, sizeof(name), "parse \"%s\"", text);
	if (!expect_long(name, prefix_parse(text, &p), 0))
		return;
	expect_long(name, p.family, family);
	expect_long(name, p.len, len);
	expect_str(name, prefix_fmt(&p, buf, sizeof(buf)), printed);
}

/* @text is refused as bad usage. */
static void bad(const char *text)
{
	char name[128];
	struct prefix p;

	snprintf(name, sizeof(name), "refuse \"%s\"", text);
	expect_long(name, prefix_parse(text, &p), EXIT_USAGE);
}

static struct prefix pfx(const char *text)
{
	struct prefix p;

	if (prefix_parse(text, &p)) {
		printf("cannot parse \"%s\", a test's own prefix\n", text);
		exit(1);
	}
	return p;
}

static void inside(const char *outer, const char *inner, bool want)
{
	struct prefix o = pfx(outer), i = pfx(inner);
	char name[128];

	snprintf(name, sizeof(name), "%s contains %s", outer, inner);
	expect_long(name, prefix_contains(&o, &i), want);
}

/* The sign of prefix_cmp(@a, @b) is @want's. */
static void sorted(const char *a, const char *b, int want)
{
	struct prefix x = pfx(a), y = pfx(b);
	char name[128];
	int got = prefix_cmp(&x, &y);

	snprintf(name, sizeof(name), "order of %s and %s", a, b);
	expect_long(name, (got > 0) - (got < 0), want);
}

static void round_trip(const char *text)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], name[128], out[PREFIX_STRLEN];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct prefix p = pfx(text), q;

	snprintf(name, sizeof(name), "nest round trip of %s", text);
	prefix_put(nlh, 1, &p);
	if (expect_long(name, prefix_get(mnl_nlmsg_get_payload(nlh), &q), 0))
		expect_str(name, prefix_fmt(&q, out, sizeof(out)), text);
}

int main(void)
{
	good("10.0.0.0/8", AF_INET, 8, "10.0.0.0/8");
	good("192.168.1.0/24", AF_INET, 24, "192.168.1.0/24");
	good("10.1.2.3/32", AF_INET, 32, "10.1.2.3/32");
	good("0.0.0.0/0", AF_INET, 0, "0.0.0.0/0");
	good("172.16.0.0/12", AF_INET, 12, "172.16.0.0/12");
	good("2001:db8::/32", AF_INET6, 32, "2001:db8::/32");
	good("2001:0db8:0000::/48", AF_INET6, 48, "2001:db8::/48");
	good("fe80::1/128", AF_INET6, 128, "fe80::1/128");
	good("::/0", AF_INET6, 0, "::/0");

	bad("10.0.0.0");		/* no length */
	bad("10.0.0.0/");
	bad("/8");
	bad("10.0.0.1/8");		/* host bits */
	bad("10.0.0.0/6");		/* 10 = 00001010: its seventh bit is set */
	bad("2001:db8::1/64");
	bad("10.0.0.0/33");
	bad("2001:db8::/129");
	bad("10.0.0/8");
	bad("10.0.0.256/32");
	bad("10.0.0.0/8x");
	bad("10.0.0.0/-8");
	bad("10.0.0.0/ 8");
	bad("hello/8");
	bad("2001:db8:::/32");

	inside("10.0.0.0/8", "10.1.0.0/16", true);
	inside("10.0.0.0/8", "10.0.0.0/8", true);
	inside("10.1.0.0/16", "10.0.0.0/8", false);
	inside("10.0.0.0/8", "11.0.0.0/16", false);
	inside("0.0.0.0/0", "192.168.1.1/32", true);
	inside("10.0.0.0/9", "10.128.0.0/9", false);
	inside("2001:db8::/32", "2001:db8:1::/48", true);
	inside("::/0", "10.0.0.0/8", false);		/* families differ */

	sorted("10.0.0.0/8", "10.0.0.0/8", 0);
	sorted("9.0.0.0/8", "10.0.0.0/8", -1);
	sorted("10.0.0.0/8", "10.0.0.0/16", -1);
	sorted("10.0.0.0/16", "10.0.0.0/8", 1);
	sorted("255.0.0.0/8", "::/0", -1);		/* IPv4 first */
	sorted("2001:db8::/32", "10.0.0.0/8", 1);

	round_trip("10.20.0.0/16");
	round_trip("2001:db8:42::/48");
	round_trip("0.0.0.0/0");
	return unit_done("unit-prefix");
}
