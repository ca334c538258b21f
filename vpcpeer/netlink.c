// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "vpcpeer": policies, request parsing, replies,
 * dumps and events. The objects' rules live in vpc.c and peering.c.
 */
#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/vpcpeer.h>

#include "compat.h"
#include "endpoint.h"
#include "verdict.h"
#include "lpm.h"
#include "netlink.h"
#include "netns.h"
#include "peering.h"
#include "version.h"
#include "vpc.h"

static struct genl_family vpcpeer_genl_family;

enum vpcpeer_mcgrp { VPCPEER_MCGRP_EVENTS_ID };

static const struct genl_multicast_group vpcpeer_mcgrps[] = {
	[VPCPEER_MCGRP_EVENTS_ID] = { .name = VPCPEER_MCGRP_EVENTS },
};

/* Names are bounded loosely here, so an over-long one gets a clear message. */
#define NAME_POLICY { .type = NLA_NUL_STRING, .len = 64 }

static const struct nla_policy cidr_policy[VPCPEER_CIDR_A_MAX + 1] = {
	[VPCPEER_CIDR_A_FAMILY] = { .type = NLA_U16 },
	[VPCPEER_CIDR_A_ADDR] = NLA_POLICY_MIN_LEN(4),
	[VPCPEER_CIDR_A_PREFIXLEN] = { .type = NLA_U8 },
};

/*
 * One policy per command: each lists exactly what its command reads, so a
 * request carrying anything else is refused rather than half-obeyed. Each
 * spans its attribute set, so a handler never indexes past its attrs array.
 */
static const struct nla_policy vpc_new_policy[VPCPEER_VPC_A_MAX + 1] = {
	[VPCPEER_VPC_A_NAME] = NAME_POLICY,
	[VPCPEER_VPC_A_VRF_IFINDEX] = { .type = NLA_U32 },
	[VPCPEER_VPC_A_VRF_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[VPCPEER_VPC_A_CIDR] = NLA_POLICY_NESTED(cidr_policy),
};

/* VPC_DEL, and VPC_GET's filter */
static const struct nla_policy vpc_name_policy[VPCPEER_VPC_A_MAX + 1] = {
	[VPCPEER_VPC_A_NAME] = NAME_POLICY,
};

static const struct nla_policy vpc_cidr_policy[VPCPEER_VPC_A_MAX + 1] = {
	[VPCPEER_VPC_A_NAME] = NAME_POLICY,
	[VPCPEER_VPC_A_CIDR] = NLA_POLICY_NESTED(cidr_policy),
};

/* The plain range policy holds s16 bounds, too small for ETH_MAX_MTU. */
static struct netlink_range_validation mtu_range = {
	.min = ETH_MIN_MTU,
	.max = ETH_MAX_MTU,
};

#define MTU_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &mtu_range)
#define FLAGS_POLICY NLA_POLICY_MASK(NLA_U32, __VPCPEER_F_ALL)
#define ADMIN_UP_POLICY NLA_POLICY_MAX(NLA_U8, 1)

static const struct nla_policy peering_new_policy[VPCPEER_PEERING_A_MAX + 1] = {
	[VPCPEER_PEERING_A_NAME] = NAME_POLICY,
	[VPCPEER_PEERING_A_VPC_A] = NAME_POLICY,
	[VPCPEER_PEERING_A_VPC_B] = NAME_POLICY,
	[VPCPEER_PEERING_A_MTU] = MTU_POLICY,
	[VPCPEER_PEERING_A_FLAGS] = FLAGS_POLICY,
	[VPCPEER_PEERING_A_ADMIN_UP] = ADMIN_UP_POLICY,
};

static const struct nla_policy peering_del_policy[VPCPEER_PEERING_A_MAX + 1] = {
	[VPCPEER_PEERING_A_NAME] = NAME_POLICY,
};

static const struct nla_policy peering_set_policy[VPCPEER_PEERING_A_MAX + 1] = {
	[VPCPEER_PEERING_A_NAME] = NAME_POLICY,
	[VPCPEER_PEERING_A_MTU] = MTU_POLICY,
	[VPCPEER_PEERING_A_FLAGS] = FLAGS_POLICY,
	[VPCPEER_PEERING_A_ADMIN_UP] = ADMIN_UP_POLICY,
};

/* A name for the doit; for the dump, filters by peering or by VPC. */
static const struct nla_policy peering_get_policy[VPCPEER_PEERING_A_MAX + 1] = {
	[VPCPEER_PEERING_A_NAME] = NAME_POLICY,
	[VPCPEER_PEERING_A_VPC] = NAME_POLICY,
};

static const struct nla_policy peering_test_policy[VPCPEER_PEERING_A_MAX + 1] = {
	[VPCPEER_PEERING_A_NAME] = NAME_POLICY,
	[VPCPEER_PEERING_A_VPC] = NAME_POLICY,
	[VPCPEER_PEERING_A_SRC] = NLA_POLICY_MIN_LEN(4),
	[VPCPEER_PEERING_A_DST] = NLA_POLICY_MIN_LEN(4),
};

/**
 * vpcpeer_msg_fits() - would this text fit an extack message whole?
 * @fmt: printf format of the message, without the module's prefix
 *
 * The core cuts a formatted message at NETLINK_MAX_FMTMSG_LEN bytes (and
 * 6.2+ log each cut). Where two IPv6 prefixes and names could be too long,
 * callers check and fall back to a shorter text. One byte is left spare,
 * so that a message of the longest length can only be a cut one.
 *
 * Return: true if "vpcpeer: " and the text fit, with the NUL and a byte.
 */
bool vpcpeer_msg_fits(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	return len + sizeof(KBUILD_MODNAME ": ") < VPCPEER_MSG_LEN;
}

/*
 * Names become parts of device names, sysfs lines and batch files: letters,
 * digits, '.', '_' and '-' only (no '%' for the core to expand, no '/').
 */
static bool name_chars_ok(const char *name)
{
	for (; *name; name++)
		if (!isalnum(*name) && *name != '.' && *name != '_' && *name != '-')
			return false;
	return true;
}

static bool name_ok(const char *name, size_t max)
{
	return *name && strlen(name) <= max && name_chars_ok(name);
}

/* A name attribute: present, 1 to @max of the characters name_ok() allows. */
static const char *get_name(struct genl_info *info, int type, size_t max,
			    const char *what)
{
	const struct nlattr *attr = info->attrs[type];
	const char *name;

	if (!attr) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "%s name missing", what);
		return NULL;
	}
	name = nla_data(attr);
	if (name_ok(name, max))
		return name;
	NL_SET_BAD_ATTR(info->extack, attr);
	if (!*name || strlen(name) > max)
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "%s name must have 1 to %zu characters", what, max);
	else
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "%s name may only have letters, digits, '.', '_' and '-'",
				       what);
	return NULL;
}

static int parse_cidr(const struct nlattr *nest, struct vpcpeer_cidr *cidr,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VPCPEER_CIDR_A_MAX + 1];
	unsigned int bits, len;
	char text[48];
	int err;

	err = nla_parse_nested(tb, VPCPEER_CIDR_A_MAX, nest, cidr_policy, extack);
	if (err)
		return err;
	if (!tb[VPCPEER_CIDR_A_FAMILY] || !tb[VPCPEER_CIDR_A_ADDR] ||
	    !tb[VPCPEER_CIDR_A_PREFIXLEN]) {
		NL_SET_BAD_ATTR(extack, nest);
		NL_SET_ERR_MSG_MOD(extack, "a CIDR needs a family, an address and a prefix length");
		return -EINVAL;
	}
	memset(cidr, 0, sizeof(*cidr));
	cidr->family = nla_get_u16(tb[VPCPEER_CIDR_A_FAMILY]);
	if (cidr->family == AF_INET) {
		len = 4;
		bits = 32;
	} else if (cidr->family == AF_INET6) {
		len = 16;
		bits = 128;
	} else {
		NL_SET_BAD_ATTR(extack, tb[VPCPEER_CIDR_A_FAMILY]);
		NL_SET_ERR_MSG_MOD(extack, "a CIDR's family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	if (nla_len(tb[VPCPEER_CIDR_A_ADDR]) != len) {
		NL_SET_BAD_ATTR(extack, tb[VPCPEER_CIDR_A_ADDR]);
		NL_SET_ERR_MSG_MOD(extack, "a CIDR's address length does not match its family");
		return -EINVAL;
	}
	memcpy(cidr->addr, nla_data(tb[VPCPEER_CIDR_A_ADDR]), len);
	cidr->plen = nla_get_u8(tb[VPCPEER_CIDR_A_PREFIXLEN]);
	if (cidr->plen > bits) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "prefix length /%u is too long for %s",
				       cidr->plen, len == 4 ? "IPv4" : "IPv6");
		return -EINVAL;
	}
	if (!vpcpeer_lpm_valid_prefix(bits, cidr->addr, cidr->plen)) {
		vpcpeer_cidr_format(text, sizeof(text), cidr);
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s has host bits set", text);
		return -EINVAL;
	}
	return 0;
}

/* Every VPCPEER_VPC_A_CIDR of the request, parsed; *cidrs is kvfree()d by the caller. */
static int parse_cidrs(struct genl_info *info, struct vpcpeer_cidr **cidrs,
		       unsigned int *nr)
{
	const struct nlattr *attr;
	unsigned int n = 0;
	int rem, err;

	*cidrs = NULL;
	*nr = 0;
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		n += nla_type(attr) == VPCPEER_VPC_A_CIDR;
	if (!n)
		return 0;
	/* No request may carry more than a VPC may hold: refuse before allocating. */
	if (n > vpcpeer_vpc_max_cidrs()) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "%u CIDRs in one request, over max_cidrs_per_vpc (%u)",
				       n, vpcpeer_vpc_max_cidrs());
		return -E2BIG;
	}
	*cidrs = kvmalloc_array(n, sizeof(**cidrs), GFP_KERNEL_ACCOUNT);
	if (!*cidrs)
		return -ENOMEM;
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) != VPCPEER_VPC_A_CIDR)
			continue;
		err = parse_cidr(attr, &(*cidrs)[*nr], info->extack);
		if (err)
			return err;
		(*nr)++;
	}
	return 0;
}

struct cidr_put {
	struct sk_buff *skb;
	u8 family;
	long skip;	/* already sent in an earlier message */
	long done;	/* put in this message */
};

static int put_cidr(struct sk_buff *skb, u8 family, const u8 *addr, u8 plen)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, VPCPEER_VPC_A_CIDR);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, VPCPEER_CIDR_A_FAMILY, family) ||
	    nla_put(skb, VPCPEER_CIDR_A_ADDR, family == AF_INET ? 4 : 16, addr) ||
	    nla_put_u8(skb, VPCPEER_CIDR_A_PREFIXLEN, plen)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_cidr_walk(void *ctx, const u8 *addr, u8 plen)
{
	struct cidr_put *cp = ctx;
	int err;

	if (cp->skip) {
		cp->skip--;
		return 0;
	}
	err = put_cidr(cp->skb, cp->family, addr, plen);
	if (!err)
		cp->done++;
	return err;
}

/* The VPC's identity and counts, without its CIDRs. */
static int fill_vpc_head(struct sk_buff *skb, const struct vpcpeer_vpc *vpc)
{
	/* The VRF's name changes under RTNL only: every caller holds it. */
	ASSERT_RTNL();
	if (nla_put_string(skb, VPCPEER_VPC_A_NAME, vpc->name) ||
	    nla_put_u32(skb, VPCPEER_VPC_A_VRF_IFINDEX, vpc->vrf->ifindex) ||
	    nla_put_string(skb, VPCPEER_VPC_A_VRF_IFNAME, vpc->vrf->name) ||
	    nla_put_u32(skb, VPCPEER_VPC_A_CIDR_COUNT, vpcpeer_vpc_nr_cidrs(vpc)) ||
	    nla_put_u32(skb, VPCPEER_VPC_A_PEERING_COUNT, vpc->nr_peerings))
		return -EMSGSIZE;
	return 0;
}

/*
 * Put the VPC's CIDRs after the first *sent; on a full message, *sent moves
 * past what went in and -EMSGSIZE says to continue in the next one.
 */
static int fill_vpc_cidrs(struct sk_buff *skb, struct vpcpeer_vpc *vpc,
			  long *sent)
{
	struct cidr_put cp = { .skb = skb, .skip = *sent };
	int err;

	cp.family = AF_INET;
	err = vpcpeer_lpm_for_each(&vpc->cidrs4, put_cidr_walk, &cp);
	if (!err) {
		cp.family = AF_INET6;
		err = vpcpeer_lpm_for_each(&vpc->cidrs6, put_cidr_walk, &cp);
	}
	*sent += cp.done;
	return err;
}

static int fill_endpoint(struct sk_buff *skb, const struct net_device *dev)
{
	struct nlattr *ep, *drops;
	unsigned int reason;

	ep = nla_nest_start(skb, VPCPEER_PEERING_A_ENDPOINT);
	if (!ep)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VPCPEER_EP_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, VPCPEER_EP_A_IFNAME, dev->name) ||
	    nla_put_u32(skb, VPCPEER_EP_A_MTU, READ_ONCE(dev->mtu)))
		return -EMSGSIZE;
	drops = nla_nest_start(skb, VPCPEER_EP_A_DROPS);
	if (!drops)
		return -EMSGSIZE;
	for (reason = VPCPEER_DROP_NOT_IP; reason < VPCPEER_NR_VERDICTS; reason++)
		if (nla_put_u64_64bit(skb, vpcpeer_drop_reasons[reason].attr,
				      vpcpeer_endpoint_drops(dev, reason),
				      VPCPEER_DROP_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, drops);
	nla_nest_end(skb, ep);
	return 0;
}

static int fill_peering(struct sk_buff *skb, const struct vpcpeer_peering *peering)
{
	if (nla_put_string(skb, VPCPEER_PEERING_A_NAME, peering->name) ||
	    nla_put_string(skb, VPCPEER_PEERING_A_VPC_A, peering->vpc[0]->name) ||
	    nla_put_string(skb, VPCPEER_PEERING_A_VPC_B, peering->vpc[1]->name) ||
	    nla_put_u32(skb, VPCPEER_PEERING_A_FLAGS, peering->flags) ||
	    nla_put_u8(skb, VPCPEER_PEERING_A_ADMIN_UP, peering->admin_up) ||
	    nla_put_u8(skb, VPCPEER_PEERING_A_STATE, vpcpeer_peering_is_up(peering) ?
		       VPCPEER_STATE_UP : VPCPEER_STATE_DOWN) ||
	    fill_endpoint(skb, peering->ep[0]) ||
	    fill_endpoint(skb, peering->ep[1]))
		return -EMSGSIZE;
	return 0;
}

/* A message for one object, a reply (@portid, @seq) or an event (0, 0). */
static struct sk_buff *new_msg(u32 portid, u32 seq, u8 cmd, void **hdr)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, portid, seq, &vpcpeer_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static void send_event(struct net *net, struct sk_buff *skb, void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&vpcpeer_genl_family, net, skb, 0,
				VPCPEER_MCGRP_EVENTS_ID, GFP_KERNEL);
}

/*
 * An event that could not be built is an overrun for every listener: they
 * get ENOBUFS, as from a full socket, and know to dump again.
 */
static void event_lost(struct net *net, struct sk_buff *skb)
{
	nlmsg_free(skb);
	genl_set_err(&vpcpeer_genl_family, net, 0, VPCPEER_MCGRP_EVENTS_ID,
		     -ENOBUFS);
}

static bool has_listeners(const struct vpcpeer_net *vn)
{
	return genl_has_listeners(&vpcpeer_genl_family, vn->net,
				  VPCPEER_MCGRP_EVENTS_ID);
}

/* A CIDR event's head: the VPC and whether its CIDRs come or go. */
static struct sk_buff *new_cidr_event(struct vpcpeer_vpc *vpc, u8 op, void **hdr)
{
	struct sk_buff *skb = new_msg(0, 0, VPCPEER_CMD_VPC_CIDR_NTF, hdr);

	if (skb && (nla_put_string(skb, VPCPEER_VPC_A_NAME, vpc->name) ||
		    nla_put_u8(skb, VPCPEER_VPC_A_CIDR_OP, op))) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/**
 * vpcpeer_notify_vpc() - announce a VPC attached or detached
 * @vpc: the VPC
 * @cmd: VPCPEER_CMD_VPC_NEW_NTF or VPCPEER_CMD_VPC_DEL_NTF
 *
 * A new VPC's event carries its CIDRs; those that do not fit follow in
 * VPCPEER_CMD_VPC_CIDR_NTF events.
 */
void vpcpeer_notify_vpc(struct vpcpeer_vpc *vpc, u8 cmd)
{
	struct net *net = vpc->vn->net;
	struct sk_buff *skb;
	long sent = 0;
	void *hdr;
	int err;

	if (!has_listeners(vpc->vn))
		return;
	skb = new_msg(0, 0, cmd, &hdr);
	if (!skb || fill_vpc_head(skb, vpc))
		goto lost;
	if (cmd != VPCPEER_CMD_VPC_NEW_NTF) {
		send_event(net, skb, hdr);
		return;
	}
	for (;;) {
		err = fill_vpc_cidrs(skb, vpc, &sent);
		if (err && err != -EMSGSIZE)
			goto lost;
		send_event(net, skb, hdr);
		if (!err)
			return;
		skb = new_cidr_event(vpc, VPCPEER_CIDR_OP_ADD, &hdr);
		if (!skb)
			goto lost;
	}
lost:
	event_lost(net, skb);
}

/**
 * vpcpeer_notify_cidrs() - announce CIDRs added to or removed from a VPC
 * @vpc: the VPC
 * @op: VPCPEER_CIDR_OP_ADD or VPCPEER_CIDR_OP_DEL
 * @cidrs: the CIDRs
 * @nr: how many; split over several events when they do not fit one
 */
void vpcpeer_notify_cidrs(struct vpcpeer_vpc *vpc, u8 op,
			  const struct vpcpeer_cidr *cidrs, unsigned int nr)
{
	unsigned int i = 0;

	if (!has_listeners(vpc->vn))
		return;
	while (i < nr) {
		struct sk_buff *skb;
		void *hdr;

		skb = new_cidr_event(vpc, op, &hdr);
		if (!skb) {
			event_lost(vpc->vn->net, NULL);
			return;
		}
		while (i < nr && !put_cidr(skb, cidrs[i].family, cidrs[i].addr,
					   cidrs[i].plen))
			i++;
		send_event(vpc->vn->net, skb, hdr);
	}
}

/**
 * vpcpeer_notify_peering() - announce a peering created, deleted or changed
 * @peering: the peering
 * @cmd: VPCPEER_CMD_PEERING_{NEW,DEL,STATE}_NTF
 */
void vpcpeer_notify_peering(struct vpcpeer_peering *peering, u8 cmd)
{
	struct vpcpeer_net *vn = peering->vpc[0]->vn;
	struct sk_buff *skb;
	void *hdr;

	if (!has_listeners(vn))
		return;
	skb = new_msg(0, 0, cmd, &hdr);
	if (!skb || fill_peering(skb, peering)) {
		event_lost(vn->net, skb);
		return;
	}
	send_event(vn->net, skb, hdr);
}

static int vpcpeer_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	void *hdr;

	reply = new_msg(info->snd_portid, info->snd_seq, VPCPEER_CMD_GET_INFO, &hdr);
	if (!reply)
		return -ENOMEM;
	if (nla_put_string(reply, VPCPEER_INFO_A_VERSION, VPCPEER_VERSION)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static struct net_device *get_vrf(struct genl_info *info)
{
	struct nlattr *index = info->attrs[VPCPEER_VPC_A_VRF_IFINDEX];
	struct nlattr *name = info->attrs[VPCPEER_VPC_A_VRF_IFNAME];
	struct net *net = genl_info_net(info);
	struct net_device *dev;

	if (!index == !name) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "give the VRF by exactly one of ifindex and ifname");
		return ERR_PTR(-EINVAL);
	}
	if (index)
		dev = __dev_get_by_index(net, nla_get_u32(index));
	else
		dev = __dev_get_by_name(net, nla_data(name));
	if (!dev) {
		NL_SET_BAD_ATTR(info->extack, index ?: name);
		if (index)
			NL_SET_ERR_MSG_FMT_MOD(info->extack, "no device with ifindex %u",
					       nla_get_u32(index));
		else
			NL_SET_ERR_MSG_FMT_MOD(info->extack, "no device named %s",
					       (char *)nla_data(name));
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

/* Reply with one object, filled by @fill. */
static int reply_object(struct genl_info *info, u8 cmd,
			int (*fill)(struct sk_buff *skb, const void *obj),
			const void *obj)
{
	struct sk_buff *reply;
	void *hdr;

	reply = new_msg(info->snd_portid, info->snd_seq, cmd, &hdr);
	if (!reply)
		return -ENOMEM;
	if (fill(reply, obj)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static int fill_peering_reply(struct sk_buff *skb, const void *peering)
{
	return fill_peering(skb, peering);
}

static int vpcpeer_vpc_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct vpcpeer_cidr *cidrs;
	struct sk_buff *reply;
	struct vpcpeer_vpc *vpc;
	struct net_device *vrf;
	unsigned int nr;
	const char *name;
	void *hdr;
	int err;

	name = get_name(info, VPCPEER_VPC_A_NAME, VPCPEER_VPC_NAME_MAX, "VPC");
	if (!name)
		return -EINVAL;
	err = parse_cidrs(info, &cidrs, &nr);
	if (err)
		goto out_free;
	/* Built before the change, so a created VPC is always reported. */
	reply = new_msg(info->snd_portid, info->snd_seq, VPCPEER_CMD_VPC_NEW, &hdr);
	if (!reply) {
		err = -ENOMEM;
		goto out_free;
	}

	vpcpeer_net_lock(vn);
	vrf = get_vrf(info);
	if (IS_ERR(vrf)) {
		err = PTR_ERR(vrf);
		goto out_unlock;
	}
	vpc = vpcpeer_vpc_create(vn, name, vrf, cidrs, nr, info->extack);
	if (IS_ERR(vpc)) {
		err = PTR_ERR(vpc);
		goto out_unlock;
	}
	err = fill_vpc_head(reply, vpc);
	vpcpeer_net_unlock(vn);
	kvfree(cidrs);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

out_unlock:
	vpcpeer_net_unlock(vn);
	nlmsg_free(reply);
out_free:
	kvfree(cidrs);
	return err;
}

static struct vpcpeer_vpc *get_vpc(struct vpcpeer_net *vn, struct genl_info *info,
				   int type)
{
	struct vpcpeer_vpc *vpc;
	const char *name;

	name = get_name(info, type, VPCPEER_VPC_NAME_MAX, "VPC");
	if (!name)
		return ERR_PTR(-EINVAL);
	vpc = vpcpeer_vpc_find(vn, name);
	if (!vpc) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[type]);
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "VPC %s not found", name);
		return ERR_PTR(-ENOENT);
	}
	return vpc;
}

static int fill_vpc_reply(struct sk_buff *skb, const void *vpc)
{
	return fill_vpc_head(skb, vpc);
}

/* One VPC without its CIDRs, which may not fit one message: the dump has them. */
static int vpcpeer_vpc_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct vpcpeer_vpc *vpc;
	int err;

	/* RTNL too: the reply names the VRF. */
	vpcpeer_net_lock(vn);
	vpc = get_vpc(vn, info, VPCPEER_VPC_A_NAME);
	if (IS_ERR(vpc))
		err = PTR_ERR(vpc);
	else
		err = reply_object(info, VPCPEER_CMD_VPC_GET, fill_vpc_reply, vpc);
	vpcpeer_net_unlock(vn);
	return err;
}

static int vpcpeer_vpc_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct vpcpeer_vpc *vpc;
	LIST_HEAD(kill);
	int err = 0;

	vpcpeer_net_lock(vn);
	vpc = get_vpc(vn, info, VPCPEER_VPC_A_NAME);
	if (IS_ERR(vpc)) {
		err = PTR_ERR(vpc);
	} else {
		vpcpeer_vpc_destroy(vpc, &kill);
		unregister_netdevice_many(&kill);
	}
	vpcpeer_net_unlock(vn);
	return err;
}

static int vpc_change_cidrs(struct genl_info *info, bool add)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct vpcpeer_cidr *cidrs;
	struct vpcpeer_vpc *vpc;
	unsigned int nr;
	int err;

	err = parse_cidrs(info, &cidrs, &nr);
	if (err)
		goto out;
	if (!nr) {
		NL_SET_ERR_MSG_MOD(info->extack, "no CIDR given");
		err = -EINVAL;
		goto out;
	}
	/*
	 * The namespace's lock alone: a request of 10^5 CIDRs holds up this
	 * namespace's changes, not the host's RTNL.
	 */
	mutex_lock(&vn->lock);
	vpc = get_vpc(vn, info, VPCPEER_VPC_A_NAME);
	if (IS_ERR(vpc))
		err = PTR_ERR(vpc);
	else if (add)
		err = vpcpeer_vpc_add_cidrs(vpc, cidrs, nr, info->extack);
	else
		err = vpcpeer_vpc_del_cidrs(vpc, cidrs, nr, info->extack);
	mutex_unlock(&vn->lock);
out:
	kvfree(cidrs);
	return err;
}

static int vpcpeer_vpc_cidr_add(struct sk_buff *skb, struct genl_info *info)
{
	return vpc_change_cidrs(info, true);
}

static int vpcpeer_vpc_cidr_del(struct sk_buff *skb, struct genl_info *info)
{
	return vpc_change_cidrs(info, false);
}

/* Where a dump stands between messages, and its filters. */
struct dump_ctx {
	u32 obj;		/* objects fully sent */
	u32 cidrs;		/* CIDRs sent of the next object */
	bool filtered;		/* the request named what it wants */
	bool none;		/* ... by a name no object can have */
	char name[VPCPEER_VPC_NAME_MAX + 1];	/* only this object, if set */
	char vpc[VPCPEER_VPC_NAME_MAX + 1];	/* only this VPC's peerings, if set */
};

static struct dump_ctx *dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct dump_ctx) > sizeof(cb->ctx));
	return (struct dump_ctx *)cb->ctx;
}

/* Take the filter @type into @buf, if the request has one. */
static void dump_filter(struct dump_ctx *ctx, struct nlattr **attrs, int type,
			char *buf, size_t max)
{
	const char *name;

	if (!attrs || !attrs[type])
		return;
	ctx->filtered = true;
	name = nla_data(attrs[type]);
	/* An empty, over-long or ill-formed name matches nothing. */
	if (!name_ok(name, max))
		ctx->none = true;
	else
		strscpy(buf, name, max + 1);
}

static int vpcpeer_vpc_get_start(struct netlink_callback *cb)
{
	struct dump_ctx *ctx = dump_ctx(cb);

	memset(ctx, 0, sizeof(*ctx));
	dump_filter(ctx, vpcpeer_compat_dump_attrs(cb), VPCPEER_VPC_A_NAME,
		    ctx->name, VPCPEER_VPC_NAME_MAX);
	return 0;
}

static int vpcpeer_peering_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = vpcpeer_compat_dump_attrs(cb);
	struct dump_ctx *ctx = dump_ctx(cb);

	memset(ctx, 0, sizeof(*ctx));
	dump_filter(ctx, attrs, VPCPEER_PEERING_A_NAME, ctx->name,
		    VPCPEER_PEERING_NAME_MAX);
	dump_filter(ctx, attrs, VPCPEER_PEERING_A_VPC, ctx->vpc,
		    VPCPEER_VPC_NAME_MAX);
	return 0;
}

static void *dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, &vpcpeer_genl_family,
				NLM_F_MULTI, cmd);

	if (hdr) {
		if (dump_ctx(cb)->filtered)
			nlmsg_hdr(skb)->nlmsg_flags |= NLM_F_DUMP_FILTERED;
		genl_dump_check_consistent(cb, hdr);
	}
	return hdr;
}

static int vpcpeer_vpc_get_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vpcpeer_net *vn = vpcpeer_net(sock_net(skb->sk));
	struct dump_ctx *ctx = dump_ctx(cb);
	struct vpcpeer_vpc *vpc;
	long idx = 0;
	int err = 0;
	void *hdr;
	long sent;

	if (ctx->none)
		return 0;
	/* RTNL too: the VRF's name can change under its lock only. */
	vpcpeer_net_lock(vn);
	cb->seq = vn->generation;
	list_for_each_entry(vpc, &vn->vpcs, list) {
		if (*ctx->name && strcmp(ctx->name, vpc->name))
			continue;
		if (idx++ < ctx->obj)
			continue;
		hdr = dump_put(skb, cb, VPCPEER_CMD_VPC_GET);
		if (!hdr || fill_vpc_head(skb, vpc)) {
			err = -EMSGSIZE;
			if (hdr)
				genlmsg_cancel(skb, hdr);
			break;
		}
		sent = ctx->cidrs;
		err = fill_vpc_cidrs(skb, vpc, &sent);
		ctx->cidrs = sent;
		genlmsg_end(skb, hdr);
		if (err)
			break;
		ctx->cidrs = 0;
		ctx->obj++;
	}
	vpcpeer_net_unlock(vn);
	/* Something sent: more may follow; nothing fits: a real error. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static bool peering_has_vpc(const struct vpcpeer_peering *peering,
			    const char *vpc)
{
	return !strcmp(peering->vpc[0]->name, vpc) ||
	       !strcmp(peering->vpc[1]->name, vpc);
}

static int vpcpeer_peering_get_dump(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct vpcpeer_net *vn = vpcpeer_net(sock_net(skb->sk));
	struct dump_ctx *ctx = dump_ctx(cb);
	struct vpcpeer_peering *peering;
	long idx = 0;
	int err = 0;
	void *hdr;

	if (ctx->none)
		return 0;
	/* RTNL too: the state reads the endpoints' upper devices. */
	vpcpeer_net_lock(vn);
	cb->seq = vn->generation;
	list_for_each_entry(peering, &vn->peerings, list) {
		if (*ctx->name && strcmp(ctx->name, peering->name))
			continue;
		if (*ctx->vpc && !peering_has_vpc(peering, ctx->vpc))
			continue;
		if (idx++ < ctx->obj)
			continue;
		hdr = dump_put(skb, cb, VPCPEER_CMD_PEERING_GET);
		if (!hdr || fill_peering(skb, peering)) {
			err = -EMSGSIZE;
			if (hdr)
				genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		ctx->obj++;
	}
	vpcpeer_net_unlock(vn);
	if (err && !skb->len)
		return err;
	return skb->len;
}

static struct vpcpeer_peering *get_peering(struct vpcpeer_net *vn,
					   struct genl_info *info)
{
	struct vpcpeer_peering *peering;
	const char *name;

	name = get_name(info, VPCPEER_PEERING_A_NAME, VPCPEER_PEERING_NAME_MAX,
			"peering");
	if (!name)
		return ERR_PTR(-EINVAL);
	peering = vpcpeer_peering_find(vn, name);
	if (!peering) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[VPCPEER_PEERING_A_NAME]);
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "peering %s not found", name);
		return ERR_PTR(-ENOENT);
	}
	return peering;
}

static int vpcpeer_peering_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct vpcpeer_peering *peering;
	int err;

	if (info->attrs[VPCPEER_PEERING_A_VPC]) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[VPCPEER_PEERING_A_VPC]);
		NL_SET_ERR_MSG_MOD(info->extack, "a VPC filters dumps only");
		return -EINVAL;
	}
	vpcpeer_net_lock(vn);
	peering = get_peering(vn, info);
	if (IS_ERR(peering))
		err = PTR_ERR(peering);
	else
		err = reply_object(info, VPCPEER_CMD_PEERING_GET,
				   fill_peering_reply, peering);
	vpcpeer_net_unlock(vn);
	return err;
}

static int vpcpeer_peering_new(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	u32 mtu = ETH_DATA_LEN, flags = 0;
	struct vpcpeer_peering *peering;
	bool admin_up = true;
	struct vpcpeer_vpc *a, *b;
	struct sk_buff *reply;
	const char *name;
	void *hdr;
	int err;

	name = get_name(info, VPCPEER_PEERING_A_NAME, VPCPEER_PEERING_NAME_MAX,
			"peering");
	if (!name)
		return -EINVAL;
	if (info->attrs[VPCPEER_PEERING_A_MTU])
		mtu = nla_get_u32(info->attrs[VPCPEER_PEERING_A_MTU]);
	if (info->attrs[VPCPEER_PEERING_A_FLAGS])
		flags = nla_get_u32(info->attrs[VPCPEER_PEERING_A_FLAGS]);
	if (info->attrs[VPCPEER_PEERING_A_ADMIN_UP])
		admin_up = nla_get_u8(info->attrs[VPCPEER_PEERING_A_ADMIN_UP]);
	/* Built before the change, so a created peering is always reported. */
	reply = new_msg(info->snd_portid, info->snd_seq, VPCPEER_CMD_PEERING_NEW,
			&hdr);
	if (!reply)
		return -ENOMEM;

	vpcpeer_net_lock(vn);
	a = get_vpc(vn, info, VPCPEER_PEERING_A_VPC_A);
	b = IS_ERR(a) ? a : get_vpc(vn, info, VPCPEER_PEERING_A_VPC_B);
	peering = IS_ERR(b) ? ERR_CAST(b) :
		  vpcpeer_peering_create(vn, name, a, b, mtu, flags, admin_up,
					 info->extack);
	if (IS_ERR(peering)) {
		vpcpeer_net_unlock(vn);
		nlmsg_free(reply);
		return PTR_ERR(peering);
	}
	err = fill_peering(reply, peering);
	vpcpeer_net_unlock(vn);
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static int vpcpeer_peering_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct vpcpeer_peering *peering;
	LIST_HEAD(kill);
	int err = 0;

	vpcpeer_net_lock(vn);
	peering = get_peering(vn, info);
	if (IS_ERR(peering)) {
		err = PTR_ERR(peering);
	} else {
		vpcpeer_peering_destroy(peering, &kill);
		unregister_netdevice_many(&kill);
	}
	vpcpeer_net_unlock(vn);
	return err;
}

static int vpcpeer_peering_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct vpcpeer_peering *peering;
	u32 mtu, flags;
	bool admin_up;
	int err;

	if (!attrs[VPCPEER_PEERING_A_MTU] && !attrs[VPCPEER_PEERING_A_FLAGS] &&
	    !attrs[VPCPEER_PEERING_A_ADMIN_UP]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "nothing to set: give the MTU, the flags or the admin state");
		return -EINVAL;
	}
	if (attrs[VPCPEER_PEERING_A_MTU])
		mtu = nla_get_u32(attrs[VPCPEER_PEERING_A_MTU]);
	if (attrs[VPCPEER_PEERING_A_FLAGS])
		flags = nla_get_u32(attrs[VPCPEER_PEERING_A_FLAGS]);
	if (attrs[VPCPEER_PEERING_A_ADMIN_UP])
		admin_up = nla_get_u8(attrs[VPCPEER_PEERING_A_ADMIN_UP]);
	vpcpeer_net_lock(vn);
	peering = get_peering(vn, info);
	if (IS_ERR(peering))
		err = PTR_ERR(peering);
	else
		err = vpcpeer_peering_set(peering,
					  attrs[VPCPEER_PEERING_A_MTU] ? &mtu : NULL,
					  attrs[VPCPEER_PEERING_A_FLAGS] ? &flags : NULL,
					  attrs[VPCPEER_PEERING_A_ADMIN_UP] ? &admin_up : NULL,
					  info->extack);
	vpcpeer_net_unlock(vn);
	return err;
}

/* The family of an address attribute: 4 bytes IPv4, 16 IPv6, else 0. */
static u8 addr_family(const struct nlattr *attr)
{
	return nla_len(attr) == 4 ? AF_INET : nla_len(attr) == 16 ? AF_INET6 : 0;
}

/*
 * The side a tested packet is sent from: the named VPC's, else the side
 * whose VPC owns the source, else the side across from the VPC owning the
 * destination, else a. Under the namespace lock; -1 if the VPC is not one
 * of the peering's.
 */
static int test_side(const struct vpcpeer_peering *peering, const char *from,
		     u8 family, const u8 *saddr, const u8 *daddr)
{
	int side, found = 0;

	if (from) {
		for (side = 0; side < 2; side++)
			if (!strcmp(peering->vpc[side]->name, from))
				return side;
		return -1;
	}
	rcu_read_lock_bh();
	for (side = 1; side >= 0; side--) {
		struct vpcpeer_vpc *vpc = peering->vpc[side];

		if (vpcpeer_lpm_contains(vpcpeer_vpc_cidrs(vpc, family), saddr)) {
			found = side;
			break;
		}
		if (vpcpeer_lpm_contains(vpcpeer_vpc_cidrs(vpc, family), daddr))
			found = !side;
	}
	rcu_read_unlock_bh();
	return found;
}

static int vpcpeer_peering_test(struct sk_buff *skb, struct genl_info *info)
{
	struct vpcpeer_net *vn = vpcpeer_net(genl_info_net(info));
	const struct nlattr *src = info->attrs[VPCPEER_PEERING_A_SRC];
	const struct nlattr *dst = info->attrs[VPCPEER_PEERING_A_DST];
	struct vpcpeer_peering *peering;
	const char *from = NULL;
	struct sk_buff *reply;
	int side, verdict;
	u8 family;
	void *hdr;

	if (!src || !dst) {
		NL_SET_ERR_MSG_MOD(info->extack, "a test needs a source and a destination");
		return -EINVAL;
	}
	family = addr_family(src);
	if (!family || addr_family(dst) != family) {
		NL_SET_BAD_ATTR(info->extack, family ? dst : src);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the addresses must be both IPv4 (4 bytes) or both IPv6 (16)");
		return -EINVAL;
	}
	if (info->attrs[VPCPEER_PEERING_A_VPC]) {
		from = get_name(info, VPCPEER_PEERING_A_VPC, VPCPEER_VPC_NAME_MAX, "VPC");
		if (!from)
			return -EINVAL;
	}
	reply = new_msg(info->snd_portid, info->snd_seq, VPCPEER_CMD_PEERING_TEST,
			&hdr);
	if (!reply)
		return -ENOMEM;

	vpcpeer_net_lock(vn);
	peering = get_peering(vn, info);
	if (IS_ERR(peering)) {
		verdict = PTR_ERR(peering);
		goto err;
	}
	side = test_side(peering, from, family, nla_data(src), nla_data(dst));
	if (side < 0) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[VPCPEER_PEERING_A_VPC]);
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "VPC %s is not a side of peering %s",
				       from, peering->name);
		verdict = -EINVAL;
		goto err;
	}
	verdict = vpcpeer_verdict_addrs(netdev_priv(peering->ep[side]), family,
					nla_data(src), nla_data(dst));
	if (verdict < 0)
		goto err;
	if (nla_put_string(reply, VPCPEER_PEERING_A_NAME, peering->name) ||
	    nla_put_string(reply, VPCPEER_PEERING_A_VPC, peering->vpc[side]->name) ||
	    nla_put(reply, VPCPEER_PEERING_A_SRC, nla_len(src), nla_data(src)) ||
	    nla_put(reply, VPCPEER_PEERING_A_DST, nla_len(dst), nla_data(dst)) ||
	    nla_put_u32(reply, VPCPEER_PEERING_A_VERDICT,
			verdict == VPCPEER_PASS ? VPCPEER_DROP_REASON_NONE :
			vpcpeer_drop_reasons[verdict].reason)) {
		verdict = -EMSGSIZE;
		goto err;
	}
	vpcpeer_net_unlock(vn);
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);

err:
	vpcpeer_net_unlock(vn);
	nlmsg_free(reply);
	return verdict;
}

static const struct genl_ops vpcpeer_genl_ops[] = {
	{
		/*
		 * No attributes: the genetlink core gives an op without a
		 * policy one that rejects them all (resv_start_op is 0);
		 * tests/fuzz/genl-fuzz -S checks it.
		 */
		.cmd = VPCPEER_CMD_GET_INFO,
		.doit = vpcpeer_get_info,
	},
	{
		.cmd = VPCPEER_CMD_VPC_NEW,
		.doit = vpcpeer_vpc_new,
		.policy = vpc_new_policy,
		.maxattr = VPCPEER_VPC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_VPC_DEL,
		.doit = vpcpeer_vpc_del,
		.policy = vpc_name_policy,
		.maxattr = VPCPEER_VPC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_VPC_GET,
		.doit = vpcpeer_vpc_get_doit,
		.start = vpcpeer_vpc_get_start,
		.dumpit = vpcpeer_vpc_get_dump,
		.policy = vpc_name_policy,
		.maxattr = VPCPEER_VPC_A_MAX,
	},
	{
		.cmd = VPCPEER_CMD_VPC_CIDR_ADD,
		.doit = vpcpeer_vpc_cidr_add,
		.policy = vpc_cidr_policy,
		.maxattr = VPCPEER_VPC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_VPC_CIDR_DEL,
		.doit = vpcpeer_vpc_cidr_del,
		.policy = vpc_cidr_policy,
		.maxattr = VPCPEER_VPC_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_PEERING_NEW,
		.doit = vpcpeer_peering_new,
		.policy = peering_new_policy,
		.maxattr = VPCPEER_PEERING_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_PEERING_DEL,
		.doit = vpcpeer_peering_del,
		.policy = peering_del_policy,
		.maxattr = VPCPEER_PEERING_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_PEERING_SET,
		.doit = vpcpeer_peering_set_doit,
		.policy = peering_set_policy,
		.maxattr = VPCPEER_PEERING_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = VPCPEER_CMD_PEERING_GET,
		.doit = vpcpeer_peering_get_doit,
		.start = vpcpeer_peering_get_start,
		.dumpit = vpcpeer_peering_get_dump,
		.policy = peering_get_policy,
		.maxattr = VPCPEER_PEERING_A_MAX,
	},
	{
		.cmd = VPCPEER_CMD_PEERING_TEST,
		.doit = vpcpeer_peering_test,
		.policy = peering_test_policy,
		.maxattr = VPCPEER_PEERING_A_MAX,
	},
};

static struct genl_family vpcpeer_genl_family __ro_after_init = {
	.name = VPCPEER_GENL_NAME,
	.version = VPCPEER_GENL_VERSION,
	.netnsok = true,
	/* Every handler takes its namespace's locks; none needs genl_mutex. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = vpcpeer_genl_ops,
	.n_ops = ARRAY_SIZE(vpcpeer_genl_ops),
	.mcgrps = vpcpeer_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vpcpeer_mcgrps),
};

int __init vpcpeer_genl_init(void)
{
	return genl_register_family(&vpcpeer_genl_family);
}

void vpcpeer_genl_uninit(void)
{
	genl_unregister_family(&vpcpeer_genl_family);
}
