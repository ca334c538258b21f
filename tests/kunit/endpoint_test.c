// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for an endpoint's rejoin (vpcpeer/endpoint.c): released from
 * its VRF, an endpoint queues a work item that puts it back, holding a
 * reference on it meanwhile. Released again while that work is still
 * queued, it must not take a second reference into the same tracker: the
 * debug kernel's reference tracker would warn (a panic under
 * panic_on_warn) when the work puts it, and report the first one leaked.
 *
 * The endpoint here is a plain registered netdevice with an endpoint's
 * private part; its "VRF" is a pointer never dereferenced. RTNL is held
 * across both releases, so the work cannot run in between, as it cannot
 * when a user's requests come back to back.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "../../vpcpeer/endpoint.h"
#include "../../vpcpeer/peering.h"
#include "../../vpcpeer/vpc.h"
#include "suites.h"

/* A device that only needs to register and go. */
static const struct net_device_ops endpoint_test_netdev_ops = {};

static void endpoint_test_release_twice(struct kunit *test)
{
	struct vpcpeer_peering *peering;
	struct vpcpeer_vpc *local, *remote;
	struct net_device *dev, *vrf;
	struct vpcpeer_endpoint *ep;
	int err;

	peering = kunit_kzalloc(test, sizeof(*peering), GFP_KERNEL);
	local = kunit_kzalloc(test, sizeof(*local), GFP_KERNEL);
	remote = kunit_kzalloc(test, sizeof(*remote), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, peering);
	KUNIT_ASSERT_NOT_NULL(test, local);
	KUNIT_ASSERT_NOT_NULL(test, remote);
	strscpy(peering->name, "kt", sizeof(peering->name));
	strscpy(local->name, "a", sizeof(local->name));
	strscpy(remote->name, "b", sizeof(remote->name));

	/* Never registered: only compared with the upper device released. */
	vrf = alloc_netdev(0, "ktvrf%d", NET_NAME_ENUM, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, vrf);
	local->vrf = vrf;
	dev = alloc_netdev(sizeof(*ep), "kt%d", NET_NAME_ENUM, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->netdev_ops = &endpoint_test_netdev_ops;
	KUNIT_ASSERT_EQ(test, vpcpeer_endpoint_setup_priv(dev, peering, local,
							  remote), 0);
	ep = netdev_priv(dev);

	rtnl_lock();
	err = register_netdevice(dev);
	if (!err) {
		vpcpeer_endpoint_released(dev, vrf);
		vpcpeer_endpoint_released(dev, vrf);
		/* Deleted meanwhile: the work only drops its reference. */
		ep->peering = NULL;
	}
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	flush_work(&ep->rejoin);
	KUNIT_EXPECT_FALSE(test, ep->rejoin_armed);

	rtnl_lock();
	unregister_netdevice(dev);
	rtnl_unlock();
	/* Unregistering waited for every reference: none is left held. */
	free_percpu(ep->drops);
	free_netdev(dev);
	free_netdev(vrf);
}

static struct kunit_case vpcpeer_endpoint_test_cases[] = {
	KUNIT_CASE(endpoint_test_release_twice),
	{}
};

struct kunit_suite vpcpeer_endpoint_test_suite = {
	.name = "vpcpeer_endpoint",
	.test_cases = vpcpeer_endpoint_test_cases,
};
