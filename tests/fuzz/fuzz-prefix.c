// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for vpcpeerctl's prefix parser (tools/vpcpeerctl/prefix.c),
 * run by tests/fuzz/run-cli: a prefix it accepts must print back to text
 * that parses to the same prefix, and survive the trip through a CIDR nest
 * (prefix_put(), prefix_get()) unchanged.
 */
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "fuzz.h"
#include "prefix.h"

int fuzz_one_input(const __u8 *data, size_t size)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], text[PREFIX_STRLEN];
	struct prefix p, q, r;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char *s;

	if (size > 256)
		return 0;
	s = strndup((const char *)data, size);
	if (prefix_parse(s, &p)) {
		free(s);
		return 0;
	}
	free(s);
	prefix_fmt(&p, text, sizeof(text));
	if (prefix_parse(text, &q) || memcmp(&p, &q, sizeof(p)))
		abort();
	nlh = mnl_nlmsg_put_header(buf);
	prefix_put(nlh, 5, &p);
	nest = mnl_nlmsg_get_payload(nlh);
	if (prefix_get(nest, &r) || memcmp(&p, &r, sizeof(p)))
		abort();
	(void)prefix_canonical(&p);
	return 0;
}
