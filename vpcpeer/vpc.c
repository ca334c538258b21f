// SPDX-License-Identifier: GPL-2.0
/*
 * VPCs: VRF devices attached under a name, with the CIDRs they own. The
 * rules that keep peering unambiguous live here: a VPC's CIDRs never
 * overlap each other, nor those of any VPC it is peered with.
 */
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/stringhash.h>
#include <net/netlink.h>

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "peering.h"
#include "vpc.h"

static unsigned int max_vpcs = 4096;
module_param(max_vpcs, uint, 0644);
MODULE_PARM_DESC(max_vpcs, "Most VPCs in one network namespace");

static unsigned int max_cidrs_per_vpc = 131072;
module_param(max_cidrs_per_vpc, uint, 0644);
MODULE_PARM_DESC(max_cidrs_per_vpc, "Most CIDRs (IPv4 and IPv6) in one VPC");

static u32 vpc_name_hash(const char *name)
{
	return full_name_hash(NULL, name, strlen(name));
}

/**
 * vpcpeer_vpc_find() - look a VPC up by name
 * @vn: namespace, RTNL or its lock held
 * @name: VPC name
 *
 * Return: the VPC or NULL.
 */
struct vpcpeer_vpc *vpcpeer_vpc_find(struct vpcpeer_net *vn, const char *name)
{
	struct vpcpeer_vpc *vpc;

	hash_for_each_possible(vn->vpc_names, vpc, name_node, vpc_name_hash(name))
		if (!strcmp(vpc->name, name))
			return vpc;
	return NULL;
}

/**
 * vpcpeer_vpc_find_by_vrf() - the VPC a VRF backs, if any
 * @vn: namespace, RTNL or its lock held
 * @vrf: the device
 *
 * Return: the VPC or NULL.
 */
struct vpcpeer_vpc *vpcpeer_vpc_find_by_vrf(struct vpcpeer_net *vn,
					    const struct net_device *vrf)
{
	struct vpcpeer_vpc *vpc;

	list_for_each_entry(vpc, &vn->vpcs, list)
		if (vpc->vrf == vrf)
			return vpc;
	return NULL;
}

/**
 * vpcpeer_cidr_format() - print a CIDR as "10.0.0.0/16" or "fd00::/48"
 * @buf: output
 * @len: size of @buf
 * @cidr: the CIDR
 *
 * Return: as snprintf().
 */
int vpcpeer_cidr_format(char *buf, size_t len, const struct vpcpeer_cidr *cidr)
{
	if (cidr->family == AF_INET)
		return snprintf(buf, len, "%pI4/%u", cidr->addr, cidr->plen);
	return snprintf(buf, len, "%pI6c/%u", cidr->addr, cidr->plen);
}

/* Longest text of a CIDR, "ffff:...:ffff/128" and its NUL. */
#define CIDR_STRLEN 44

/* Does @vpc own exactly @cidr? Its CIDRs are disjoint: an equal overlap is it. */
static bool vpc_owns(struct vpcpeer_vpc *vpc, const struct vpcpeer_cidr *cidr)
{
	u8 addr[16] = {}, plen;

	return vpcpeer_lpm_find_overlap(vpcpeer_vpc_cidrs(vpc, cidr->family),
					cidr->addr, cidr->plen, addr, &plen) &&
	       plen == cidr->plen && !memcmp(addr, cidr->addr, sizeof(addr));
}

static bool cidr_equal(const struct vpcpeer_cidr *a, const struct vpcpeer_cidr *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

struct overlap_walk {
	const struct vpcpeer_lpm *other;
	struct vpcpeer_cidr mine;
	struct vpcpeer_cidr theirs;
};

static int overlap_walk_one(void *ctx, const u8 *addr, u8 plen)
{
	struct overlap_walk *walk = ctx;

	/* Sets of 10^5 CIDRs: let others run; we hold only a mutex. */
	cond_resched();
	memcpy(walk->mine.addr, addr, walk->mine.family == AF_INET ? 4 : 16);
	walk->mine.plen = plen;
	return vpcpeer_lpm_find_overlap(walk->other, walk->mine.addr, plen,
					walk->theirs.addr, &walk->theirs.plen);
}

/*
 * Do sets @x and @y of @family overlap? Walks the smaller and looks up in
 * the larger, so the cost is min(|x|, |y|) lookups. If they do, *in_x and
 * *in_y are an overlapping pair.
 */
static bool sets_overlap(const struct vpcpeer_lpm *x, const struct vpcpeer_lpm *y,
			 u8 family, struct vpcpeer_cidr *in_x,
			 struct vpcpeer_cidr *in_y)
{
	struct overlap_walk walk = { .mine.family = family, .theirs.family = family };
	bool swapped = x->count > y->count;

	if (swapped)
		swap(x, y);
	walk.other = y;
	if (!vpcpeer_lpm_for_each(x, overlap_walk_one, &walk))
		return false;
	*in_x = swapped ? walk.theirs : walk.mine;
	*in_y = swapped ? walk.mine : walk.theirs;
	return true;
}

/*
 * A request's CIDRs as sets of their own, one a family: checking them
 * against a VPC's set walks the smaller of the two, so a request costs
 * O(its size + its VPC's and peers' sets), never their product.
 */
struct cidr_request {
	struct vpcpeer_lpm set[2];
};

static struct vpcpeer_lpm *request_set(struct cidr_request *req, u8 family)
{
	return &req->set[family == AF_INET6];
}

static void request_init(struct cidr_request *req, struct vpcpeer_net *vn)
{
	vpcpeer_lpm_init(&req->set[0], 32, &vn->lock);
	vpcpeer_lpm_init(&req->set[1], 128, &vn->lock);
}

static void request_free(struct cidr_request *req)
{
	vpcpeer_lpm_free(&req->set[0]);
	vpcpeer_lpm_free(&req->set[1]);
}

/* Gather CIDRs to add into @req, refusing two that overlap each other. */
static int request_add_disjoint(struct cidr_request *req,
				const struct vpcpeer_cidr *cidrs, unsigned int nr,
				struct netlink_ext_ack *extack)
{
	char mine[CIDR_STRLEN], theirs[CIDR_STRLEN];
	struct vpcpeer_cidr found;
	unsigned int i;
	int err;

	for (i = 0; i < nr; i++) {
		struct vpcpeer_lpm *set = request_set(req, cidrs[i].family);

		cond_resched();
		found = (struct vpcpeer_cidr){ .family = cidrs[i].family };
		if (vpcpeer_lpm_find_overlap(set, cidrs[i].addr, cidrs[i].plen,
					     found.addr, &found.plen)) {
			vpcpeer_cidr_format(mine, sizeof(mine), &cidrs[i]);
			vpcpeer_cidr_format(theirs, sizeof(theirs), &found);
			if (vpcpeer_msg_fits("%s overlaps %s, also in this request",
					     mine, theirs))
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "%s overlaps %s, also in this request",
						       mine, theirs);
			else
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "overlaps %s, also in this request",
						       theirs);
			return cidr_equal(&found, &cidrs[i]) ? -EEXIST : -EINVAL;
		}
		err = vpcpeer_lpm_insert(set, cidrs[i].addr, cidrs[i].plen,
					 GFP_KERNEL_ACCOUNT);
		if (err)
			return err;
	}
	return 0;
}

/* May @vpc own the CIDRs of @req of @family, beside its own and its peers'? */
static int vpc_check_request(struct vpcpeer_vpc *vpc, struct cidr_request *req,
			     u8 family, struct netlink_ext_ack *extack)
{
	const struct vpcpeer_lpm *set = request_set(req, family);
	char mine[CIDR_STRLEN], theirs[CIDR_STRLEN];
	struct vpcpeer_peering *peering;
	struct vpcpeer_cidr new, found;
	int side;

	if (sets_overlap(set, vpcpeer_vpc_cidrs(vpc, family), family, &new, &found)) {
		vpcpeer_cidr_format(mine, sizeof(mine), &new);
		vpcpeer_cidr_format(theirs, sizeof(theirs), &found);
		if (vpcpeer_msg_fits("%s overlaps %s, already in VPC %s", mine,
				     theirs, vpc->name))
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s overlaps %s, already in VPC %s",
					       mine, theirs, vpc->name);
		else
			NL_SET_ERR_MSG_FMT_MOD(extack, "overlaps %s of this VPC", theirs);
		return cidr_equal(&found, &new) ? -EEXIST : -EINVAL;
	}
	for (side = 0; side < 2; side++) {
		list_for_each_entry(peering, &vpc->peerings[side], vpc_node[side]) {
			struct vpcpeer_vpc *peer = peering->vpc[!side];

			if (!sets_overlap(set, vpcpeer_vpc_cidrs(peer, family),
					  family, &new, &found))
				continue;
			vpcpeer_cidr_format(mine, sizeof(mine), &new);
			vpcpeer_cidr_format(theirs, sizeof(theirs), &found);
			if (vpcpeer_msg_fits("%s overlaps %s of peered VPC %s",
					     mine, theirs, peer->name))
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "%s overlaps %s of peered VPC %s",
						       mine, theirs, peer->name);
			else
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "overlaps %s of a peered VPC",
						       theirs);
			return -EINVAL;
		}
	}
	return 0;
}

static int vpc_check_limit(struct vpcpeer_vpc *vpc, unsigned int nr,
			   struct netlink_ext_ack *extack)
{
	unsigned int max = READ_ONCE(max_cidrs_per_vpc);

	if (vpcpeer_vpc_nr_cidrs(vpc) + nr > max) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VPC %s would exceed %u CIDRs (max_cidrs_per_vpc)",
				       vpc->name, max);
		return -ENOSPC;
	}
	return 0;
}

/**
 * vpcpeer_vpc_max_cidrs() - the most CIDRs a VPC, and so a request, may carry
 *
 * Return: the module parameter max_cidrs_per_vpc.
 */
unsigned int vpcpeer_vpc_max_cidrs(void)
{
	return READ_ONCE(max_cidrs_per_vpc);
}

/* After a request's changes: lookups search a flat copy of each set. */
static void vpc_publish_cidrs(struct vpcpeer_vpc *vpc)
{
	vpcpeer_lpm_publish(&vpc->cidrs4, GFP_KERNEL_ACCOUNT);
	vpcpeer_lpm_publish(&vpc->cidrs6, GFP_KERNEL_ACCOUNT);
}

/* Check CIDRs as a whole, then insert them; on a failure, none stay in. */
static int vpc_insert_cidrs(struct vpcpeer_vpc *vpc,
			    const struct vpcpeer_cidr *cidrs, unsigned int nr,
			    struct netlink_ext_ack *extack)
{
	struct cidr_request req;
	unsigned int i;
	int err;

	err = vpc_check_limit(vpc, nr, extack);
	if (err)
		return err;
	request_init(&req, vpc->vn);
	err = request_add_disjoint(&req, cidrs, nr, extack);
	if (!err)
		err = vpc_check_request(vpc, &req, AF_INET, extack);
	if (!err)
		err = vpc_check_request(vpc, &req, AF_INET6, extack);
	if (err)
		goto out;
	for (i = 0; i < nr; i++) {
		cond_resched();
		err = vpcpeer_lpm_insert(vpcpeer_vpc_cidrs(vpc, cidrs[i].family),
					 cidrs[i].addr, cidrs[i].plen,
					 GFP_KERNEL_ACCOUNT);
		if (err)
			goto undo;	/* only an allocation can fail here */
	}
	goto out;

undo:
	while (i--)
		vpcpeer_lpm_remove(vpcpeer_vpc_cidrs(vpc, cidrs[i].family),
				   cidrs[i].addr, cidrs[i].plen);
out:
	request_free(&req);
	vpc_publish_cidrs(vpc);
	return err;
}

/**
 * vpcpeer_vpc_add_cidrs() - give a VPC more CIDRs, all or none
 * @vpc: the VPC
 * @cidrs: valid, canonical CIDRs
 * @nr: how many
 * @extack: names the first refused CIDR
 *
 * Context: the namespace's lock held; RTNL is not needed.
 * Return: 0, -EINVAL/-EEXIST on an overlap, -ENOSPC over the limit, -ENOMEM.
 */
int vpcpeer_vpc_add_cidrs(struct vpcpeer_vpc *vpc,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr,
			  struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&vpc->vn->lock);
	err = vpc_insert_cidrs(vpc, cidrs, nr, extack);
	if (err)
		return err;
	vpc->vn->generation++;
	vpcpeer_notify_cidrs(vpc, VPCPEER_CIDR_OP_ADD, cidrs, nr);
	return 0;
}

/* Check that @vpc owns each CIDR, once; gathers them into @req. */
static int request_owned_once(struct vpcpeer_vpc *vpc, struct cidr_request *req,
			      const struct vpcpeer_cidr *cidrs, unsigned int nr,
			      struct netlink_ext_ack *extack)
{
	char text[CIDR_STRLEN];
	unsigned int i;
	int err;

	for (i = 0; i < nr; i++) {
		cond_resched();
		if (!vpc_owns(vpc, &cidrs[i])) {
			vpcpeer_cidr_format(text, sizeof(text), &cidrs[i]);
			if (vpcpeer_msg_fits("%s not found in VPC %s", text, vpc->name))
				NL_SET_ERR_MSG_FMT_MOD(extack, "%s not found in VPC %s",
						       text, vpc->name);
			else
				NL_SET_ERR_MSG_FMT_MOD(extack, "%s is not in the VPC", text);
			return -ENOENT;
		}
		err = vpcpeer_lpm_insert(request_set(req, cidrs[i].family),
					 cidrs[i].addr, cidrs[i].plen,
					 GFP_KERNEL_ACCOUNT);
		if (err == -EEXIST) {
			vpcpeer_cidr_format(text, sizeof(text), &cidrs[i]);
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s is listed twice", text);
			return -ENOENT;
		}
		if (err)
			return err;
	}
	return 0;
}

/**
 * vpcpeer_vpc_del_cidrs() - take CIDRs from a VPC, all or none
 * @vpc: the VPC
 * @cidrs: CIDRs it owns, each named once
 * @nr: how many
 * @extack: names the first CIDR it does not own
 *
 * Traffic to and from them stops crossing peerings at once.
 *
 * Context: the namespace's lock held; RTNL is not needed.
 * Return: 0, -ENOENT, or -ENOMEM.
 */
int vpcpeer_vpc_del_cidrs(struct vpcpeer_vpc *vpc,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr,
			  struct netlink_ext_ack *extack)
{
	struct cidr_request req;
	unsigned int i;
	int err;

	lockdep_assert_held(&vpc->vn->lock);
	request_init(&req, vpc->vn);
	err = request_owned_once(vpc, &req, cidrs, nr, extack);
	request_free(&req);
	if (err)
		return err;
	for (i = 0; i < nr; i++) {
		cond_resched();
		vpcpeer_lpm_remove(vpcpeer_vpc_cidrs(vpc, cidrs[i].family),
				   cidrs[i].addr, cidrs[i].plen);
	}
	vpc_publish_cidrs(vpc);
	vpc->vn->generation++;
	vpcpeer_notify_cidrs(vpc, VPCPEER_CIDR_OP_DEL, cidrs, nr);
	return 0;
}

/**
 * vpcpeer_vpc_check_disjoint() - may @a and @b be peered?
 * @a: one VPC
 * @b: the other
 * @extack: names both overlapping prefixes
 *
 * Return: 0 when no CIDR of @a overlaps one of @b, else -EINVAL.
 */
int vpcpeer_vpc_check_disjoint(struct vpcpeer_vpc *a, struct vpcpeer_vpc *b,
			       struct netlink_ext_ack *extack)
{
	static const u8 families[] = { AF_INET, AF_INET6 };
	char mine[CIDR_STRLEN], theirs[CIDR_STRLEN];
	struct vpcpeer_cidr in_a, in_b;
	unsigned int i;

	vpcpeer_net_assert_locked(a->vn);
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		if (!sets_overlap(vpcpeer_vpc_cidrs(a, families[i]),
				  vpcpeer_vpc_cidrs(b, families[i]), families[i],
				  &in_a, &in_b))
			continue;
		vpcpeer_cidr_format(mine, sizeof(mine), &in_a);
		vpcpeer_cidr_format(theirs, sizeof(theirs), &in_b);
		if (vpcpeer_msg_fits("%s of VPC %s overlaps %s of VPC %s", mine,
				     a->name, theirs, b->name))
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "%s of VPC %s overlaps %s of VPC %s",
					       mine, a->name, theirs, b->name);
		else
			NL_SET_ERR_MSG_FMT_MOD(extack, "VPCs %s and %s have overlapping CIDRs",
					       a->name, b->name);
		return -EINVAL;
	}
	return 0;
}

/**
 * vpcpeer_vpc_create() - attach a VRF as a VPC
 * @vn: namespace, locked
 * @name: unique VPC name, checked for length by the caller
 * @vrf: a VRF device of @vn not backing another VPC
 * @cidrs: its first CIDRs, valid and canonical
 * @nr_cidrs: how many
 * @extack: for refusals
 *
 * Return: the VPC, or an ERR_PTR.
 */
struct vpcpeer_vpc *vpcpeer_vpc_create(struct vpcpeer_net *vn, const char *name,
				       struct net_device *vrf,
				       const struct vpcpeer_cidr *cidrs,
				       unsigned int nr_cidrs,
				       struct netlink_ext_ack *extack)
{
	unsigned int max = READ_ONCE(max_vpcs);
	struct vpcpeer_vpc *vpc, *other;
	int err;

	vpcpeer_net_assert_locked(vn);
	if (vn->nr_vpcs >= max) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "this namespace already has %u VPCs (max_vpcs)", max);
		return ERR_PTR(-ENOSPC);
	}
	if (vpcpeer_vpc_find(vn, name)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "VPC %s already exists", name);
		return ERR_PTR(-EEXIST);
	}
	if (!netif_is_l3_master(vrf)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s is not a VRF", vrf->name);
		return ERR_PTR(-EINVAL);
	}
	other = vpcpeer_vpc_find_by_vrf(vn, vrf);
	if (other) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s already backs VPC %s",
				       vrf->name, other->name);
		return ERR_PTR(-EBUSY);
	}

	vpc = kzalloc(sizeof(*vpc), GFP_KERNEL_ACCOUNT);
	if (!vpc)
		return ERR_PTR(-ENOMEM);
	strscpy(vpc->name, name, sizeof(vpc->name));
	vpc->vn = vn;
	INIT_LIST_HEAD(&vpc->peerings[0]);
	INIT_LIST_HEAD(&vpc->peerings[1]);
	vpcpeer_lpm_init(&vpc->cidrs4, 32, &vn->lock);
	vpcpeer_lpm_init(&vpc->cidrs6, 128, &vn->lock);
	err = vpc_insert_cidrs(vpc, cidrs, nr_cidrs, extack);
	if (err) {
		/* Never published: no reader can hold it. */
		kfree(vpc);
		return ERR_PTR(err);
	}

	vpc->vrf = vrf;
	netdev_hold(vrf, &vpc->vrf_tracker, GFP_KERNEL);
	list_add_tail(&vpc->list, &vn->vpcs);
	hash_add(vn->vpc_names, &vpc->name_node, vpc_name_hash(vpc->name));
	vn->nr_vpcs++;
	vn->generation++;
	vpcpeer_notify_vpc(vpc, VPCPEER_CMD_VPC_NEW_NTF);
	return vpc;
}

/**
 * vpcpeer_vpc_destroy() - detach a VPC and delete its peerings
 * @vpc: the VPC; freed after a grace period
 * @kill: where the peerings' endpoints are queued for unregistration
 */
void vpcpeer_vpc_destroy(struct vpcpeer_vpc *vpc, struct list_head *kill)
{
	struct vpcpeer_net *vn = vpc->vn;
	struct vpcpeer_peering *peering, *tmp;
	int side;

	vpcpeer_net_assert_locked(vn);
	for (side = 0; side < 2; side++)
		list_for_each_entry_safe(peering, tmp, &vpc->peerings[side],
					 vpc_node[side])
			vpcpeer_peering_destroy(peering, kill);

	vpcpeer_notify_vpc(vpc, VPCPEER_CMD_VPC_DEL_NTF);
	list_del(&vpc->list);
	hash_del(&vpc->name_node);
	vn->nr_vpcs--;
	vn->generation++;
	netdev_put(vpc->vrf, &vpc->vrf_tracker);
	vpcpeer_lpm_free(&vpc->cidrs4);
	vpcpeer_lpm_free(&vpc->cidrs6);
	kfree_rcu(vpc, rcu);
}
