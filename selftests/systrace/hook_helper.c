// SPDX-License-Identifier: GPL-2.0
/*
 * A program without libc, built for x86_64 (hook_helper64) and ia32
 * (hook_helper32), that makes one system call named on its command line
 * and exits with the errno it got (0: success), for the hook selftests run
 * under "systracectl run": no startup code, so the calls its policy must
 * permit are known exactly (the call itself; exit is never decided).
 *
 *   hook_helper unlink PATH      hook_helper kill PID SIG
 *   hook_helper mkdir PATH MODE  hook_helper setuid UID
 *   hook_helper socket DOM TYPE  hook_helper mmapx (anonymous R|X page)
 *   hook_helper ioctl FD CMD     hook_helper stat PATH (ia32: stat64)
 *   hook_helper access PATH (F_OK)
 */
#include <asm/unistd.h>

#define PROT_READ	1
#define PROT_EXEC	4
#define MAP_PRIVATE	2
#define MAP_ANONYMOUS	0x20

#ifdef __x86_64__
asm(".globl _start\n"
    "_start:\n\t"
    "xor %ebp, %ebp\n\t"
    "mov %rsp, %rdi\n\t"
    "and $-16, %rsp\n\t"
    "call st_main\n\t"
    "hlt\n");

static long raw(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 asm("r10") = d;
	register long r8 asm("r8") = e;
	register long r9 asm("r9") = f;
	long ret;

	asm volatile("syscall" : "=a"(ret)
		     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
		       "r"(r9)
		     : "rcx", "r11", "memory");
	return ret;
}
#else
asm(".globl _start\n"
    "_start:\n\t"
    "xor %ebp, %ebp\n\t"
    "mov %esp, %eax\n\t"
    "and $-16, %esp\n\t"
    "sub $12, %esp\n\t"
    "push %eax\n\t"
    "call st_main\n\t"
    "hlt\n");

/* Five arguments are enough here (ia32's old mmap takes a block). */
static long raw(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;

	(void)f;
	asm volatile("int $0x80" : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
		     : "memory");
	return ret;
}
#endif

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static long num(const char *s)
{
	long v = 0, sign = 1, base = 10;

	if (!s)
		return 0;
	if (*s == '-') {
		sign = -1;
		s++;
	}
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (; *s; s++)
		v = v * base + (*s >= 'a' ? *s - 'a' + 10 : *s - '0');
	return sign * v;
}

/* Room for struct stat (144 bytes) and ia32's struct stat64 (96). */
static long statbuf[32];

static long op(int argc, char **argv)
{
	const char *o = argc > 1 ? argv[1] : "";
	const char *a = argc > 2 ? argv[2] : 0;
	const char *b = argc > 3 ? argv[3] : 0;

	if (streq(o, "unlink"))
		return raw(__NR_unlink, (long)a, 0, 0, 0, 0, 0);
	if (streq(o, "mkdir"))
		return raw(__NR_mkdir, (long)a, num(b), 0, 0, 0, 0);
	if (streq(o, "kill"))
		return raw(__NR_kill, num(a), num(b), 0, 0, 0, 0);
	if (streq(o, "socket"))
		return raw(__NR_socket, num(a), num(b), 0, 0, 0, 0);
	if (streq(o, "ioctl"))
		return raw(__NR_ioctl, num(a), num(b), 0, 0, 0, 0);
	if (streq(o, "access"))
		return raw(__NR_access, (long)a, 0, 0, 0, 0, 0);
#ifdef __x86_64__
	if (streq(o, "stat"))
		return raw(__NR_stat, (long)a, (long)statbuf, 0, 0, 0, 0);
#else
	if (streq(o, "stat"))	/* as glibc's i386 stat(): stat64 */
		return raw(__NR_stat64, (long)a, (long)statbuf, 0, 0, 0, 0);
#endif
#ifdef __x86_64__
	if (streq(o, "setuid"))
		return raw(__NR_setuid, num(a), 0, 0, 0, 0, 0);
	if (streq(o, "mmapx"))
		return raw(__NR_mmap, 0, 4096, PROT_READ | PROT_EXEC,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#else
	if (streq(o, "setuid"))
		return raw(__NR_setuid32, num(a), 0, 0, 0, 0, 0);
	if (streq(o, "mmapx")) {
		static unsigned long block[6] = {
			0, 4096, PROT_READ | PROT_EXEC,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0
		};

		return raw(__NR_mmap, (long)block, 0, 0, 0, 0, 0);
	}
#endif
	return -22;	/* EINVAL: no such operation */
}

void __attribute__((noreturn, used)) st_main(long *sp)
{
	long ret = op((int)sp[0], (char **)(sp + 1));

	/* An address (mmap) or a count is success; -4095..-1 an errno. */
	ret = ret < 0 && ret > -4096 ? -ret : 0;
	for (;;)
		raw(__NR_exit, ret, 0, 0, 0, 0, 0);
}
