/* SPDX-License-Identifier: GPL-2.0 */
/* For the libFuzzer harnesses (tests/fuzz/run-cli). */
#ifndef VPCPEER_FUZZ_H
#define VPCPEER_FUZZ_H

#include <stddef.h>
#include <linux/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The harness's entry point, which tests/fuzz/run-cli links as libFuzzer's
 * (whose name is not in kernel style): called with each input.
 */
int fuzz_one_input(const __u8 *data, size_t size);

/* vpcpeerctl's main(), renamed when fuzz-cli is built */
int vpcpeerctl_main(int argc, char **argv);

#endif
