// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeer_test.ko: the KUnit suites for vpcpeer's internals, loaded beside
 * vpcpeer.ko on kernels built with KUnit.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "suites.h"

kunit_test_suites(&vpcpeer_lpm_test_suite, &vpcpeer_verdict_test_suite,
		  &vpcpeer_endpoint_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for vpcpeer");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
