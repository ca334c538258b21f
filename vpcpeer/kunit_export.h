/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VPCPEER_KUNIT_EXPORT_H
#define _VPCPEER_KUNIT_EXPORT_H

#include <linux/export.h>

/*
 * The KUnit suites live in their own module (vpcpeer_test.ko) and reach the
 * internals they test through this namespace, which exists only on kernels
 * built with KUnit; production builds export nothing.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define VPCPEER_EXPORT_FOR_KUNIT(sym) EXPORT_SYMBOL_NS_GPL(sym, VPCPEER_KUNIT)
#else
#define VPCPEER_EXPORT_FOR_KUNIT(sym)
#endif

#endif
