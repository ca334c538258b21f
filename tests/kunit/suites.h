/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_KUNIT_SUITES_H
#define _VPCPEER_KUNIT_SUITES_H

#include <kunit/test.h>

extern struct kunit_suite vpcpeer_lpm_test_suite;
extern struct kunit_suite vpcpeer_verdict_test_suite;
extern struct kunit_suite vpcpeer_endpoint_test_suite;

#endif
