// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeer - RCU longest-prefix-match prefix set
 *
 * The set is a path-compressed binary trie. Every node carries a prefix
 * (key/cidr); a child always extends its parent's prefix by at least one
 * bit, and it hangs off child[b] where b is the bit of its key right after
 * the parent's prefix. Nodes either store a prefix (is_prefix) or are
 * junctions that exist only to split two subtrees, so a junction always has
 * two children and the number of nodes is below twice the number of prefixes.
 *
 * Keys are kept in host order, left aligned in two u64 words (an IPv4
 * address lives in the upper half of word 0), with all bits past cidr
 * cleared. A lookup byte-swaps the address once, then walks at most bits + 1
 * nodes: a bit test at each junction, a masked compare at the first stored
 * prefix, which ends it; the bit position and the mask are precomputed per
 * node.
 *
 * Readers only follow child pointers and read is_prefix; all other node
 * fields are immutable once the node is published. Writers publish new nodes
 * with rcu_assign_pointer() and free unlinked nodes with kfree_rcu(), so no
 * module code runs from RCU callbacks.
 *
 * A binary trie is deep: among n random prefixes a lookup passes about
 * log2(n) junctions, each a dependent load. So lookups search a flat copy
 * instead, built whole once a writer is done (vpcpeer_lpm_publish()): the
 * address ranges the prefixes cover, merged and sorted, with an index on
 * the bits that follow the prefix they all share, which leaves a binary
 * search of a few ranges. Every change to the trie withdraws the copy
 * first, so a lookup never answers from a copy older than a change that
 * has returned; until the next publish, lookups walk the trie.
 */

#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>

#include <kunit/visibility.h>
#include "lpm.h"

struct vpcpeer_lpm_node {
	struct vpcpeer_lpm_node __rcu *child[2];
	u64 key[2];		/* host order, left aligned, zero past cidr */
	u64 last_mask;		/* cidr's bits in the last key word it reaches */
	u8 cidr;		/* prefix length of key */
	u8 bit_word;		/* key word holding bit number cidr */
	u8 bit_shift;		/* shift of bit number cidr in that word */
	bool is_prefix;		/* stored prefix, not just a junction */
	struct rcu_head rcu;
};

/*
 * The flat copy: @nr disjoint ranges [lo, hi] in ascending order, one per
 * stored prefix not inside another, their bounds in @keys (all the lo, then
 * all the hi; keys as in the trie, one word each for IPv4, two for IPv6).
 * A key between the first lo and the last hi shares their first @shared
 * bits; its next @index_bits bits, J, pick bucket J, and the first range
 * whose hi is not below the key is one of @start[J] to @start[J + 1], each
 * the first range that reaches its bucket. The lo bounds start @keys.
 */
struct vpcpeer_lpm_flat {
	struct rcu_head rcu;
	u32 nr;
	u8 shared;
	u8 index_bits;
	u64 *hi;		/* the hi bounds, inside @keys */
	u32 *start;		/* 2^index_bits + 1 entries, after @keys */
	u64 keys[];
};

/* Most index bits: 65,536 buckets, 256 KiB beside 65,536 or more ranges. */
#define LPM_INDEX_BITS_MAX	16

#define lpm_deref_locked(lpm, p) \
	rcu_dereference_protected(p, lockdep_is_held((lpm)->lock))

#define lpm_deref_ctl(lpm, p) \
	rcu_dereference_check(p, lockdep_is_held((lpm)->lock) || \
			      rcu_read_lock_bh_held())

#define lpm_deref_fast(p) \
	rcu_dereference_check(p, rcu_read_lock_bh_held())

static __always_inline u64 lpm_mask(unsigned int n)
{
	return n ? ~0ULL << (64 - n) : 0;
}

static __always_inline void lpm_load_key(u64 *k, const u8 *addr, u8 bits)
{
	__be64 w;
	__be32 v;

	if (bits == 32) {
		memcpy(&v, addr, sizeof(v));
		k[0] = (u64)be32_to_cpu(v) << 32;
		k[1] = 0;
		return;
	}
	memcpy(&w, addr, sizeof(w));
	k[0] = be64_to_cpu(w);
	memcpy(&w, addr + 8, sizeof(w));
	k[1] = be64_to_cpu(w);
}

static void lpm_store_key(u8 *addr, const u64 *k, u8 bits)
{
	__be64 w;
	__be32 v;

	if (bits == 32) {
		v = cpu_to_be32(k[0] >> 32);
		memcpy(addr, &v, sizeof(v));
		return;
	}
	w = cpu_to_be64(k[0]);
	memcpy(addr, &w, sizeof(w));
	w = cpu_to_be64(k[1]);
	memcpy(addr + 8, &w, sizeof(w));
}

/* Do @a and @b agree on their first @cidr bits? */
static __always_inline bool lpm_key_match(const u64 *a, const u64 *b, u8 cidr)
{
	if (cidr <= 64)
		return !((a[0] ^ b[0]) & lpm_mask(cidr));
	return a[0] == b[0] && !((a[1] ^ b[1]) & lpm_mask(cidr - 64));
}

/* Number of leading bits @a and @b have in common (128 if equal). */
static unsigned int lpm_common_bits(const u64 *a, const u64 *b)
{
	u64 x = a[0] ^ b[0];

	if (x)
		return 64 - fls64(x);
	x = a[1] ^ b[1];
	if (x)
		return 128 - fls64(x);
	return 128;
}

static void lpm_mask_key(u64 *dst, const u64 *src, u8 cidr)
{
	if (cidr <= 64) {
		dst[0] = src[0] & lpm_mask(cidr);
		dst[1] = 0;
	} else {
		dst[0] = src[0];
		dst[1] = src[1] & lpm_mask(cidr - 64);
	}
}

/*
 * Does @node's prefix cover @k? lpm_key_match() with the mask at hand; an
 * IPv4 (@v4) prefix never reaches word 1.
 */
static __always_inline bool lpm_node_covers(const struct vpcpeer_lpm_node *node,
					    const u64 *k, bool v4)
{
	if (v4 || node->cidr <= 64)
		return !((k[0] ^ node->key[0]) & node->last_mask);
	return k[0] == node->key[0] && !((k[1] ^ node->key[1]) & node->last_mask);
}

/* Which child of @node a key extending @node's prefix belongs under. */
static __always_inline unsigned int
lpm_choose(const struct vpcpeer_lpm_node *node, const u64 *k)
{
	return (k[node->bit_word] >> node->bit_shift) & 1;
}

/* Is the key (@k0, @k1) below the key at @b? */
static __always_inline bool lpm_below(u64 k0, u64 k1, const u64 *b, bool v4)
{
	if (v4 || k0 != b[0])
		return k0 < b[0];
	return k1 < b[1];
}

/* Is the key (@k0, @k1) above the key at @a? */
static __always_inline bool lpm_above(u64 k0, u64 k1, const u64 *a, bool v4)
{
	if (v4 || k0 != a[0])
		return k0 > a[0];
	return k1 > a[1];
}

/* Which bucket of @f the key (@k0, @k1), inside @f's ranges, falls in. */
static __always_inline u32 lpm_bucket(const struct vpcpeer_lpm_flat *f,
				      u64 k0, u64 k1, bool v4)
{
	unsigned int pos = f->shared;
	u64 bits;

	if (!f->index_bits)
		return 0;
	if (v4 || !pos)
		bits = k0 << pos;
	else if (pos < 64)
		bits = k0 << pos | k1 >> (64 - pos);
	else
		bits = k1 << (pos - 64);
	return bits >> (64 - f->index_bits);
}

/*
 * The lookup in the flat copy: does one of @f's ranges hold the key (@k0,
 * @k1)? The key comes in two words, not an array, to stay in registers.
 */
static __always_inline bool lpm_flat_contains(const struct vpcpeer_lpm_flat *f,
					      u64 k0, u64 k1, bool v4)
{
	const unsigned int w = v4 ? 1 : 2;
	const u64 *lo = f->keys, *hi = f->hi;
	u32 first, last, mid, j;

	if (lpm_below(k0, k1, lo, v4) ||
	    lpm_above(k0, k1, hi + (f->nr - 1) * w, v4))
		return false;
	/* a VPC often has one CIDR a family: those bounds were its own */
	if (f->nr == 1)
		return true;
	j = lpm_bucket(f, k0, k1, v4);
	first = f->start[j];
	last = min(f->start[j + 1], f->nr - 1);
	/* the first range whose hi is not below the key */
	while (first < last) {
		mid = (first + last) / 2;
		if (lpm_above(k0, k1, hi + mid * w, v4))
			first = mid + 1;
		else
			last = mid;
	}
	return !lpm_below(k0, k1, lo + first * w, v4);
}

/* Before any change to the trie: lookups walk it until the next publish. */
static void lpm_withdraw_flat(struct vpcpeer_lpm *lpm)
{
	struct vpcpeer_lpm_flat *flat = lpm_deref_locked(lpm, lpm->flat);

	if (!flat)
		return;
	RCU_INIT_POINTER(lpm->flat, NULL);
	kvfree_rcu(flat, rcu);
}

static struct vpcpeer_lpm_node *lpm_node_alloc(const u64 *k, u8 cidr, u8 bits,
					       bool is_prefix, gfp_t gfp)
{
	struct vpcpeer_lpm_node *node;

	node = kzalloc(sizeof(*node), gfp);
	if (!node)
		return NULL;
	lpm_mask_key(node->key, k, cidr);
	node->cidr = cidr;
	node->last_mask = lpm_mask(cidr <= 64 ? cidr : cidr - 64);
	/* A node with cidr == bits has no children; keep the index in range. */
	node->bit_word = cidr < bits ? cidr / 64 : 0;
	node->bit_shift = 63 - cidr % 64;
	node->is_prefix = is_prefix;
	return node;
}

/**
 * vpcpeer_lpm_valid_prefix() - check that a prefix is well formed
 * @bits: address length in bits, 32 or 128
 * @addr: address in network byte order, @bits / 8 bytes
 * @plen: prefix length
 *
 * Context: Any context.
 * Return: true if @bits is 32 or 128, @plen <= @bits and no bit of @addr past
 * the first @plen bits is set, false otherwise.
 */
bool vpcpeer_lpm_valid_prefix(u8 bits, const u8 *addr, u8 plen)
{
	unsigned int i = plen / 8;

	if ((bits != 32 && bits != 128) || plen > bits)
		return false;
	if (plen % 8) {
		if (addr[i] & (0xff >> (plen % 8)))
			return false;
		i++;
	}
	for (; i < bits / 8; i++)
		if (addr[i])
			return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_valid_prefix);

/**
 * vpcpeer_lpm_init() - initialise an empty prefix set
 * @lpm: set to initialise
 * @bits: address length in bits, 32 (IPv4) or 128 (IPv6)
 * @lock: mutex that every writer of @lpm will hold; must not be NULL
 *
 * Context: Any context.
 */
void vpcpeer_lpm_init(struct vpcpeer_lpm *lpm, u8 bits, struct mutex *lock)
{
	WARN_ON(bits != 32 && bits != 128);
	RCU_INIT_POINTER(lpm->root, NULL);
	RCU_INIT_POINTER(lpm->flat, NULL);
	lpm->lock = lock;
	lpm->count = 0;
	lpm->bits = bits;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_init);

/**
 * vpcpeer_lpm_insert() - add a prefix to a set
 * @lpm: the set
 * @addr: prefix address in network byte order, @lpm->bits / 8 bytes
 * @plen: prefix length
 * @gfp: allocation flags for the (at most two) new nodes
 *
 * On failure the set is left unchanged. Concurrent readers see either the
 * old or the new set.
 *
 * Context: Caller holds @lpm->lock. May sleep if @gfp allows it.
 * Return: 0 on success, -EINVAL if @plen > @lpm->bits or host bits are set
 * in @addr, -EEXIST if this exact prefix is already stored, -ENOMEM if a
 * node could not be allocated.
 */
int vpcpeer_lpm_insert(struct vpcpeer_lpm *lpm, const u8 *addr, u8 plen,
		       gfp_t gfp)
{
	struct vpcpeer_lpm_node __rcu **link = &lpm->root;
	struct vpcpeer_lpm_node *node, *leaf, *junction;
	unsigned int common;
	u64 k[2];

	if (!vpcpeer_lpm_valid_prefix(lpm->bits, addr, plen))
		return -EINVAL;
	lpm_load_key(k, addr, lpm->bits);

	/* Walk down while the node's prefix is a prefix of the new one. */
	for (;;) {
		node = lpm_deref_locked(lpm, *link);
		if (!node || node->cidr > plen ||
		    !lpm_key_match(k, node->key, node->cidr))
			break;
		if (node->cidr == plen) {
			if (node->is_prefix)
				return -EEXIST;
			/* A junction with exactly this prefix: just mark it. */
			lpm_withdraw_flat(lpm);
			WRITE_ONCE(node->is_prefix, true);
			lpm->count++;
			return 0;
		}
		link = &node->child[lpm_choose(node, k)];
	}

	leaf = lpm_node_alloc(k, plen, lpm->bits, true, gfp);
	if (!leaf)
		return -ENOMEM;

	if (!node) {
		lpm_withdraw_flat(lpm);
		rcu_assign_pointer(*link, leaf);
		goto out;
	}

	/*
	 * @node sits where the new prefix belongs but is not a prefix of it:
	 * either the new prefix is a prefix of @node, or they diverge.
	 */
	common = min_t(unsigned int, lpm_common_bits(k, node->key),
		       min(plen, node->cidr));
	if (common == plen) {
		lpm_withdraw_flat(lpm);
		RCU_INIT_POINTER(leaf->child[lpm_choose(leaf, node->key)], node);
		rcu_assign_pointer(*link, leaf);
		goto out;
	}

	junction = lpm_node_alloc(k, common, lpm->bits, false, gfp);
	if (!junction) {
		kfree(leaf);
		return -ENOMEM;
	}
	lpm_withdraw_flat(lpm);
	RCU_INIT_POINTER(junction->child[lpm_choose(junction, node->key)], node);
	RCU_INIT_POINTER(junction->child[lpm_choose(junction, k)], leaf);
	rcu_assign_pointer(*link, junction);
out:
	lpm->count++;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_insert);

/**
 * vpcpeer_lpm_remove() - remove a prefix from a set
 * @lpm: the set
 * @addr: prefix address in network byte order, @lpm->bits / 8 bytes
 * @plen: prefix length
 *
 * Nodes that become useless (a prefix node with fewer than two children, or
 * a junction left with one child) are unlinked and freed after an RCU grace
 * period with kfree_rcu(); readers that are still walking them stay safe.
 *
 * Context: Caller holds @lpm->lock. Does not sleep.
 * Return: 0 on success, -EINVAL if the prefix is malformed (see
 * vpcpeer_lpm_valid_prefix()), -ENOENT if it is not stored.
 */
int vpcpeer_lpm_remove(struct vpcpeer_lpm *lpm, const u8 *addr, u8 plen)
{
	struct vpcpeer_lpm_node __rcu **link = &lpm->root, **plink = NULL;
	struct vpcpeer_lpm_node *node, *parent = NULL, *c0, *c1, *sibling;
	unsigned int b = 0;
	u64 k[2];

	if (!vpcpeer_lpm_valid_prefix(lpm->bits, addr, plen))
		return -EINVAL;
	lpm_load_key(k, addr, lpm->bits);

	for (;;) {
		node = lpm_deref_locked(lpm, *link);
		if (!node || node->cidr > plen ||
		    !lpm_key_match(k, node->key, node->cidr))
			return -ENOENT;
		if (node->cidr == plen)
			break;
		plink = link;
		parent = node;
		b = lpm_choose(node, k);
		link = &node->child[b];
	}
	if (!node->is_prefix)
		return -ENOENT;
	lpm_withdraw_flat(lpm);
	lpm->count--;

	c0 = lpm_deref_locked(lpm, node->child[0]);
	c1 = lpm_deref_locked(lpm, node->child[1]);
	if (c0 && c1) {
		/* Still needed to split its two subtrees. */
		WRITE_ONCE(node->is_prefix, false);
		return 0;
	}

	if (c0 || c1 || !parent || parent->is_prefix) {
		/* Splice the only child (or nothing) into our place. */
		rcu_assign_pointer(*link, c0 ? c0 : c1);
		kfree_rcu(node, rcu);
		return 0;
	}

	/* A leaf under a junction: the junction's other child replaces it. */
	sibling = lpm_deref_locked(lpm, parent->child[!b]);
	rcu_assign_pointer(*plink, sibling);
	kfree_rcu(node, rcu);
	kfree_rcu(parent, rcu);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_remove);

/* First stored prefix of the subtree at @node in for_each() order. */
static const struct vpcpeer_lpm_node *
lpm_first_prefix(const struct vpcpeer_lpm *lpm,
		 const struct vpcpeer_lpm_node *node)
{
	const struct vpcpeer_lpm_node *next;

	while (node && !READ_ONCE(node->is_prefix)) {
		next = lpm_deref_ctl(lpm, node->child[0]);
		node = next ? next : lpm_deref_ctl(lpm, node->child[1]);
	}
	return node;
}

/**
 * vpcpeer_lpm_find_overlap() - find a stored prefix overlapping a prefix
 * @lpm: the set
 * @addr: address in network byte order, @lpm->bits / 8 bytes; bits past
 *	the first @plen are ignored
 * @plen: prefix length
 * @found_addr: if not NULL and an overlap is found, receives the address of
 *	the overlapping stored prefix (@lpm->bits / 8 bytes)
 * @found_plen: if not NULL and an overlap is found, receives its length
 *
 * Two prefixes overlap when one contains the other (equal prefixes
 * included). If stored prefixes contain @addr/@plen, the shortest of them is
 * reported; otherwise the lowest stored prefix inside @addr/@plen is.
 *
 * Context: Caller holds @lpm->lock, or is in an RCU read-side critical
 * section (the answer may then be stale).
 * Return: true if an overlapping prefix is stored, false otherwise (also if
 * @plen > @lpm->bits).
 */
bool vpcpeer_lpm_find_overlap(const struct vpcpeer_lpm *lpm, const u8 *addr,
			      u8 plen, u8 *found_addr, u8 *found_plen)
{
	const struct vpcpeer_lpm_node *node;
	u64 raw[2], k[2];

	if (plen > lpm->bits)
		return false;
	node = lpm_deref_ctl(lpm, lpm->root);
	if (!node)
		return false;
	lpm_load_key(raw, addr, lpm->bits);
	lpm_mask_key(k, raw, plen);

	while (node) {
		if (node->cidr >= plen) {
			/* Whole subtree is inside addr/plen, or none of it. */
			if (!lpm_key_match(k, node->key, plen))
				return false;
			node = lpm_first_prefix(lpm, node);
			if (!node)
				return false;
			goto found;
		}
		if (!lpm_key_match(k, node->key, node->cidr))
			return false;
		if (READ_ONCE(node->is_prefix))
			goto found;	/* contains addr/plen */
		node = lpm_deref_ctl(lpm, node->child[lpm_choose(node, k)]);
	}
	return false;

found:
	if (found_addr)
		lpm_store_key(found_addr, node->key, lpm->bits);
	if (found_plen)
		*found_plen = node->cidr;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_find_overlap);

/*
 * Root of the subtree that follows @node's subtree in for_each() order: the
 * child[1] of the deepest ancestor of @node whose child[0] leads to @node.
 * Found by walking down from the root along @node's key, so no stack is
 * needed. If the trie changed meanwhile (RCU readers), the result is still a
 * subtree lying after @node's prefix, so a walk always moves forward.
 */
static const struct vpcpeer_lpm_node *
lpm_next_subtree(const struct vpcpeer_lpm *lpm,
		 const struct vpcpeer_lpm_node *node)
{
	const struct vpcpeer_lpm_node *n, *right, *next = NULL;
	unsigned int b;

	n = lpm_deref_ctl(lpm, lpm->root);
	while (n && n != node && n->cidr < node->cidr &&
	       lpm_key_match(n->key, node->key, n->cidr)) {
		b = lpm_choose(n, node->key);
		if (!b) {
			right = lpm_deref_ctl(lpm, n->child[1]);
			if (right)
				next = right;
		}
		n = lpm_deref_ctl(lpm, n->child[b]);
	}
	return next;
}

/**
 * vpcpeer_lpm_for_each() - call a function for every stored prefix
 * @lpm: the set
 * @fn: called with @ctx, the prefix address (network byte order, only valid
 *	during the call) and the prefix length; a non-zero return value stops
 *	the walk
 * @ctx: opaque argument for @fn
 *
 * Prefixes are visited in ascending order of address, and of prefix length
 * for equal addresses. The walk is iterative and uses no stack: after the
 * last node of a subtree it finds the next subtree again from the root, so
 * it costs at most bits + 1 node visits per stored prefix. @fn must not
 * modify @lpm.
 *
 * Context: Caller holds @lpm->lock, or is in an RCU read-side critical
 * section (then @fn must not sleep, and prefixes added or removed meanwhile
 * may or may not be seen).
 * Return: 0 after visiting every prefix, or the first non-zero value
 * returned by @fn.
 */
int vpcpeer_lpm_for_each(const struct vpcpeer_lpm *lpm,
			 int (*fn)(void *ctx, const u8 *addr, u8 plen),
			 void *ctx)
{
	const struct vpcpeer_lpm_node *node, *next;
	u8 addr[16];
	int ret;

	node = lpm_deref_ctl(lpm, lpm->root);
	while (node) {
		if (READ_ONCE(node->is_prefix)) {
			lpm_store_key(addr, node->key, lpm->bits);
			ret = fn(ctx, addr, node->cidr);
			if (ret)
				return ret;
		}
		/* Preorder, child[0] first: ascending address, then plen. */
		next = lpm_deref_ctl(lpm, node->child[0]);
		if (!next)
			next = lpm_deref_ctl(lpm, node->child[1]);
		if (!next)
			next = lpm_next_subtree(lpm, node);
		node = next;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_for_each);

/* vpcpeer_lpm_publish()'s walk: the flat copy being filled. */
struct lpm_flat_fill {
	struct vpcpeer_lpm_flat *flat;
	u32 seen;
	u8 bits;
};

/* Append the range of one prefix, unless it lies inside the last one. */
static int lpm_flat_add(void *ctx, const u8 *addr, u8 plen)
{
	struct lpm_flat_fill *fill = ctx;
	struct vpcpeer_lpm_flat *flat = fill->flat;
	bool v4 = fill->bits == 32;
	unsigned int w = v4 ? 1 : 2;
	u64 k[2], *lo = flat->keys + flat->nr * w, *hi = flat->hi + flat->nr * w;

	/* a set may hold 131,072 prefixes: let others run now and then */
	if (!(++fill->seen % 4096))
		cond_resched();
	lpm_load_key(k, addr, fill->bits);
	/* in ascending order a prefix is inside the last range, or after it */
	if (flat->nr && !lpm_above(k[0], k[1], hi - w, v4))
		return 0;
	lo[0] = k[0];
	if (v4) {
		hi[0] = k[0] | (lpm_mask(32) & ~lpm_mask(plen));
	} else {
		lo[1] = k[1];
		hi[0] = k[0] | ~lpm_mask(min_t(u8, plen, 64));
		hi[1] = k[1] | ~lpm_mask(plen > 64 ? plen - 64 : 0);
	}
	flat->nr++;
	return 0;
}

/**
 * vpcpeer_lpm_publish() - give lookups a flat copy of the set
 * @lpm: the set
 * @gfp: allocation flags for the copy
 *
 * Call once after a batch of inserts and removes: it walks the whole set
 * (unless nothing changed since the last call).
 * The copy (about 2 * 8 bytes a prefix for IPv4, 2 * 16 for IPv6, and an
 * index of up to 256 KiB for large sets) replaces a binary trie walk with
 * a bucket lookup and a binary search among the few ranges in the bucket.
 * If it cannot be allocated, lookups keep walking the trie.
 *
 * Context: Caller holds @lpm->lock. May sleep.
 */
void vpcpeer_lpm_publish(struct vpcpeer_lpm *lpm, gfp_t gfp)
{
	unsigned int w = lpm->bits == 32 ? 1 : 2, cap = lpm->count;
	struct lpm_flat_fill fill = { .bits = lpm->bits };
	struct vpcpeer_lpm_flat *flat;
	u64 first[2] = {}, last[2] = {};
	unsigned int index_max, i, j;

	/* every change withdraws the copy: one still there is current */
	if (!cap || lpm_deref_locked(lpm, lpm->flat))
		return;
	index_max = min_t(unsigned int, order_base_2(cap), LPM_INDEX_BITS_MAX);
	flat = kvzalloc(struct_size(flat, keys, 2 * cap * w) +
			((1U << index_max) + 1) * sizeof(u32), gfp);
	if (!flat)
		return;
	fill.flat = flat;
	flat->hi = flat->keys + cap * w;
	flat->start = (u32 *)(flat->keys + 2 * cap * w);
	vpcpeer_lpm_for_each(lpm, lpm_flat_add, &fill);

	memcpy(first, flat->keys, w * sizeof(u64));
	memcpy(last, flat->hi + (flat->nr - 1) * w, w * sizeof(u64));
	flat->shared = min_t(unsigned int, lpm_common_bits(first, last),
			     lpm->bits);
	flat->index_bits = min_t(unsigned int, index_max,
				 min_t(unsigned int, lpm->bits - flat->shared,
				       order_base_2(flat->nr)));
	for (i = 0, j = 0; j <= (1U << flat->index_bits); j++) {
		while (i < flat->nr &&
		       lpm_bucket(flat, flat->hi[i * w],
				  w == 1 ? 0 : flat->hi[i * w + 1], w == 1) < j)
			i++;
		flat->start[j] = i;
	}
	rcu_assign_pointer(lpm->flat, flat);
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_publish);

/*
 * Child @b of a node of a trie already unlinked from its set: other writers
 * cannot reach it any more and readers never write to it, so it is ours.
 */
static struct vpcpeer_lpm_node *
lpm_detached_child(struct vpcpeer_lpm_node *node, unsigned int b)
{
	return rcu_dereference_protected(node->child[b], 1);
}

/**
 * vpcpeer_lpm_free() - remove every prefix from a set
 * @lpm: the set
 *
 * The trie is unlinked from @lpm at once, then taken apart leaf by leaf;
 * each node is freed after an RCU grace period with kfree_rcu(), so
 * concurrent readers stay safe (they can only find less of the old trie).
 * No recursion and no stack; the set is left empty and can be reused.
 *
 * Context: Caller holds @lpm->lock. Does not sleep.
 */
void vpcpeer_lpm_free(struct vpcpeer_lpm *lpm)
{
	struct vpcpeer_lpm_node __rcu **link;
	struct vpcpeer_lpm_node *top, *node, *child;
	unsigned int b;

	lpm_withdraw_flat(lpm);
	lpm->count = 0;
	top = lpm_deref_locked(lpm, lpm->root);
	if (!top)
		return;
	RCU_INIT_POINTER(lpm->root, NULL);

	for (;;) {
		/* Walk down to a leaf, remembering the slot that holds it. */
		link = NULL;
		node = top;
		for (;;) {
			b = !lpm_detached_child(node, 0);
			child = lpm_detached_child(node, b);
			if (!child)
				break;
			link = &node->child[b];
			node = child;
		}
		if (!link)
			break;		/* only @top is left */
		RCU_INIT_POINTER(*link, NULL);
		kfree_rcu(node, rcu);
	}
	kfree_rcu(top, rcu);
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_free);

/*
 * The walk of vpcpeer_lpm_contains(). Junctions are passed without
 * comparing their keys: every node below one extends its prefix, so a key
 * that left the path is caught at the first stored prefix, and any covering
 * prefix will do (the shortest comes first). @v4 is a constant at each call,
 * so IPv4 gets a loop of its own that reads key word 0 only.
 */
static __always_inline bool lpm_walk(const struct vpcpeer_lpm_node *node,
				     const u64 *k, bool v4)
{
	do {
		if (READ_ONCE(node->is_prefix))
			return lpm_node_covers(node, k, v4);
		node = lpm_deref_fast(node->child[v4 ? (k[0] >> node->bit_shift) & 1 :
						       lpm_choose(node, k)]);
	} while (node);
	return false;
}

/*
 * The lookup without a flat copy (a writer is between a change and its
 * publish, or the copy could not be allocated). Out of line: its key is
 * indexed, so it lives on the stack.
 */
static noinline bool lpm_trie_contains(const struct vpcpeer_lpm *lpm,
				       const u8 *addr)
{
	const struct vpcpeer_lpm_node *node = lpm_deref_fast(lpm->root);
	u64 k[2];

	if (!node)
		return false;
	lpm_load_key(k, addr, lpm->bits);
	return lpm->bits == 32 ? lpm_walk(node, k, true) :
				 lpm_walk(node, k, false);
}

/**
 * vpcpeer_lpm_contains() - check whether a stored prefix covers an address
 * @lpm: the set
 * @addr: address in network byte order, @lpm->bits / 8 bytes
 *
 * Lock-free and allocation-free. Searches the flat copy of the last
 * vpcpeer_lpm_publish(): a bucket, then a binary search among the ranges
 * in it; without one, walks at most @lpm->bits + 1 nodes of the trie.
 *
 * Context: Caller is in rcu_read_lock() or rcu_read_lock_bh().
 * Return: true if @addr lies inside at least one stored prefix.
 */
bool vpcpeer_lpm_contains(const struct vpcpeer_lpm *lpm, const u8 *addr)
{
	const struct vpcpeer_lpm_flat *flat = lpm_deref_fast(lpm->flat);
	u64 k[2];

	if (unlikely(!flat))
		return lpm_trie_contains(lpm, addr);
	lpm_load_key(k, addr, lpm->bits);
	return lpm->bits == 32 ? lpm_flat_contains(flat, k[0], 0, true) :
				 lpm_flat_contains(flat, k[0], k[1], false);
}
EXPORT_SYMBOL_IF_KUNIT(vpcpeer_lpm_contains);
