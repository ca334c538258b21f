/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vpcpeer - RCU longest-prefix-match prefix set (path-compressed binary trie)
 *
 * One set holds the CIDRs of one VPC for one address family. Readers on the
 * per-packet path only need rcu_read_lock() or rcu_read_lock_bh(); they never
 * lock or allocate. Writers serialise on the mutex given to vpcpeer_lpm_init(),
 * and after a batch of changes call vpcpeer_lpm_publish(), which gives
 * lookups a flat copy of the set to search instead of the trie.
 */
#ifndef _VPCPEER_LPM_H
#define _VPCPEER_LPM_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct mutex;
struct vpcpeer_lpm_flat;
struct vpcpeer_lpm_node;

/**
 * struct vpcpeer_lpm - set of IPv4 or IPv6 prefixes with RCU lookups
 * @root: root of the path-compressed binary trie, NULL when empty
 * @flat: what lookups search: the ranges the prefixes cover, sorted, as of
 *	the last vpcpeer_lpm_publish(); NULL (lookups walk the trie) from the
 *	next change until the one after
 * @lock: mutex held by every writer; used for lockdep checking
 * @count: number of stored prefixes (read it with @lock held)
 * @bits: address length in bits, 32 or 128
 */
struct vpcpeer_lpm {
	struct vpcpeer_lpm_node __rcu *root;
	struct vpcpeer_lpm_flat __rcu *flat;
	struct mutex *lock;	/* writers hold it; for lockdep */
	u32 count;
	u8 bits;
};

void vpcpeer_lpm_init(struct vpcpeer_lpm *lpm, u8 bits, struct mutex *lock);

/* Writers: the caller holds lpm->lock. */
int vpcpeer_lpm_insert(struct vpcpeer_lpm *lpm, const u8 *addr, u8 plen,
		       gfp_t gfp);
int vpcpeer_lpm_remove(struct vpcpeer_lpm *lpm, const u8 *addr, u8 plen);
void vpcpeer_lpm_publish(struct vpcpeer_lpm *lpm, gfp_t gfp);
void vpcpeer_lpm_free(struct vpcpeer_lpm *lpm);

/* Control path: the caller holds lpm->lock or is in an RCU read section. */
bool vpcpeer_lpm_find_overlap(const struct vpcpeer_lpm *lpm, const u8 *addr,
			      u8 plen, u8 *found_addr, u8 *found_plen);
int vpcpeer_lpm_for_each(const struct vpcpeer_lpm *lpm,
			 int (*fn)(void *ctx, const u8 *addr, u8 plen),
			 void *ctx);

/* Readers: the caller is in rcu_read_lock() or rcu_read_lock_bh(). */
bool vpcpeer_lpm_contains(const struct vpcpeer_lpm *lpm, const u8 *addr);

bool vpcpeer_lpm_valid_prefix(u8 bits, const u8 *addr, u8 plen);

#endif /* _VPCPEER_LPM_H */
