// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the peering forwarding hook, vpcpeer_verdict()
 * (vpcpeer/verdict.c).
 *
 * Each case builds an endpoint by hand: a local VPC A and a remote VPC B
 * with a few CIDRs of each family, and a peer netdevice that is allocated
 * but never registered (the hook only hands the pointer back). A packet is
 * then built in a fresh skb and judged. The table covers every drop reason
 * for both families, the edges of the CIDRs, and the cases that make the
 * peering non-transitive: a source in B, or in a third VPC, never crosses
 * from A, and a destination in A never crosses to B.
 *
 * Where a packet has more than one fault the reason is the first of, in
 * order: not IP, source routed, peering down, source not local,
 * destination not in the peer. Source routes are built as IPv4 options and
 * IPv6 extension headers after the fixed header.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vpcpeer.h>
#include <net/ipv6.h>

#include "../../vpcpeer/endpoint.h"
#include "../../vpcpeer/verdict.h"
#include "../../vpcpeer/lpm.h"
#include "../../vpcpeer/vpc.h"
#include "suites.h"

#define VT_TEST_HEADROOM	64

/* Serialises the LPM writers; the sets check it with lockdep. */
static DEFINE_MUTEX(verdict_test_lock);

/* VPC A, the side the packets are sent from. */
static const char * const verdict_test_local_cidrs[] = {
	"10.1.0.0/16",
	"192.168.7.0/24",
	"203.0.113.9/32",
	"2001:db8:a::/48",
	"fd00:a::9/128",
};

/* VPC B, across the peering. */
static const char * const verdict_test_remote_cidrs[] = {
	"10.2.0.0/16",
	"172.16.0.0/12",
	"2001:db8:b::/48",
	"fd00:b::/64",
};

struct verdict_test_fixture {
	struct vpcpeer_endpoint *ep;
	struct vpcpeer_vpc *local;
	struct vpcpeer_vpc *remote;
	struct net_device *peer;
	struct net_device *other_peer;
};

/* What a case does to the endpoint before judging its packet. */
enum verdict_test_setup {
	VT_UP,		/* as built: up, with peer, local and remote */
	VT_ADMIN_DOWN,	/* ep->up false */
	VT_NO_PEER,		/* ep->peer NULL */
	VT_NO_LOCAL,		/* ep->local NULL */
	VT_NO_REMOTE,		/* ep->remote NULL */
	VT_TORN_DOWN,		/* all of the above */
	VT_V6_CIDRS_ONLY,	/* both VPCs lose their IPv4 CIDRs */
	VT_V4_CIDRS_ONLY,	/* both VPCs lose their IPv6 CIDRs */
};

/* The layout of the network header put in the skb. */
enum verdict_test_hdr {
	VT_HDR_AUTO,		/* the family of the addresses */
	VT_HDR_IPV4,
	VT_HDR_IPV6,
	VT_HDR_ARP,		/* zeroed ARP-sized payload, no address */
};

/* Options or extension headers after the fixed header. */
enum verdict_test_ext {
	VT_EXT_NONE,
	VT_EXT_V4_NOPS,	/* four NOP options: harmless */
	VT_EXT_V4_LSRR,	/* a loose source route through one hop */
	VT_EXT_V4_SSRR,	/* a strict source route */
	VT_EXT_V4_RR_LSRR,	/* record route, then a loose source route */
	VT_EXT_V4_BAD_LEN,	/* an option longer than the options */
	VT_EXT_V6_RH,		/* a routing header, one segment left */
	VT_EXT_V6_RH_SPENT,	/* a routing header, no segment left */
	VT_EXT_V6_DST_RH,	/* destination options, then a live routing header */
	VT_EXT_V6_DST,	/* destination options only */
};

/**
 * struct verdict_test_case - one packet and the verdict it must get
 * @desc: name of the case
 * @src: source address, IPv4 or IPv6 text
 * @dst: destination address
 * @want: VPCPEER_PASS or the drop reason
 * @setup: what to do to the endpoint first
 * @proto: skb->protocol (host order); 0: that of the header's family
 * @hdr: the header's layout
 * @version: the header's version field; 0: that of its layout
 * @trunc: bytes cut off the end of the header
 * @ext: options or extension headers after it
 */
struct verdict_test_case {
	const char *desc;
	const char *src;
	const char *dst;
	int want;
	enum verdict_test_setup setup;
	u16 proto;
	enum verdict_test_hdr hdr;
	u8 version;
	u8 trunc;
	enum verdict_test_ext ext;
};

static const char *verdict_test_reason(int reason)
{
	switch (reason) {
	case VPCPEER_PASS:
		return "pass";
	case VPCPEER_DROP_NOT_IP:
		return "not_ip";
	case VPCPEER_DROP_PEERING_DOWN:
		return "peering_down";
	case VPCPEER_DROP_SRC_NOT_LOCAL:
		return "src_not_local";
	case VPCPEER_DROP_DST_NOT_PEER:
		return "dst_not_peer";
	case VPCPEER_DROP_SOURCE_ROUTE:
		return "source_route";
	case VPCPEER_DROP_TOO_BIG:
		return "too_big";
	default:
		return "?";
	}
}

static bool verdict_test_is_v6(const char *addr)
{
	return strchr(addr, ':');
}

/* Parse "ADDR/PLEN" into @addr (16 bytes, zero-padded); false if malformed. */
static bool verdict_test_parse_cidr(const char *cidr, u8 *addr, u8 *plen,
				    bool *v6)
{
	const char *end;
	int ok;

	memset(addr, 0, 16);
	*v6 = verdict_test_is_v6(cidr);
	if (*v6)
		ok = in6_pton(cidr, -1, addr, '/', &end);
	else
		ok = in4_pton(cidr, -1, addr, '/', &end);
	return ok == 1 && *end == '/' && !kstrtou8(end + 1, 10, plen);
}

static struct vpcpeer_lpm *verdict_test_set(struct vpcpeer_vpc *vpc, bool v6)
{
	return v6 ? &vpc->cidrs6 : &vpc->cidrs4;
}

static int verdict_test_cidr_op(struct vpcpeer_vpc *vpc, const char *cidr,
				bool add)
{
	u8 addr[16], plen;
	bool v6;
	int ret;

	if (!verdict_test_parse_cidr(cidr, addr, &plen, &v6))
		return -EINVAL;
	mutex_lock(&verdict_test_lock);
	if (add)
		ret = vpcpeer_lpm_insert(verdict_test_set(vpc, v6), addr, plen,
					 GFP_KERNEL);
	else
		ret = vpcpeer_lpm_remove(verdict_test_set(vpc, v6), addr, plen);
	mutex_unlock(&verdict_test_lock);
	return ret;
}

static struct vpcpeer_vpc *verdict_test_vpc_new(const char *const *cidrs,
						unsigned int n)
{
	struct vpcpeer_vpc *vpc;
	unsigned int i;

	vpc = kzalloc(sizeof(*vpc), GFP_KERNEL);
	if (!vpc)
		return NULL;
	vpcpeer_lpm_init(&vpc->cidrs4, 32, &verdict_test_lock);
	vpcpeer_lpm_init(&vpc->cidrs6, 128, &verdict_test_lock);
	for (i = 0; i < n; i++) {
		if (verdict_test_cidr_op(vpc, cidrs[i], true)) {
			pr_err("verdict_test: cannot add %s\n", cidrs[i]);
			break;
		}
	}
	return vpc;
}

static void verdict_test_vpc_free(struct vpcpeer_vpc *vpc)
{
	if (!vpc)
		return;
	mutex_lock(&verdict_test_lock);
	vpcpeer_lpm_free(&vpc->cidrs4);
	vpcpeer_lpm_free(&vpc->cidrs6);
	mutex_unlock(&verdict_test_lock);
	/* The trie nodes go after a grace period; the VPC itself is ours. */
	kfree(vpc);
}

static struct net_device *verdict_test_netdev(void)
{
	/* Never registered: the hook only returns the pointer. */
	return alloc_netdev(0, "t%d", NET_NAME_ENUM, ether_setup);
}

/* Runs even when it failed, so frees whatever it got. */
static int verdict_test_init(struct kunit *test)
{
	struct verdict_test_fixture *fix;

	fix = kunit_kzalloc(test, sizeof(*fix), GFP_KERNEL);
	if (!fix)
		return -ENOMEM;
	test->priv = fix;

	fix->ep = kunit_kzalloc(test, sizeof(*fix->ep), GFP_KERNEL);
	fix->local = verdict_test_vpc_new(verdict_test_local_cidrs,
					  ARRAY_SIZE(verdict_test_local_cidrs));
	fix->remote = verdict_test_vpc_new(verdict_test_remote_cidrs,
					   ARRAY_SIZE(verdict_test_remote_cidrs));
	fix->peer = verdict_test_netdev();
	fix->other_peer = verdict_test_netdev();
	if (!fix->ep || !fix->local || !fix->remote || !fix->peer ||
	    !fix->other_peer)
		return -ENOMEM;
	if (vpcpeer_vpc_nr_cidrs(fix->local) !=
	    ARRAY_SIZE(verdict_test_local_cidrs) ||
	    vpcpeer_vpc_nr_cidrs(fix->remote) !=
	    ARRAY_SIZE(verdict_test_remote_cidrs))
		return -EINVAL;

	fix->ep->up = true;
	RCU_INIT_POINTER(fix->ep->peer, fix->peer);
	RCU_INIT_POINTER(fix->ep->local, fix->local);
	RCU_INIT_POINTER(fix->ep->remote, fix->remote);
	return 0;
}

static void verdict_test_exit(struct kunit *test)
{
	struct verdict_test_fixture *fix = test->priv;

	if (!fix)
		return;
	/* No reader is left: every verdict ran to its rcu_read_unlock_bh(). */
	verdict_test_vpc_free(fix->local);
	verdict_test_vpc_free(fix->remote);
	if (fix->peer)
		free_netdev(fix->peer);
	if (fix->other_peer)
		free_netdev(fix->other_peer);
}

static void verdict_test_apply(struct kunit *test, struct verdict_test_fixture *fix,
			       enum verdict_test_setup setup)
{
	struct vpcpeer_endpoint *ep = fix->ep;

	switch (setup) {
	case VT_UP:
		break;
	case VT_ADMIN_DOWN:
		WRITE_ONCE(ep->up, false);
		break;
	case VT_NO_PEER:
		RCU_INIT_POINTER(ep->peer, NULL);
		break;
	case VT_NO_LOCAL:
		RCU_INIT_POINTER(ep->local, NULL);
		break;
	case VT_NO_REMOTE:
		RCU_INIT_POINTER(ep->remote, NULL);
		break;
	case VT_TORN_DOWN:
		WRITE_ONCE(ep->up, false);
		RCU_INIT_POINTER(ep->peer, NULL);
		RCU_INIT_POINTER(ep->local, NULL);
		RCU_INIT_POINTER(ep->remote, NULL);
		break;
	case VT_V6_CIDRS_ONLY:
	case VT_V4_CIDRS_ONLY:
		mutex_lock(&verdict_test_lock);
		vpcpeer_lpm_free(verdict_test_set(fix->local,
						  setup == VT_V4_CIDRS_ONLY));
		vpcpeer_lpm_free(verdict_test_set(fix->remote,
						  setup == VT_V4_CIDRS_ONLY));
		mutex_unlock(&verdict_test_lock);
		KUNIT_ASSERT_NE(test, vpcpeer_vpc_nr_cidrs(fix->local), 0U);
		KUNIT_ASSERT_NE(test, vpcpeer_vpc_nr_cidrs(fix->remote), 0U);
		break;
	}
}

/*
 * The bytes of @ext, and the IPv6 next header that leads to them. A routing
 * header (type 0 layout) has one address; its segments left is byte 3.
 */
static unsigned int verdict_test_ext_bytes(enum verdict_test_ext ext, u8 *buf,
					   u8 *nexthdr)
{
	static const u8 nops[] = { IPOPT_NOOP, IPOPT_NOOP, IPOPT_NOOP, IPOPT_NOOP };
	static const u8 lsrr[] = { IPOPT_LSRR, 7, 4, 10, 2, 0, 9, IPOPT_END };
	static const u8 ssrr[] = { IPOPT_SSRR, 7, 4, 10, 2, 0, 9, IPOPT_END };
	static const u8 rr_lsrr[] = { IPOPT_RR, 7, 4, 0, 0, 0, 0,
				      IPOPT_LSRR, 7, 4, 10, 2, 0, 9,
				      IPOPT_NOOP, IPOPT_END };
	static const u8 bad_len[] = { IPOPT_RR, 40, 4, 0 };
	static const u8 dst[] = { NEXTHDR_NONE, 0, 1, 4, 0, 0, 0, 0 };
	static const u8 dst_rh[] = { NEXTHDR_ROUTING, 0, 1, 4, 0, 0, 0, 0 };
	u8 rh[24] = { NEXTHDR_NONE, 2, 0, 1 };
	const u8 *bytes = NULL;
	unsigned int len = 0;

	*nexthdr = NEXTHDR_NONE;
	switch (ext) {
	case VT_EXT_NONE:
		break;
	case VT_EXT_V4_NOPS:
		bytes = nops;
		len = sizeof(nops);
		break;
	case VT_EXT_V4_LSRR:
		bytes = lsrr;
		len = sizeof(lsrr);
		break;
	case VT_EXT_V4_SSRR:
		bytes = ssrr;
		len = sizeof(ssrr);
		break;
	case VT_EXT_V4_RR_LSRR:
		bytes = rr_lsrr;
		len = sizeof(rr_lsrr);
		break;
	case VT_EXT_V4_BAD_LEN:
		bytes = bad_len;
		len = sizeof(bad_len);
		break;
	case VT_EXT_V6_RH_SPENT:
		rh[3] = 0;
		fallthrough;
	case VT_EXT_V6_RH:
		*nexthdr = NEXTHDR_ROUTING;
		bytes = rh;
		len = sizeof(rh);
		break;
	case VT_EXT_V6_DST_RH:
		*nexthdr = NEXTHDR_DEST;
		memcpy(buf, dst_rh, sizeof(dst_rh));
		memcpy(buf + sizeof(dst_rh), rh, sizeof(rh));
		return sizeof(dst_rh) + sizeof(rh);
	case VT_EXT_V6_DST:
		*nexthdr = NEXTHDR_DEST;
		bytes = dst;
		len = sizeof(dst);
		break;
	}
	if (len)
		memcpy(buf, bytes, len);
	return len;
}

/* The packet of @c in a fresh skb, its network header at skb->data. */
static struct sk_buff *verdict_test_skb(struct kunit *test,
					const struct verdict_test_case *c)
{
	union {
		struct iphdr v4;
		struct ipv6hdr v6;
		u8 raw[sizeof(struct arphdr) + 2 * (ETH_ALEN + 4)];
	} h;
	enum verdict_test_hdr hdr = c->hdr;
	unsigned int len, ext_len;
	struct sk_buff *skb;
	u8 ext[64], nexthdr;
	u16 proto;
	int ok = 1;

	ext_len = verdict_test_ext_bytes(c->ext, ext, &nexthdr);

	if (hdr == VT_HDR_AUTO)
		hdr = verdict_test_is_v6(c->src) ? VT_HDR_IPV6 : VT_HDR_IPV4;

	memset(&h, 0, sizeof(h));
	switch (hdr) {
	case VT_HDR_IPV4:
		len = sizeof(h.v4);
		proto = ETH_P_IP;
		h.v4.version = c->version ?: 4;
		h.v4.ihl = 5 + ext_len / 4;
		h.v4.tot_len = htons(len + ext_len);
		h.v4.ttl = 64;
		h.v4.protocol = IPPROTO_UDP;
		ok = in4_pton(c->src, -1, (u8 *)&h.v4.saddr, -1, NULL) &&
		     in4_pton(c->dst, -1, (u8 *)&h.v4.daddr, -1, NULL);
		break;
	case VT_HDR_IPV6:
		len = sizeof(h.v6);
		proto = ETH_P_IPV6;
		h.v6.version = c->version ?: 6;
		h.v6.nexthdr = nexthdr;
		h.v6.payload_len = htons(ext_len);
		h.v6.hop_limit = 64;
		ok = in6_pton(c->src, -1, h.v6.saddr.s6_addr, -1, NULL) &&
		     in6_pton(c->dst, -1, h.v6.daddr.s6_addr, -1, NULL);
		break;
	default:
		len = sizeof(h.raw);
		proto = ETH_P_ARP;
		break;
	}
	KUNIT_ASSERT_TRUE_MSG(test, ok, "%s: bad address", c->desc);
	KUNIT_ASSERT_LE(test, c->trunc, len);

	skb = alloc_skb(VT_TEST_HEADROOM + len + ext_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, VT_TEST_HEADROOM);
	skb_put_data(skb, &h, len - c->trunc);
	if (!c->trunc)
		skb_put_data(skb, ext, ext_len);
	skb_reset_network_header(skb);
	skb->protocol = htons(c->proto ?: proto);
	return skb;
}

/* Judge @skb (and free it); *@peer is what the hook set it to. */
static int verdict_test_judge(struct verdict_test_fixture *fix, struct sk_buff *skb,
			      struct net_device **peer)
{
	int ret;

	*peer = NULL;
	rcu_read_lock_bh();
	ret = vpcpeer_verdict(fix->ep, skb, peer);
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return ret;
}

/* Expect @c's verdict; on a pass, the peer must be the one given. */
static void verdict_test_expect(struct kunit *test, const struct verdict_test_case *c,
				struct net_device *want_peer)
{
	struct verdict_test_fixture *fix = test->priv;
	struct net_device *peer;
	int got;

	got = verdict_test_judge(fix, verdict_test_skb(test, c), &peer);
	KUNIT_EXPECT_EQ_MSG(test, got, c->want,
			    "%s (%s -> %s): got %s, want %s", c->desc,
			    c->src, c->dst, verdict_test_reason(got),
			    verdict_test_reason(c->want));
	if (c->want == VPCPEER_PASS && got == VPCPEER_PASS)
		KUNIT_EXPECT_PTR_EQ_MSG(test, peer, want_peer,
					"%s: wrong peer", c->desc);
}

/* A well-formed packet from @src to @dst must get @want. */
static void verdict_test_expect_ip(struct kunit *test, const char *src,
				   const char *dst, int want,
				struct net_device *want_peer)
{
	const struct verdict_test_case c = {
		.desc = "packet", .src = src, .dst = dst, .want = want,
	};

	verdict_test_expect(test, &c, want_peer);
}

/* ---- the table ---------------------------------------------------------- */

static const struct verdict_test_case verdict_test_cases[] = {
	/* IPv4 passes: source in A, destination in B. */
	{ .desc = "v4 pass", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_PASS },
	{ .desc = "v4 pass, last of A to first of B",
	  .src = "10.1.255.255", .dst = "10.2.0.0", .want = VPCPEER_PASS },
	{ .desc = "v4 pass, second CIDRs", .src = "192.168.7.1",
	  .dst = "172.31.255.255", .want = VPCPEER_PASS },
	{ .desc = "v4 pass, /32 source", .src = "203.0.113.9",
	  .dst = "172.16.0.0", .want = VPCPEER_PASS },

	/* IPv6 passes. */
	{ .desc = "v6 pass", .src = "2001:db8:a::5", .dst = "2001:db8:b::7",
	  .want = VPCPEER_PASS },
	{ .desc = "v6 pass, last of A to first of B",
	  .src = "2001:db8:a:ffff:ffff:ffff:ffff:ffff", .dst = "2001:db8:b::",
	  .want = VPCPEER_PASS },
	{ .desc = "v6 pass, /128 source", .src = "fd00:a::9",
	  .dst = "fd00:b::ffff:ffff:ffff:ffff", .want = VPCPEER_PASS },

	/* Source routes: never cross, whatever the addresses. */
	{ .desc = "v4 harmless options", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_PASS, .ext = VT_EXT_V4_NOPS },
	{ .desc = "v4 loose source route", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_SOURCE_ROUTE, .ext = VT_EXT_V4_LSRR },
	{ .desc = "v4 strict source route", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_SOURCE_ROUTE, .ext = VT_EXT_V4_SSRR },
	{ .desc = "v4 record route, then a loose source route",
	  .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_SOURCE_ROUTE, .ext = VT_EXT_V4_RR_LSRR },
	{ .desc = "v4 source route on a down peering", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_SOURCE_ROUTE,
	  .setup = VT_TORN_DOWN, .ext = VT_EXT_V4_LSRR },
	{ .desc = "v4 option longer than the options", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_NOT_IP,
	  .ext = VT_EXT_V4_BAD_LEN },
	{ .desc = "v6 routing header, a segment left", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_SOURCE_ROUTE,
	  .ext = VT_EXT_V6_RH },
	{ .desc = "v6 routing header, no segment left", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_PASS,
	  .ext = VT_EXT_V6_RH_SPENT },
	{ .desc = "v6 routing header after destination options",
	  .src = "2001:db8:a::5", .dst = "2001:db8:b::7",
	  .want = VPCPEER_DROP_SOURCE_ROUTE, .ext = VT_EXT_V6_DST_RH },
	{ .desc = "v6 destination options only", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_PASS,
	  .ext = VT_EXT_V6_DST },

	/* Not IP: other protocols, short headers, wrong version field. */
	{ .desc = "ARP", .want = VPCPEER_DROP_NOT_IP,
	  .hdr = VT_HDR_ARP },
	{ .desc = "ARP on a down peering", .want = VPCPEER_DROP_NOT_IP,
	  .setup = VT_TORN_DOWN, .hdr = VT_HDR_ARP },
	{ .desc = "v4 header of 19 bytes", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_NOT_IP, .trunc = 1 },
	{ .desc = "v4 protocol, empty packet", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_NOT_IP, .trunc = 20 },
	{ .desc = "v4 protocol, version field 6", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_NOT_IP, .version = 6 },
	{ .desc = "v4 protocol, version field 15", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_NOT_IP, .version = 15 },
	{ .desc = "v4 protocol, an IPv6 packet", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_NOT_IP,
	  .proto = ETH_P_IP },
	{ .desc = "v6 header of 39 bytes", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_NOT_IP, .trunc = 1 },
	{ .desc = "v6 protocol, version field 4", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_NOT_IP, .version = 4 },
	{ .desc = "v6 protocol, an IPv4 packet", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_NOT_IP,
	  .proto = ETH_P_IPV6 },

	/* Peering down, for a packet that would otherwise pass. */
	{ .desc = "v4 admin down", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_PEERING_DOWN, .setup = VT_ADMIN_DOWN },
	{ .desc = "v4 no peer", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_PEERING_DOWN, .setup = VT_NO_PEER },
	{ .desc = "v4 no local VPC", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_PEERING_DOWN, .setup = VT_NO_LOCAL },
	{ .desc = "v4 no remote VPC", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_PEERING_DOWN, .setup = VT_NO_REMOTE },
	{ .desc = "v4 torn down", .src = "10.1.0.5", .dst = "10.2.0.7",
	  .want = VPCPEER_DROP_PEERING_DOWN, .setup = VT_TORN_DOWN },
	{ .desc = "v4 admin down, source not local", .src = "10.3.0.1",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_PEERING_DOWN,
	  .setup = VT_ADMIN_DOWN },
	{ .desc = "v6 admin down", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_PEERING_DOWN,
	  .setup = VT_ADMIN_DOWN },
	{ .desc = "v6 no peer", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_PEERING_DOWN,
	  .setup = VT_NO_PEER },
	{ .desc = "v6 no local VPC", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_PEERING_DOWN,
	  .setup = VT_NO_LOCAL },
	{ .desc = "v6 no remote VPC", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_PEERING_DOWN,
	  .setup = VT_NO_REMOTE },

	/* Source not in A: among them the transitive ones. */
	{ .desc = "v4 source in a third VPC (transitive)", .src = "10.3.0.1",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v4 source just below A", .src = "10.0.255.255",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v4 source next to the /32", .src = "203.0.113.8",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v4 source in B (hairpin)", .src = "10.2.0.9",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v4 from B to A (wrong way)", .src = "10.2.0.7",
	  .dst = "10.1.0.5", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v4 packet, IPv6 CIDRs only", .src = "10.1.0.5",
	  .dst = "10.2.0.7", .want = VPCPEER_DROP_SRC_NOT_LOCAL,
	  .setup = VT_V6_CIDRS_ONLY },
	{ .desc = "v6 source in a third VPC (transitive)",
	  .src = "2001:db8:c::1", .dst = "2001:db8:b::7",
	  .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v6 source just below A",
	  .src = "2001:db8:9:ffff:ffff:ffff:ffff:ffff", .dst = "2001:db8:b::7",
	  .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v6 source next to the /128", .src = "fd00:a::8",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v6 source in B (hairpin)", .src = "2001:db8:b::9",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v6 from B to A (wrong way)", .src = "2001:db8:b::7",
	  .dst = "2001:db8:a::5", .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	{ .desc = "v6 packet, IPv4 CIDRs only", .src = "2001:db8:a::5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_SRC_NOT_LOCAL,
	  .setup = VT_V4_CIDRS_ONLY },
	{ .desc = "v6 source v4-mapped from A", .src = "::ffff:10.1.0.5",
	  .dst = "2001:db8:b::7", .want = VPCPEER_DROP_SRC_NOT_LOCAL },

	/* Destination not in B: among them edge-to-edge through A. */
	{ .desc = "v4 destination in neither", .src = "10.1.0.5",
	  .dst = "10.3.0.1", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v4 destination just past B", .src = "10.1.0.5",
	  .dst = "172.32.0.0", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v4 destination in A (edge-to-edge)", .src = "10.1.0.5",
	  .dst = "10.1.0.6", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v4 destination 0.0.0.0", .src = "10.1.0.5",
	  .dst = "0.0.0.0", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v6 destination in neither", .src = "2001:db8:a::5",
	  .dst = "2001:db8:c::1", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v6 destination just past B", .src = "fd00:a::9",
	  .dst = "fd00:b:0:1::", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v6 destination in A (edge-to-edge)", .src = "2001:db8:a::5",
	  .dst = "2001:db8:a::6", .want = VPCPEER_DROP_DST_NOT_PEER },
	{ .desc = "v6 destination v4-mapped into B", .src = "2001:db8:a::5",
	  .dst = "::ffff:10.2.0.7", .want = VPCPEER_DROP_DST_NOT_PEER },
};

static void verdict_test_case_desc(const struct verdict_test_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(verdict_test, verdict_test_cases, verdict_test_case_desc);

static void verdict_test_table(struct kunit *test)
{
	const struct verdict_test_case *c = test->param_value;
	struct verdict_test_fixture *fix = test->priv;

	verdict_test_apply(test, fix, c->setup);
	verdict_test_expect(test, c, fix->peer);
}

/* ---- changes take effect at once ---------------------------------------- */

/*
 * Each change is followed by a verdict straight away, with no grace period
 * in between: the next packet must see it.
 */
static void verdict_test_cidr_removed(struct kunit *test)
{
	struct verdict_test_fixture *fix = test->priv;
	static const struct {
		const char *src, *dst, *local, *remote;
		const char *other_src, *other_dst;
	} fams[] = {
		{ "10.1.0.5", "10.2.0.7", "10.1.0.0/16", "10.2.0.0/16",
		  "192.168.7.1", "172.16.0.1" },
		{ "2001:db8:a::5", "2001:db8:b::7", "2001:db8:a::/48",
		  "2001:db8:b::/48", "fd00:a::9", "fd00:b::1" },
	};
	struct net_device *peer = fix->peer;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fams); i++) {
		verdict_test_expect_ip(test, fams[i].src, fams[i].dst,
				       VPCPEER_PASS, peer);

		/* The destination's CIDR leaves B. */
		KUNIT_ASSERT_EQ(test, verdict_test_cidr_op(fix->remote,
							   fams[i].remote,
							false), 0);
		verdict_test_expect_ip(test, fams[i].src, fams[i].dst,
				       VPCPEER_DROP_DST_NOT_PEER, peer);
		verdict_test_expect_ip(test, fams[i].other_src,
				       fams[i].other_dst, VPCPEER_PASS, peer);
		KUNIT_ASSERT_EQ(test, verdict_test_cidr_op(fix->remote,
							   fams[i].remote,
							true), 0);
		verdict_test_expect_ip(test, fams[i].src, fams[i].dst,
				       VPCPEER_PASS, peer);

		/* The source's CIDR leaves A. */
		KUNIT_ASSERT_EQ(test, verdict_test_cidr_op(fix->local,
							   fams[i].local,
							false), 0);
		verdict_test_expect_ip(test, fams[i].src, fams[i].dst,
				       VPCPEER_DROP_SRC_NOT_LOCAL, peer);
		verdict_test_expect_ip(test, fams[i].other_src,
				       fams[i].other_dst, VPCPEER_PASS, peer);
		KUNIT_ASSERT_EQ(test, verdict_test_cidr_op(fix->local,
							   fams[i].local,
							true), 0);
		verdict_test_expect_ip(test, fams[i].src, fams[i].dst,
				       VPCPEER_PASS, peer);
	}
}

static void verdict_test_state_changes(struct kunit *test)
{
	struct verdict_test_fixture *fix = test->priv;
	struct vpcpeer_endpoint *ep = fix->ep;

	verdict_test_expect_ip(test, "10.1.0.5", "10.2.0.7", VPCPEER_PASS,
			       fix->peer);
	WRITE_ONCE(ep->up, false);
	verdict_test_expect_ip(test, "10.1.0.5", "10.2.0.7",
			       VPCPEER_DROP_PEERING_DOWN, NULL);
	WRITE_ONCE(ep->up, true);
	verdict_test_expect_ip(test, "10.1.0.5", "10.2.0.7", VPCPEER_PASS,
			       fix->peer);

	/* The peer handed back is the endpoint's current one. */
	rcu_assign_pointer(ep->peer, fix->other_peer);
	verdict_test_expect_ip(test, "2001:db8:a::5", "2001:db8:b::7",
			       VPCPEER_PASS, fix->other_peer);

	/* Swapping the VPCs turns the directions round. */
	rcu_assign_pointer(ep->local, fix->remote);
	rcu_assign_pointer(ep->remote, fix->local);
	verdict_test_expect_ip(test, "10.1.0.5", "10.2.0.7",
			       VPCPEER_DROP_SRC_NOT_LOCAL, NULL);
	verdict_test_expect_ip(test, "10.2.0.7", "10.1.0.5", VPCPEER_PASS,
			       fix->other_peer);
	verdict_test_expect_ip(test, "2001:db8:b::7", "2001:db8:a::5",
			       VPCPEER_PASS, fix->other_peer);
}

/* ---- headers outside the linear data ------------------------------------ */

/*
 * The first @linear bytes of @c's header in the skb's head, the rest in a
 * page fragment: the hook must pull the header before it reads it.
 */
static void verdict_test_paged_one(struct kunit *test,
				   const struct verdict_test_case *c,
				unsigned int linear)
{
	struct verdict_test_fixture *fix = test->priv;
	struct sk_buff *skb, *flat;
	struct net_device *peer;
	struct page *page;
	unsigned int len;
	int got;

	/* Lay the header out flat first, then split it. */
	flat = verdict_test_skb(test, c);
	len = flat->len;
	KUNIT_ASSERT_LT(test, linear, len);

	skb = alloc_skb(VT_TEST_HEADROOM + linear, GFP_KERNEL);
	page = alloc_page(GFP_KERNEL);
	if (!skb || !page) {
		kfree_skb(skb);
		if (page)
			__free_page(page);
		kfree_skb(flat);
		KUNIT_FAIL(test, "out of memory");
		return;
	}
	skb_reserve(skb, VT_TEST_HEADROOM);
	skb_put_data(skb, flat->data, linear);
	memcpy(page_address(page), flat->data + linear, len - linear);
	skb_add_rx_frag(skb, 0, page, 0, len - linear, PAGE_SIZE);
	skb_reset_network_header(skb);
	skb->protocol = flat->protocol;
	kfree_skb(flat);
	KUNIT_EXPECT_EQ(test, skb_headlen(skb), linear);

	got = verdict_test_judge(fix, skb, &peer);
	KUNIT_EXPECT_EQ_MSG(test, got, c->want, "%s, %u bytes linear: got %s",
			    c->desc, linear, verdict_test_reason(got));
	if (got == VPCPEER_PASS)
		KUNIT_EXPECT_PTR_EQ(test, peer, fix->peer);
}

static void verdict_test_paged_header(struct kunit *test)
{
	static const struct verdict_test_case cases[] = {
		{ .desc = "v4 pass", .src = "10.1.0.5", .dst = "10.2.0.7",
		  .want = VPCPEER_PASS },
		{ .desc = "v4 dst not peer", .src = "10.1.0.5",
		  .dst = "10.3.0.1", .want = VPCPEER_DROP_DST_NOT_PEER },
		{ .desc = "v6 pass", .src = "2001:db8:a::5",
		  .dst = "2001:db8:b::7", .want = VPCPEER_PASS },
		{ .desc = "v6 src not local", .src = "2001:db8:c::5",
		  .dst = "2001:db8:b::7",
		  .want = VPCPEER_DROP_SRC_NOT_LOCAL },
	};
	static const unsigned int linear[] = { 0, 1, 12, 19 };
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		for (j = 0; j < ARRAY_SIZE(linear); j++)
			verdict_test_paged_one(test, &cases[i], linear[j]);
}

/*
 * The verdict judges the header at skb->data, which is what the far side
 * parses: a packet whose network header lies elsewhere is not IP to it,
 * and neither is an IPv4 header that claims fewer than 20 bytes.
 */
static void verdict_test_misplaced_header(struct kunit *test)
{
	static const struct verdict_test_case cases[] = {
		{ .desc = "v4", .src = "10.1.0.5", .dst = "10.2.0.7",
		  .want = VPCPEER_PASS },
		{ .desc = "v6", .src = "2001:db8:a::5", .dst = "2001:db8:b::7",
		  .want = VPCPEER_PASS },
	};
	struct verdict_test_fixture *fix = test->priv;
	struct net_device *peer;
	struct sk_buff *skb;
	unsigned int i;
	int got;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* as built, it crosses */
		verdict_test_expect(test, &cases[i], fix->peer);

		skb = verdict_test_skb(test, &cases[i]);
		skb_push(skb, 4);
		got = verdict_test_judge(fix, skb, &peer);
		KUNIT_EXPECT_EQ_MSG(test, got, VPCPEER_DROP_NOT_IP,
				    "%s, 4 bytes before the header: got %s",
				    cases[i].desc, verdict_test_reason(got));

		skb = verdict_test_skb(test, &cases[i]);
		skb_set_network_header(skb, 4);
		got = verdict_test_judge(fix, skb, &peer);
		KUNIT_EXPECT_EQ_MSG(test, got, VPCPEER_DROP_NOT_IP,
				    "%s, header 4 bytes into the data: got %s",
				    cases[i].desc, verdict_test_reason(got));
	}

	skb = verdict_test_skb(test, &cases[0]);
	ip_hdr(skb)->ihl = 4;
	got = verdict_test_judge(fix, skb, &peer);
	KUNIT_EXPECT_EQ_MSG(test, got, VPCPEER_DROP_NOT_IP,
			    "v4 with ihl 4: got %s", verdict_test_reason(got));
}

/*
 * The one list of drop reasons keeps the public names (sysfs, ethtool -S,
 * the tracepoint) and the uAPI numbers of the frozen version 1: the
 * counter attribute (after VPCPEER_DROP_A_PAD, 1) and PEERING_TEST's
 * reason, written out so that a renumbering fails here; and the core's
 * reason each is freed with, where the core has one that says the same.
 */
static void verdict_test_reason_table(struct kunit *test)
{
	static const struct {
		enum vpcpeer_verdict verdict;
		u16 attr;
		u8 reason;
		enum skb_drop_reason core;
	} want[] = {
		{ VPCPEER_DROP_NOT_IP, 2, 1, SKB_DROP_REASON_UNHANDLED_PROTO },
		{ VPCPEER_DROP_PEERING_DOWN, 3, 2, SKB_DROP_REASON_DEV_READY },
		{ VPCPEER_DROP_SRC_NOT_LOCAL, 4, 3, SKB_DROP_REASON_NOT_SPECIFIED },
		{ VPCPEER_DROP_DST_NOT_PEER, 5, 4, SKB_DROP_REASON_NOT_SPECIFIED },
		{ VPCPEER_DROP_SOURCE_ROUTE, 6, 5, SKB_DROP_REASON_NOT_SPECIFIED },
		{ VPCPEER_DROP_TOO_BIG, 7, 6, SKB_DROP_REASON_PKT_TOO_BIG },
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(want), VPCPEER_NR_VERDICTS - 1);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct vpcpeer_drop_desc *r = &vpcpeer_drop_reasons[want[i].verdict];

		KUNIT_EXPECT_EQ(test, r->attr, want[i].attr);
		KUNIT_EXPECT_EQ(test, r->reason, want[i].reason);
		KUNIT_EXPECT_EQ(test, r->core, want[i].core);
		KUNIT_EXPECT_STREQ(test, r->name, verdict_test_reason(want[i].verdict));
	}
}

static struct kunit_case vpcpeer_verdict_test_cases[] = {
	KUNIT_CASE_PARAM(verdict_test_table, verdict_test_gen_params),
	KUNIT_CASE(verdict_test_cidr_removed),
	KUNIT_CASE(verdict_test_state_changes),
	KUNIT_CASE(verdict_test_paged_header),
	KUNIT_CASE(verdict_test_misplaced_header),
	KUNIT_CASE(verdict_test_reason_table),
	{}
};

struct kunit_suite vpcpeer_verdict_test_suite = {
	.name = "vpcpeer_verdict",
	.init = verdict_test_init,
	.exit = verdict_test_exit,
	.test_cases = vpcpeer_verdict_test_cases,
};
