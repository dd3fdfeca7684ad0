// SPDX-License-Identifier: GPL-2.0
/*
 * A program without libc, built for x86_64 (args_helper64) and ia32
 * (args_helper32), that makes the system calls its command line spells
 * out by number, for args_test: no startup code, so the calls its policy
 * must permit are exactly those (exit is never decided).
 *
 *   args_helper [-m FD] [-f] NR [ARG...] [-- NR [ARG...]]...
 *
 * Each ARG is one register: a number (decimal, -decimal, 0x-hex or
 * 0-octal), or
 *   s:TEXT   a pointer to TEXT
 *   x:HEX    a pointer to those bytes (a sockaddr, a siginfo, an open_how)
 *   b        a pointer to 4 KiB of zeroes (room for a stat, a link)
 *   v:A,B    a pointer to the NULL-terminated array { "A", "B" } (argv)
 *   M:HEX    a pointer to a msghdr naming the address HEX, one byte of data
 *   N:HEX    the same as a one-element mmsghdr array (sendmmsg)
 * -m FD maps FD read-only at ST_MAP_ADDR first (mprotect needs a mapping);
 * -f checks a setfsuid/setfsgid: the call returns no error, so it is
 * repeated with -1 (which only reads the id) and must return the id asked.
 *
 * Exit status: 0 when every call succeeded; else the errno of the first
 * that failed (-f: 1 when the id did not change), plus 100 for the calls
 * after the first (args_test runs one call; the learner test many, and a
 * failure there reports 100 + errno, its index in the log). No arguments,
 * or a first argument that is no number: exit 0 at once (an exec target).
 */
#include <asm/unistd.h>

#define ST_MAP_ADDR	0x10000000L
#define PROT_READ	1
#define MAP_PRIVATE	2
#define MAP_FIXED	0x10

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
#define NR_MMAP __NR_mmap
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

/* The sixth argument goes in %ebp: from a global, whatever the frame. */
static long sixth;

static long raw(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;

	sixth = f;
	asm volatile("push %%ebp\n\t"
		     "mov %[f], %%ebp\n\t"
		     "int $0x80\n\t"
		     "pop %%ebp"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e),
		       [f] "m"(sixth)
		     : "memory");
	return ret;
}
#define NR_MMAP __NR_mmap2
#endif

struct iov {
	void *base;
	unsigned long len;
};

/* struct msghdr of the ABI this is built for (ia32: compat_msghdr). */
struct msg {
	void *name;
	unsigned int namelen;
	struct iov *iov;
	unsigned long iovlen;
	void *control;
	unsigned long controllen;
	unsigned int flags;
};

struct mmsg {
	struct msg hdr;
	unsigned int len;
};

/* Room for the pointers of one run (bytes, strings, arrays, messages). */
static char heap[1 << 16] __attribute__((aligned(16)));
static unsigned long used;

static void *alloc(unsigned long n)
{
	void *p = heap + used;

	used += (n + 15) & ~15UL;
	return used <= sizeof(heap) ? p : 0;
}

static int prefix(const char *s, const char *p)
{
	while (*p && *s == *p) {
		s++;
		p++;
	}
	return !*p;
}

static int isnum(const char *s)
{
	return s && ((*s >= '0' && *s <= '9') || (*s == '-' && s[1]));
}

static long num(const char *s)
{
	long v = 0, sign = 1, base = 10;

	if (*s == '-') {
		sign = -1;
		s++;
	}
	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;	/* a mode, "0644" */
	}
	for (; *s; s++)
		v = v * base + (*s >= 'a' ? *s - 'a' + 10 : *s - '0');
	return sign * v;
}

static int hexval(char c)
{
	return c >= 'a' ? c - 'a' + 10 : c - '0';
}

/* Decode HEX into a new buffer; *@len is its length. */
static char *hex(const char *s, unsigned long *len)
{
	unsigned long n = 0, i;
	char *p;

	while (s[n])
		n++;
	p = alloc(n / 2 + 128);	/* the kernel may read a whole struct */
	if (!p)
		return 0;
	for (i = 0; i + 1 < n; i += 2)
		p[i / 2] = (char)(hexval(s[i]) << 4 | hexval(s[i + 1]));
	*len = n / 2;
	return p;
}

static struct msg *msg(const char *s, struct msg *m)
{
	unsigned long len;
	struct iov *iov = alloc(sizeof(*iov));
	char *data = alloc(1);

	m->name = hex(s, &len);
	m->namelen = (unsigned int)len;
	iov->base = data;
	iov->len = 1;
	m->iov = iov;
	m->iovlen = 1;
	return m;
}

static long arg(char *s)
{
	unsigned long len, n;
	char **v, *p;

	if (prefix(s, "s:"))
		return (long)(s + 2);
	if (prefix(s, "x:"))
		return (long)hex(s + 2, &len);
	if (s[0] == 'b' && !s[1])
		return (long)alloc(4096);
	if (prefix(s, "M:"))
		return (long)msg(s + 2, alloc(sizeof(struct msg)));
	if (prefix(s, "N:"))
		return (long)msg(s + 2, alloc(sizeof(struct mmsg)));
	if (prefix(s, "v:")) {
		for (n = 2, p = s + 2; *p; p++)
			n += *p == ',';
		v = alloc(n * sizeof(*v));
		n = 0;
		v[n++] = s + 2;
		for (p = s + 2; *p; p++)
			if (*p == ',') {
				*p = '\0';
				v[n++] = p + 1;
			}
		v[n] = 0;
		return (long)v;
	}
	return num(s);
}

void __attribute__((noreturn, used)) st_main(long *sp)
{
	int argc = (int)sp[0], i = 1, fs = 0, call = 0;
	char **argv = (char **)(sp + 1);
	long ret = 0;

	if (i + 1 < argc && prefix(argv[i], "-m") && !argv[i][2]) {
		ret = raw(NR_MMAP, ST_MAP_ADDR, 4096, PROT_READ,
			  MAP_PRIVATE | MAP_FIXED, num(argv[i + 1]), 0);
		if (ret != ST_MAP_ADDR)
			goto out;
		i += 2;
	}
	if (i < argc && prefix(argv[i], "-f") && !argv[i][2]) {
		fs = 1;
		i++;
	}
	ret = 0;
	while (i < argc && isnum(argv[i])) {
		long a[6] = { 0 }, nr = num(argv[i++]);
		int k = 0;

		while (i < argc && !(prefix(argv[i], "--") && !argv[i][2]))
			if (k < 6)
				a[k++] = arg(argv[i++]);
			else
				i++;
		i++;
		ret = raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (fs && ret >= 0)
			ret = raw(nr, -1, 0, 0, 0, 0, 0) == a[0] ? 0 : -1;
		if (ret < 0 && ret > -4096) {
			ret = -ret + (call ? 100 : 0);
			break;
		}
		ret = 0;
		call++;
	}
out:
	/* An address (mmap) or a count is success; -4095..-1 an errno. */
	if (ret < 0 && ret > -4096)
		ret = -ret;
	else if (ret > 255 || ret < 0)
		ret = 0;
	for (;;)
		raw(__NR_exit, ret, 0, 0, 0, 0, 0);
}
