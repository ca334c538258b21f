// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeer_bench: B2's in-kernel microbenchmark (bench/b2-lookup.sh runs it).
 *
 * It times, over the same prefixes and the same addresses in one run, the
 * lookup the forwarding hook does twice per packet (vpcpeer_lpm_contains()),
 * the whole verdict (vpcpeer_verdict()), and the kernel's own route lookups
 * (fib_table_lookup(), fib6_table_lookup()) in the FIB table the "table"
 * parameter names, which the script fills with the same prefixes as routes.
 *
 * Debugfs, under vpcpeer_bench/:
 *   prefixes	write: IPv4 or IPv6 prefixes, one per line (each ending in a
 *		newline), added to the sets
 *   round	read: times one round of each lookup in turn; a line each:
 *		NAME NS_PER_LOOKUP HITS LOOKUPS
 *
 * A bench tool, never installed: it links its own copy of vpcpeer/lpm.c and
 * vpcpeer/verdict.c, so it is loaded on its own, not beside vpcpeer.ko.
 */
#include <linux/debugfs.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/ip6_fib.h>
#include <net/ip_fib.h>
#include <net/ipv6_stubs.h>
#include <net/net_namespace.h>

#include "../../vpcpeer/endpoint.h"
#include "../../vpcpeer/verdict.h"
#include "../../vpcpeer/vpc.h"

static unsigned int table;
module_param(table, uint, 0444);
MODULE_PARM_DESC(table, "FIB table (init_net) holding the same prefixes as routes");

static unsigned int lookups = 1 << 18;
module_param(lookups, uint, 0444);
MODULE_PARM_DESC(lookups, "lookups per measurement (default 262144)");

#define BENCH_KEYS	65536	/* distinct addresses, looked up in turn */
#define BENCH_CHUNK	4096	/* lookups per RCU read section */
#define BENCH_LINE_MAX	64	/* longest prefix line accepted */

/*
 * Both sides of one fake peering are the same VPC, so a packet whose source
 * and destination are both among its prefixes passes: two full lookups.
 */
static DEFINE_MUTEX(bench_lock);
static struct vpcpeer_vpc *bench_vpc;
static struct vpcpeer_endpoint *bench_ep;
static struct net_device *bench_peer;	/* never registered */
static struct dentry *bench_dir;
/* The start of a line the last write to "prefixes" did not finish. */
static char bench_tail[BENCH_LINE_MAX + 1];

struct bench_result {
	u64 ns;
	u64 hits;
};

struct bench_prefixes {
	u8 (*addr)[16];
	u8 *plen;
	unsigned int n;
};

static int bench_collect(void *ctx, const u8 *addr, u8 plen)
{
	struct bench_prefixes *p = ctx;

	memcpy(p->addr[p->n], addr, 16);
	p->plen[p->n++] = plen;
	return 0;
}

/*
 * Fill @keys with BENCH_KEYS addresses: each inside a prefix of @set chosen
 * at random, with random host bits, so that every lookup is a hit.
 */
static int bench_make_keys(const struct vpcpeer_lpm *set, u8 (*keys)[16])
{
	struct bench_prefixes p = {};
	unsigned int i, b, j;
	int ret = -ENOMEM;

	p.addr = kvmalloc_array(set->count, sizeof(*p.addr), GFP_KERNEL);
	p.plen = kvmalloc_array(set->count, sizeof(*p.plen), GFP_KERNEL);
	if (!p.addr || !p.plen)
		goto out;
	vpcpeer_lpm_for_each(set, bench_collect, &p);

	for (i = 0; i < BENCH_KEYS; i++) {
		j = get_random_u32() % p.n;
		get_random_bytes(keys[i], sizeof(keys[i]));
		for (b = 0; b < set->bits / 8; b++) {
			unsigned int pbits = clamp_t(int, p.plen[j] - 8 * b, 0, 8);
			u8 mask = pbits ? 0xff << (8 - pbits) : 0;

			keys[i][b] = (p.addr[j][b] & mask) | (keys[i][b] & ~mask);
		}
	}
	ret = 0;
out:
	kvfree(p.plen);
	kvfree(p.addr);
	return ret;
}

/* What one family's round looks up, and in what. */
struct bench_ctx {
	u8 (*keys)[16];
	const struct vpcpeer_lpm *set;
	struct fib_table *tb4;
	struct fib6_table *tb6;
	struct sk_buff *skb;	/* the verdict's packet ... */
	u8 *saddr;		/* ... whose addresses each lookup rewrites */
	u8 *daddr;
};

/*
 * Lookups [from, to) of one kind; returns the hits. Each takes what it
 * needs out of the context first, to keep it in registers across calls.
 */
typedef u64 (*bench_chunk_fn)(const struct bench_ctx *ctx, unsigned int from,
			      unsigned int to);

static u64 bench_lpm_chunk(const struct bench_ctx *ctx, unsigned int from,
			   unsigned int to)
{
	const struct vpcpeer_lpm *set = ctx->set;
	u8 (*keys)[16] = ctx->keys;
	unsigned int i;
	u64 hits = 0;

	for (i = from; i < to; i++)
		hits += vpcpeer_lpm_contains(set, keys[i % BENCH_KEYS]);
	return hits;
}

static u64 bench_fib4_chunk(const struct bench_ctx *ctx, unsigned int from,
			    unsigned int to)
{
	struct fib_table *tb = ctx->tb4;
	u8 (*keys)[16] = ctx->keys;
	struct flowi4 fl4 = {};
	struct fib_result fres;
	unsigned int i;
	u64 hits = 0;

	for (i = from; i < to; i++) {
		memcpy(&fl4.daddr, keys[i % BENCH_KEYS], 4);
		hits += !fib_table_lookup(tb, &fl4, &fres, FIB_LOOKUP_NOREF);
	}
	return hits;
}

static u64 bench_fib6_chunk(const struct bench_ctx *ctx, unsigned int from,
			    unsigned int to)
{
	struct fib6_info *none = init_net.ipv6.fib6_null_entry;
	struct fib6_table *tb = ctx->tb6;
	u8 (*keys)[16] = ctx->keys;
	struct flowi6 fl6 = {};
	struct fib6_result fres;
	unsigned int i;
	u64 hits = 0;

	for (i = from; i < to; i++) {
		memcpy(&fl6.daddr, keys[i % BENCH_KEYS], 16);
		ipv6_stub->fib6_table_lookup(&init_net, tb, 0, &fl6, &fres, 0);
		hits += fres.f6i != none;
	}
	return hits;
}

/* @alen is a constant at each call, so the copies compile to plain moves. */
static __always_inline u64 bench_verdicts(const struct bench_ctx *ctx,
					  unsigned int from, unsigned int to,
					  unsigned int alen)
{
	u8 *saddr = ctx->saddr, *daddr = ctx->daddr;
	struct sk_buff *skb = ctx->skb;
	u8 (*keys)[16] = ctx->keys;
	struct net_device *peer;
	unsigned int i;
	u64 hits = 0;

	for (i = from; i < to; i++) {
		memcpy(saddr, keys[i % BENCH_KEYS], alen);
		memcpy(daddr, keys[(i + 1) % BENCH_KEYS], alen);
		hits += vpcpeer_verdict(bench_ep, skb, &peer) == VPCPEER_PASS;
	}
	return hits;
}

static u64 bench_verdict4_chunk(const struct bench_ctx *ctx, unsigned int from,
				unsigned int to)
{
	return bench_verdicts(ctx, from, to, 4);
}

static u64 bench_verdict6_chunk(const struct bench_ctx *ctx, unsigned int from,
				unsigned int to)
{
	return bench_verdicts(ctx, from, to, 16);
}

/*
 * Time @fn over lookups= lookups, one chunk per RCU read section. Each
 * chunk function loops by itself, so the timed code makes direct calls
 * only: an indirect call per lookup would weigh on every kind alike and
 * pull their ratios towards 1.
 */
static void bench_time(bench_chunk_fn fn, const struct bench_ctx *ctx,
		       struct bench_result *res)
{
	unsigned int done, n;
	u64 t0;

	for (done = 0; done < lookups; done += n) {
		n = min_t(unsigned int, lookups - done, BENCH_CHUNK);
		/* The hook reads under RCU-bh, the FIB under plain RCU. */
		rcu_read_lock_bh();
		rcu_read_lock();
		t0 = ktime_get_ns();
		res->hits += fn(ctx, done, done + n);
		res->ns += ktime_get_ns() - t0;
		rcu_read_unlock();
		rcu_read_unlock_bh();
		cond_resched();
	}
}

/*
 * A UDP packet of @family whose addresses the loop rewrites before each
 * verdict. The next header must be set: a zero there is IPv6's hop-by-hop
 * header, which would send every verdict down the extension header walk.
 */
static struct sk_buff *bench_skb(bool v6)
{
	unsigned int len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct sk_buff *skb = alloc_skb(LL_MAX_HEADER + len, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	memset(skb_put(skb, len), 0, len);
	if (v6) {
		ipv6_hdr(skb)->version = 6;
		ipv6_hdr(skb)->nexthdr = IPPROTO_UDP;
		ipv6_hdr(skb)->hop_limit = 64;
		skb->protocol = htons(ETH_P_IPV6);
	} else {
		ip_hdr(skb)->version = 4;
		ip_hdr(skb)->ihl = 5;
		ip_hdr(skb)->protocol = IPPROTO_UDP;
		ip_hdr(skb)->ttl = 64;
		skb->protocol = htons(ETH_P_IP);
	}
	return skb;
}

static void bench_print(struct seq_file *m, const char *name,
			const struct bench_result *res)
{
	u64 tenths = div_u64(res->ns * 10, lookups);

	seq_printf(m, "%s %llu.%llu %llu %u\n", name, div_u64(tenths, 10),
		   tenths % 10, res->hits, lookups);
}

/* One round for one family: our lookup, the FIB's, then the verdict. */
static int bench_family(struct seq_file *m, bool v6, u8 (*keys)[16])
{
	struct bench_result lpm = {}, fib = {}, verdict = {};
	struct bench_ctx ctx = {
		.keys = keys,
		.set = v6 ? &bench_vpc->cidrs6 : &bench_vpc->cidrs4,
	};
	int ret;

	if (!ctx.set->count)
		return 0;
	/* FIB tables live as long as their namespace once created. */
	rtnl_lock();
	if (v6)
		ctx.tb6 = fib6_get_table(&init_net, table);
	else
		ctx.tb4 = fib_new_table(&init_net, table);
	rtnl_unlock();
	if (!ctx.tb4 && !ctx.tb6)
		return -ENOENT;

	ret = bench_make_keys(ctx.set, keys);
	if (ret)
		return ret;
	ctx.skb = bench_skb(v6);
	if (!ctx.skb)
		return -ENOMEM;
	ctx.saddr = v6 ? ipv6_hdr(ctx.skb)->saddr.s6_addr :
			 (u8 *)&ip_hdr(ctx.skb)->saddr;
	ctx.daddr = v6 ? ipv6_hdr(ctx.skb)->daddr.s6_addr :
			 (u8 *)&ip_hdr(ctx.skb)->daddr;

	bench_time(bench_lpm_chunk, &ctx, &lpm);
	bench_time(v6 ? bench_fib6_chunk : bench_fib4_chunk, &ctx, &fib);
	bench_time(v6 ? bench_verdict6_chunk : bench_verdict4_chunk, &ctx,
		   &verdict);
	kfree_skb(ctx.skb);

	bench_print(m, v6 ? "lpm6" : "lpm4", &lpm);
	bench_print(m, v6 ? "fib6" : "fib4", &fib);
	bench_print(m, v6 ? "verdict6" : "verdict4", &verdict);
	return 0;
}

static int bench_round_show(struct seq_file *m, void *v)
{
	u8 (*keys)[16];
	int ret;

	keys = kvmalloc_array(BENCH_KEYS, sizeof(*keys), GFP_KERNEL);
	if (!keys)
		return -ENOMEM;
	mutex_lock(&bench_lock);
	ret = bench_family(m, false, keys);
	if (!ret)
		ret = bench_family(m, true, keys);
	mutex_unlock(&bench_lock);
	kvfree(keys);
	return ret;
}
DEFINE_SHOW_ATTRIBUTE(bench_round);

/* Add one "ADDRESS/LENGTH" line to the set of its family. */
static int bench_add_prefix(char *line)
{
	struct vpcpeer_lpm *set;
	char *slash;
	u8 addr[16] = {};
	u8 plen;
	bool ok;

	line = strim(line);
	if (!*line)
		return 0;
	slash = strchr(line, '/');
	if (!slash || kstrtou8(slash + 1, 10, &plen))
		return -EINVAL;
	*slash = '\0';
	if (strchr(line, ':')) {
		set = &bench_vpc->cidrs6;
		ok = in6_pton(line, -1, addr, -1, NULL);
	} else {
		set = &bench_vpc->cidrs4;
		ok = in4_pton(line, -1, addr, -1, NULL);
	}
	if (!ok)
		return -EINVAL;
	return vpcpeer_lpm_insert(set, addr, plen, GFP_KERNEL);
}

/*
 * Add the whole lines of @buf (@len bytes, room for one more) and keep what
 * follows the last newline for the next write: writers may split anywhere.
 */
static int bench_add_lines(char *buf, size_t len)
{
	char *cur = buf, *line, *tail;
	int ret = 0;

	buf[len] = '\0';
	tail = strrchr(buf, '\n');
	tail = tail ? tail + 1 : buf;
	if (strlen(tail) > BENCH_LINE_MAX)
		return -EINVAL;
	strscpy(bench_tail, tail, sizeof(bench_tail));
	*tail = '\0';

	while (!ret && (line = strsep(&cur, "\n"))) {
		ret = bench_add_prefix(line);
		if (ret)
			pr_err("prefix \"%s\": error %d\n", line, ret);
	}
	return ret;
}

static ssize_t bench_prefixes_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	size_t done, n, kept;
	char *buf;
	int ret = 0;

	buf = kmalloc(BENCH_LINE_MAX + PAGE_SIZE + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&bench_lock);
	for (done = 0; !ret && done < len; done += n) {
		n = min_t(size_t, len - done, PAGE_SIZE);
		kept = strlen(bench_tail);
		memcpy(buf, bench_tail, kept);
		if (copy_from_user(buf + kept, ubuf + done, n))
			ret = -EFAULT;
		else
			ret = bench_add_lines(buf, kept + n);
	}
	if (ret)
		bench_tail[0] = '\0';
	/* as the module does after a request: lookups search the flat copy */
	vpcpeer_lpm_publish(&bench_vpc->cidrs4, GFP_KERNEL);
	vpcpeer_lpm_publish(&bench_vpc->cidrs6, GFP_KERNEL);
	mutex_unlock(&bench_lock);
	kfree(buf);
	return ret ? ret : len;
}

static const struct file_operations bench_prefixes_fops = {
	.owner = THIS_MODULE,
	.write = bench_prefixes_write,
};

static void bench_free_vpc(void)
{
	mutex_lock(&bench_lock);
	vpcpeer_lpm_free(&bench_vpc->cidrs4);
	vpcpeer_lpm_free(&bench_vpc->cidrs6);
	mutex_unlock(&bench_lock);
	/* Lookups are over; the trie nodes go after a grace period. */
	kfree(bench_vpc);
}

static int __init bench_init(void)
{
	if (!table || !lookups) {
		pr_err("table= (the FIB table holding the routes) and lookups= must not be 0\n");
		return -EINVAL;
	}
	bench_vpc = kzalloc(sizeof(*bench_vpc), GFP_KERNEL);
	bench_ep = kzalloc(sizeof(*bench_ep), GFP_KERNEL);
	bench_peer = alloc_netdev(0, "vpb%d", NET_NAME_ENUM, ether_setup);
	if (!bench_vpc || !bench_ep || !bench_peer)
		goto nomem;
	vpcpeer_lpm_init(&bench_vpc->cidrs4, 32, &bench_lock);
	vpcpeer_lpm_init(&bench_vpc->cidrs6, 128, &bench_lock);
	RCU_INIT_POINTER(bench_ep->local, bench_vpc);
	RCU_INIT_POINTER(bench_ep->remote, bench_vpc);
	RCU_INIT_POINTER(bench_ep->peer, bench_peer);
	bench_ep->up = true;

	bench_dir = debugfs_create_dir("vpcpeer_bench", NULL);
	debugfs_create_file("prefixes", 0200, bench_dir, NULL,
			    &bench_prefixes_fops);
	debugfs_create_file("round", 0400, bench_dir, NULL, &bench_round_fops);
	return 0;

nomem:
	if (bench_peer)
		free_netdev(bench_peer);
	kfree(bench_ep);
	kfree(bench_vpc);
	return -ENOMEM;
}

static void __exit bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	bench_free_vpc();
	kfree(bench_ep);
	free_netdev(bench_peer);
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("vpcpeer lookup microbenchmark (bench only)");
MODULE_LICENSE("GPL");
