// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the selftest VM (as WireGuard's tests/qemu/init.c).
 *
 * Serial ports, set up by selftests/vm/run:
 *   ttyS0  the kernel console (the host scans it for BUG/WARNING/...)
 *   ttyS1  the output of the command (stdout and stderr)
 *   ttyS2  one line, "systrace-vm-status N", written last
 *
 * It mounts the usual file systems, loads /lib/modules/systrace.ko, runs
 * /cmd with /bin/sh, reports its exit status and powers the machine off.
 * With /interactive present, the command and then a shell run on the
 * console instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define MODULE_PATH "/lib/modules/systrace.ko"

static int out_fd = 2;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dprintf(out_fd, "vm-init: ");
	vdprintf(out_fd, fmt, ap);
	va_end(ap);
}

static void poweroff(void)
{
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void mount_fs(const char *src, const char *dst, const char *type)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, 0, NULL) < 0 && errno != EBUSY)
		say("mount %s: %s\n", dst, strerror(errno));
}

static int open_serial(const char *path)
{
	struct termios t;
	int fd = open(path, O_RDWR | O_NOCTTY);

	if (fd < 0)
		return -1;
	/* Raw: bytes reach the host as written, no \r\n translation. */
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		cfsetspeed(&t, B115200);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

static void write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, val, strlen(val)) < 0)
		say("write %s: %s\n", path, strerror(errno));
	close(fd);
}

static int load_module(void)
{
	int fd = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0) {
		say("open %s: %s\n", MODULE_PATH, strerror(errno));
		return -1;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	if (ret < 0)
		say("loading %s: %s\n", MODULE_PATH, strerror(errno));
	close(fd);
	return ret;
}

/* Run argv with the given descriptors as stdio; return its wait status. */
static int run(char *const argv[], int in, int out, int ctty)
{
	pid_t pid, w;
	int status;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		if (ctty)
			ioctl(in, TIOCSCTTY, 1);
		dup2(in, 0);
		dup2(out, 1);
		dup2(out, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	/* PID 1 reaps every orphan until its own child is done. */
	for (;;) {
		w = wait(&status);
		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR)
			return -1;
	}
}

int main(void)
{
	static char *const cmd[] = { "/bin/sh", "/cmd", NULL };
	static char *const shell[] = { "/bin/sh", "-l", NULL };
	int interactive = access("/interactive", F_OK) == 0;
	int out, status_fd, in, status, code;
	char line[64];

	mount_fs("proc", "/proc", "proc");
	mount_fs("sysfs", "/sys", "sysfs");
	mount_fs("devtmpfs", "/dev", "devtmpfs");
	mount_fs("tmpfs", "/tmp", "tmpfs");
	mount_fs("tmpfs", "/run", "tmpfs");
	mount_fs("debugfs", "/sys/kernel/debug", "debugfs");
	mount_fs("securityfs", "/sys/kernel/security", "securityfs");

	out = interactive ? open("/dev/console", O_RDWR) : open_serial("/dev/ttyS1");
	status_fd = open_serial("/dev/ttyS2");
	if (out < 0 || status_fd < 0) {
		say("cannot open the serial ports\n");
		poweroff();
	}
	out_fd = out;

	/* Report hung tasks within the test's lifetime, not after 2 minutes. */
	write_file("/proc/sys/kernel/hung_task_timeout_secs", "20");
	if (!interactive)
		write_file("/proc/sys/kernel/printk", "7");
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("TERM", interactive ? "linux" : "dumb", 1);
	chdir("/root");

	if (load_module() < 0) {
		code = 125;
		goto out;
	}

	in = interactive ? out : open("/dev/null", O_RDONLY);
	status = run(cmd, in, out, interactive);
	code = status < 0 ? 126 : WIFEXITED(status) ? WEXITSTATUS(status) :
	       128 + WTERMSIG(status);
	if (interactive) {
		dprintf(out, "\nsystrace VM: the module is loaded. Exit the shell to power off.\n");
		run(shell, out, out, 1);
	}

out:
	snprintf(line, sizeof(line), "systrace-vm-status %d\n", code);
	if (write(status_fd, line, strlen(line)) < 0)
		say("write status: %s\n", strerror(errno));
	/* Without tcdrain the last bytes die in the UART when we power off. */
	tcdrain(out);
	tcdrain(status_fd);
	poweroff();
	return 0;
}
