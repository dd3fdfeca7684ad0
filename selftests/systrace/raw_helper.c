// SPDX-License-Identifier: GPL-2.0
/*
 * A program without libc, built for x86_64 (raw64) and ia32 (raw32), that
 * makes three system calls and exits with what they answered, so that a
 * test can tell which policy confined it after an exec:
 *   bit 0: getpid() succeeded
 *   bit 1: getppid() failed with ENOTTY
 *   bit 2: getuid() failed with EPERM
 * No startup code runs before _start: the only calls are these and exit.
 */
#include <asm/unistd.h>

#define ENOTTY	25
#define EPERM	1

static long raw0(long nr)
{
	long ret;

#ifdef __x86_64__
	asm volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
#else
	asm volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
#endif
	return ret;
}

static void __attribute__((noreturn)) raw_exit(long code)
{
	for (;;) {
#ifdef __x86_64__
		asm volatile("syscall" : : "a"(__NR_exit), "D"(code)
			     : "rcx", "r11", "memory");
#else
		asm volatile("int $0x80" : : "a"(__NR_exit), "b"(code)
			     : "memory");
#endif
	}
}

void __attribute__((noreturn)) _start(void)
{
	int code = 0;

	if (raw0(__NR_getpid) > 0)
		code |= 1;
	if (raw0(__NR_getppid) == -ENOTTY)
		code |= 2;
	if (raw0(__NR_getuid) == -EPERM)
		code |= 4;
	raw_exit(code);
}
