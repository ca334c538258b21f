// SPDX-License-Identifier: GPL-2.0
/*
 * genl-fuzz: a generic netlink fuzzer for the vpcpeer family, independent of
 * vpcpeerctl (raw sockets, no libmnl).
 *
 *   genl-fuzz [-n MESSAGES] [-s SEED] [-t SECONDS] VRF...
 *   genl-fuzz -D SECONDS
 *   genl-fuzz -S VRF VRF VRF
 *
 * Runs in the network namespace it is started in, whose VRF netdevices it is
 * given. It sends MESSAGES generated requests (or as many as fit in SECONDS)
 * built from the uAPI: every command, valid and mutated (random, missing,
 * duplicated, oversized and wrongly typed attributes, garbage in nests,
 * truncated headers and bodies, bad lengths, strings without a NUL, CIDRs
 * with host bits or bad lengths, unknown commands and flags). Each request
 * must get replies that are well formed and end in an NLMSG_ERROR or
 * NLMSG_DONE of its sequence number, except those the netlink core drops
 * by design (a length field outside the datagram), after which the socket
 * must still answer. The requests the kernel acknowledged with 0 are
 * applied to a model, parsed from the bytes sent the way the kernel parses
 * them; at the end the VPC and peering dumps must equal the model.
 *
 * With -D it only dumps the VPCs, again and again for SECONDS, while other
 * processes change them: each dump must complete, and one the kernel did
 * not mark NLM_F_DUMP_INTR must be consistent; it counts those it marked.
 *
 * With -S it only checks the uAPI's edges: every request command refuses
 * each attribute it does not take, with EINVAL and an extack message; on
 * the three VRFs, names outside [A-Za-z0-9._-] are refused, refusals that
 * name the longest names and prefixes keep their messages whole, dump
 * filters match whole names only and flag their messages
 * NLM_F_DUMP_FILTERED, and a peering can be created administratively down.
 *
 * Prints the seed first and one summary line last; exits 1 on any failed
 * check, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/vpcpeer.h>

/* Room for an attribute of either object set: the peering's is the larger. */
#define ANY_A_MAX VPCPEER_PEERING_A_MAX
static_assert(VPCPEER_VPC_A_MAX <= ANY_A_MAX, "ANY_A_MAX holds a VPC attribute");

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define MSG_MAX		8192
#define RX_MAX		(256 * 1024)
#define MAX_OBJS	256
#define MAX_CIDRS	512
#define NAME_LEN	80
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Deterministic PRNG (xorshift64*), so a seed reproduces a run. */
static u64 rng_state;

static u64 rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned int rnd(unsigned int n)
{
	return n ? (unsigned int)(rnd64() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static int failures;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("genl-fuzz: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

/* ---- the model ---- */

struct cidr {
	u16 family;
	u8 plen;
	u8 addr[16];
};

struct vpc {
	char name[NAME_LEN];
	u32 vrf;
	unsigned int nr;
	struct cidr cidrs[MAX_CIDRS];
};

struct peering {
	char name[NAME_LEN];
	char a[NAME_LEN], b[NAME_LEN];
	u32 flags;
	u8 up;
};

struct state {
	unsigned int nr_vpcs, nr_peerings;
	struct vpc vpcs[MAX_OBJS];
	struct peering peerings[MAX_OBJS];
};

static struct state model, seen;

static struct vpc *vpc_find(struct state *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nr_vpcs; i++)
		if (!strcmp(s->vpcs[i].name, name))
			return &s->vpcs[i];
	return NULL;
}

static struct peering *peering_find(struct state *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->nr_peerings; i++)
		if (!strcmp(s->peerings[i].name, name))
			return &s->peerings[i];
	return NULL;
}

static int cidr_cmp(const void *x, const void *y)
{
	const struct cidr *a = x, *b = y;

	if (a->family != b->family)
		return a->family - b->family;
	if (a->plen != b->plen)
		return a->plen - b->plen;
	return memcmp(a->addr, b->addr, 16);
}

static int cidr_index(const struct vpc *v, const struct cidr *c)
{
	unsigned int i;

	for (i = 0; i < v->nr; i++)
		if (!cidr_cmp(&v->cidrs[i], c))
			return i;
	return -1;
}

/* ---- building requests ---- */

struct msg {
	u8 buf[MSG_MAX];
	size_t len;
};

static struct nlattr *put(struct msg *m, u16 type, const void *data,
			  size_t len)
{
	struct nlattr *nla = (struct nlattr *)(m->buf + m->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	if (m->len + total > MSG_MAX)
		return NULL;
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((u8 *)nla + NLA_HDRLEN, data, len);
	memset((u8 *)nla + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	m->len += total;
	return nla;
}

static void put_u8(struct msg *m, u16 type, u8 v)
{
	put(m, type, &v, 1);
}

static void put_u16(struct msg *m, u16 type, u16 v)
{
	put(m, type, &v, 2);
}

static void put_u32(struct msg *m, u16 type, u32 v)
{
	put(m, type, &v, 4);
}

/* A string, usually with its NUL, sometimes without. */
static void put_str(struct msg *m, u16 type, const char *s, bool nul)
{
	put(m, type, s, strlen(s) + nul);
}

static size_t nest_start(struct msg *m, u16 type)
{
	size_t off = m->len;

	put(m, type | NLA_F_NESTED, NULL, 0);
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	((struct nlattr *)(m->buf + off))->nla_len = m->len - off;
}

static const char *const vpc_pool[] = { "v0", "v1", "v2", "v3", "v4", "v5" };
static const char *const peering_pool[] = { "p0", "p1", "p2", "p3", "p4" };
static char vrf_names[8][IFNAMSIZ];
static u32 vrf_index[8];
static unsigned int nr_vrfs;

/* The message being built is to be mutated: bad values too. */
static bool mutating;

/* A name: usually from the pool, else random (odd bytes, long, empty). */
static void gen_name(char *out, const char *const *pool, unsigned int n)
{
	unsigned int len, i;

	if (!mutating || chance(70)) {
		strcpy(out, pool[rnd(n)]);
		return;
	}
	len = rnd(4) ? rnd(18) : rnd(NAME_LEN - 1);
	for (i = 0; i < len; i++)
		out[i] = chance(80) ? 'a' + rnd(26) : 1 + rnd(255);
	out[len] = 0;
}

static void gen_cidr(struct cidr *c)
{
	unsigned int plen;

	memset(c, 0, sizeof(*c));
	if (chance(60)) {
		c->family = AF_INET;
		plen = chance(70) ? 24 : chance(50) ? 16 : rnd(33);
		c->addr[0] = 10;
		c->addr[1] = rnd(4);
		c->addr[2] = rnd(8);
	} else {
		c->family = AF_INET6;
		plen = chance(70) ? 48 : chance(50) ? 32 : rnd(129);
		c->addr[0] = 0xfd;
		c->addr[3] = rnd(4);
		c->addr[5] = rnd(8);
	}
	c->plen = plen;
	/* clear the host bits, as a valid CIDR must */
	for (unsigned int bit = plen; bit < 128; bit++)
		c->addr[bit / 8] &= ~(0x80 >> (bit % 8));
}

/* A CIDR nest; sometimes with host bits, a bad prefix length or family. */
static void put_cidr(struct msg *m, u16 type)
{
	struct cidr c;
	size_t nest;
	unsigned int alen;

	gen_cidr(&c);
	alen = c.family == AF_INET ? 4 : 16;
	if (mutating && chance(30))
		c.addr[alen - 1] |= 1;			/* host bits */
	if (mutating && chance(15))
		c.plen = alen * 8 + 1 + rnd(200);	/* too long */
	if (mutating && chance(10))
		c.family = rnd(64);			/* bad family */
	if (mutating && chance(10))
		alen = rnd(20);				/* bad address length */
	nest = nest_start(m, type);
	if (!mutating || !chance(10))
		put_u16(m, VPCPEER_CIDR_A_FAMILY, c.family);
	if (!mutating || !chance(10))
		put(m, VPCPEER_CIDR_A_ADDR, c.addr, alen);
	if (!mutating || !chance(10))
		put_u8(m, VPCPEER_CIDR_A_PREFIXLEN, c.plen);
	nest_end(m, nest);
}

static void put_name(struct msg *m, u16 type, const char *const *pool,
		     unsigned int n)
{
	char name[NAME_LEN];

	gen_name(name, pool, n);
	put_str(m, type, name, !mutating || !chance(20));
}

/* The attributes of a plausible request for @cmd. */
static void gen_attrs(struct msg *m, u8 cmd)
{
	unsigned int i, n;

	switch (cmd) {
	case VPCPEER_CMD_VPC_NEW:
		put_name(m, VPCPEER_VPC_A_NAME, vpc_pool, 6);
		if (nr_vrfs && chance(50))
			put_u32(m, VPCPEER_VPC_A_VRF_IFINDEX,
				chance(95) ? vrf_index[rnd(nr_vrfs)] : rnd(64));
		else if (nr_vrfs)
			put_str(m, VPCPEER_VPC_A_VRF_IFNAME,
				chance(95) ? vrf_names[rnd(nr_vrfs)] : "lo", true);
		n = rnd(4);
		for (i = 0; i < n; i++)
			put_cidr(m, VPCPEER_VPC_A_CIDR);
		break;
	case VPCPEER_CMD_VPC_DEL:
		put_name(m, VPCPEER_VPC_A_NAME, vpc_pool, 6);
		break;
	case VPCPEER_CMD_VPC_CIDR_ADD:
	case VPCPEER_CMD_VPC_CIDR_DEL:
		put_name(m, VPCPEER_VPC_A_NAME, vpc_pool, 6);
		n = 1 + rnd(chance(95) ? 3 : 40);
		for (i = 0; i < n; i++)
			put_cidr(m, VPCPEER_VPC_A_CIDR);
		break;
	case VPCPEER_CMD_VPC_GET:
		if (chance(30))
			put_name(m, VPCPEER_VPC_A_NAME, vpc_pool, 6);
		break;
	case VPCPEER_CMD_PEERING_NEW:
		put_name(m, VPCPEER_PEERING_A_NAME, peering_pool, 5);
		put_name(m, VPCPEER_PEERING_A_VPC_A, vpc_pool, 6);
		put_name(m, VPCPEER_PEERING_A_VPC_B, vpc_pool, 6);
		if (chance(30))
			put_u32(m, VPCPEER_PEERING_A_MTU, chance(80) ? 68 + rnd(9000) : rnd64());
		if (chance(30))
			put_u32(m, VPCPEER_PEERING_A_FLAGS, chance(80) ? rnd(2) : rnd64());
		if (chance(20))
			put_u8(m, VPCPEER_PEERING_A_ADMIN_UP, chance(95) ? rnd(2) : rnd(256));
		break;
	case VPCPEER_CMD_PEERING_DEL:
		put_name(m, VPCPEER_PEERING_A_NAME, peering_pool, 5);
		break;
	case VPCPEER_CMD_PEERING_SET:
		put_name(m, VPCPEER_PEERING_A_NAME, peering_pool, 5);
		if (!chance(5))
			put_u8(m, VPCPEER_PEERING_A_ADMIN_UP, chance(95) ? rnd(2) : rnd(256));
		if (chance(10))
			put_u32(m, VPCPEER_PEERING_A_MTU, chance(80) ? 68 + rnd(9000) : rnd64());
		if (chance(10))
			put_u32(m, VPCPEER_PEERING_A_FLAGS, chance(80) ? rnd(2) : rnd64());
		break;
	case VPCPEER_CMD_PEERING_GET:
		if (chance(70))
			put_name(m, VPCPEER_PEERING_A_NAME, peering_pool, 5);
		else if (chance(30))
			put_name(m, VPCPEER_PEERING_A_VPC, vpc_pool, 6);
		break;
	default:
		break;
	}
}

/* The attributes after the genetlink header, as offsets. */
static unsigned int attr_offsets(const struct msg *m, size_t *offs,
				 unsigned int max)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int n = 0;

	while (off + NLA_HDRLEN <= m->len && n < max) {
		const struct nlattr *nla = (const void *)(m->buf + off);

		if (nla->nla_len < NLA_HDRLEN || off + nla->nla_len > m->len)
			break;
		offs[n++] = off;
		off += NLA_ALIGN(nla->nla_len);
	}
	return n;
}

enum mutation {
	MUT_NONE,
	MUT_RANDOM_ATTR,
	MUT_MISSING,
	MUT_DUPLICATE,
	MUT_OVERSIZED,
	MUT_WRONG_TYPE,
	MUT_NEST_GARBAGE,
	MUT_TRUNCATED,
	MUT_BAD_NLA_LEN,
	MUT_BAD_NLMSG_LEN,
	MUT_SHORT_HEADER,
	MUT_CMD_FLAGS,
	NR_MUTATIONS
};

static const char *const mutation_names[NR_MUTATIONS] = {
	"valid", "random_attr", "missing", "duplicate", "oversized",
	"wrong_type", "nest_garbage", "truncated", "bad_nla_len",
	"bad_nlmsg_len", "short_header", "cmd_flags",
};

static void random_bytes(u8 *p, size_t n)
{
	while (n--)
		*p++ = rnd64();
}

/* Mutate @m; return true if the netlink core must drop it unanswered. */
static bool mutate(struct msg *m, enum mutation mut)
{
	struct nlmsghdr *nlh = (void *)m->buf;
	struct genlmsghdr *g = (void *)(m->buf + NLMSG_HDRLEN);
	size_t offs[256], off, len;
	static u8 tmp[MSG_MAX];
	unsigned int n = attr_offsets(m, offs, 256), i, depth;
	struct nlattr *nla;
	size_t nest[16];

	switch (mut) {
	case MUT_NONE:
		break;
	case MUT_RANDOM_ATTR:
		len = rnd(chance(90) ? 24 : 600);
		random_bytes(tmp, len);
		put(m, rnd(chance(80) ? ANY_A_MAX + 3 : 65536), tmp, len);
		break;
	case MUT_MISSING:
		if (!n)
			break;
		i = rnd(n);
		nla = (void *)(m->buf + offs[i]);
		len = NLA_ALIGN(nla->nla_len);
		memmove(m->buf + offs[i], m->buf + offs[i] + len,
			m->len - offs[i] - len);
		m->len -= len;
		break;
	case MUT_DUPLICATE:
		if (!n)
			break;
		nla = (void *)(m->buf + offs[rnd(n)]);
		len = NLA_ALIGN(nla->nla_len);
		if (m->len + len <= MSG_MAX) {
			memcpy(tmp, nla, len);
			memcpy(m->buf + m->len, tmp, len);
			m->len += len;
		}
		break;
	case MUT_OVERSIZED:
		len = 16 + rnd(chance(50) ? 64 : 4000);
		memset(tmp, 'x', len);
		tmp[len - 1] = chance(50) ? 0 : 'y';
		put(m, 1 + rnd(ANY_A_MAX), tmp, len);
		break;
	case MUT_WRONG_TYPE:
		/* a known attribute type with a payload of the wrong length */
		len = rnd(10);
		random_bytes(tmp, len);
		put(m, (1 + rnd(ANY_A_MAX)) | (chance(20) ? NLA_F_NESTED : 0),
		    tmp, len);
		break;
	case MUT_NEST_GARBAGE:
		depth = 1 + rnd(chance(80) ? 3 : 16);
		for (i = 0; i < depth; i++)
			nest[i] = nest_start(m, (chance(60) ? VPCPEER_VPC_A_CIDR :
						 1 + rnd(ANY_A_MAX + 2)));
		len = rnd(40);
		random_bytes(tmp, len);
		if (chance(50)) {
			put(m, rnd(8), tmp, len);
		} else if (m->len + NLA_ALIGN(len) <= MSG_MAX) {
			/* raw bytes, not even an attribute */
			memcpy(m->buf + m->len, tmp, len);
			m->len += len;
		}
		while (depth--)
			nest_end(m, nest[depth]);
		break;
	case MUT_TRUNCATED:
		/* the body cut short, the header consistent with the cut */
		if (m->len > NLMSG_HDRLEN)
			m->len = NLMSG_HDRLEN + rnd(m->len - NLMSG_HDRLEN);
		break;
	case MUT_BAD_NLA_LEN:
		if (!n)
			break;
		off = offs[rnd(n)];
		nla = (void *)(m->buf + off);
		nla->nla_len = chance(50) ? rnd(NLA_HDRLEN) : nla->nla_len + 1 + rnd(300);
		break;
	case MUT_BAD_NLMSG_LEN:
		/* longer than the datagram: the core drops it unanswered */
		nlh->nlmsg_len = m->len + 1 + rnd(5000);
		return true;
	case MUT_SHORT_HEADER:
		/* not even a netlink header, or a header without its genl one */
		m->len = chance(50) ? 1 + rnd(NLMSG_HDRLEN - 1) :
			 NLMSG_HDRLEN + rnd(GENL_HDRLEN);
		nlh->nlmsg_len = m->len;
		return m->len < NLMSG_HDRLEN;
	case MUT_CMD_FLAGS:
		if (chance(40))
			g->cmd = rnd(256);
		if (chance(30))
			g->version = rnd(256);
		if (chance(30))
			g->reserved = rnd64();
		if (chance(30))
			nlh->nlmsg_flags ^= 1u << rnd(16);
		/* a control message type, or (likely) no family at all */
		if (chance(10))
			nlh->nlmsg_type = chance(50) ? rnd(NLMSG_MIN_TYPE) :
					  0x1000 + rnd(0x1000);
		nlh->nlmsg_flags |= NLM_F_ACK;
		break;
	default:
		break;
	}
	nlh->nlmsg_len = m->len;
	return false;
}

/* ---- the socket ---- */

static int sock;
static u16 family_id;
static u32 seq = 1;
static u8 rx[RX_MAX];

static void open_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 30 };
	int one = 1, size = RX_MAX * 4;

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("genl-fuzz: netlink socket");
		exit(1);
	}
	setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(sock, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sock, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

static void send_msg(const struct msg *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(sock, m->buf, m->len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0 && errno != EINVAL) {
		perror("genl-fuzz: sendto");
		exit(1);
	}
}

static void msg_init(struct msg *m, u16 type, u16 flags, u8 cmd)
{
	struct nlmsghdr *nlh = (void *)m->buf;
	struct genlmsghdr *g = (void *)(m->buf + NLMSG_HDRLEN);

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq++;
	g->cmd = cmd;
	g->version = VPCPEER_GENL_VERSION;
}

/* What one request got back. */
struct reply {
	int error;		/* of its NLMSG_ERROR, or of NLMSG_DONE */
	bool done;		/* ended by NLMSG_DONE */
	bool intr;		/* a message had NLM_F_DUMP_INTR */
	bool why;		/* its NLMSG_ERROR carried an extack message */
	char text[128];		/* ... this one */
	unsigned int filtered;	/* messages flagged NLM_F_DUMP_FILTERED */
	unsigned int msgs;	/* family messages */
};

typedef void (*msg_cb)(const struct nlmsghdr *nlh, void *data);

/* Every attribute of a reply is well formed, nests included (depth 3). */
static bool attrs_ok(const u8 *p, size_t len, int depth)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const void *)p;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			return false;
		if ((nla->nla_type & NLA_F_NESTED) && depth > 0 &&
		    !attrs_ok(p + NLA_HDRLEN, nla->nla_len - NLA_HDRLEN, depth - 1))
			return false;
		if ((size_t)NLA_ALIGN(nla->nla_len) >= len)
			return true;
		len -= NLA_ALIGN(nla->nla_len);
		p += NLA_ALIGN(nla->nla_len);
	}
	return len == 0;
}

struct parsed {
	const struct nlattr *tb[ANY_A_MAX + 1];
	const struct nlattr *cidrs[MAX_CIDRS];
	unsigned int nr_cidrs;		/* kept in @cidrs */
	unsigned int all_cidrs;		/* in the message */
};

/*
 * The attributes in @p, @len bytes: @tb[type] for each type up to @max; @pa,
 * if given, also collects the CIDRs.
 */
static void parse_attrs(const u8 *p, size_t len, const struct nlattr **tb,
			unsigned int max, struct parsed *pa)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const void *)p;
		unsigned int type = nla->nla_type & NLA_TYPE_MASK;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			break;
		if (type <= max)
			tb[type] = nla;	/* the last one wins, as in nla_parse() */
		if (pa && type == VPCPEER_VPC_A_CIDR && pa->all_cidrs++ < MAX_CIDRS)
			pa->cidrs[pa->nr_cidrs++] = nla;
		if ((size_t)NLA_ALIGN(nla->nla_len) >= len)
			break;
		len -= NLA_ALIGN(nla->nla_len);
		p += NLA_ALIGN(nla->nla_len);
	}
}

/*
 * Does this NLMSG_ERROR (of a NETLINK_CAP_ACK socket) say why? The text
 * goes to @text, cut to @size.
 */
static bool has_extack_msg(const struct nlmsghdr *nlh, char *text, size_t size)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	size_t off = NLMSG_LENGTH(sizeof(struct nlmsgerr));
	const struct nlattr *msg;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < off)
		return false;
	parse_attrs((const u8 *)nlh + off, nlh->nlmsg_len - off, tb,
		    NLMSGERR_ATTR_MAX, NULL);
	msg = tb[NLMSGERR_ATTR_MSG];
	if (!msg || msg->nla_len <= NLA_HDRLEN)
		return false;
	snprintf(text, size, "%.*s", (int)(msg->nla_len - NLA_HDRLEN),
		 (const char *)msg + NLA_HDRLEN);
	return true;
}

static unsigned long stray_replies;

/*
 * Read the replies to request @want until its NLMSG_ERROR or NLMSG_DONE,
 * checking each; @cb sees the family's messages. Return false on a timeout.
 */
static bool receive(u32 want, struct reply *r, msg_cb cb, void *data)
{
	memset(r, 0, sizeof(*r));
	for (;;) {
		ssize_t n = recv(sock, rx, sizeof(rx), 0);
		struct nlmsghdr *nlh = (void *)rx;
		size_t left;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fail("the socket buffer overran");
				return false;
			}
			return false;
		}
		left = n;
		for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
			if (nlh->nlmsg_seq != want) {
				if (nlh->nlmsg_seq > want || nlh->nlmsg_seq == 0)
					fail("a reply with sequence %u while waiting for %u",
					     nlh->nlmsg_seq, want);
				stray_replies++;
				continue;
			}
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->intr = true;
			if (nlh->nlmsg_type == family_id &&
			    (nlh->nlmsg_flags & NLM_F_DUMP_FILTERED))
				r->filtered++;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
					fail("a short NLMSG_ERROR");
					r->error = -EBADMSG;
				} else {
					r->error = e->error;
					r->why = has_extack_msg(nlh, r->text,
								sizeof(r->text));
				}
				if (r->error > 0 || r->error < -4095)
					fail("NLMSG_ERROR with error %d", r->error);
				return true;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					r->error = *(int *)NLMSG_DATA(nlh);
				r->done = true;
				return true;
			}
			if (nlh->nlmsg_type != family_id ||
			    nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN)) {
				fail("a reply of type %u, length %u", nlh->nlmsg_type,
				     nlh->nlmsg_len);
				continue;
			}
			if (!attrs_ok((u8 *)NLMSG_DATA(nlh) + GENL_HDRLEN,
				      nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), 3)) {
				fail("malformed attributes in a reply to %u", want);
				continue;
			}
			r->msgs++;
			if (cb)
				cb(nlh, data);
		}
		if (left)
			fail("%zu stray bytes after the replies", left);
	}
}

static void resolve_family(void)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	struct nlmsghdr *nlh = (void *)rx;
	ssize_t n;
	struct msg m;

	msg_init(&m, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY);
	((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->version = 1;
	put_str(&m, CTRL_ATTR_FAMILY_NAME, VPCPEER_GENL_NAME, true);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	n = recv(sock, rx, sizeof(rx), 0);
	if (n < 0) {
		perror("genl-fuzz: family lookup");
		exit(1);
	}
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		fprintf(stderr, "genl-fuzz: no generic netlink family %s (%s)\n",
			VPCPEER_GENL_NAME,
			strerror(-((struct nlmsgerr *)NLMSG_DATA(nlh))->error));
		exit(1);
	}
	if ((size_t)n >= nlh->nlmsg_len && nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN))
		parse_attrs(rx + NLMSG_LENGTH(GENL_HDRLEN),
			    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb,
			    CTRL_ATTR_MAX, NULL);
	if (tb[CTRL_ATTR_FAMILY_ID])
		family_id = *(const u16 *)((const u8 *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN);
	if (!family_id) {
		fprintf(stderr, "genl-fuzz: no family id in the reply\n");
		exit(1);
	}
}

/* ---- applying an acknowledged request to the model ---- */

static const void *payload(const struct nlattr *nla)
{
	return (const u8 *)nla + NLA_HDRLEN;
}

static void get_str(const struct nlattr *nla, char *out)
{
	size_t len = nla ? nla->nla_len - NLA_HDRLEN : 0;

	if (len >= NAME_LEN)
		len = NAME_LEN - 1;
	memcpy(out, nla ? payload(nla) : "", len);
	out[len] = 0;
}

static u32 get_u32(const struct nlattr *nla)
{
	u32 v = 0;

	memcpy(&v, payload(nla), 4);
	return v;
}

static void get_cidr(const struct nlattr *nest, struct cidr *c)
{
	const struct nlattr *tb[VPCPEER_CIDR_A_MAX + 1] = { 0 };

	memset(c, 0, sizeof(*c));
	parse_attrs(payload(nest), nest->nla_len - NLA_HDRLEN, tb,
		    VPCPEER_CIDR_A_MAX, NULL);
	if (tb[VPCPEER_CIDR_A_FAMILY])
		memcpy(&c->family, payload(tb[VPCPEER_CIDR_A_FAMILY]), 2);
	if (tb[VPCPEER_CIDR_A_ADDR])
		memcpy(c->addr, payload(tb[VPCPEER_CIDR_A_ADDR]),
		       c->family == AF_INET ? 4 : 16);
	if (tb[VPCPEER_CIDR_A_PREFIXLEN])
		c->plen = *(const u8 *)payload(tb[VPCPEER_CIDR_A_PREFIXLEN]);
}

static void vpc_remove(struct state *s, struct vpc *v)
{
	unsigned int i = 0;

	while (i < s->nr_peerings) {
		struct peering *p = &s->peerings[i];

		if (!strcmp(p->a, v->name) || !strcmp(p->b, v->name))
			*p = s->peerings[--s->nr_peerings];
		else
			i++;
	}
	*v = s->vpcs[--s->nr_vpcs];
}

static void add_cidrs(struct vpc *v, const struct parsed *pa)
{
	unsigned int i;
	struct cidr c;

	for (i = 0; i < pa->nr_cidrs; i++) {
		get_cidr(pa->cidrs[i], &c);
		if (cidr_index(v, &c) >= 0) {
			fail("VPC %s: a CIDR added twice was accepted", v->name);
			continue;
		}
		if (v->nr == MAX_CIDRS) {
			fail("model: too many CIDRs");
			exit(1);
		}
		v->cidrs[v->nr++] = c;
	}
}

static unsigned long applied, applied_by_cmd[VPCPEER_CMD_MAX + 1];

static void apply(const struct msg *m)
{
	const struct genlmsghdr *g = (const void *)(m->buf + NLMSG_HDRLEN);
	struct parsed pa = { 0 };
	const struct nlattr **tb = pa.tb;
	char name[NAME_LEN];
	struct vpc *v;
	struct peering *p;
	unsigned int i;
	struct cidr c;
	int at;

	parse_attrs(m->buf + NLMSG_HDRLEN + GENL_HDRLEN,
		    m->len - NLMSG_HDRLEN - GENL_HDRLEN, tb, ANY_A_MAX, &pa);
	switch (g->cmd) {
	case VPCPEER_CMD_VPC_NEW:
		get_str(tb[VPCPEER_VPC_A_NAME], name);
		if (model.nr_vpcs == MAX_OBJS || vpc_find(&model, name)) {
			fail("VPC %s created twice, or too many", name);
			return;
		}
		v = &model.vpcs[model.nr_vpcs++];
		memset(v, 0, sizeof(*v));
		strcpy(v->name, name);
		if (tb[VPCPEER_VPC_A_VRF_IFINDEX]) {
			v->vrf = get_u32(tb[VPCPEER_VPC_A_VRF_IFINDEX]);
		} else {
			get_str(tb[VPCPEER_VPC_A_VRF_IFNAME], name);
			v->vrf = if_nametoindex(name);
		}
		add_cidrs(v, &pa);
		break;
	case VPCPEER_CMD_VPC_DEL:
		get_str(tb[VPCPEER_VPC_A_NAME], name);
		v = vpc_find(&model, name);
		if (!v) {
			fail("deleted VPC %s, unknown to the model", name);
			return;
		}
		vpc_remove(&model, v);
		break;
	case VPCPEER_CMD_VPC_CIDR_ADD:
	case VPCPEER_CMD_VPC_CIDR_DEL:
		get_str(tb[VPCPEER_VPC_A_NAME], name);
		v = vpc_find(&model, name);
		if (!v) {
			fail("changed VPC %s, unknown to the model", name);
			return;
		}
		if (g->cmd == VPCPEER_CMD_VPC_CIDR_ADD) {
			add_cidrs(v, &pa);
			break;
		}
		for (i = 0; i < pa.nr_cidrs; i++) {
			get_cidr(pa.cidrs[i], &c);
			at = cidr_index(v, &c);
			if (at < 0)
				continue;	/* named twice in the request */
			v->cidrs[at] = v->cidrs[--v->nr];
		}
		break;
	case VPCPEER_CMD_PEERING_NEW:
		get_str(tb[VPCPEER_PEERING_A_NAME], name);
		if (model.nr_peerings == MAX_OBJS || peering_find(&model, name)) {
			fail("peering %s created twice, or too many", name);
			return;
		}
		p = &model.peerings[model.nr_peerings++];
		memset(p, 0, sizeof(*p));
		strcpy(p->name, name);
		get_str(tb[VPCPEER_PEERING_A_VPC_A], p->a);
		get_str(tb[VPCPEER_PEERING_A_VPC_B], p->b);
		p->flags = tb[VPCPEER_PEERING_A_FLAGS] ? get_u32(tb[VPCPEER_PEERING_A_FLAGS]) : 0;
		p->up = tb[VPCPEER_PEERING_A_ADMIN_UP] ?
			*(const u8 *)payload(tb[VPCPEER_PEERING_A_ADMIN_UP]) : 1;
		if (!vpc_find(&model, p->a) || !vpc_find(&model, p->b))
			fail("peering %s made between VPCs unknown to the model", name);
		break;
	case VPCPEER_CMD_PEERING_DEL:
		get_str(tb[VPCPEER_PEERING_A_NAME], name);
		p = peering_find(&model, name);
		if (!p) {
			fail("deleted peering %s, unknown to the model", name);
			return;
		}
		*p = model.peerings[--model.nr_peerings];
		break;
	case VPCPEER_CMD_PEERING_SET:
		get_str(tb[VPCPEER_PEERING_A_NAME], name);
		p = peering_find(&model, name);
		if (!p) {
			fail("set peering %s, unknown to the model", name);
			return;
		}
		if (tb[VPCPEER_PEERING_A_ADMIN_UP])
			p->up = *(const u8 *)payload(tb[VPCPEER_PEERING_A_ADMIN_UP]);
		if (tb[VPCPEER_PEERING_A_FLAGS])
			p->flags = get_u32(tb[VPCPEER_PEERING_A_FLAGS]);
		break;
	default:
		return;
	}
	applied++;
	applied_by_cmd[g->cmd]++;
}

/* ---- the final comparison ---- */

static void vpc_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct parsed pa = { 0 };
	char name[NAME_LEN];
	struct vpc *v;
	u32 *counts = data;
	unsigned int idx;

	parse_attrs((const u8 *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), pa.tb,
		    ANY_A_MAX, &pa);
	get_str(pa.tb[VPCPEER_VPC_A_NAME], name);
	v = vpc_find(&seen, name);
	if (!v) {
		if (seen.nr_vpcs == MAX_OBJS) {
			fail("the dump has too many VPCs");
			return;
		}
		v = &seen.vpcs[seen.nr_vpcs++];
		memset(v, 0, sizeof(*v));
		strcpy(v->name, name);
		v->vrf = pa.tb[VPCPEER_VPC_A_VRF_IFINDEX] ?
			 get_u32(pa.tb[VPCPEER_VPC_A_VRF_IFINDEX]) : 0;
		idx = v - seen.vpcs;
		counts[2 * idx] = pa.tb[VPCPEER_VPC_A_CIDR_COUNT] ?
				  get_u32(pa.tb[VPCPEER_VPC_A_CIDR_COUNT]) : ~0u;
		counts[2 * idx + 1] = pa.tb[VPCPEER_VPC_A_PEERING_COUNT] ?
				      get_u32(pa.tb[VPCPEER_VPC_A_PEERING_COUNT]) : ~0u;
	}
	for (idx = 0; idx < pa.nr_cidrs && v->nr < MAX_CIDRS; idx++)
		get_cidr(pa.cidrs[idx], &v->cidrs[v->nr++]);
}

static void peering_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct parsed pa = { 0 };
	struct peering *p;

	(void)data;
	parse_attrs((const u8 *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), pa.tb,
		    ANY_A_MAX, NULL);
	if (seen.nr_peerings == MAX_OBJS) {
		fail("the dump has too many peerings");
		return;
	}
	p = &seen.peerings[seen.nr_peerings++];
	memset(p, 0, sizeof(*p));
	get_str(pa.tb[VPCPEER_PEERING_A_NAME], p->name);
	get_str(pa.tb[VPCPEER_PEERING_A_VPC_A], p->a);
	get_str(pa.tb[VPCPEER_PEERING_A_VPC_B], p->b);
	p->flags = pa.tb[VPCPEER_PEERING_A_FLAGS] ? get_u32(pa.tb[VPCPEER_PEERING_A_FLAGS]) : ~0u;
	p->up = pa.tb[VPCPEER_PEERING_A_ADMIN_UP] ?
		*(const u8 *)payload(pa.tb[VPCPEER_PEERING_A_ADMIN_UP]) : 0xff;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);	/* both structs start with the name */
}

/* One line per object, sorted, for the comparison and the diff. */
static void describe(struct state *s, FILE *f)
{
	char text[INET6_ADDRSTRLEN];
	unsigned int i, j;

	qsort(s->vpcs, s->nr_vpcs, sizeof(s->vpcs[0]), name_cmp);
	qsort(s->peerings, s->nr_peerings, sizeof(s->peerings[0]), name_cmp);
	for (i = 0; i < s->nr_vpcs; i++) {
		struct vpc *v = &s->vpcs[i];

		qsort(v->cidrs, v->nr, sizeof(v->cidrs[0]), cidr_cmp);
		fprintf(f, "vpc %s vrf %u", v->name, v->vrf);
		for (j = 0; j < v->nr; j++) {
			inet_ntop(v->cidrs[j].family, v->cidrs[j].addr, text,
				  sizeof(text));
			fprintf(f, " %s/%u", text, v->cidrs[j].plen);
		}
		fputc('\n', f);
	}
	for (i = 0; i < s->nr_peerings; i++) {
		struct peering *p = &s->peerings[i];

		fprintf(f, "peering %s %s %s flags %u up %u\n", p->name, p->a,
			p->b, p->flags, p->up);
	}
}

static void compare(void)
{
	static u32 counts[2 * MAX_OBJS];
	char *want = NULL, *got = NULL;
	size_t wlen = 0, glen = 0;
	struct reply r;
	struct msg m;
	unsigned int i, j, peerings;
	FILE *f;

	memset(&seen, 0, sizeof(seen));
	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_DUMP, VPCPEER_CMD_VPC_GET);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, vpc_dump_cb, counts) ||
	    !r.done || r.error)
		fail("the VPC dump did not complete (error %d)", r.error);
	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_DUMP, VPCPEER_CMD_PEERING_GET);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, peering_dump_cb, NULL) ||
	    !r.done || r.error)
		fail("the peering dump did not complete (error %d)", r.error);

	/* the counts each VPC reports agree with what was dumped */
	for (i = 0; i < seen.nr_vpcs; i++) {
		for (peerings = 0, j = 0; j < seen.nr_peerings; j++)
			peerings += !strcmp(seen.peerings[j].a, seen.vpcs[i].name) ||
				    !strcmp(seen.peerings[j].b, seen.vpcs[i].name);
		if (counts[2 * i] != seen.vpcs[i].nr)
			fail("VPC %s: CIDR count %u, %u CIDRs dumped", seen.vpcs[i].name,
			     counts[2 * i], seen.vpcs[i].nr);
		if (counts[2 * i + 1] != peerings)
			fail("VPC %s: peering count %u, %u peerings dumped",
			     seen.vpcs[i].name, counts[2 * i + 1], peerings);
	}

	f = open_memstream(&want, &wlen);
	describe(&model, f);
	fclose(f);
	f = open_memstream(&got, &glen);
	describe(&seen, f);
	fclose(f);
	if (strcmp(want, got)) {
		fail("the dumps differ from the model");
		fprintf(stderr, "model:\n%sdumped:\n%s", want, got);
	}
	free(want);
	free(got);
}

/* ---- dumps racing with changes (-D) ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct tally {
	unsigned int n;
	char names[MAX_OBJS][NAME_LEN];
	unsigned long reported[MAX_OBJS], dumped[MAX_OBJS];
};

static void tally_cb(const struct nlmsghdr *nlh, void *data)
{
	struct parsed pa = { 0 };
	struct tally *t = data;
	char name[NAME_LEN];
	unsigned int i;

	parse_attrs((const u8 *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), pa.tb,
		    ANY_A_MAX, &pa);
	get_str(pa.tb[VPCPEER_VPC_A_NAME], name);
	for (i = 0; i < t->n && strcmp(t->names[i], name); i++)
		;
	if (i == t->n) {
		if (t->n == MAX_OBJS)
			return;
		t->n++;
		strcpy(t->names[i], name);
		t->reported[i] = pa.tb[VPCPEER_VPC_A_CIDR_COUNT] ?
				 get_u32(pa.tb[VPCPEER_VPC_A_CIDR_COUNT]) : ~0ul;
		t->dumped[i] = 0;
	}
	t->dumped[i] += pa.all_cidrs;
}

/*
 * Dump the VPCs in a loop for @seconds while others change them: a dump
 * not marked NLM_F_DUMP_INTR must be consistent (each VPC's CIDR count
 * equal to the CIDRs dumped); count those that were marked.
 */
static int dump_loop(double seconds)
{
	unsigned long dumps = 0, intr = 0, msgs = 0, i;
	static struct tally t;
	double start = now();
	struct reply r;
	struct msg m;

	while (now() - start < seconds) {
		memset(&t, 0, sizeof(t));
		msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_DUMP, VPCPEER_CMD_VPC_GET);
		((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
		send_msg(&m);
		if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, tally_cb, &t) ||
		    !r.done || r.error) {
			fail("a VPC dump did not complete (error %d)", r.error);
			break;
		}
		dumps++;
		msgs += r.msgs;
		if (r.intr) {
			intr++;
			continue;
		}
		for (i = 0; i < t.n; i++)
			if (t.reported[i] != t.dumped[i])
				fail("uninterrupted dump: VPC %s says %lu CIDRs, has %lu",
				     t.names[i], t.reported[i], t.dumped[i]);
	}
	printf("genl-fuzz: dumps %lu messages %lu interrupted %lu consistent %lu failures %d\n",
	       dumps, msgs, intr, dumps - intr, failures);
	return failures ? 1 : 0;
}

/* ---- main ---- */

static unsigned long by_errno[4096];
static unsigned long by_mutation[NR_MUTATIONS];
static unsigned long replies_ok, dropped, family_msgs;

/* -S: one request of @cmd with attribute @type, which it does not take. */
static void strict_probe(u8 cmd, u16 type)
{
	u16 flags = NLM_F_REQUEST | NLM_F_ACK;
	struct reply r;
	struct msg m;

	if (cmd == VPCPEER_CMD_VPC_GET)
		flags |= NLM_F_DUMP;
	msg_init(&m, family_id, flags, cmd);
	put_u32(&m, type, 0);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, NULL, NULL))
		fail("no reply to command %u", cmd);
	else if (r.error != -EINVAL || !r.why)
		fail("command %u with attribute %u: error %d, %s", cmd, type,
		     r.error, r.why ? "a message" : "no message");
}

/*
 * The core cuts formatted extack messages at 79 characters: one that long
 * was probably cut.
 */
#define EXTACK_TEXT_MAX 78

/*
 * Send @m and expect error @want (0: success) and, for a refusal, a whole
 * message containing @text.
 */
static void expect(struct msg *m, int want, const char *text, const char *what)
{
	struct reply r;

	((struct nlmsghdr *)m->buf)->nlmsg_len = m->len;
	send_msg(m);
	if (!receive(((struct nlmsghdr *)m->buf)->nlmsg_seq, &r, NULL, NULL)) {
		fail("%s: no reply", what);
		return;
	}
	if (r.error != want) {
		fail("%s: error %d (%s), want %d", what, r.error,
		     r.why ? r.text : "no message", want);
		return;
	}
	if (want && (!r.why || !strstr(r.text, text)))
		fail("%s: message \"%s\", want one with \"%s\"", what,
		     r.why ? r.text : "", text);
	else if (want && strlen(r.text) > EXTACK_TEXT_MAX)
		fail("%s: message \"%s\" is %zu characters: cut", what, r.text,
		     strlen(r.text));
}

static void vpc_new(struct msg *m, const char *name, u32 vrf,
		    const struct cidr *c)
{
	size_t nest;

	msg_init(m, family_id, NLM_F_REQUEST | NLM_F_ACK, VPCPEER_CMD_VPC_NEW);
	put_str(m, VPCPEER_VPC_A_NAME, name, true);
	put_u32(m, VPCPEER_VPC_A_VRF_IFINDEX, vrf);
	if (c) {
		nest = nest_start(m, VPCPEER_VPC_A_CIDR);
		put_u16(m, VPCPEER_CIDR_A_FAMILY, c->family);
		put(m, VPCPEER_CIDR_A_ADDR, c->addr, c->family == AF_INET ? 4 : 16);
		put_u8(m, VPCPEER_CIDR_A_PREFIXLEN, c->plen);
		nest_end(m, nest);
	}
}

static void peering_new(struct msg *m, const char *name, const char *a,
			const char *b)
{
	msg_init(m, family_id, NLM_F_REQUEST | NLM_F_ACK,
		 VPCPEER_CMD_PEERING_NEW);
	put_str(m, VPCPEER_PEERING_A_NAME, name, true);
	put_str(m, VPCPEER_PEERING_A_VPC_A, a, true);
	put_str(m, VPCPEER_PEERING_A_VPC_B, b, true);
}

/* A dump of @cmd filtered by @type = @name: @msgs messages, all flagged. */
static void expect_dump(u8 cmd, u16 type, const char *name, unsigned int msgs)
{
	struct reply r;
	struct msg m;

	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, cmd);
	put_str(&m, type, name, true);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, NULL, NULL) ||
	    !r.done || r.error)
		fail("dump %u filtered by \"%s\": did not complete", cmd, name);
	else if (r.msgs != msgs || r.filtered != msgs)
		fail("dump %u filtered by \"%s\": %u messages (%u flagged filtered), want %u",
		     cmd, name, r.msgs, r.filtered, msgs);
}

/* VPC_GET without NLM_F_DUMP: the one VPC asked for, its CIDRs counted. */
struct get_vpc {
	const char *name;
	unsigned int replies;	/* messages naming @name */
	unsigned int others;	/* any other message */
	u32 cidr_count;
	bool listed;		/* it carried CIDR nests */
};

static void get_vpc_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ANY_A_MAX + 1] = { NULL };
	struct get_vpc *g = data;
	char name[NAME_LEN] = "";

	parse_attrs((const u8 *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb, ANY_A_MAX,
		    NULL);
	if (tb[VPCPEER_VPC_A_NAME])
		get_str(tb[VPCPEER_VPC_A_NAME], name);
	if (strcmp(name, g->name) || !tb[VPCPEER_VPC_A_CIDR_COUNT]) {
		g->others++;
		return;
	}
	g->replies++;
	g->cidr_count = get_u32(tb[VPCPEER_VPC_A_CIDR_COUNT]);
	g->listed |= !!tb[VPCPEER_VPC_A_CIDR];
}

static void expect_get_vpc(const char *name, u32 cidrs)
{
	struct get_vpc g = { .name = name };
	struct reply r;
	struct msg m;

	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK, VPCPEER_CMD_VPC_GET);
	put_str(&m, VPCPEER_VPC_A_NAME, name, true);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, get_vpc_cb, &g) ||
	    r.error)
		fail("VPC_GET of %s: error %d", name, r.error);
	else if (g.replies != 1 || g.others || g.cidr_count != cidrs || g.listed)
		fail("VPC_GET of %s: %u replies (%u others), %u CIDRs counted%s; want one, %u",
		     name, g.replies, g.others, g.cidr_count,
		     g.listed ? ", listed" : "", cidrs);
}

/*
 * -S with two VRFs: names outside [A-Za-z0-9._-] are refused; refusals with
 * the longest names and prefixes keep their messages whole; dump filters
 * match whole names only and flag what they send; a peering created down
 * stays down. Leaves the namespace as it found it.
 */
static void strict_objects(void)
{
	static const char *const bad[] = { "p%d", "x/y", "a b", "", "\xc3\xa9" };
	static const char long_a[] = "aaaaaaaaaaaaaaa", long_b[] = "bbbbbbbbbbbbbbb";
	static const char long_c[] = "ccccccccccccccc", long_p[] = "ppppppppppppp";
	struct cidr all_f = { .family = AF_INET6, .plen = 128 };
	struct cidr v4 = { .family = AF_INET, .plen = 24, .addr = { 10, 9, 9 } };
	struct reply r;
	unsigned int i;
	struct msg m;
	size_t nest;

	memset(all_f.addr, 0xff, 16);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		vpc_new(&m, bad[i], vrf_index[0], NULL);
		expect(&m, -EINVAL, "VPC name", "a VPC with a bad name");
		peering_new(&m, bad[i], "x", "y");
		expect(&m, -EINVAL, "peering name", "a peering with a bad name");
	}

	vpc_new(&m, long_a, vrf_index[0], &all_f);
	expect(&m, 0, NULL, "VPC a");
	vpc_new(&m, long_b, vrf_index[1], &all_f);
	expect(&m, 0, NULL, "VPC b, the same prefix");
	/* Two 43-character prefixes and two 15-character names. */
	peering_new(&m, long_p, long_a, long_b);
	expect(&m, -EINVAL, "overlapping", "a peering of overlapping VPCs");
	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK, VPCPEER_CMD_VPC_CIDR_ADD);
	put_str(&m, VPCPEER_VPC_A_NAME, long_a, true);
	all_f.plen = 127;
	all_f.addr[15] = 0xfe;
	nest = nest_start(&m, VPCPEER_VPC_A_CIDR);
	put_u16(&m, VPCPEER_CIDR_A_FAMILY, AF_INET6);
	put(&m, VPCPEER_CIDR_A_ADDR, all_f.addr, 16);
	put_u8(&m, VPCPEER_CIDR_A_PREFIXLEN, all_f.plen);
	nest_end(&m, nest);
	expect(&m, -EINVAL, "overlaps", "a CIDR overlapping the VPC's own");
	((struct genlmsghdr *)(m.buf + NLMSG_HDRLEN))->cmd = VPCPEER_CMD_VPC_CIDR_DEL;
	((struct nlmsghdr *)m.buf)->nlmsg_seq = seq++;
	expect(&m, -ENOENT, "is not in the VPC", "deleting a CIDR the VPC lacks");

	vpc_new(&m, long_c, vrf_index[2], &v4);
	expect(&m, 0, NULL, "VPC c");
	peering_new(&m, long_p, long_a, long_c);
	put_u8(&m, VPCPEER_PEERING_A_ADMIN_UP, 0);
	expect(&m, 0, NULL, "a peering created down");
	peering_new(&m, "q", long_c, long_a);
	expect(&m, -EEXIST, "already peered", "a second peering of a pair");

	expect_get_vpc(long_c, 1);
	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK, VPCPEER_CMD_VPC_GET);
	put_str(&m, VPCPEER_VPC_A_NAME, "nosuch", true);
	expect(&m, -ENOENT, "not found", "VPC_GET of an unknown VPC");
	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK, VPCPEER_CMD_VPC_GET);
	expect(&m, -EINVAL, "VPC name missing", "VPC_GET without a name");
	expect_dump(VPCPEER_CMD_VPC_GET, VPCPEER_VPC_A_NAME, long_a, 1);
	expect_dump(VPCPEER_CMD_VPC_GET, VPCPEER_VPC_A_NAME, "aaaaaaaaaaaaaaaXYZ", 0);
	expect_dump(VPCPEER_CMD_VPC_GET, VPCPEER_VPC_A_NAME, "", 0);
	expect_dump(VPCPEER_CMD_PEERING_GET, VPCPEER_PEERING_A_VPC, long_c, 1);
	expect_dump(VPCPEER_CMD_PEERING_GET, VPCPEER_PEERING_A_VPC, long_b, 0);
	expect_dump(VPCPEER_CMD_PEERING_GET, VPCPEER_PEERING_A_NAME, "pppppppppppppXYZ", 0);

	/* A peering created down says so; its VPCs go, and it with them. */
	seen.nr_peerings = 0;
	msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_DUMP, VPCPEER_CMD_PEERING_GET);
	((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
	send_msg(&m);
	if (!receive(((struct nlmsghdr *)m.buf)->nlmsg_seq, &r, peering_dump_cb, NULL) ||
	    !r.done || r.error)
		fail("the peering dump did not complete");
	if (seen.nr_peerings != 1 || seen.peerings[0].up != 0)
		fail("the peering created down: %u peerings, admin state %u",
		     seen.nr_peerings, seen.nr_peerings ? seen.peerings[0].up : 0);
	seen.nr_peerings = 0;
	for (i = 0; i < 3; i++) {
		msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK, VPCPEER_CMD_VPC_DEL);
		put_str(&m, VPCPEER_VPC_A_NAME, i == 0 ? long_a : i == 1 ? long_b : long_c,
			true);
		expect(&m, 0, NULL, "deleting a VPC");
	}
}

/* The attributes each request command takes, as the uAPI documents them. */
static const struct {
	u8 cmd;
	u16 max;	/* the last attribute of its set */
	u16 takes[6];
} documented[] = {
	{ VPCPEER_CMD_GET_INFO, VPCPEER_INFO_A_MAX, { 0 } },
	{ VPCPEER_CMD_VPC_NEW, VPCPEER_VPC_A_MAX,
	  { VPCPEER_VPC_A_NAME, VPCPEER_VPC_A_VRF_IFINDEX,
	    VPCPEER_VPC_A_VRF_IFNAME, VPCPEER_VPC_A_CIDR } },
	{ VPCPEER_CMD_VPC_DEL, VPCPEER_VPC_A_MAX, { VPCPEER_VPC_A_NAME } },
	{ VPCPEER_CMD_VPC_GET, VPCPEER_VPC_A_MAX, { VPCPEER_VPC_A_NAME } },
	{ VPCPEER_CMD_VPC_CIDR_ADD, VPCPEER_VPC_A_MAX,
	  { VPCPEER_VPC_A_NAME, VPCPEER_VPC_A_CIDR } },
	{ VPCPEER_CMD_VPC_CIDR_DEL, VPCPEER_VPC_A_MAX,
	  { VPCPEER_VPC_A_NAME, VPCPEER_VPC_A_CIDR } },
	{ VPCPEER_CMD_PEERING_NEW, VPCPEER_PEERING_A_MAX,
	  { VPCPEER_PEERING_A_NAME, VPCPEER_PEERING_A_VPC_A,
	    VPCPEER_PEERING_A_VPC_B, VPCPEER_PEERING_A_MTU,
	    VPCPEER_PEERING_A_FLAGS, VPCPEER_PEERING_A_ADMIN_UP } },
	{ VPCPEER_CMD_PEERING_DEL, VPCPEER_PEERING_A_MAX,
	  { VPCPEER_PEERING_A_NAME } },
	{ VPCPEER_CMD_PEERING_SET, VPCPEER_PEERING_A_MAX,
	  { VPCPEER_PEERING_A_NAME, VPCPEER_PEERING_A_MTU,
	    VPCPEER_PEERING_A_FLAGS, VPCPEER_PEERING_A_ADMIN_UP } },
	{ VPCPEER_CMD_PEERING_GET, VPCPEER_PEERING_A_MAX,
	  { VPCPEER_PEERING_A_NAME, VPCPEER_PEERING_A_VPC } },
	{ VPCPEER_CMD_PEERING_TEST, VPCPEER_PEERING_A_MAX,
	  { VPCPEER_PEERING_A_NAME, VPCPEER_PEERING_A_VPC,
	    VPCPEER_PEERING_A_SRC, VPCPEER_PEERING_A_DST } },
};

static bool takes(unsigned int i, u16 type)
{
	unsigned int j;

	for (j = 0; j < ARRAY_SIZE(documented[i].takes); j++)
		if (documented[i].takes[j] == type)
			return true;
	return false;
}

/*
 * -S: every request command must refuse, with EINVAL and a message, each
 * attribute it does not take, as the uAPI's strict policies promise: every
 * attribute of its set that its documentation does not list, and one past
 * the set's last.
 */
static int strict_check(void)
{
	unsigned int i, probes = 0;
	u16 type;

	for (i = 0; i < ARRAY_SIZE(documented); i++) {
		for (type = 1; type <= documented[i].max + 1; type++) {
			if (takes(i, type))
				continue;
			strict_probe(documented[i].cmd, type);
			probes++;
		}
	}
	printf("genl-fuzz: strict: %u requests with an attribute they do not take, failures %d\n",
	       probes, failures);
	if (nr_vrfs < 3) {
		fail("-S needs three VRFs for its checks of names, messages and filters");
		return 1;
	}
	strict_objects();
	printf("genl-fuzz: strict: names, messages, filters and admin state, failures %d\n",
	       failures);
	return failures ? 1 : 0;
}

static u8 pick_cmd(void)
{
	static const u8 weights[][2] = {
		{ VPCPEER_CMD_GET_INFO, 3 }, { VPCPEER_CMD_VPC_NEW, 14 },
		{ VPCPEER_CMD_VPC_DEL, 6 }, { VPCPEER_CMD_VPC_GET, 6 },
		{ VPCPEER_CMD_VPC_CIDR_ADD, 20 }, { VPCPEER_CMD_VPC_CIDR_DEL, 14 },
		{ VPCPEER_CMD_PEERING_NEW, 8 }, { VPCPEER_CMD_PEERING_DEL, 4 },
		{ VPCPEER_CMD_PEERING_SET, 10 }, { VPCPEER_CMD_PEERING_GET, 10 },
		{ VPCPEER_CMD_VPC_NEW_NTF, 1 }, { VPCPEER_CMD_PEERING_STATE_NTF, 1 },
		{ 0, 1 }, { VPCPEER_CMD_MAX + 1, 1 },
	};
	unsigned int total = 0, i, r;

	for (i = 0; i < ARRAY_SIZE(weights); i++)
		total += weights[i][1];
	r = rnd(total);
	for (i = 0; r >= weights[i][1]; i++)
		r -= weights[i][1];
	return weights[i][0];
}

int main(int argc, char **argv)
{
	unsigned long count = 20000, sent = 0, i;
	double seconds = 0, dump_seconds = 0, start, elapsed;
	u64 seed = 0;
	struct msg m;
	struct reply r;
	bool strict = false;
	int opt;

	while ((opt = getopt(argc, argv, "D:n:s:St:")) != -1) {
		switch (opt) {
		case 'S':
			strict = true;
			break;
		case 'D':
			dump_seconds = strtod(optarg, NULL);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			seconds = strtod(optarg, NULL);
			break;
		default:
			fputs("usage: genl-fuzz [-n N] [-s SEED] [-t SECS] VRF... | -D SECS\n"
			      "       genl-fuzz -S VRF VRF VRF\n", stderr);
			return 2;
		}
	}
	for (; optind < argc && nr_vrfs < 8; optind++) {
		snprintf(vrf_names[nr_vrfs], IFNAMSIZ, "%s", argv[optind]);
		vrf_index[nr_vrfs] = if_nametoindex(argv[optind]);
		if (!vrf_index[nr_vrfs]) {
			fprintf(stderr, "genl-fuzz: no netdevice %s\n", argv[optind]);
			return 2;
		}
		nr_vrfs++;
	}
	if (strict) {
		open_socket();
		resolve_family();
		return strict_check();
	}
	if (dump_seconds) {
		open_socket();
		resolve_family();
		return dump_loop(dump_seconds);
	}
	if (!seed)
		seed = (u64)time(NULL) ^ ((u64)getpid() << 32);
	rng_state = seed;
	printf("genl-fuzz: seed %llu (-s to repeat)\n", (unsigned long long)seed);
	fflush(stdout);

	open_socket();
	resolve_family();
	start = now();
	for (sent = 0; sent < count; sent++) {
		enum mutation mut = chance(35) ? MUT_NONE : 1 + rnd(NR_MUTATIONS - 1);
		u8 cmd = pick_cmd();
		u16 flags = NLM_F_REQUEST | NLM_F_ACK;
		bool silent;
		u32 want;

		if (seconds && now() - start > seconds)
			break;
		if (cmd == VPCPEER_CMD_VPC_GET ||
		    (cmd == VPCPEER_CMD_PEERING_GET && chance(50)))
			flags |= NLM_F_DUMP;
		msg_init(&m, family_id, flags, cmd);
		/* a valid message, or one with bad values (mutated further) */
		mutating = mut != MUT_NONE;
		gen_attrs(&m, cmd);
		silent = mutate(&m, mut);
		by_mutation[mut]++;
		want = ((struct nlmsghdr *)m.buf)->nlmsg_seq;
		send_msg(&m);
		if (silent) {
			/* dropped by the core; the socket must still answer */
			dropped++;
			msg_init(&m, family_id, NLM_F_REQUEST | NLM_F_ACK,
				 VPCPEER_CMD_GET_INFO);
			((struct nlmsghdr *)m.buf)->nlmsg_len = m.len;
			want = ((struct nlmsghdr *)m.buf)->nlmsg_seq;
			send_msg(&m);
			if (!receive(want, &r, NULL, NULL) || r.error)
				fail("no answer to a probe after message %lu", sent);
			continue;
		}
		if (!receive(want, &r, NULL, NULL)) {
			fail("no reply to message %lu (%s, command %u)", sent,
			     mutation_names[mut], cmd);
			break;
		}
		family_msgs += r.msgs;
		if (r.error <= 0 && r.error > -4096)
			by_errno[-r.error]++;
		if (!r.error)
			replies_ok++;
		if (!r.error && !r.done &&
		    ((struct nlmsghdr *)m.buf)->nlmsg_type == family_id &&
		    (((struct nlmsghdr *)m.buf)->nlmsg_flags & NLM_F_REQUEST))
			apply(&m);
		if (failures > 20)
			break;
	}
	compare();

	elapsed = now() - start;
	printf("genl-fuzz: seed %llu messages %lu in %.1fs (%.0f/s)",
	       (unsigned long long)seed, sent, elapsed, sent / (elapsed + 0.001));
	printf(" ok %lu applied %lu reply_msgs %lu dropped_by_core %lu stray %lu",
	       replies_ok, applied, family_msgs, dropped, stray_replies);
	printf(" (vpc_new %lu vpc_del %lu cidr_add %lu cidr_del %lu",
	       applied_by_cmd[VPCPEER_CMD_VPC_NEW], applied_by_cmd[VPCPEER_CMD_VPC_DEL],
	       applied_by_cmd[VPCPEER_CMD_VPC_CIDR_ADD],
	       applied_by_cmd[VPCPEER_CMD_VPC_CIDR_DEL]);
	printf(" peering_new %lu peering_del %lu peering_set %lu)",
	       applied_by_cmd[VPCPEER_CMD_PEERING_NEW],
	       applied_by_cmd[VPCPEER_CMD_PEERING_DEL],
	       applied_by_cmd[VPCPEER_CMD_PEERING_SET]);
	printf(" final vpcs %u peerings %u errors:", model.nr_vpcs, model.nr_peerings);
	for (i = 1; i < 4096; i++)
		if (by_errno[i])
			printf(" %s=%lu", strerrorname_np(i) ?: "?", by_errno[i]);
	printf(" mutations:");
	for (i = 0; i < NR_MUTATIONS; i++)
		printf(" %s=%lu", mutation_names[i], by_mutation[i]);
	printf(" failures %d\n", failures);
	return failures ? 1 : 0;
}
