/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's selftest harness, with the default time a test may take
 * raised from 30 s to 600 s: under TCG on a loaded host (CI shares the
 * machine) a test's wall time is the host's, not the module's, and a
 * bound on it fails on a slow day. Hangs are still caught: by this bound,
 * and by the VM's own timeout (selftests/vm/run). TEST_F and TEST expand
 * TEST_TIMEOUT_DEFAULT where they are used, after this redefinition.
 */
#ifndef ST_HARNESS_H
#define ST_HARNESS_H

#include "kselftest_harness.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 600

#endif /* ST_HARNESS_H */
