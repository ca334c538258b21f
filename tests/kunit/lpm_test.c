// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the vpcpeer LPM prefix set (vpcpeer/lpm.c).
 *
 * The model test drives the trie and a deliberately naive model (a plain
 * array scanned linearly) with the same pseudo-random operations and
 * compares every answer. The PRNG is local and seeded with constants, so a
 * failure reproduces on every run.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "../../vpcpeer/lpm.h"
#include "suites.h"

#define LPM_TEST_MAX_PREFIXES	1024
#define LPM_TEST_ANCHORS	6
#define LPM_TEST_MODEL_OPS	3000
#define LPM_TEST_BENCH_KEYS	256
#define LPM_TEST_BENCH_LOOKUPS	32768U
#define LPM_TEST_BENCH_CHUNK	1024
#define LPM_TEST_CONC_PINNED	8
#define LPM_TEST_CONC_CHURN	256
#define LPM_TEST_CONC_OPS	2000

/* Serialises writers in every case; the set's lockdep checks want it. */
static DEFINE_MUTEX(lpm_test_lock);

struct lpm_test_prefix {
	u8 addr[16];
	u8 plen;
};

/* xorshift64*: small, fast and reproducible; quality is plenty here. */
struct lpm_test_rng {
	u64 state;
};

static u64 lpm_test_next(struct lpm_test_rng *rng)
{
	u64 x = rng->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform-enough value in [0, n). */
static u32 lpm_test_below(struct lpm_test_rng *rng, u32 n)
{
	return (u32)(((lpm_test_next(rng) >> 32) * n) >> 32);
}

static void lpm_test_rand_bytes(struct lpm_test_rng *rng, u8 *buf,
				unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = lpm_test_next(rng) >> 56;
}

static void lpm_test_flip_bit(u8 *addr, unsigned int bit)
{
	addr[bit / 8] ^= 0x80 >> (bit % 8);
}

/* Clear every bit of @addr past the first @plen (of @bits). */
static void lpm_test_clear_host(u8 *addr, u8 bits, u8 plen)
{
	unsigned int i;

	for (i = plen; i < bits; i++)
		addr[i / 8] &= ~(0x80 >> (i % 8));
}

/* Randomise every bit of @addr past the first @plen (of @bits). */
static void lpm_test_rand_host(struct lpm_test_rng *rng, u8 *addr, u8 bits,
			       u8 plen)
{
	unsigned int i;

	for (i = plen; i < bits; i++)
		if (lpm_test_below(rng, 2))
			lpm_test_flip_bit(addr, i);
}

static void lpm_test_fmt(char *buf, size_t len, u8 bits, const u8 *addr,
			 u8 plen)
{
	int i, n;

	if (bits == 32) {
		snprintf(buf, len, "%u.%u.%u.%u/%u", addr[0], addr[1], addr[2],
			 addr[3], plen);
		return;
	}
	n = 0;
	for (i = 0; i < 16; i += 2)
		n += scnprintf(buf + n, len - n, "%s%02x%02x", i ? ":" : "",
			       addr[i], addr[i + 1]);
	scnprintf(buf + n, len - n, "/%u", plen);
}

/* ---- the naive model ---------------------------------------------------- */

struct lpm_test_model {
	struct lpm_test_prefix *p;
	unsigned int n;
	u8 bits;
};

/* Do @a and @b agree on their first @plen bits? */
static bool lpm_test_bits_equal(const u8 *a, const u8 *b, unsigned int plen)
{
	unsigned int bytes = plen / 8;
	u8 m = 0xff << (8 - plen % 8);

	if (memcmp(a, b, bytes))
		return false;
	return !(plen % 8) || !((a[bytes] ^ b[bytes]) & m);
}

static int lpm_test_model_find(const struct lpm_test_model *m, const u8 *addr,
			       u8 plen)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->p[i].plen == plen &&
		    !memcmp(m->p[i].addr, addr, m->bits / 8))
			return i;
	return -1;
}

static bool lpm_test_model_covers(const struct lpm_test_model *m,
				  const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (lpm_test_bits_equal(m->p[i].addr, addr, m->p[i].plen))
			return true;
	return false;
}

static bool lpm_test_overlaps(const u8 *a, u8 alen, const u8 *b, u8 blen)
{
	return lpm_test_bits_equal(a, b, min(alen, blen));
}

static bool lpm_test_model_overlaps(const struct lpm_test_model *m,
				    const u8 *addr, u8 plen)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (lpm_test_overlaps(m->p[i].addr, m->p[i].plen, addr, plen))
			return true;
	return false;
}

static int lpm_test_prefix_cmp(const void *a, const void *b)
{
	const struct lpm_test_prefix *pa = a, *pb = b;
	int r = memcmp(pa->addr, pb->addr, sizeof(pa->addr));

	if (r)
		return r;
	return (int)pa->plen - (int)pb->plen;
}

/* ---- for_each collection ------------------------------------------------ */

struct lpm_test_walk {
	struct lpm_test_prefix *out;
	unsigned int n;
	unsigned int max;
	u8 bits;
	int stop_ret;	/* returned once n reaches max, if non-zero */
};

static int lpm_test_walk_fn(void *ctx, const u8 *addr, u8 plen)
{
	struct lpm_test_walk *w = ctx;

	if (w->n >= w->max)
		return w->stop_ret ? w->stop_ret : -ENOSPC;
	memset(&w->out[w->n], 0, sizeof(w->out[w->n]));
	memcpy(w->out[w->n].addr, addr, w->bits / 8);
	w->out[w->n].plen = plen;
	w->n++;
	if (w->stop_ret && w->n == w->max)
		return w->stop_ret;
	return 0;
}

/* ---- randomized model test ---------------------------------------------- */

struct lpm_test_run {
	struct kunit *test;
	struct lpm_test_rng rng;
	struct vpcpeer_lpm lpm;
	struct lpm_test_model model;
	struct lpm_test_prefix *sorted;
	struct lpm_test_prefix *walked;
	u8 anchors[LPM_TEST_ANCHORS][16];
	u8 bits;
	char buf[2][64];
};

static const char *lpm_test_str(struct lpm_test_run *r, int i, const u8 *addr,
				u8 plen)
{
	lpm_test_fmt(r->buf[i], sizeof(r->buf[i]), r->bits, addr, plen);
	return r->buf[i];
}

/* A random address: near an anchor (to make hits and nesting), or anywhere. */
static void lpm_test_rand_addr(struct lpm_test_run *r, u8 *addr)
{
	unsigned int i, flips;

	memset(addr, 0, 16);
	if (lpm_test_below(&r->rng, 4)) {
		memcpy(addr,
		       r->anchors[lpm_test_below(&r->rng, LPM_TEST_ANCHORS)],
		       16);
		flips = lpm_test_below(&r->rng, 4);
		for (i = 0; i < flips; i++)
			lpm_test_flip_bit(addr,
					  lpm_test_below(&r->rng, r->bits));
	} else {
		lpm_test_rand_bytes(&r->rng, addr, r->bits / 8);
	}
}

static u8 lpm_test_rand_plen(struct lpm_test_run *r)
{
	u32 x = lpm_test_below(&r->rng, 1000);

	if (x < 3)
		return 0;
	if (x < 30)
		return 1 + lpm_test_below(&r->rng, 7);
	if (x < 130)
		return r->bits;
	return 8 + lpm_test_below(&r->rng, r->bits - 7);
}

/* A random valid prefix, often a neighbour of or nested in stored ones. */
static void lpm_test_rand_prefix(struct lpm_test_run *r, u8 *addr, u8 *plen)
{
	const struct lpm_test_prefix *p;

	if (r->model.n && !lpm_test_below(&r->rng, 3)) {
		/* Derived from a stored one: sibling, parent or child. */
		p = &r->model.p[lpm_test_below(&r->rng, r->model.n)];
		memcpy(addr, p->addr, 16);
		*plen = lpm_test_below(&r->rng, r->bits + 1);
		lpm_test_rand_host(&r->rng, addr, r->bits, p->plen);
	} else {
		lpm_test_rand_addr(r, addr);
		*plen = lpm_test_rand_plen(r);
	}
	/* Adjacent prefix (same parent, other half) now and then. */
	if (*plen && !lpm_test_below(&r->rng, 4))
		lpm_test_flip_bit(addr, *plen - 1);
	lpm_test_clear_host(addr, r->bits, *plen);
}

static bool lpm_test_check_walk(struct lpm_test_run *r)
{
	struct lpm_test_walk w = {
		.out = r->walked,
		.max = LPM_TEST_MAX_PREFIXES,
		.bits = r->bits,
	};
	struct kunit *test = r->test;
	unsigned int i;
	int ret;

	memcpy(r->sorted, r->model.p, r->model.n * sizeof(*r->sorted));
	sort(r->sorted, r->model.n, sizeof(*r->sorted), lpm_test_prefix_cmp,
	     NULL);

	mutex_lock(&lpm_test_lock);
	ret = vpcpeer_lpm_for_each(&r->lpm, lpm_test_walk_fn, &w);
	mutex_unlock(&lpm_test_lock);

	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, w.n, r->model.n);
	if (ret || w.n != r->model.n)
		return false;
	for (i = 0; i < w.n; i++) {
		if (lpm_test_prefix_cmp(&w.out[i], &r->sorted[i])) {
			KUNIT_FAIL(test, "for_each item %u: got %s, want %s", i,
				   lpm_test_str(r, 0, w.out[i].addr,
						w.out[i].plen),
				   lpm_test_str(r, 1, r->sorted[i].addr,
						r->sorted[i].plen));
			return false;
		}
	}

	/* Early stop: fn's non-zero value comes back, nothing more is called. */
	if (r->model.n >= 3) {
		w.n = 0;
		w.max = 3;
		w.stop_ret = 42;
		mutex_lock(&lpm_test_lock);
		ret = vpcpeer_lpm_for_each(&r->lpm, lpm_test_walk_fn, &w);
		mutex_unlock(&lpm_test_lock);
		KUNIT_EXPECT_EQ(test, ret, 42);
		KUNIT_EXPECT_EQ(test, w.n, 3U);
		if (ret != 42 || w.n != 3)
			return false;
	}
	return true;
}

static bool lpm_test_op_insert(struct lpm_test_run *r)
{
	struct kunit *test = r->test;
	u8 addr[16], plen;
	int ret, want;

	lpm_test_rand_prefix(r, addr, &plen);
	if (!lpm_test_below(&r->rng, 30)) {
		/* Malformed: host bit set or too long. */
		if (plen < r->bits && lpm_test_below(&r->rng, 2))
			lpm_test_flip_bit(addr, plen +
					  lpm_test_below(&r->rng,
							 r->bits - plen));
		else
			plen = r->bits + 1 + lpm_test_below(&r->rng, 8);
		want = -EINVAL;
	} else if (lpm_test_model_find(&r->model, addr, plen) >= 0) {
		want = -EEXIST;
	} else {
		want = 0;
		if (r->model.n >= LPM_TEST_MAX_PREFIXES)
			return true;	/* model full: skip */
	}

	mutex_lock(&lpm_test_lock);
	ret = vpcpeer_lpm_insert(&r->lpm, addr, plen, GFP_KERNEL);
	mutex_unlock(&lpm_test_lock);
	if (ret != want) {
		KUNIT_FAIL(test, "insert %s: got %d, want %d",
			   lpm_test_str(r, 0, addr, plen), ret, want);
		return false;
	}
	if (!ret) {
		memcpy(r->model.p[r->model.n].addr, addr, 16);
		r->model.p[r->model.n].plen = plen;
		r->model.n++;
	}
	return true;
}

static bool lpm_test_remove_one(struct lpm_test_run *r, const u8 *addr,
				u8 plen)
{
	struct kunit *test = r->test;
	int idx, ret, want;

	idx = lpm_test_model_find(&r->model, addr, plen);
	want = idx >= 0 ? 0 : -ENOENT;

	mutex_lock(&lpm_test_lock);
	ret = vpcpeer_lpm_remove(&r->lpm, addr, plen);
	mutex_unlock(&lpm_test_lock);
	if (ret != want) {
		KUNIT_FAIL(test, "remove %s: got %d, want %d",
			   lpm_test_str(r, 0, addr, plen), ret, want);
		return false;
	}
	if (idx >= 0)
		r->model.p[idx] = r->model.p[--r->model.n];
	return true;
}

static bool lpm_test_op_remove(struct lpm_test_run *r)
{
	struct lpm_test_prefix victim = {};
	u8 addr[16];

	if (r->model.n && lpm_test_below(&r->rng, 3)) {
		victim = r->model.p[lpm_test_below(&r->rng, r->model.n)];
		return lpm_test_remove_one(r, victim.addr, victim.plen);
	}
	lpm_test_rand_prefix(r, victim.addr, &victim.plen);
	if (!lpm_test_below(&r->rng, 30)) {
		memcpy(addr, victim.addr, 16);
		/* Malformed prefixes are refused, not looked up. */
		mutex_lock(&lpm_test_lock);
		if (victim.plen < r->bits) {
			lpm_test_flip_bit(addr, r->bits - 1);
			KUNIT_EXPECT_EQ(r->test,
					vpcpeer_lpm_remove(&r->lpm, addr,
							   victim.plen),
					-EINVAL);
		}
		KUNIT_EXPECT_EQ(r->test,
				vpcpeer_lpm_remove(&r->lpm, victim.addr,
						   r->bits + 1),
				-EINVAL);
		mutex_unlock(&lpm_test_lock);
	}
	return lpm_test_remove_one(r, victim.addr, victim.plen);
}

/*
 * Each address is looked up as the set stands (the trie, when a change
 * came after the last publish) and again after a publish (the flat copy).
 */
static bool lpm_test_op_lookup(struct lpm_test_run *r)
{
	struct kunit *test = r->test;
	const struct lpm_test_prefix *p;
	u8 addrs[8][16], *addr, plen, found[16], fplen;
	bool got, want;
	unsigned int i, pass;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		u32 kind = lpm_test_below(&r->rng, 10);

		addr = addrs[i];

		if (r->model.n && kind < 4) {
			/* Inside a stored prefix, or just past its edge. */
			p = &r->model.p[lpm_test_below(&r->rng, r->model.n)];
			memcpy(addr, p->addr, 16);
			lpm_test_rand_host(&r->rng, addr, r->bits, p->plen);
			if (p->plen && (kind & 1))
				lpm_test_flip_bit(addr, p->plen - 1);
		} else if (kind < 8) {
			lpm_test_rand_addr(r, addr);
		} else {
			memset(addr, 0, 16);
			lpm_test_rand_bytes(&r->rng, addr, r->bits / 8);
		}
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass) {
			mutex_lock(&lpm_test_lock);
			vpcpeer_lpm_publish(&r->lpm, GFP_KERNEL);
			mutex_unlock(&lpm_test_lock);
		}
		for (i = 0; i < ARRAY_SIZE(addrs); i++) {
			want = lpm_test_model_covers(&r->model, addrs[i]);
			rcu_read_lock_bh();
			got = vpcpeer_lpm_contains(&r->lpm, addrs[i]);
			rcu_read_unlock_bh();
			if (got != want) {
				KUNIT_FAIL(test, "contains %s (%s): got %d, want %d",
					   lpm_test_str(r, 0, addrs[i], r->bits),
					   pass ? "published" : "as it stands",
					   got, want);
				return false;
			}
		}
	}
	addr = addrs[0];

	/* One overlap query per lookup round; host bits must be ignored. */
	lpm_test_rand_prefix(r, addr, &plen);
	want = lpm_test_model_overlaps(&r->model, addr, plen);
	lpm_test_rand_host(&r->rng, addr, r->bits, plen);
	fplen = 0xff;
	mutex_lock(&lpm_test_lock);
	got = vpcpeer_lpm_find_overlap(&r->lpm, addr, plen, found, &fplen);
	mutex_unlock(&lpm_test_lock);
	if (got != want) {
		KUNIT_FAIL(test, "find_overlap %s: got %d, want %d",
			   lpm_test_str(r, 0, addr, plen), got, want);
		return false;
	}
	if (got && (lpm_test_model_find(&r->model, found, fplen) < 0 ||
		    !lpm_test_overlaps(found, fplen, addr, plen))) {
		KUNIT_FAIL(test, "find_overlap %s reported %s",
			   lpm_test_str(r, 0, addr, plen),
			   lpm_test_str(r, 1, found, fplen));
		return false;
	}
	return true;
}

static void lpm_test_model_run(struct kunit *test, u8 bits, u64 seed)
{
	struct lpm_test_run *r;
	unsigned int op, i;
	bool ok = true;
	u32 x;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->model.p = kunit_kcalloc(test, LPM_TEST_MAX_PREFIXES,
				   sizeof(*r->model.p), GFP_KERNEL);
	r->sorted = kunit_kcalloc(test, LPM_TEST_MAX_PREFIXES,
				  sizeof(*r->sorted), GFP_KERNEL);
	r->walked = kunit_kcalloc(test, LPM_TEST_MAX_PREFIXES,
				  sizeof(*r->walked), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->model.p);
	KUNIT_ASSERT_NOT_NULL(test, r->sorted);
	KUNIT_ASSERT_NOT_NULL(test, r->walked);

	r->test = test;
	r->bits = bits;
	r->model.bits = bits;
	r->rng.state = seed;
	for (i = 0; i < LPM_TEST_ANCHORS; i++)
		lpm_test_rand_bytes(&r->rng, r->anchors[i], bits / 8);
	vpcpeer_lpm_init(&r->lpm, bits, &lpm_test_lock);

	for (op = 0; ok && op < LPM_TEST_MODEL_OPS; op++) {
		/* Grow during the first half, shrink during the second. */
		x = lpm_test_below(&r->rng, 100);
		if (x < (op < LPM_TEST_MODEL_OPS / 2 ? 45 : 20))
			ok = lpm_test_op_insert(r);
		else if (x < 70)
			ok = lpm_test_op_remove(r);
		else
			ok = lpm_test_op_lookup(r);
		if (ok && r->lpm.count != r->model.n) {
			KUNIT_FAIL(test, "op %u: count %u, model has %u", op,
				   r->lpm.count, r->model.n);
			ok = false;
		}
		if (ok && op % 64 == 63)
			ok = lpm_test_check_walk(r);
	}
	if (ok)
		ok = lpm_test_check_walk(r);

	/* Drain in random order: no junction may be left behind. */
	while (ok && r->model.n) {
		struct lpm_test_prefix victim;

		victim = r->model.p[lpm_test_below(&r->rng, r->model.n)];
		ok = lpm_test_remove_one(r, victim.addr, victim.plen);
		if (ok && !(r->model.n % 16))
			ok = lpm_test_op_lookup(r);
	}
	if (ok) {
		KUNIT_EXPECT_EQ(test, r->lpm.count, 0U);
		KUNIT_EXPECT_TRUE(test, !rcu_access_pointer(r->lpm.root));
	}

	/* free() on a populated set leaves an empty, reusable set. */
	for (i = 0; ok && i < 200; i++)
		ok = lpm_test_op_insert(r);
	mutex_lock(&lpm_test_lock);
	vpcpeer_lpm_free(&r->lpm);
	mutex_unlock(&lpm_test_lock);
	r->model.n = 0;
	KUNIT_EXPECT_EQ(test, r->lpm.count, 0U);
	KUNIT_EXPECT_TRUE(test, !rcu_access_pointer(r->lpm.root));
	for (i = 0; ok && i < 20; i++)
		ok = lpm_test_op_insert(r) && lpm_test_op_lookup(r);

	mutex_lock(&lpm_test_lock);
	vpcpeer_lpm_free(&r->lpm);
	mutex_unlock(&lpm_test_lock);
}

static void lpm_test_model_ipv4(struct kunit *test)
{
	lpm_test_model_run(test, 32, 0x9e3779b97f4a7c15ULL);
}

static void lpm_test_model_ipv6(struct kunit *test)
{
	lpm_test_model_run(test, 128, 0xd1b54a32d192ed03ULL);
}

/* ---- overlap edge cases ------------------------------------------------- */

struct lpm_test_overlap_case {
	const char *what;
	u8 addr[16];
	u8 plen;
	bool overlap;
	s8 found;	/* index into the stored prefixes, -1 if any */
};

static void lpm_test_overlap_table(struct kunit *test, u8 bits,
				   const struct lpm_test_prefix *stored,
				   unsigned int nstored,
				   const struct lpm_test_overlap_case *cases,
				   unsigned int ncases)
{
	struct vpcpeer_lpm lpm;
	unsigned int i, j;
	u8 found[16];
	u8 fplen;
	bool got;

	vpcpeer_lpm_init(&lpm, bits, &lpm_test_lock);
	mutex_lock(&lpm_test_lock);
	for (i = 0; i < nstored; i++)
		KUNIT_EXPECT_EQ(test, vpcpeer_lpm_insert(&lpm, stored[i].addr,
							 stored[i].plen,
							 GFP_KERNEL), 0);

	for (i = 0; i < ncases; i++) {
		const struct lpm_test_overlap_case *c = &cases[i];

		memset(found, 0xa5, sizeof(found));
		fplen = 0xff;
		got = vpcpeer_lpm_find_overlap(&lpm, c->addr, c->plen, found,
					       &fplen);
		KUNIT_EXPECT_EQ_MSG(test, got, c->overlap, "%s", c->what);
		/* NULL outputs are allowed and give the same answer. */
		KUNIT_EXPECT_EQ_MSG(test,
				    vpcpeer_lpm_find_overlap(&lpm, c->addr,
							     c->plen, NULL,
							     NULL),
				    c->overlap, "%s (NULL outputs)", c->what);
		if (!got || !c->overlap)
			continue;

		/* The report must name a stored prefix. */
		for (j = 0; j < nstored; j++)
			if (stored[j].plen == fplen &&
			    !memcmp(stored[j].addr, found, bits / 8))
				break;
		KUNIT_EXPECT_LT_MSG(test, j, nstored,
				    "%s: reported prefix not stored", c->what);
		if (c->found >= 0)
			KUNIT_EXPECT_EQ_MSG(test, j, (unsigned int)c->found,
					    "%s: wrong prefix reported",
					    c->what);
		if (j < nstored)
			KUNIT_EXPECT_TRUE_MSG(test,
					      lpm_test_overlaps(found, fplen,
								c->addr,
								c->plen),
					      "%s: reported prefix disjoint",
					      c->what);
	}
	vpcpeer_lpm_free(&lpm);
	mutex_unlock(&lpm_test_lock);
}

static void lpm_test_overlap_ipv4(struct kunit *test)
{
	static const struct lpm_test_prefix stored[] = {
		{ { 10, 0, 0, 0 }, 25 },	/* 0 */
		{ { 192, 168, 1, 1 }, 32 },	/* 1 */
		{ { 172, 16, 0, 0 }, 12 },	/* 2 */
		{ { 172, 16, 5, 0 }, 24 },	/* 3: nested in 2 */
	};
	static const struct lpm_test_overlap_case cases[] = {
		{ "adjacent /25", { 10, 0, 0, 128 }, 25, false, -1 },
		{ "equal /25", { 10, 0, 0, 0 }, 25, true, 0 },
		{ "query contains /25", { 10, 0, 0, 0 }, 24, true, 0 },
		{ "query /8 contains /25", { 10, 0, 0, 0 }, 8, true, 0 },
		{ "query inside /25", { 10, 0, 0, 64 }, 26, true, 0 },
		{ "host inside /25", { 10, 0, 0, 127 }, 32, true, 0 },
		{ "host past /25", { 10, 0, 0, 128 }, 32, false, -1 },
		{ "host bits ignored", { 10, 0, 0, 200 }, 24, true, 0 },
		{ "/0 covers all", { 0, 0, 0, 0 }, 0, true, -1 },
		{ "equal /32", { 192, 168, 1, 1 }, 32, true, 1 },
		{ "other /32", { 192, 168, 1, 2 }, 32, false, -1 },
		{ "/31 holding /32", { 192, 168, 1, 0 }, 31, true, 1 },
		{ "adjacent /31", { 192, 168, 1, 2 }, 31, false, -1 },
		{ "outer nest: /8 holds 2 and 3", { 172, 0, 0, 0 }, 8, true, 2 },
		{ "inside both", { 172, 16, 5, 7 }, 32, true, 2 },
		{ "inside outer only", { 172, 16, 6, 0 }, 24, true, 2 },
		{ "equal inner", { 172, 16, 5, 0 }, 24, true, 2 },
		{ "adjacent /12", { 172, 32, 0, 0 }, 12, false, -1 },
		{ "unrelated", { 8, 8, 8, 8 }, 32, false, -1 },
		{ "plen > 32", { 10, 0, 0, 0 }, 33, false, -1 },
	};
	static const struct lpm_test_prefix all[] = {
		{ { 0, 0, 0, 0 }, 0 },
	};
	static const struct lpm_test_overlap_case all_cases[] = {
		{ "/0 holds a host", { 1, 2, 3, 4 }, 32, true, 0 },
		{ "/0 equal", { 0, 0, 0, 0 }, 0, true, 0 },
		{ "/0 holds a /1", { 128, 0, 0, 0 }, 1, true, 0 },
	};
	static const struct lpm_test_overlap_case empty_cases[] = {
		{ "empty set /0", { 0, 0, 0, 0 }, 0, false, -1 },
		{ "empty set /32", { 10, 0, 0, 1 }, 32, false, -1 },
	};

	lpm_test_overlap_table(test, 32, stored, ARRAY_SIZE(stored), cases,
			       ARRAY_SIZE(cases));
	lpm_test_overlap_table(test, 32, all, ARRAY_SIZE(all), all_cases,
			       ARRAY_SIZE(all_cases));
	lpm_test_overlap_table(test, 32, NULL, 0, empty_cases,
			       ARRAY_SIZE(empty_cases));
}

static void lpm_test_overlap_ipv6(struct kunit *test)
{
	static const struct lpm_test_prefix stored[] = {
		/* 0: 2001:db8::/32 */
		{ { 0x20, 0x01, 0x0d, 0xb8 }, 32 },
		/* 1: 2001:db8:1::/48, nested in 0 */
		{ { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01 }, 48 },
		/* 2: fd00::1/128 */
		{ { 0xfd, [15] = 0x01 }, 128 },
		/* 3: fe80::/65 */
		{ { 0xfe, 0x80 }, 65 },
	};
	static const struct lpm_test_overlap_case cases[] = {
		{ "adjacent /32", { 0x20, 0x01, 0x0d, 0xb9 }, 32, false, -1 },
		{ "equal /32", { 0x20, 0x01, 0x0d, 0xb8 }, 32, true, 0 },
		{ "inside 0 and 1",
		  { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, [15] = 9 }, 128,
		  true, 0 },
		{ "query /16 holds 0 and 1", { 0x20, 0x01 }, 16, true, 0 },
		{ "equal /128", { 0xfd, [15] = 0x01 }, 128, true, 2 },
		{ "other /128", { 0xfd, [15] = 0x02 }, 128, false, -1 },
		{ "/127 holding /128", { 0xfd }, 127, true, 2 },
		{ "/8 holding /128", { 0xfd }, 8, true, 2 },
		{ "inside /65", { 0xfe, 0x80, [8] = 0x7f }, 72, true, 3 },
		{ "adjacent /65", { 0xfe, 0x80, [8] = 0x80 }, 65, false, -1 },
		{ "/64 holding /65", { 0xfe, 0x80 }, 64, true, 3 },
		{ "/0 covers all", { 0 }, 0, true, -1 },
		{ "unrelated", { 0x30 }, 4, false, -1 },
		{ "plen > 128", { 0x20, 0x01, 0x0d, 0xb8 }, 129, false, -1 },
	};
	static const struct lpm_test_prefix all[] = {
		{ { 0 }, 0 },
	};
	static const struct lpm_test_overlap_case all_cases[] = {
		{ "/0 holds /128", { 0xff, [15] = 0xff }, 128, true, 0 },
		{ "/0 equal", { 0 }, 0, true, 0 },
	};

	lpm_test_overlap_table(test, 128, stored, ARRAY_SIZE(stored), cases,
			       ARRAY_SIZE(cases));
	lpm_test_overlap_table(test, 128, all, ARRAY_SIZE(all), all_cases,
			       ARRAY_SIZE(all_cases));
}

/* ---- valid_prefix ------------------------------------------------------- */

static void lpm_test_valid_prefix(struct kunit *test)
{
	static const u8 v4_host[4] = { 10, 0, 0, 1 };
	static const u8 v4_net[4] = { 10, 0, 0, 0 };
	static const u8 v4_zero[4] = { 0 };
	static const u8 v4_odd[4] = { 10, 0, 0, 128 };
	static const u8 v6_host[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const u8 v6_net[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const u8 v6_zero[16] = { 0 };
	struct vpcpeer_lpm lpm;

	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_host, 16));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(32, v4_host, 32));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(32, v4_net, 16));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(32, v4_net, 8));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(32, v4_net, 7));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_net, 6));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_net, 0));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_net, 33));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_zero, 33));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_zero, 255));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(32, v4_zero, 0));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(32, v4_odd, 25));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(32, v4_odd, 24));

	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(128, v6_host, 64));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(128, v6_host, 127));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(128, v6_host, 128));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(128, v6_net, 32));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(128, v6_net, 64));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(128, v6_net, 28));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(128, v6_net, 129));
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_valid_prefix(128, v6_zero, 0));

	/* Only 32 and 128 bit families exist. */
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(64, v6_zero, 0));
	KUNIT_EXPECT_FALSE(test, vpcpeer_lpm_valid_prefix(0, v6_zero, 0));

	/* insert() and remove() refuse what valid_prefix() refuses. */
	vpcpeer_lpm_init(&lpm, 32, &lpm_test_lock);
	mutex_lock(&lpm_test_lock);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_insert(&lpm, v4_host, 16, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_insert(&lpm, v4_net, 33, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_remove(&lpm, v4_host, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_insert(&lpm, v4_zero, 0, GFP_KERNEL),
			0);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_insert(&lpm, v4_zero, 0, GFP_KERNEL),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, lpm.count, 1U);
	mutex_unlock(&lpm_test_lock);

	rcu_read_lock_bh();
	KUNIT_EXPECT_TRUE(test, vpcpeer_lpm_contains(&lpm, v4_host));
	rcu_read_unlock_bh();

	mutex_lock(&lpm_test_lock);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_remove(&lpm, v4_zero, 0), 0);
	KUNIT_EXPECT_EQ(test, vpcpeer_lpm_remove(&lpm, v4_zero, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, lpm.count, 0U);
	vpcpeer_lpm_free(&lpm);
	mutex_unlock(&lpm_test_lock);
}

/* ---- the flat copy's edges ---------------------------------------------- */

/* Add @delta (1 or -1) to the @bits-bit address @addr; false on a wrap. */
static bool lpm_test_step(u8 *addr, u8 bits, int delta)
{
	int i;

	for (i = bits / 8 - 1; i >= 0; i--) {
		addr[i] += delta;
		if (addr[i] != (delta > 0 ? 0x00 : 0xff))
			return true;
	}
	return false;
}

/*
 * Every stored prefix's first and last address, and the addresses just
 * outside them, looked up in the published set against the naive model:
 * the sets hold /0, host routes, the ends of the address space, adjacent,
 * nested and far-apart prefixes, and for IPv6 prefixes that share more
 * than 64 bits and fewer (the flat copy's index then straddles a word).
 */
static void lpm_test_edges_run(struct kunit *test, u8 bits,
			       const char *const *text, unsigned int n)
{
	struct lpm_test_prefix p[8] = {};
	struct lpm_test_model model = { .p = p, .bits = bits };
	u8 addr[16], lo[16], hi[16];
	struct vpcpeer_lpm lpm;
	unsigned int i, j, k;
	char buf[64];

	vpcpeer_lpm_init(&lpm, bits, &lpm_test_lock);
	for (i = 0; i <= n; i++) {
		mutex_lock(&lpm_test_lock);
		vpcpeer_lpm_publish(&lpm, GFP_KERNEL);
		mutex_unlock(&lpm_test_lock);
		/* the first j prefixes are in; probe around each */
		for (j = 0; j < i; j++) {
			memcpy(lo, p[j].addr, 16);
			memcpy(hi, p[j].addr, 16);
			for (k = p[j].plen; k < bits; k++)
				hi[k / 8] |= 0x80 >> (k % 8);
			for (k = 0; k < 4; k++) {
				memcpy(addr, k < 2 ? lo : hi, 16);
				if ((k == 1 && !lpm_test_step(addr, bits, -1)) ||
				    (k == 3 && !lpm_test_step(addr, bits, 1)))
					continue;
				rcu_read_lock_bh();
				if (vpcpeer_lpm_contains(&lpm, addr) !=
				    lpm_test_model_covers(&model, addr)) {
					lpm_test_fmt(buf, sizeof(buf), bits, addr,
						     bits);
					KUNIT_FAIL(test, "contains %s with %u prefixes: got %d",
						   buf, i,
						   vpcpeer_lpm_contains(&lpm, addr));
				}
				rcu_read_unlock_bh();
			}
		}
		if (i == n)
			break;
		KUNIT_ASSERT_LT(test, i, (unsigned int)ARRAY_SIZE(p));
		KUNIT_ASSERT_TRUE(test, (bits == 32 ?
			in4_pton(text[i], -1, p[i].addr, '/', NULL) :
			in6_pton(text[i], -1, p[i].addr, '/', NULL)));
		KUNIT_ASSERT_EQ(test, kstrtou8(strchr(text[i], '/') + 1, 10,
					       &p[i].plen), 0);
		mutex_lock(&lpm_test_lock);
		KUNIT_EXPECT_EQ(test, vpcpeer_lpm_insert(&lpm, p[i].addr,
							 p[i].plen, GFP_KERNEL),
				0);
		mutex_unlock(&lpm_test_lock);
		model.n = i + 1;
	}
	mutex_lock(&lpm_test_lock);
	vpcpeer_lpm_free(&lpm);
	mutex_unlock(&lpm_test_lock);
}

static void lpm_test_flat_edges(struct kunit *test)
{
	static const char *const v4_far[] = {
		"255.255.255.255/32", "0.0.0.0/32", "10.1.0.0/16",
		"10.2.0.0/16", "10.1.128.0/17", "192.168.7.4/30",
	};
	static const char *const v4_all[] = { "10.0.0.0/8", "0.0.0.0/0" };
	static const char *const v6_near[] = {
		"2001:db8:0:5::/64", "2001:db8:0:4::/64",
		"2001:db8:0:5:8000::/65", "2001:db8:0:7::1/128",
		"2001:db8:0:1::/64",
	};
	static const char *const v6_within[] = {
		"2001:db8::1:0/112", "2001:db8::2:0/112", "2001:db8::1:5/128",
		"2001:db8::3:ff/128",
	};
	static const char *const v6_far[] = {
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "::/128",
		"fd00::/8", "fe80::/10", "::/0",
	};

	lpm_test_edges_run(test, 32, v4_far, ARRAY_SIZE(v4_far));
	lpm_test_edges_run(test, 32, v4_all, ARRAY_SIZE(v4_all));
	lpm_test_edges_run(test, 128, v6_near, ARRAY_SIZE(v6_near));
	lpm_test_edges_run(test, 128, v6_within, ARRAY_SIZE(v6_within));
	lpm_test_edges_run(test, 128, v6_far, ARRAY_SIZE(v6_far));
}

/* ---- concurrent readers ------------------------------------------------ */

/*
 * A reader thread keeps looking up addresses inside "pinned" prefixes that
 * are never removed (must always hit) and one address outside the region the
 * writer touches (must always miss), while the writer inserts and removes
 * prefixes around and inside the pinned ones. KASAN and PROVE_RCU referee
 * the RCU side; the answers check that readers never see a torn trie.
 */
struct lpm_test_conc {
	struct vpcpeer_lpm lpm;
	u8 bits;
	u8 hit[LPM_TEST_CONC_PINNED][16];
	u8 miss[16];
	unsigned long rounds;
	unsigned int errors;
};

struct lpm_test_order {
	u8 last[16];
	int last_plen;
	unsigned int bad;
	u8 bits;
};

static int lpm_test_order_fn(void *ctx, const u8 *addr, u8 plen)
{
	struct lpm_test_order *o = ctx;
	int r = memcmp(o->last, addr, o->bits / 8);

	/* Strictly ascending by address, then by prefix length. */
	if (o->last_plen >= 0 && (r > 0 || (!r && o->last_plen >= plen)))
		o->bad++;
	memcpy(o->last, addr, o->bits / 8);
	o->last_plen = plen;
	return 0;
}

static int lpm_test_conc_reader(void *arg)
{
	struct lpm_test_conc *c = arg;
	struct lpm_test_order o;
	unsigned int i;

	while (!kthread_should_stop()) {
		rcu_read_lock_bh();
		for (i = 0; i < LPM_TEST_CONC_PINNED; i++)
			if (!vpcpeer_lpm_contains(&c->lpm, c->hit[i]))
				c->errors++;
		if (vpcpeer_lpm_contains(&c->lpm, c->miss))
			c->errors++;
		if (!vpcpeer_lpm_find_overlap(&c->lpm, c->hit[0], c->bits,
					      NULL, NULL))
			c->errors++;
		if (vpcpeer_lpm_find_overlap(&c->lpm, c->miss, c->bits, NULL,
					     NULL))
			c->errors++;
		if (!(c->rounds % 16)) {
			memset(&o, 0, sizeof(o));
			o.last_plen = -1;
			o.bits = c->bits;
			vpcpeer_lpm_for_each(&c->lpm, lpm_test_order_fn, &o);
			c->errors += o.bad;
		}
		rcu_read_unlock_bh();
		WRITE_ONCE(c->rounds, c->rounds + 1);
		cond_resched();
	}
	return 0;
}

static void lpm_test_conc_run(struct kunit *test, u8 bits)
{
	struct lpm_test_prefix *churn;
	struct lpm_test_rng rng = { .state = 0x452821e638d01377ULL ^ bits };
	struct task_struct *reader;
	struct lpm_test_conc *c;
	unsigned int i, n = 0, op;
	u8 addr[16], plen;
	int ret;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	churn = kunit_kcalloc(test, LPM_TEST_CONC_CHURN, sizeof(*churn),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, churn);
	c->bits = bits;
	vpcpeer_lpm_init(&c->lpm, bits, &lpm_test_lock);

	/* Region: 10.0.0.0/8 or 2001:db8::/32; the miss lies just outside. */
	memset(c->miss, 0, sizeof(c->miss));
	if (bits == 32) {
		c->miss[0] = 11;
	} else {
		c->miss[0] = 0x20;
		c->miss[1] = 0x01;
		c->miss[2] = 0x0d;
		c->miss[3] = 0xb9;
	}
	c->miss[bits / 8 - 1] = 1;

	mutex_lock(&lpm_test_lock);
	for (i = 0; i < LPM_TEST_CONC_PINNED; ) {
		memcpy(addr, c->miss, 16);
		addr[bits == 32 ? 0 : 3]--;
		lpm_test_rand_host(&rng, addr, bits, bits == 32 ? 8 : 32);
		plen = bits == 32 ? 16 + lpm_test_below(&rng, 13) :
				    40 + lpm_test_below(&rng, 25);
		lpm_test_clear_host(addr, bits, plen);
		if (vpcpeer_lpm_insert(&c->lpm, addr, plen, GFP_KERNEL))
			continue;
		memcpy(c->hit[i], addr, 16);
		lpm_test_rand_host(&rng, c->hit[i], bits, plen);
		i++;
	}
	mutex_unlock(&lpm_test_lock);

	reader = kthread_run(lpm_test_conc_reader, c, "lpm_test_reader");
	if (IS_ERR(reader)) {
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(reader));
		goto out;
	}
	while (!READ_ONCE(c->rounds))
		usleep_range(1000, 2000);

	for (op = 0; op < LPM_TEST_CONC_OPS; op++) {
		mutex_lock(&lpm_test_lock);
		if (n && (n == LPM_TEST_CONC_CHURN ||
			  lpm_test_below(&rng, 2))) {
			/* Remove a churn prefix, never a pinned one. */
			i = lpm_test_below(&rng, n);
			KUNIT_EXPECT_EQ(test,
					vpcpeer_lpm_remove(&c->lpm,
							   churn[i].addr,
							   churn[i].plen), 0);
			churn[i] = churn[--n];
		} else {
			/* Near a pinned prefix half the time, so it moves. */
			if (lpm_test_below(&rng, 2)) {
				i = lpm_test_below(&rng, LPM_TEST_CONC_PINNED);
				memcpy(addr, c->hit[i], 16);
				lpm_test_rand_host(&rng, addr, bits,
						   bits == 32 ? 12 : 36);
			} else {
				memcpy(addr, c->hit[0], 16);
				lpm_test_rand_host(&rng, addr, bits,
						   bits == 32 ? 8 : 32);
			}
			plen = bits == 32 ? 9 + lpm_test_below(&rng, 24) :
					    33 + lpm_test_below(&rng, 96);
			lpm_test_clear_host(addr, bits, plen);
			ret = vpcpeer_lpm_insert(&c->lpm, addr, plen,
						 GFP_KERNEL);
			if (!ret) {
				memcpy(churn[n].addr, addr, 16);
				churn[n++].plen = plen;
			} else {
				KUNIT_EXPECT_EQ(test, ret, -EEXIST);
			}
		}
		/* most writes are published, so readers see copies come and go */
		if (op % 4)
			vpcpeer_lpm_publish(&c->lpm, GFP_KERNEL);
		mutex_unlock(&lpm_test_lock);
		if (!(op % 64))
			cond_resched();
	}

	kthread_stop(reader);
	KUNIT_EXPECT_EQ(test, c->errors, 0U);
	kunit_info(test, "IPv%u: %lu reader rounds during %u writes",
		   bits == 32 ? 4 : 6, c->rounds, LPM_TEST_CONC_OPS);
out:
	mutex_lock(&lpm_test_lock);
	KUNIT_EXPECT_EQ(test, c->lpm.count, LPM_TEST_CONC_PINNED + n);
	vpcpeer_lpm_free(&c->lpm);
	mutex_unlock(&lpm_test_lock);
}

static void lpm_test_concurrent(struct kunit *test)
{
	lpm_test_conc_run(test, 32);
	lpm_test_conc_run(test, 128);
}

/* ---- benchmark ---------------------------------------------------------- */

static void lpm_test_bench_one(struct kunit *test, u8 bits, unsigned int n,
			       u8 (*keys)[16])
{
	struct lpm_test_rng rng = { .state = 0x243f6a8885a308d3ULL ^ n ^ bits };
	unsigned int inserted = 0, nkeys, i, j, hits = 0;
	struct vpcpeer_lpm lpm;
	u8 addr[16], plen;
	u64 start, ns;
	int ret;

	vpcpeer_lpm_init(&lpm, bits, &lpm_test_lock);
	mutex_lock(&lpm_test_lock);
	while (inserted < n) {
		memset(addr, 0, sizeof(addr));
		lpm_test_rand_bytes(&rng, addr, bits / 8);
		plen = bits == 32 ? 16 + lpm_test_below(&rng, 13) :
				    32 + lpm_test_below(&rng, 33);
		lpm_test_clear_host(addr, bits, plen);
		ret = vpcpeer_lpm_insert(&lpm, addr, plen, GFP_KERNEL);
		if (ret == -EEXIST)
			continue;
		if (ret) {
			KUNIT_FAIL(test, "insert: %d", ret);
			goto out;
		}
		/* Reservoir-sample the lookup keys over all stored prefixes. */
		j = inserted < LPM_TEST_BENCH_KEYS ? inserted :
			lpm_test_below(&rng, inserted + 1);
		if (j < LPM_TEST_BENCH_KEYS) {
			memcpy(keys[j], addr, 16);
			lpm_test_rand_host(&rng, keys[j], bits, plen);
		}
		inserted++;
	}
	KUNIT_EXPECT_EQ(test, lpm.count, n);
	vpcpeer_lpm_publish(&lpm, GFP_KERNEL);
	mutex_unlock(&lpm_test_lock);

	nkeys = min_t(unsigned int, n, LPM_TEST_BENCH_KEYS);
	start = ktime_get_ns();
	for (i = 0; i < LPM_TEST_BENCH_LOOKUPS; i += LPM_TEST_BENCH_CHUNK) {
		rcu_read_lock_bh();
		for (j = 0; j < LPM_TEST_BENCH_CHUNK; j++)
			hits += vpcpeer_lpm_contains(&lpm,
						     keys[(i + j) % nkeys]);
		rcu_read_unlock_bh();
	}
	ns = ktime_get_ns() - start;

	KUNIT_EXPECT_EQ(test, hits, LPM_TEST_BENCH_LOOKUPS);
	kunit_info(test, "IPv%u, %u prefixes: %llu ns per contains()",
		   bits == 32 ? 4 : 6, n,
		   div_u64(ns, LPM_TEST_BENCH_LOOKUPS));

	mutex_lock(&lpm_test_lock);
out:
	vpcpeer_lpm_free(&lpm);
	mutex_unlock(&lpm_test_lock);
}

static void lpm_test_bench(struct kunit *test)
{
	static const unsigned int sizes[] = { 1, 100, 10000 };
	u8 (*keys)[16];
	unsigned int i;

	keys = kunit_kcalloc(test, LPM_TEST_BENCH_KEYS, sizeof(*keys),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, keys);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		lpm_test_bench_one(test, 32, sizes[i], keys);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		lpm_test_bench_one(test, 128, sizes[i], keys);
}

static struct kunit_case vpcpeer_lpm_test_cases[] = {
	KUNIT_CASE(lpm_test_valid_prefix),
	KUNIT_CASE(lpm_test_overlap_ipv4),
	KUNIT_CASE(lpm_test_overlap_ipv6),
	KUNIT_CASE(lpm_test_model_ipv4),
	KUNIT_CASE(lpm_test_model_ipv6),
	KUNIT_CASE(lpm_test_flat_edges),
	KUNIT_CASE(lpm_test_concurrent),
	KUNIT_CASE(lpm_test_bench),
	{}
};

struct kunit_suite vpcpeer_lpm_test_suite = {
	.name = "vpcpeer_lpm",
	.test_cases = vpcpeer_lpm_test_cases,
};
