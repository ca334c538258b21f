/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host unit tests' checks (tests/unit/): each prints the case's name
 * with what was expected and what came on failure; unit_done() prints
 * "N passed, N failed" and is the exit status.
 */
#ifndef VPCPEER_UNIT_H
#define VPCPEER_UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static unsigned int unit_passed, unit_failed;

static inline bool expect_str(const char *name, const char *got,
			      const char *want)
{
	if (got && want && !strcmp(got, want)) {
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL: %s\n  expected: \"%s\"\n  got:      \"%s\"\n", name,
	       want ? want : "(null)", got ? got : "(null)");
	return false;
}

static inline bool expect_long(const char *name, long got, long want)
{
	if (got == want) {
		unit_passed++;
		return true;
	}
	unit_failed++;
	printf("FAIL: %s\n  expected: %ld\n  got:      %ld\n", name, want, got);
	return false;
}

static inline int unit_done(const char *unit)
{
	printf("%s: %u passed, %u failed\n", unit, unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
