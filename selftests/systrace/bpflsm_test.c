// SPDX-License-Identifier: GPL-2.0
/*
 * systrace selftests: a BPF LSM program on file_open, the hook systemd
 * attaches some to, beside systrace's decision of the same open, attached
 * before the module is loaded or after: both verdicts must hold. The BPF
 * program's trampoline is an ftrace direct call on the bpf_lsm_file_open
 * stub, and a function has one direct caller at most: the module hooks
 * security_file_open, which calls the stub, by a direct call of its own.
 *
 * The program is a few raw instructions, loaded without libbpf: it fails
 * every open of one process (its tgid is a constant) with EXDEV.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "harness.h"
#include "confine.h"

#define NAME "bpflsm_test"
#define DIR "/tmp/st-bpflsm"

static const char policy[] =
	"Policy: /selftests/bpflsm_test, Emulation: native\n"
	"\tnative-recvmsg: permit\n"
	"\tnative-read: permit\n"
	"\tnative-write: permit\n"
	"\tnative-close: permit\n"
	"\tnative-fsread: filename eq \"" DIR "/allowed\" then permit\n"
	"\tnative-fsread: filename eq \"" DIR "/denied\" then deny[eacces]\n";

/* The BTF id of function @name in the kernel's BTF, or -1. */
static int btf_func_id(const char *name)
{
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY);
	struct btf_header *h;
	char *buf, *types, *strs, *p;
	size_t len = 0, cap = 8 << 20;
	int id = 0, found = -1;
	ssize_t n;

	if (fd < 0)
		return -1;
	buf = malloc(cap);
	while (buf && (n = read(fd, buf + len, cap - len)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	close(fd);
	if (!buf || len < sizeof(*h))
		return -1;
	h = (struct btf_header *)buf;
	types = buf + h->hdr_len + h->type_off;
	strs = buf + h->hdr_len + h->str_off;
	for (p = types; p < types + h->type_len;) {
		struct btf_type *t = (struct btf_type *)p;
		unsigned int vlen = BTF_INFO_VLEN(t->info);

		id++;
		if (BTF_INFO_KIND(t->info) == BTF_KIND_FUNC &&
		    !strcmp(strs + t->name_off, name)) {
			found = id;
			break;
		}
		p += sizeof(*t);
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_INT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			p += 4;
			break;
		case BTF_KIND_ARRAY:
			p += sizeof(struct btf_array);
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			p += vlen * sizeof(struct btf_member);
			break;
		case BTF_KIND_ENUM:
			p += vlen * sizeof(struct btf_enum);
			break;
		case BTF_KIND_FUNC_PROTO:
			p += vlen * sizeof(struct btf_param);
			break;
		case BTF_KIND_DATASEC:
			p += vlen * sizeof(struct btf_var_secinfo);
			break;
		case 19: /* BTF_KIND_ENUM64 */
			p += vlen * 12;
			break;
		default:
			break;
		}
	}
	free(buf);
	return found;
}

/*
 * Load the program @insns of @type on the kernel function @func and attach
 * it: a link fd, or -errno.
 */
static int attach_prog(__u32 type, __u32 attach_type, const char *func,
		       const struct bpf_insn *insns, __u32 n, char *log,
		       size_t loglen)
{
	union bpf_attr attr;
	int id = btf_func_id(func), prog, link;

	if (id < 0)
		return -ENOENT;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.expected_attach_type = attach_type;
	attr.attach_btf_id = id;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = n;
	attr.license = (uintptr_t)"GPL";
	attr.log_buf = (uintptr_t)log;
	attr.log_size = loglen;
	attr.log_level = 1;
	prog = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0)
		return -errno;
	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.prog_fd = prog;
	link = syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
	if (link < 0)
		link = -errno;
	close(prog);
	return link;
}

/* The BPF LSM program on bpf_lsm_file_open: a link fd, or -errno. */
static int attach_exdev_for(pid_t tgid, char *log, size_t loglen)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_current_pid_tgid },
		{ .code = BPF_ALU64 | BPF_RSH | BPF_K, .dst_reg = 0, .imm = 32 },
		{ .code = BPF_JMP | BPF_JNE | BPF_K, .dst_reg = 0, .off = 2,
		  .imm = tgid },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0,
		  .imm = -EXDEV },
		{ .code = BPF_JMP | BPF_EXIT },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return attach_prog(BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_file_open",
			   insns, sizeof(insns) / sizeof(insns[0]), log,
			   loglen);
}

/* An fentry program that does nothing, on @func: a link fd, or -errno. */
static int attach_fentry(const char *func, char *log, size_t loglen)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return attach_prog(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, func,
			   insns, sizeof(insns) / sizeof(insns[0]), log,
			   loglen);
}

static int peek(const char *path)
{
	char c = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	if (read(fd, &c, 1) != 1)
		c = '?';
	close(fd);
	return c;
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		ssize_t n = write(fd, text, strlen(text));

		(void)n;
		close(fd);
	}
}

/* Confined, and the BPF program's target. */
static void targeted(void *arg)
{
	int *pipefd = arg;
	char c;

	/* Wait until the parent attached the program for this process. */
	ST_CHECK(1, read(pipefd[0], &c, 1) == 1);
	/*
	 * Both deny; the BPF LSM runs its programs before security_file_open
	 * returns to systrace's wrapper, which decides only if they all
	 * allow: the program's errno wins.
	 */
	ST_CHECK(2, peek(DIR "/denied") == -EXDEV);
	ST_CHECK(3, peek(DIR "/allowed") == -EXDEV);
	ST_CHECK(4, write(pipefd[1], "x", 1) == 1);
	ST_CHECK(5, read(pipefd[0], &c, 1) == 1);
	/* Detached: the policy alone. */
	ST_CHECK(6, peek(DIR "/allowed") == 'A');
	ST_CHECK(7, peek(DIR "/denied") == -EACCES);
}

/* Confined, not the program's target: the policy decides as ever. */
static void bystander(void *arg)
{
	ST_CHECK(1, peek(DIR "/allowed") == 'A');
	ST_CHECK(2, peek(DIR "/denied") == -EACCES);
}

static bool module_present(void)
{
	return access("/sys/module/systrace", F_OK) == 0;
}

FIXTURE(bpflsm) {
	int unused;
};

/* Which attaches first: the BPF LSM program, or the module's hooks. */
FIXTURE_VARIANT(bpflsm) {
	bool program_first;
};

FIXTURE_VARIANT_ADD(bpflsm, module_first) {
	.program_first = false,
};

FIXTURE_VARIANT_ADD(bpflsm, program_first) {
	.program_first = true,
};

FIXTURE_SETUP(bpflsm)
{
}

/* The module is back for what runs next, whatever the test did. */
FIXTURE_TEARDOWN(bpflsm)
{
	if (!module_present() && system("insmod /lib/modules/systrace.ko"))
		fprintf(stderr, "# insmod failed\n");
}

/*
 * A BPF LSM program is attached by the BTF id of its hook. The debug
 * kernel is built without BTF (Documentation/testing.rst says why), so
 * there the test cannot run; Debian's kernels have it, and a missing
 * /sys/kernel/btf/vmlinux there shows as a skip in the counts.
 *
 * Loading and attaching a BPF LSM program takes seconds under TCG.
 */
TEST_F_TIMEOUT(bpflsm, program_on_the_same_hook, 180)
{
	int to_child[2], to_parent[2], pipes[2], link = -1, st;
	char log[4096] = "", c;
	pid_t pid;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP(return, "the kernel has no BTF (/sys/kernel/btf/vmlinux)");
	ASSERT_EQ(0, system("rm -rf " DIR " && mkdir " DIR));
	put(DIR "/allowed", "A");
	put(DIR "/denied", "D");
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pipes[0] = to_child[0];
		pipes[1] = to_parent[1];
		/* Once the module and the policy are there. */
		if (read(pipes[0], &c, 1) != 1 ||
		    st_confine_self(NAME, 0, SYSTRACE_MODE_ENFORCE))
			_exit(100);
		targeted(pipes);
		_exit(0);
	}
	/* A dead child must mean EOF, not a wait. */
	close(to_child[0]);
	close(to_parent[1]);
	if (variant->program_first) {
		/* The program's trampoline is on the stub before the module. */
		ASSERT_EQ(0, system("rmmod systrace"));
		link = attach_exdev_for(pid, log, sizeof(log));
		if (link < 0)
			TH_LOG("attach: %s\n%s", strerror(-link), log);
		EXPECT_LE(0, link);
		ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	}
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
	EXPECT_EQ(1, write(to_child[1], "c", 1));
	if (!variant->program_first) {
		link = attach_exdev_for(pid, log, sizeof(log));
		if (link < 0)
			TH_LOG("attach: %s\n%s", strerror(-link), log);
		EXPECT_LE(0, link);
	}
	/* Unconfined and not the target: untouched. */
	EXPECT_EQ('D', peek(DIR "/denied"));
	/* Confined, not the target: systrace still decides. */
	EXPECT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
				     bystander, NULL));
	EXPECT_EQ(1, write(to_child[1], "x", 1));
	EXPECT_EQ(1, read(to_parent[0], &c, 1));
	if (link >= 0)
		close(link);
	EXPECT_EQ(1, write(to_child[1], "x", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	system("rm -rf " DIR);
}

FIXTURE(fentry) {
	int unused;
};

FIXTURE_SETUP(fentry)
{
}

FIXTURE_TEARDOWN(fentry)
{
	if (!module_present() && system("insmod /lib/modules/systrace.ko"))
		fprintf(stderr, "# insmod failed\n");
}

/*
 * The module hooks security_file_open by an ftrace direct call. A BPF
 * fentry program is a direct call too: one already on the function when
 * the module loads leaves the hook to an ftrace_ops, and the policy must
 * decide as ever, the program still attached.
 */
TEST_F_TIMEOUT(fentry, program_first_on_security_file_open, 180)
{
	char log[4096] = "";
	int link;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP(return, "the kernel has no BTF (/sys/kernel/btf/vmlinux)");
	ASSERT_EQ(0, system("rm -rf " DIR " && mkdir " DIR));
	put(DIR "/allowed", "A");
	put(DIR "/denied", "D");
	ASSERT_EQ(0, system("rmmod systrace"));
	link = attach_fentry("security_file_open", log, sizeof(log));
	if (link < 0)
		TH_LOG("attach: %s\n%s", strerror(-link), log);
	ASSERT_LE(0, link);
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	ASSERT_EQ(0, st_policy_load(NAME, policy, SYSTRACE_MODE_ENFORCE));
	EXPECT_EQ('D', peek(DIR "/denied"));
	EXPECT_EQ(0, st_run_confined(NAME, 0, SYSTRACE_MODE_ENFORCE,
				     bystander, NULL));
	close(link);
	/* Back to the direct call for what runs next. */
	ASSERT_EQ(0, system("rmmod systrace"));
	ASSERT_EQ(0, system("insmod /lib/modules/systrace.ko"));
	system("rm -rf " DIR);
}

TEST_HARNESS_MAIN
