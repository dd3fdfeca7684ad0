// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: every argument kmod/calls.def promises is supplied
 * (issue 12, point 5). Driven by the table itself, included here as an
 * X-macro: each (call, argument, index) of an ST_CALL or ST_ALIAS entry
 * that a hook supplies must have a case below, or the "table_has_a_case"
 * test fails; a case may only be marked not testable with a reason, and
 * those are reported. A call the table says nothing supplies ("none")
 * must be refused by policyc when a rule names that argument.
 *
 * A case runs args_helper (one raw system call, no libc) under
 * "systracectl run -a" twice, with a policy of two rules on the argument:
 *
 *   native-CALL: ARG eq "OK" then permit
 *   native-CALL: ARG eq "NO" then deny[enotblk]
 *
 * The call with the value OK must succeed, the same call with NO must fail
 * with ENOTBLK (no call of these returns it by itself): the kernel
 * supplied the argument, printed as the table's kind says. Anything else
 * is denied with EPERM, so an argument that is missing fails both runs.
 * Calls x86_64 lacks (chown32, stat64, mmap2 ...) run in the ia32 helper
 * under "Emulation: linux".
 *
 * Then the learner (issue 12, point 5, second part): one run of every
 * call of the cases, learned with "systracectl run -A", compiles without a
 * warning, has a rule for each call, and lets the same run pass in
 * enforce mode with no denial.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <uapi/linux/systrace_prog.h>

#include "harness.h"
#include "hooks.h"
#include "ctl.h"
#include "../../policyc/names.h"

#define D "/tmp/st-args"
#define H64 "/selftests/args_helper64"
#define H32 "/selftests/args_helper32"
#define POLICY "/tmp/st-args.policy"
#define ERRFILE "/tmp/st-args.err"

/* The table: every call and alias with the arguments it promises. */
struct tentry {
	const char *call;
	const char *file;	/* "none": nothing supplies them */
	int alias;
	struct { unsigned int arg, count; } a[4];
};

#define ST_A(id, n) { SYSTRACE_ARG_##id, n }
static const struct tentry table[] = {
#define ST_CALL(call, file, hook, ...) { #call, #file, 0, { __VA_ARGS__ } },
#include "../../kmod/calls.def"
#define ST_ALIAS(alias, ...) { #alias, "hook_file", 1, { __VA_ARGS__ } },
#include "../../kmod/calls.def"
};

static const char *const argname[] = {
#define ST_ARG(id, name, kind, flags, doc) [SYSTRACE_ARG_##id] = name,
#include "../../kmod/calls.def"
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

/* What a case prepares in the test before a run (fds 10, 11 inherited). */
enum prep {
	PREP_NONE,
	PREP_FD_F,		/* fd 10: D/f (OK) or D/g (NO) */
	PREP_FD_SAME,	/* fd 10: D/f in both runs */
	PREP_FD_ELF,	/* fd 10: H64 (OK) or H32 (NO) */
	PREP_FD_ELF_SAME,	/* fd 10: H64 in both runs */
	PREP_UDP4,		/* fd 10: a UDP inet socket */
	PREP_UDP6,		/* fd 10: a UDP inet6 socket */
	PREP_UNIXDG,	/* fd 10: a unix datagram socket */
	PREP_LISTEN_DOM,	/* fd 10: TCP inet (OK) or unix stream (NO) */
	PREP_LISTEN_TYPE,	/* fd 10: TCP inet (OK) or unix seqpacket (NO) */
	PREP_ACCEPT_DOM,	/* fd 10: listening, a connection waiting, as above */
	PREP_ACCEPT_TYPE,
	PREP_PIDFD,	/* fd 10: pidfd of target A (OK) or B (NO) */
	PREP_PIDFD_SAME,	/* fd 10: pidfd of A in both runs */
	PREP_HANDLE,	/* fd 10: D; {X}: the handle of D/f (OK) or D/g (NO) */
	PREP_HANDLE_MODE,	/* {X}: D/f (OK) or D/m600 (NO) */
	PREP_HANDLE_SAME,	/* {X}: D/f in both runs */
};

/*
 * One case: a rule on @arg of @call (ABI @abi32 ? ia32 : x86_64) with the
 * value @ok permits the helper's call with arguments @okargs; with @no
 * it denies the call with arguments @noargs (NULL: a call whose argument
 * cannot differ; the other run makes the same call with the rules'
 * values swapped, so that the deny rule names the value). In the values and arguments,
 * {A} and {B} are the pids of two targets, {X} what @prep computed, and
 * @opt goes before the call's number (-m 10, -f).
 * @why: not testable in the VM, and why (the case is only reported).
 * @okerr: what the permitted call returns (0: success).
 * @rules: more rules the run needs ("native-mmap: permit\n").
 */
struct acase {
	const char *call, *arg;
	int abi32;
	enum prep prep;
	const char *opt;
	const char *ok, *okargs;
	const char *no, *noargs;
	int okerr;
	const char *rules;
	const char *why;
};

#define F D "/f"
#define G D "/g"
#define SF "s:" F
#define SG "s:" G
#define AT "-100"	/* AT_FDCWD */

/* A path argument: same call, @ok vs @no, the rest of the arguments @rest. */
#define PATHC(call, pre, okp, nop, rest) \
	{ #call, "filename", 0, PREP_NONE, NULL, okp, pre "s:" okp rest, \
	  nop, pre "s:" nop rest }
#define PATHC32(call, pre, okp, nop, rest) \
	{ #call, "filename", 1, PREP_NONE, NULL, okp, pre "s:" okp rest, \
	  nop, pre "s:" nop rest }
/* An argument other than the path: @okv/@nov in the rule, args apart. */
#define ARGC(call, arg, okv, oka, nov, noa) \
	{ #call, arg, 0, PREP_NONE, NULL, okv, oka, nov, noa }
#define ARGC32(call, arg, okv, oka, nov, noa) \
	{ #call, arg, 1, PREP_NONE, NULL, okv, oka, nov, noa }

/* chown and its kin: filename, uid, gid, uname. */
#define CHOWN(call, abi, pre, p) \
	{ #call, "filename", abi, PREP_NONE, NULL, p, pre "s:" p " 5 -1", \
	  G, pre SG " 5 -1" }, \
	{ #call, "uid", abi, PREP_NONE, NULL, "5", pre "s:" p " 5 -1", \
	  "6", pre "s:" p " 6 -1" }, \
	{ #call, "gid", abi, PREP_NONE, NULL, "5", pre "s:" p " -1 5", \
	  "6", pre "s:" p " -1 6" }, \
	{ #call, "uname", abi, PREP_NONE, NULL, "5", pre "s:" p " 5 -1", \
	  "6", pre "s:" p " 6 -1" }
#define FCHOWN(call, abi) \
	{ #call, "filename", abi, PREP_FD_F, NULL, F, "10 5 -1", G, "10 5 -1" }, \
	{ #call, "uid", abi, PREP_FD_SAME, NULL, "5", "10 5 -1", "6", "10 6 -1" }, \
	{ #call, "gid", abi, PREP_FD_SAME, NULL, "5", "10 -1 5", "6", "10 -1 6" }, \
	{ #call, "uname", abi, PREP_FD_SAME, NULL, "5", "10 5 -1", "6", "10 6 -1" }
/* stat and its kin: the path only. */
#define STATC(call, abi, pre, okp, nop, rest) \
	{ #call, "filename", abi, PREP_NONE, NULL, okp, pre "s:" okp rest, \
	  nop, pre "s:" nop rest }
/* setuid-like with @n ids: id[i] and (for uids) uname[i]. */
#define ID1(call, abi, name, fs) \
	{ #call, name, abi, PREP_NONE, fs, "5", "5", "6", "6" }
#define ID(call, abi, name, i, okargs, noargs) \
	{ #call, name, abi, PREP_NONE, NULL, "5", okargs, "6", noargs }
/* Signals: signame and pidname, for calls whose target is arguments. */
#define SIGC(call, okargs_sig, noargs_sig, okargs_pid, noargs_pid) \
	{ #call, "signame", 0, PREP_NONE, NULL, "SIGCONT", okargs_sig, \
	  "SIGWINCH", noargs_sig }, \
	{ #call, "pidname", 0, PREP_NONE, NULL, "{A}", okargs_pid, \
	  "{B}", noargs_pid }
/* open and its kin: filename, oflags, mode (of the file opened). */
#define OPENC(call, pre, fl_ro, fl_rw, rest) \
	{ #call, "filename", 0, PREP_NONE, NULL, F, pre SF " " fl_ro rest, \
	  G, pre SG " " fl_ro rest }, \
	{ #call, "oflags", 0, PREP_NONE, NULL, "ro", pre SF " " fl_ro rest, \
	  "rw", pre SF " " fl_rw rest }, \
	{ #call, "mode", 0, PREP_NONE, NULL, "0644", pre SF " " fl_ro rest, \
	  "0600", pre "s:" D "/m600 " fl_ro rest }
/* Socket address cases of a call on fd 10: inet, inet6, unix. */
#define ADDRC(call, pre, post) \
	{ #call, "sockaddr", 0, PREP_UDP4, NULL, "inet-[127.0.0.1]:47001", \
	  "10 " pre "{X}" post, "inet-[127.0.0.1]:47002", "10 " pre "{X}" post }, \
	{ #call, "sockaddr", 0, PREP_UDP6, NULL, "inet6-[::1]:47001", \
	  "10 " pre "{X}" post, "inet6-[::1]:47002", "10 " pre "{X}" post }, \
	{ #call, "sockaddr", 0, PREP_UNIXDG, NULL, D "/u1", \
	  "10 " pre "{X}" post, D "/u2", "10 " pre "{X}" post }

#define MMAP_RULE "native-mmap: permit\n"
#define MMAP2_RULE "linux-mmap2: permit\n"
#define RX "5"		/* PROT_READ|PROT_EXEC */
#define X "4"		/* PROT_EXEC */

/* The fields left out of a case are zero: okerr, rules, why. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct acase cases[] = {
	/* sockets */
	{ "accept", "sockdom", 0, PREP_ACCEPT_DOM, NULL, "AF_INET", "10 0 0",
	  "AF_UNIX", "10 0 0" },
	{ "accept", "socktype", 0, PREP_ACCEPT_TYPE, NULL, "SOCK_STREAM", "10 0 0",
	  "SOCK_SEQPACKET", "10 0 0" },
	{ "accept4", "sockdom", 0, PREP_ACCEPT_DOM, NULL, "AF_INET", "10 0 0 0",
	  "AF_UNIX", "10 0 0 0" },
	{ "accept4", "socktype", 0, PREP_ACCEPT_TYPE, NULL, "SOCK_STREAM",
	  "10 0 0 0", "SOCK_SEQPACKET", "10 0 0 0" },
	ADDRC(bind, "x:", " {L}"),
	ADDRC(connect, "x:", " {L}"),
	{ "listen", "sockdom", 0, PREP_LISTEN_DOM, NULL, "AF_INET", "10 1",
	  "AF_UNIX", "10 1" },
	{ "listen", "socktype", 0, PREP_LISTEN_TYPE, NULL, "SOCK_STREAM", "10 1",
	  "SOCK_SEQPACKET", "10 1" },
	ADDRC(sendmmsg, "N:", " 1 0"),
	ADDRC(sendmsg, "M:", " 0"),
	ADDRC(sendto, "b 1 0 x:", " {L}"),
	ARGC(socket, "sockdom", "AF_INET", "2 2 0", "AF_INET6", "10 2 0"),
	ARGC(socket, "socktype", "SOCK_DGRAM", "2 2 0", "SOCK_STREAM", "2 1 0"),
	ARGC(socketpair, "sockdom", "AF_UNIX", "1 1 0 b", "AF_INET", "2 1 0 b"),
	ARGC(socketpair, "socktype", "SOCK_STREAM", "1 1 0 b", "SOCK_DGRAM",
	     "1 2 0 b"),

	/* paths looked up at system call entry */
	PATHC(access, "", F, G, " 4"),
	ARGC(access, "mode", "0004", SF " 4", "0002", SF " 2"),
	PATHC(faccessat, AT " ", F, G, " 4"),
	ARGC(faccessat, "mode", "0004", AT " " SF " 4", "0002", AT " " SF " 2"),
	PATHC(faccessat2, AT " ", F, G, " 4 0"),
	ARGC(faccessat2, "mode", "0004", AT " " SF " 4 0", "0002",
	     AT " " SF " 2 0"),
	PATHC(chdir, "", D "/sub", D "/sub2", ""),
	PATHC(readlink, "", D "/l", D "/l2", " b 100"),
	PATHC(readlinkat, AT " ", D "/l", D "/l2", " b 100"),
	/* extended attributes, also decided at entry (hook_xattr.c) */
	PATHC(setxattr, "", F, G, " s:trusted.st s:1 1 0"),
	PATHC(lsetxattr, "", F, G, " s:trusted.st s:1 1 0"),
	{ "fsetxattr", "filename", 0, PREP_FD_F, NULL, F,
	  "10 s:trusted.st s:1 1 0", G, "10 s:trusted.st s:1 1 0" },
	/* the permitted removal reaches the kernel: no such attribute */
	{ "removexattr", "filename", 0, PREP_NONE, NULL, F,
	  SF " s:trusted.none", G, SG " s:trusted.none", ENODATA },
	{ "lremovexattr", "filename", 0, PREP_NONE, NULL, F,
	  SF " s:trusted.none", G, SG " s:trusted.none", ENODATA },
	{ "fremovexattr", "filename", 0, PREP_FD_F, NULL, F,
	  "10 s:trusted.none", G, "10 s:trusted.none", ENODATA },

	/* path hooks */
	PATHC(chmod, "", F, G, " 0600"),
	ARGC(chmod, "mode", "0600", SF " 0600", "0640", SF " 0640"),
	{ "fchmod", "filename", 0, PREP_FD_F, NULL, F, "10 0600", G, "10 0600" },
	{ "fchmod", "mode", 0, PREP_FD_SAME, NULL, "0600", "10 0600", "0640",
	  "10 0640" },
	PATHC(fchmodat, AT " ", F, G, " 0600"),
	ARGC(fchmodat, "mode", "0600", AT " " SF " 0600", "0640",
	     AT " " SF " 0640"),
	PATHC(fchmodat2, AT " ", F, G, " 0600 0"),
	ARGC(fchmodat2, "mode", "0600", AT " " SF " 0600 0", "0640",
	     AT " " SF " 0640 0"),
	CHOWN(chown, 0, "", F),
	CHOWN(lchown, 0, "", F),
	CHOWN(fchownat, 0, AT " ", F),
	FCHOWN(fchown, 0),
	CHOWN(chown32, 1, "", F),
	CHOWN(lchown32, 1, "", F),
	FCHOWN(fchown32, 1),
	PATHC(chroot, "", D "/sub", D "/sub2", ""),
	PATHC(mkdir, "", D "/n1", D "/n2", " 0700"),
	ARGC(mkdir, "mode", "0700", "s:" D "/n1 0700", "0750",
	     "s:" D "/n2 0750"),
	PATHC(mkdirat, AT " ", D "/n1", D "/n2", " 0700"),
	ARGC(mkdirat, "mode", "0700", AT " s:" D "/n1 0700", "0750",
	     AT " s:" D "/n2 0750"),
	/* with the type: S_IFIFO | 0600 */
	PATHC(mknod, "", D "/p1", D "/p2", " 0x1180 0"),
	ARGC(mknod, "mode", "10600", "s:" D "/p1 0x1180 0", "10640",
	     "s:" D "/p2 0x11a0 0"),
	PATHC(mknodat, AT " ", D "/p1", D "/p2", " 0x1180 0"),
	ARGC(mknodat, "mode", "10600", AT " s:" D "/p1 0x1180 0", "10640",
	     AT " s:" D "/p2 0x11a0 0"),
	{ "link", "filename", 0, PREP_NONE, NULL, F, SF " s:" D "/k1", G,
	  SG " s:" D "/k1" },
	{ "link", "filename[1]", 0, PREP_NONE, NULL, D "/k1", SF " s:" D "/k1",
	  D "/k2", SF " s:" D "/k2" },
	{ "linkat", "filename", 0, PREP_NONE, NULL, F, AT " " SF " " AT " s:" D "/k1 0",
	  G, AT " " SG " " AT " s:" D "/k1 0" },
	{ "linkat", "filename[1]", 0, PREP_NONE, NULL, D "/k1",
	  AT " " SF " " AT " s:" D "/k1 0", D "/k2",
	  AT " " SF " " AT " s:" D "/k2 0" },
	{ "rename", "filename", 0, PREP_NONE, NULL, F, SF " s:" D "/k1", G,
	  SG " s:" D "/k1" },
	{ "rename", "filename[1]", 0, PREP_NONE, NULL, D "/k1", SF " s:" D "/k1",
	  D "/k2", SF " s:" D "/k2" },
	{ "renameat", "filename", 0, PREP_NONE, NULL, F,
	  AT " " SF " " AT " s:" D "/k1", G, AT " " SG " " AT " s:" D "/k1" },
	{ "renameat", "filename[1]", 0, PREP_NONE, NULL, D "/k1",
	  AT " " SF " " AT " s:" D "/k1", D "/k2",
	  AT " " SF " " AT " s:" D "/k2" },
	{ "renameat2", "filename", 0, PREP_NONE, NULL, F,
	  AT " " SF " " AT " s:" D "/k1 0", G,
	  AT " " SG " " AT " s:" D "/k1 0" },
	{ "renameat2", "filename[1]", 0, PREP_NONE, NULL, D "/k1",
	  AT " " SF " " AT " s:" D "/k1 0", D "/k2",
	  AT " " SF " " AT " s:" D "/k2 0" },
	PATHC(rmdir, "", D "/sub", D "/sub2", ""),
	PATHC(unlink, "", F, G, ""),
	PATHC(unlinkat, AT " ", F, G, " 0"),
	{ "symlink", "string", 0, PREP_NONE, NULL, "t1", "s:t1 s:" D "/k1", "t2",
	  "s:t2 s:" D "/k1" },
	{ "symlink", "filename", 0, PREP_NONE, NULL, D "/k1", "s:t1 s:" D "/k1",
	  D "/k2", "s:t1 s:" D "/k2" },
	{ "symlinkat", "string", 0, PREP_NONE, NULL, "t1",
	  "s:t1 " AT " s:" D "/k1", "t2", "s:t2 " AT " s:" D "/k1" },
	{ "symlinkat", "filename", 0, PREP_NONE, NULL, D "/k1",
	  "s:t1 " AT " s:" D "/k1", D "/k2", "s:t1 " AT " s:" D "/k2" },
	PATHC(truncate, "", F, G, " 0"),
	PATHC32(truncate64, "", F, G, " 0 0"),
	/* inode_getattr; lstat names the link itself */
	STATC(stat, 0, "", F, G, " b"),
	STATC(lstat, 0, "", D "/l", D "/l2", " b"),
	STATC(newfstatat, 0, AT " ", F, G, " b 0"),
	STATC(statx, 0, AT " ", F, G, " 0 0x7ff b"),
	STATC(stat64, 1, "", F, G, " b"),
	STATC(lstat64, 1, "", D "/l", D "/l2", " b"),
	STATC(fstatat64, 1, AT " ", F, G, " b 0"),
	STATC(oldstat, 1, "", F, G, " b"),
	STATC(oldlstat, 1, "", D "/l", D "/l2", " b"),

	/* open */
	OPENC(open, "", "0", "2", ""),
	OPENC(openat, AT " ", "0", "2", ""),
	/* struct open_how: flags, mode, resolve (u64 each) */
	OPENC(openat2, AT " ", "x:{O0}", "x:{O2}", " 24"),
	{ "open", "oflags", 0, PREP_NONE, NULL, "woc", "s:" D "/c1 0x41 0600",
	  "wo", SF " 1 0600" },
	/* a new file: decided when it is made, then when it is opened */
	{ "open", "mode", 0, PREP_NONE, NULL, "0600", "s:" D "/c1 0x41 0600",
	  "0640", "s:" D "/c2 0x41 0640" },
	{ "creat", "filename", 0, PREP_NONE, NULL, D "/c1", "s:" D "/c1 0600",
	  D "/c2", "s:" D "/c2 0600" },
	/* always woct: the other run swaps the rules' values instead */
	{ "creat", "oflags", 0, PREP_NONE, NULL, "woct", "s:" D "/c1 0600",
	  "wo", NULL },
	{ "creat", "mode", 0, PREP_NONE, NULL, "0600", "s:" D "/c1 0600",
	  "0640", "s:" D "/c2 0640" },
	{ "open_by_handle_at", "filename", 0, PREP_HANDLE, NULL, F, "10 x:{X} 0",
	  G, "10 x:{X} 0" },
	{ "open_by_handle_at", "oflags", 0, PREP_HANDLE_SAME, NULL, "ro",
	  "10 x:{X} 0", "rw", "10 x:{X} 2" },
	{ "open_by_handle_at", "mode", 0, PREP_HANDLE_MODE, NULL, "0644",
	  "10 x:{X} 0", "0600", "10 x:{X} 0" },

	/* exec: the path, and the arguments joined by spaces */
	{ "execve", "filename", 0, PREP_NONE, NULL, H64, "s:" H64 " v:" H64 " 0",
	  H32, "s:" H32 " v:" H32 " 0" },
	{ "execve", "argv", 0, PREP_NONE, NULL, H64 " a",
	  "s:" H64 " v:" H64 ",a 0", H64 " b", "s:" H64 " v:" H64 ",b 0" },
	{ "execveat", "filename", 0, PREP_NONE, NULL, H64,
	  AT " s:" H64 " v:" H64 " 0 0", H32, AT " s:" H32 " v:" H32 " 0 0" },
	{ "execveat", "argv", 0, PREP_NONE, NULL, H64 " a",
	  AT " s:" H64 " v:" H64 ",a 0 0", H64 " b",
	  AT " s:" H64 " v:" H64 ",b 0 0" },

	/* ioctl: FIONREAD vs FIOCLEX; the file of the fd */
	{ "ioctl", "cmd", 0, PREP_FD_SAME, NULL, "0x541b", "10 0x541b b",
	  "0x5451", "10 0x5451 0" },
	{ "ioctl", "filename", 0, PREP_FD_F, NULL, F, "10 0x541b b", G,
	  "10 0x541b b" },

	/* mount: the mount point, the device and the type */
	{ "mount", "filename", 0, PREP_NONE, NULL, D "/mnt",
	  "s:stdev s:" D "/mnt s:tmpfs 0 0", D "/mnt2",
	  "s:stdev s:" D "/mnt2 s:tmpfs 0 0" },
	{ "mount", "string", 0, PREP_NONE, NULL, "stdev",
	  "s:stdev s:" D "/mnt s:tmpfs 0 0", "stdev2",
	  "s:stdev2 s:" D "/mnt s:tmpfs 0 0" },
	{ "mount", "string[1]", 0, PREP_NONE, NULL, "tmpfs",
	  "s:stdev s:" D "/mnt s:tmpfs 0 0", "ramfs",
	  "s:stdev s:" D "/mnt s:ramfs 0 0" },

	/* executable memory: prot, and the file mapped */
	{ "mmap", "prot", 0, PREP_FD_ELF_SAME, NULL, "PROT_READ|PROT_EXEC",
	  "0 4096 " RX " 2 10 0", "PROT_EXEC", "0 4096 " X " 2 10 0" },
	{ "mmap", "filename", 0, PREP_FD_ELF, NULL, H64, "0 4096 " RX " 2 10 0",
	  H32, "0 4096 " RX " 2 10 0" },
	{ "mmap2", "prot", 1, PREP_FD_ELF_SAME, NULL, "PROT_READ|PROT_EXEC",
	  "0 4096 " RX " 2 10 0", "PROT_EXEC", "0 4096 " X " 2 10 0" },
	{ "mmap2", "filename", 1, PREP_FD_ELF, NULL, H64, "0 4096 " RX " 2 10 0",
	  H32, "0 4096 " RX " 2 10 0" },
	{ "mprotect", "prot", 0, PREP_FD_ELF_SAME, "-m 10", "PROT_READ|PROT_EXEC",
	  "0x10000000 4096 " RX, "PROT_EXEC", "0x10000000 4096 " X, 0,
	  MMAP_RULE },
	{ "mprotect", "filename", 0, PREP_FD_ELF, "-m 10", H64,
	  "0x10000000 4096 " RX, H32, "0x10000000 4096 " RX, 0, MMAP_RULE },
	{ "pkey_mprotect", "prot", 0, PREP_FD_ELF_SAME, "-m 10",
	  "PROT_READ|PROT_EXEC", "0x10000000 4096 " RX " -1", "PROT_EXEC",
	  "0x10000000 4096 " X " -1", 0, MMAP_RULE },
	{ "pkey_mprotect", "filename", 0, PREP_FD_ELF, "-m 10", H64,
	  "0x10000000 4096 " RX " -1", H32, "0x10000000 4096 " RX " -1", 0,
	  MMAP_RULE },

	/* signals and ptrace: A and B are children of the test */
	SIGC(kill, "{A} 18", "{A} 28", "{A} 18", "{B} 18"),
	SIGC(tkill, "{A} 18", "{A} 28", "{A} 18", "{B} 18"),
	SIGC(tgkill, "{A} {A} 18", "{A} {A} 28", "{A} {A} 18", "{B} {B} 18"),
	/* siginfo: si_signo, si_errno, si_code = SI_QUEUE */
	SIGC(rt_sigqueueinfo, "{A} 18 x:0000000000000000ffffffff",
	     "{A} 28 x:0000000000000000ffffffff",
	     "{A} 18 x:0000000000000000ffffffff",
	     "{B} 18 x:0000000000000000ffffffff"),
	SIGC(rt_tgsigqueueinfo, "{A} {A} 18 x:0000000000000000ffffffff",
	     "{A} {A} 28 x:0000000000000000ffffffff",
	     "{A} {A} 18 x:0000000000000000ffffffff",
	     "{B} {B} 18 x:0000000000000000ffffffff"),
	{ "pidfd_send_signal", "signame", 0, PREP_PIDFD_SAME, NULL, "SIGCONT",
	  "10 18 0 0", "SIGWINCH", "10 28 0 0" },
	{ "pidfd_send_signal", "pidname", 0, PREP_PIDFD, NULL, "{A}",
	  "10 18 0 0", "{B}", "10 18 0 0" },
	/* PTRACE_SEIZE: no stop; detached when the helper exits */
	/*
	 * A rule permits, then the scope rule denies: A is outside the
	 * confinement (kmod/hook_task.c, st_scope_deny()): EPERM, and no
	 * unmatched denial (checked for every permitted run).
	 */
	{ "ptrace", "pidname", 0, PREP_NONE, NULL, "{A}", "0x4206 {A} 0 0", "{B}",
	  "0x4206 {B} 0 0", EPERM },

	/* ids: the helper runs as root */
	ID1(setuid, 0, "uid", NULL), ID1(setuid, 0, "uname", NULL),
	ID1(setgid, 0, "gid", NULL),
	ID1(setfsuid, 0, "uid", "-f"), ID1(setfsuid, 0, "uname", "-f"),
	ID1(setfsgid, 0, "gid", "-f"),
	ID1(setuid32, 1, "uid", NULL), ID1(setuid32, 1, "uname", NULL),
	ID1(setgid32, 1, "gid", NULL),
	ID1(setfsuid32, 1, "uid", "-f"), ID1(setfsuid32, 1, "uname", "-f"),
	ID1(setfsgid32, 1, "gid", "-f"),
#define RE(call, abi, n) \
	ID(call, abi, n, 0, "5 -1", "6 -1"), ID(call, abi, n "[1]", 1, "-1 5", "-1 6")
#define RES(call, abi, n) \
	ID(call, abi, n, 0, "5 -1 -1", "6 -1 -1"), \
	ID(call, abi, n "[1]", 1, "-1 5 -1", "-1 6 -1"), \
	ID(call, abi, n "[2]", 2, "-1 -1 5", "-1 -1 6")
	RE(setreuid, 0, "uid"), RE(setreuid, 0, "uname"),
	RE(setregid, 0, "gid"),
	RES(setresuid, 0, "uid"), RES(setresuid, 0, "uname"),
	RES(setresgid, 0, "gid"),
	RE(setreuid32, 1, "uid"), RE(setreuid32, 1, "uname"),
	RE(setregid32, 1, "gid"),
	RES(setresuid32, 1, "uid"), RES(setresuid32, 1, "uname"),
	RES(setresgid32, 1, "gid"),

	/* the aliases: open for reading, unlink */
	{ "fsread", "filename", 0, PREP_NONE, NULL, F, "s:" F " 0", G, "s:" G " 0" },
	{ "fswrite", "filename", 0, PREP_NONE, NULL, F, SF, G, SG },
};
#pragma GCC diagnostic pop

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* "gid[1]" -> "gid", 1 */
static unsigned int split(const char *arg, char *name, size_t len)
{
	const char *b = strchr(arg, '[');

	snprintf(name, len, "%.*s", b ? (int)(b - arg) : (int)strlen(arg), arg);
	return b ? (unsigned int)atoi(b + 1) : 0;
}

static const struct tentry *entry(const char *call)
{
	size_t i;

	for (i = 0; i < NTABLE; i++)
		if (!strcmp(table[i].call, call))
			return &table[i];
	return NULL;
}

/* Does the table promise @arg (with its index) for @call? */
static int promised(const struct tentry *e, const char *arg)
{
	char name[32];
	unsigned int idx = split(arg, name, sizeof(name)), i;

	for (i = 0; i < 4 && e->a[i].arg; i++)
		if (!strcmp(argname[e->a[i].arg], name) && idx < e->a[i].count)
			return 1;
	return 0;
}

static const struct acase *find_case(const char *call, const char *arg)
{
	size_t i;

	for (i = 0; i < NCASES; i++)
		if (!strcmp(cases[i].call, call) && !strcmp(cases[i].arg, arg))
			return &cases[i];
	return NULL;
}

/* Every (call, argument, index) a hook supplies has a case. */
TEST(table_has_a_case)
{
	size_t i;
	unsigned int j, k, pairs = 0, missing = 0;

	for (i = 0; i < NTABLE; i++) {
		if (!strcmp(table[i].file, "none"))
			continue;
		for (j = 0; j < 4 && table[i].a[j].arg; j++)
			for (k = 0; k < table[i].a[j].count; k++) {
				char arg[48];

				snprintf(arg, sizeof(arg), k ? "%s[%u]" : "%s",
					 argname[table[i].a[j].arg], k);
				pairs++;
				if (!find_case(table[i].call, arg)) {
					missing++;
					ksft_print_msg("no case for %s %s (kmod/calls.def)\n",
						       table[i].call, arg);
				}
			}
	}
	ksft_print_msg("%u supplied arguments in the table, %zu cases\n",
		       pairs, NCASES);
	fflush(stdout);
	EXPECT_EQ(0, missing);
}

/* ... and every case is one of them (no stale case). */
TEST(cases_are_in_the_table)
{
	size_t i;

	for (i = 0; i < NCASES; i++) {
		const struct tentry *e = entry(cases[i].call);

		EXPECT_NE(NULL, e) TH_LOG("%s: no such call", cases[i].call);
		if (!e)
			continue;
		EXPECT_STRNE("none", e->file) TH_LOG("%s: nothing supplies it",
						     cases[i].call);
		EXPECT_TRUE(promised(e, cases[i].arg))
			TH_LOG("%s: no argument %s", cases[i].call, cases[i].arg);
	}
}

/* The system call a case makes: its call, or a member of its alias. */
static const char *sys_of(const struct acase *c)
{
	if (!strcmp(c->call, "fsread"))
		return "open";
	if (!strcmp(c->call, "fswrite"))
		return "unlink";
	return c->call;
}

/* The system call number of @call in the ABI, or -1 (names.c). */
static int nr_of(int abi32, const char *call)
{
	const struct st_name *t = abi32 ? st_syscalls_ia32 : st_syscalls_x86_64;
	size_t n = abi32 ? st_nsyscalls_ia32 : st_nsyscalls_x86_64, i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, call))
			return t[i].nr;
	return -1;
}

/*
 * What nothing supplies is no argument: policyc refuses a rule on it
 * (calls.def: "none"), in every ABI that has the call.
 */
TEST(unsupplied_arguments_are_refused)
{
	unsigned int n = 0, j;
	char out[4096];
	size_t i;

	for (i = 0; i < NTABLE; i++) {
		int abi32;

		if (strcmp(table[i].file, "none"))
			continue;
		abi32 = nr_of(0, table[i].call) < 0;
		for (j = 0; j < 4 && table[i].a[j].arg; j++) {
			char text[512];

			snprintf(text, sizeof(text),
				 "Policy: /x, Emulation: %s\n\t%s-%s: %s eq \"/x\" then permit\n",
				 abi32 ? "linux" : "native",
				 abi32 ? "linux" : "native", table[i].call,
				 argname[table[i].a[j].arg]);
			ASSERT_EQ(0, st_write_file(POLICY, text));
			EXPECT_EQ(1, ctl_capture("policyc -c " POLICY, out,
						 sizeof(out)));
			EXPECT_NE(NULL, strstr(out, "no hook of the module supplies it"))
				TH_LOG("%s", out);
			n++;
		}
	}
	ksft_print_msg("%u unsupplied arguments refused\n", n);
	fflush(stdout);
	EXPECT_LT(0, n);
}

/* The fixture of the runs, made afresh before each. */
static void reset(void)
{
	static const char *const files[] = { F, G, D "/m600" };
	size_t i;

	umount2(D "/mnt", MNT_DETACH);
	umount2(D "/mnt2", MNT_DETACH);
	system("rm -rf " D);
	mkdir(D, 0755);
	for (i = 0; i < 3; i++) {
		int fd = open(files[i], O_WRONLY | O_CREAT, 0644);

		if (write(fd, "data", 4) != 4)
			perror(files[i]);
		fchmod(fd, i == 2 ? 0600 : 0644);
		close(fd);
	}
	mkdir(D "/sub", 0755);
	mkdir(D "/sub2", 0755);
	mkdir(D "/mnt", 0755);
	mkdir(D "/mnt2", 0755);
	symlink("f", D "/l");
	symlink("g", D "/l2");
}

struct run {
	pid_t a, b;		/* signal and ptrace targets */
	char x[512];		/* {X} */
	char l[16];		/* {L}: the length of {X}'s bytes */
	int nfds;		/* fds prep gave */
	int unmatched;		/* no rule matched, in the last run */
};

static void tohex(struct run *r, const void *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && 2 * i + 2 < sizeof(r->x); i++)
		sprintf(r->x + 2 * i, "%02x", ((const unsigned char *)p)[i]);
	snprintf(r->l, sizeof(r->l), "%zu", n);
}

/*
 * Fds 10 and 11 hold /dev/null between runs, so that no new fd lands
 * there and a prep's fds cannot collide with them.
 */
static void reserve(void)
{
	int fd = open("/dev/null", O_RDONLY);

	dup2(fd, 10);
	dup2(fd, 11);
	if (fd != 10 && fd != 11)
		close(fd);
}

/* @fd as fd 10 (+@slot) of the run, inherited by the helper. */
static int give(struct run *r, int fd, int slot)
{
	if (fd < 0)
		return -1;
	if (dup2(fd, 10 + slot) < 0)
		return -1;
	close(fd);
	r->nfds++;
	return 0;
}

/* A listening socket with a connection waiting, as fd 10. */
static int listening(struct run *r, int dom, int type)
{
	int l = socket(dom, type, 0), c = socket(dom, type, 0);
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (dom == AF_UNIX) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;

		/* autobind: an abstract name */
		memset(sun, 0, sizeof(*sun));
		sun->sun_family = AF_UNIX;
		if (bind(l, (struct sockaddr *)sun, sizeof(sa_family_t)))
			return -1;
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (bind(l, (struct sockaddr *)sin, sizeof(*sin)))
			return -1;
	}
	if (listen(l, 4) || getsockname(l, (struct sockaddr *)&ss, &len) ||
	    connect(c, (struct sockaddr *)&ss, len))
		return -1;
	if (give(r, l, 0) || give(r, c, 1))
		return -1;
	return 0;
}

static int handle(struct run *r, const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char more[128];
	} h;
	int mnt;

	h.fh.handle_bytes = 128;
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mnt, 0))
		return -1;
	tohex(r, &h, sizeof(h.fh) + h.fh.handle_bytes);
	return give(r, open(D, O_RDONLY | O_DIRECTORY), 0);
}

static int prep(const struct acase *c, struct run *r, int ok)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	r->x[0] = r->l[0] = '\0';
	switch (c->prep) {
	case PREP_NONE:
		return 0;
	case PREP_FD_F:
		return give(r, open(ok ? F : G, O_RDONLY), 0);
	case PREP_FD_SAME:
		return give(r, open(F, O_RDONLY), 0);
	case PREP_FD_ELF:
		return give(r, open(ok ? H64 : H32, O_RDONLY), 0);
	case PREP_FD_ELF_SAME:
		return give(r, open(H64, O_RDONLY), 0);
	case PREP_UDP4:
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin.sin_port = htons(ok ? 47001 : 47002);
		tohex(r, &sin, sizeof(sin));
		return give(r, socket(AF_INET, SOCK_DGRAM, 0), 0);
	case PREP_UDP6:
		sin6.sin6_addr = in6addr_loopback;
		sin6.sin6_port = htons(ok ? 47001 : 47002);
		tohex(r, &sin6, sizeof(sin6));
		return give(r, socket(AF_INET6, SOCK_DGRAM, 0), 0);
	case PREP_UNIXDG: {
		/* a bound peer for connect and send; bind makes its own */
		int peer = socket(AF_UNIX, SOCK_DGRAM, 0);

		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s",
			 ok ? D "/u1" : D "/u2");
		if (strcmp(c->call, "bind") &&
		    (bind(peer, (struct sockaddr *)&sun, sizeof(sun)) ||
		     give(r, peer, 1)))
			return -1;
		if (!strcmp(c->call, "bind"))
			close(peer);
		tohex(r, &sun, sizeof(sun));
		return give(r, socket(AF_UNIX, SOCK_DGRAM, 0), 0);
	}
	case PREP_LISTEN_DOM:
		return give(r, socket(ok ? AF_INET : AF_UNIX, SOCK_STREAM, 0), 0);
	case PREP_LISTEN_TYPE:
		return give(r, ok ? socket(AF_INET, SOCK_STREAM, 0) :
			    socket(AF_UNIX, SOCK_SEQPACKET, 0), 0);
	case PREP_ACCEPT_DOM:
		return listening(r, ok ? AF_INET : AF_UNIX, SOCK_STREAM);
	case PREP_ACCEPT_TYPE:
		return ok ? listening(r, AF_INET, SOCK_STREAM) :
			    listening(r, AF_UNIX, SOCK_SEQPACKET);
	case PREP_PIDFD:
		return give(r, syscall(SYS_pidfd_open, ok ? r->a : r->b, 0), 0);
	case PREP_PIDFD_SAME:
		return give(r, syscall(SYS_pidfd_open, r->a, 0), 0);
	case PREP_HANDLE:
		return handle(r, ok ? F : G);
	case PREP_HANDLE_MODE:
		return handle(r, ok ? F : D "/m600");
	case PREP_HANDLE_SAME:
		return handle(r, F);
	}
	return -1;
}

static void unprep(struct run *r)
{
	r->nfds = 0;
	reserve();
}

/* @t with {A}, {B}, {X}, {L}, {O0}, {O2} replaced. */
static void subst(const struct run *r, const char *t, char *out, size_t len)
{
	static const char how0[] = "000000000000000000000000000000000000000000000000";
	static const char how2[] = "020000000000000000000000000000000000000000000000";
	size_t n = 0;

	while (*t && n + 1 < len) {
		char num[16];
		const char *v = NULL;
		size_t skip = 0;

		if (!strncmp(t, "{A}", 3) || !strncmp(t, "{B}", 3)) {
			snprintf(num, sizeof(num), "%d", t[1] == 'A' ? r->a : r->b);
			v = num;
			skip = 3;
		} else if (!strncmp(t, "{X}", 3)) {
			v = r->x;
			skip = 3;
		} else if (!strncmp(t, "{L}", 3)) {
			v = r->l;
			skip = 3;
		} else if (!strncmp(t, "{O0}", 4) || !strncmp(t, "{O2}", 4)) {
			v = t[2] == '0' ? how0 : how2;
			skip = 4;
		}
		if (v) {
			n += snprintf(out + n, len - n, "%s", v);
			t += skip;
		} else {
			out[n++] = *t++;
		}
	}
	out[n < len ? n : len - 1] = '\0';
}

/* Events with @verdict the module reported since @e was opened. */
static int count_verdict(struct st_events *e, int verdict)
{
	int i, n = 0;

	st_events_read(e);
	for (i = 0; i < e->n; i++)
		if (e->ev[i].verdict == verdict) {
			fprintf(stderr, "#   verdict %d: pid %d %s %s\n", verdict,
				e->ev[i].pid, e->ev[i].call, e->ev[i].args);
			n++;
		}
	return n;
}

/*
 * One run of case @c: the permitted value (@ok) or the denied one. The
 * helper's exit status (the errno its call got), or -1.
 */
static int run_case(const struct acase *c, struct run *r, int ok)
{
	const char *emul = c->abi32 ? "linux" : "native";
	char okv[512], nov[512], args[1024], text[2048], cmd[2048];
	int nr = nr_of(c->abi32, sys_of(c)), st;
	struct st_events ev;
	int swap = !ok && !c->noargs;

	reset();
	if (prep(c, r, ok)) {
		unprep(r);
		return -1;
	}
	subst(r, c->ok, okv, sizeof(okv));
	subst(r, c->no, nov, sizeof(nov));
	subst(r, ok || swap ? c->okargs : c->noargs, args, sizeof(args));
	snprintf(text, sizeof(text),
		 "Policy: %s, Emulation: %s\n%s"
		 "%s-%s: %s eq \"%s\" then permit\n"
		 "%s-%s: %s eq \"%s\" then deny[enotblk]\n",
		 c->abi32 ? H32 : H64, emul, c->rules ? c->rules : "",
		 emul, c->call, c->arg, swap ? nov : okv, emul, c->call, c->arg,
		 swap ? okv : nov);
	if (st_write_file(POLICY, text))
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "systracectl run -a -p " POLICY " -- %s %s %d %s 2>" ERRFILE,
		 c->abi32 ? H32 : H64, c->opt ? c->opt : "", nr, args);
	if (st_events_open(&ev))
		return -1;
	st = ctl_sh("%s", cmd);
	unprep(r);
	r->unmatched = count_verdict(&ev, SYSTRACE_VERDICT_UNMATCHED_DENY);
	st_events_close(&ev);
	if (st != (ok ? c->okerr : (c->opt && !strcmp(c->opt, "-f") ? 1 : ENOTBLK)))
		fprintf(stderr, "#   %s\n#   -> %d (%s)\n%s", cmd, st,
			ok ? "permitted value" : "denied value", text);
	return st;
}

static pid_t target(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* Does the running kernel have @c's call (fchmodat2: 6.6)? */
static int kernel_has(const struct acase *c)
{
	if (c->abi32)
		return 1;
	return !(syscall(nr_of(0, sys_of(c)), -1L, 0L, 0L, 0L, 0L, 0L) == -1 &&
		 errno == ENOSYS);
}

/* Each case: the permitted value passes, the other is denied by its rule. */
TEST(every_argument_is_supplied)
{
	unsigned int pass = 0, fail = 0, skip = 0, untestable = 0;
	struct run r = { 0 };
	size_t i;

	umask(0);
	reserve();
	/* the inet cases connect and send to 127.0.0.1 and ::1 */
	ASSERT_EQ(0, system("ip link set lo up 2>/dev/null || ifconfig lo up"));
	r.a = target();
	r.b = target();
	ASSERT_LT(0, r.a);
	ASSERT_LT(0, r.b);
	for (i = 0; i < NCASES; i++) {
		const struct acase *c = &cases[i];
		int okst, nost, want, unmatched;

		if (c->why) {
			ksft_print_msg("not testable: %s %s: %s\n", c->call,
				       c->arg, c->why);
			untestable++;
			continue;
		}
		if (nr_of(c->abi32, sys_of(c)) < 0) {
			ksft_print_msg("FAIL %s: no such call in its ABI\n", c->call);
			fail++;
			continue;
		}
		if (!kernel_has(c)) {
			ksft_print_msg("skip %s %s: this kernel lacks the call\n",
				       c->call, c->arg);
			skip++;
			continue;
		}
		okst = run_case(c, &r, 1);
		unmatched = r.unmatched;
		nost = run_case(c, &r, 0);
		want = c->opt && !strcmp(c->opt, "-f") ? 1 : ENOTBLK;
		if (okst == c->okerr && nost == want && !unmatched) {
			pass++;
		} else {
			ksft_print_msg("FAIL %s%s %s: permitted value -> %d (%d unmatched), other value -> %d (want %d, %d)\n",
				       c->abi32 ? "ia32 " : "", c->call, c->arg,
				       okst, unmatched, nost, c->okerr, want);
			fail++;
		}
	}
	kill(r.a, SIGKILL);
	kill(r.b, SIGKILL);
	waitpid(r.a, NULL, 0);
	waitpid(r.b, NULL, 0);
	reset();
	system("rm -rf " D);
	ksft_print_msg("arguments: %u supplied as promised, %u failed, %u skipped (kernel lacks the call), %u not testable\n",
		       pass, fail, skip, untestable);
	fflush(stdout);
	EXPECT_EQ(0, fail);
	EXPECT_LT(0, pass);
}

/*
 * Denials the module reported since @e was opened, but those with the
 * error @expected (ptrace's scope rule, after a rule permitted).
 */
static int denials(struct st_events *e, int expected)
{
	int i, n = 0;

	st_events_read(e);
	for (i = 0; i < e->n; i++)
		if ((e->ev[i].verdict == SYSTRACE_VERDICT_DENY &&
		     (!expected || e->ev[i].error != expected)) ||
		    e->ev[i].verdict == SYSTRACE_VERDICT_UNMATCHED_DENY ||
		    e->ev[i].verdict == SYSTRACE_VERDICT_ASKED_DENY) {
			fprintf(stderr, "#   denied: pid %d %s %s\n", e->ev[i].pid,
				e->ev[i].call, e->ev[i].args);
			n++;
		}
	e->n = 0;
	return n;
}

#define LEARNED "/tmp/st-args.learned"

/*
 * Learn @c's permitted call (systracectl run -A), then: the policy
 * compiles without a word, has a rule for the call (or its alias), and
 * enforced, lets the same call pass with no denial. 0 or the failed step.
 */
static int learn_case(const struct acase *c, struct run *r)
{
	const char *emul = c->abi32 ? "linux" : "native";
	char args[1024], cmd[2048], out[4096], own[64], fsr[64], fsw[64];
	int nr = nr_of(c->abi32, sys_of(c)), st;
	struct st_events ev;
	const char *p;
	int norule;

	reset();
	if (prep(c, r, 1))
		return 1;
	subst(r, c->okargs, args, sizeof(args));
	snprintf(cmd, sizeof(cmd), "%s %s %d %s", c->abi32 ? H32 : H64,
		 c->opt ? c->opt : "", nr, args);
	st = ctl_sh("systracectl run -A -o " LEARNED " -- %s 2>" ERRFILE, cmd);
	unprep(r);
	if (st != c->okerr)
		return 2;
	p = ctl_read(LEARNED);
	if (ctl_capture("policyc -c " LEARNED, out, sizeof(out)) || out[0]) {
		fprintf(stderr, "%s#   learned:\n%s", out, p);
		return 3;
	}
	snprintf(own, sizeof(own), "\n%s-%s: ", emul, c->call);
	snprintf(fsr, sizeof(fsr), "\n%s-fsread: ", emul);
	snprintf(fsw, sizeof(fsw), "\n%s-fswrite: ", emul);
	norule = !strstr(p, own) && !strstr(p, fsr) && !strstr(p, fsw);
	if (norule)
		fprintf(stderr, "#   no rule for %s; learned:\n%s", c->call, p);
	if (st_events_open(&ev))
		return 5;
	reset();
	if (prep(c, r, 1)) {
		st_events_close(&ev);
		return 1;
	}
	/* afresh: a handle, a pid may differ from the learned run's */
	subst(r, c->okargs, args, sizeof(args));
	snprintf(cmd, sizeof(cmd), "%s %s %d %s", c->abi32 ? H32 : H64,
		 c->opt ? c->opt : "", nr, args);
	st = ctl_sh("systracectl run -a -p " LEARNED " -- %s 2>" ERRFILE, cmd);
	unprep(r);
	if (denials(&ev, c->okerr) + (st != c->okerr)) {
		fprintf(stderr, "#   %s -> %d; learned:\n%s", cmd, st, p);
		st_events_close(&ev);
		return 6;
	}
	st_events_close(&ev);
	return norule ? 4 : 0;
}

/*
 * Every call of the table, once, in learn mode (the permitted run of its
 * first case): the rule the learner writes for it compiles and matches.
 */
TEST(learned_rules_match)
{
	unsigned int pass = 0, fail = 0;
	struct run r = { 0 };
	size_t i, j;

	umask(0);
	reserve();
	/* the inet cases connect and send to 127.0.0.1 and ::1 */
	ASSERT_EQ(0, system("ip link set lo up 2>/dev/null || ifconfig lo up"));
	r.a = target();
	r.b = target();
	ASSERT_LT(0, r.a);
	ASSERT_LT(0, r.b);
	for (i = 0; i < NCASES; i++) {
		const struct acase *c = &cases[i];
		int st;

		for (j = 0; j < i; j++)
			if (!strcmp(cases[j].call, c->call))
				break;
		if (j < i || c->why || nr_of(c->abi32, sys_of(c)) < 0 ||
		    !kernel_has(c))
			continue;
		st = learn_case(c, &r);
		if (st) {
			ksft_print_msg("FAIL learned %s%s: step %d\n",
				       c->abi32 ? "ia32 " : "", c->call, st);
			fail++;
		} else {
			pass++;
		}
	}
	kill(r.a, SIGKILL);
	kill(r.b, SIGKILL);
	waitpid(r.a, NULL, 0);
	waitpid(r.b, NULL, 0);
	reset();
	system("rm -rf " D);
	ksft_print_msg("learned: %u calls matched by their learned rules, %u failed\n",
		       pass, fail);
	fflush(stdout);
	EXPECT_EQ(0, fail);
	EXPECT_LT(0, pass);
}

TEST_HARNESS_MAIN
