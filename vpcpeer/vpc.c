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

/* Find a stored CIDR of @vpc that overlaps @cidr. */
static bool vpc_find_overlap(struct vpcpeer_vpc *vpc,
			     const struct vpcpeer_cidr *cidr,
			     struct vpcpeer_cidr *found)
{
	found->family = cidr->family;
	return vpcpeer_lpm_find_overlap(vpcpeer_vpc_cidrs(vpc, cidr->family),
					cidr->addr, cidr->plen, found->addr,
					&found->plen);
}

/* Is @cidr a prefix @vpc may own, beside its own and its peers' CIDRs? */
static int vpc_check_new_cidr(struct vpcpeer_vpc *vpc,
			      const struct vpcpeer_cidr *cidr,
			      struct netlink_ext_ack *extack)
{
	char mine[CIDR_STRLEN], theirs[CIDR_STRLEN];
	struct vpcpeer_peering *peering;
	struct vpcpeer_cidr found;
	int side;

	vpcpeer_cidr_format(mine, sizeof(mine), cidr);
	if (vpc_find_overlap(vpc, cidr, &found)) {
		vpcpeer_cidr_format(theirs, sizeof(theirs), &found);
		if (vpcpeer_msg_fits("%s overlaps %s, already in VPC %s", mine,
				     theirs, vpc->name))
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s overlaps %s, already in VPC %s",
					       mine, theirs, vpc->name);
		else
			NL_SET_ERR_MSG_FMT_MOD(extack, "overlaps %s of this VPC", theirs);
		return found.plen == cidr->plen && !memcmp(found.addr, cidr->addr, 16) ?
		       -EEXIST : -EINVAL;
	}
	for (side = 0; side < 2; side++) {
		list_for_each_entry(peering, &vpc->peerings[side], vpc_node[side]) {
			struct vpcpeer_vpc *peer = peering->vpc[!side];

			if (!vpc_find_overlap(peer, cidr, &found))
				continue;
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

/* Insert CIDRs after checking each; on a refusal, take back the ones in. */
static int vpc_insert_cidrs(struct vpcpeer_vpc *vpc,
			    const struct vpcpeer_cidr *cidrs, unsigned int nr,
			    struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	err = vpc_check_limit(vpc, nr, extack);
	if (err)
		return err;
	/* Inserting as we check catches overlaps within the request too. */
	for (i = 0; i < nr; i++) {
		err = vpc_check_new_cidr(vpc, &cidrs[i], extack);
		if (!err)
			err = vpcpeer_lpm_insert(vpcpeer_vpc_cidrs(vpc, cidrs[i].family),
						 cidrs[i].addr, cidrs[i].plen,
						 GFP_KERNEL_ACCOUNT);
		if (err)
			goto undo;
	}
	return 0;

undo:
	while (i--)
		vpcpeer_lpm_remove(vpcpeer_vpc_cidrs(vpc, cidrs[i].family),
				   cidrs[i].addr, cidrs[i].plen);
	return err;
}

/**
 * vpcpeer_vpc_add_cidrs() - give a VPC more CIDRs, all or none
 * @vpc: the VPC
 * @cidrs: valid, canonical CIDRs
 * @nr: how many
 * @extack: names the first refused CIDR
 *
 * Return: 0, -EINVAL/-EEXIST on an overlap, -ENOSPC over the limit, -ENOMEM.
 */
int vpcpeer_vpc_add_cidrs(struct vpcpeer_vpc *vpc,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr,
			  struct netlink_ext_ack *extack)
{
	int err;

	vpcpeer_net_assert_locked(vpc->vn);
	err = vpc_insert_cidrs(vpc, cidrs, nr, extack);
	if (err)
		return err;
	vpc->vn->generation++;
	vpcpeer_notify_cidrs(vpc, VPCPEER_CIDR_OP_ADD, cidrs, nr);
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
 * Return: 0 or -ENOENT.
 */
int vpcpeer_vpc_del_cidrs(struct vpcpeer_vpc *vpc,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr,
			  struct netlink_ext_ack *extack)
{
	char text[CIDR_STRLEN];
	struct vpcpeer_cidr found;
	unsigned int i, j;

	vpcpeer_net_assert_locked(vpc->vn);
	/* A VPC's CIDRs are disjoint, so an overlap equal to it is it. */
	for (i = 0; i < nr; i++) {
		bool dup = false;

		for (j = 0; j < i && !dup; j++)
			dup = cidrs[j].family == cidrs[i].family &&
			      cidrs[j].plen == cidrs[i].plen &&
			      !memcmp(cidrs[j].addr, cidrs[i].addr, 16);
		if (!dup && vpc_find_overlap(vpc, &cidrs[i], &found) &&
		    found.plen == cidrs[i].plen &&
		    !memcmp(found.addr, cidrs[i].addr, 16))
			continue;
		vpcpeer_cidr_format(text, sizeof(text), &cidrs[i]);
		if (dup)
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s is listed twice", text);
		else if (vpcpeer_msg_fits("%s not found in VPC %s", text, vpc->name))
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s not found in VPC %s",
					       text, vpc->name);
		else
			NL_SET_ERR_MSG_FMT_MOD(extack, "%s is not in the VPC", text);
		return -ENOENT;
	}
	for (i = 0; i < nr; i++)
		vpcpeer_lpm_remove(vpcpeer_vpc_cidrs(vpc, cidrs[i].family),
				   cidrs[i].addr, cidrs[i].plen);
	vpc->vn->generation++;
	vpcpeer_notify_cidrs(vpc, VPCPEER_CIDR_OP_DEL, cidrs, nr);
	return 0;
}

struct disjoint_walk {
	struct vpcpeer_vpc *other;
	struct vpcpeer_cidr mine;
	struct vpcpeer_cidr theirs;
};

static int disjoint_walk_one(void *ctx, const u8 *addr, u8 plen)
{
	struct disjoint_walk *walk = ctx;

	memset(walk->mine.addr, 0, sizeof(walk->mine.addr));
	memcpy(walk->mine.addr, addr, walk->mine.family == AF_INET ? 4 : 16);
	walk->mine.plen = plen;
	return vpc_find_overlap(walk->other, &walk->mine, &walk->theirs);
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
	struct disjoint_walk walk = {};
	unsigned int i;

	vpcpeer_net_assert_locked(a->vn);
	for (i = 0; i < ARRAY_SIZE(families); i++) {
		struct vpcpeer_vpc *small = a, *big = b;

		/* Walk the smaller set, look up in the larger. */
		if (vpcpeer_vpc_cidrs(a, families[i])->count >
		    vpcpeer_vpc_cidrs(b, families[i])->count)
			swap(small, big);
		walk.other = big;
		walk.mine.family = families[i];
		if (!vpcpeer_lpm_for_each(vpcpeer_vpc_cidrs(small, families[i]),
					  disjoint_walk_one, &walk))
			continue;
		vpcpeer_cidr_format(mine, sizeof(mine), &walk.mine);
		vpcpeer_cidr_format(theirs, sizeof(theirs), &walk.theirs);
		if (vpcpeer_msg_fits("%s of VPC %s overlaps %s of VPC %s", mine,
				     small->name, theirs, big->name))
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "%s of VPC %s overlaps %s of VPC %s",
					       mine, small->name, theirs, big->name);
		else
			NL_SET_ERR_MSG_FMT_MOD(extack, "VPCs %s and %s have overlapping CIDRs",
					       small->name, big->name);
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
