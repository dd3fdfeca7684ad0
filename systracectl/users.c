// SPDX-License-Identifier: GPL-2.0
/*
 * systracectl sync-users: give the module the password database.
 *
 * $HOME and $USER in a policy are the home directory and name of the
 * password entry of the process's uid, as systrace took them, never its
 * environment (which the process chooses). The kernel has no password
 * database, so root sends it the table (SYSTRACE_CMD_SET_USERS): every
 * entry getpwent() gives, so that NSS users (LDAP, sssd) count as in
 * getpwuid(). The first entry of a uid wins, as getpwuid() finds it; a
 * home that is not an absolute path is left out ($HOME unknown for that
 * user: rules naming it deny). The kernel replaces its table whole.
 *
 * load, load-dir and run send it too when run as root (st_users_sync_auto()),
 * and systrace-users-sync.path sends it again when /etc/passwd changes.
 */
#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/systrace.h>

#include "nl.h"
#include "systracectl.h"

struct user {
	unsigned int uid;
	size_t seq;		/* getpwent() order: the first of a uid wins */
	char *name;
	char *home;		/* NULL: none (not an absolute path) */
};

static int user_cmp(const void *a, const void *b)
{
	const struct user *x = a, *y = b;

	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void users_free(struct user *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(u[i].name);
		free(u[i].home);
	}
	free(u);
}

/* The password database, sorted by uid, one entry per uid; -errno. */
static int users_read(struct user **out, size_t *count)
{
	struct user *u = NULL, *tmp;
	size_t n = 0, cap = 0, i, j;
	struct passwd *pw;

	setpwent();
	while ((pw = getpwent())) {
		size_t nlen = strlen(pw->pw_name);
		size_t hlen = pw->pw_dir ? strlen(pw->pw_dir) : 0;
		int home = hlen && pw->pw_dir[0] == '/' &&
			   hlen < SYSTRACE_HOME_MAX;

		/* The kernel refuses these names: no $USER, no $HOME. */
		if (!nlen || nlen >= SYSTRACE_USER_NAME_MAX)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			tmp = realloc(u, cap * sizeof(*u));
			if (!tmp)
				goto nomem;
			u = tmp;
		}
		u[n].uid = pw->pw_uid;
		u[n].seq = n;
		u[n].name = strdup(pw->pw_name);
		u[n].home = home ? strdup(pw->pw_dir) : NULL;
		n++;
		if (!u[n - 1].name || (home && !u[n - 1].home))
			goto nomem;
	}
	/*
	 * A source that failed half-way (LDAP down) leaves its users out:
	 * their $HOME and $USER are unknown, and rules naming them deny.
	 */
	endpwent();
	qsort(u, n, sizeof(*u), user_cmp);
	for (i = j = 0; i < n; i++) {
		if (j && u[j - 1].uid == u[i].uid) {
			free(u[i].name);
			free(u[i].home);
			continue;
		}
		u[j++] = u[i];
	}
	*out = u;
	*count = j;
	return 0;
nomem:
	endpwent();
	users_free(u, n);
	return -ENOMEM;
}

int st_users_sync(struct st_nl *nl, size_t *count)
{
	struct user *u;
	struct nl_msg *msg;
	size_t n, i, size = 0;
	int ret, buf;

	ret = users_read(&u, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		size += nla_total_size(0) + nla_total_size(sizeof(uint32_t)) +
			nla_total_size(strlen(u[i].name) + 1) +
			(u[i].home ? nla_total_size(strlen(u[i].home) + 1) : 0);
	/*
	 * One message: the kernel swaps tables whole. A large database
	 * outgrows the default send buffer; root may force a larger one.
	 */
	buf = size + 65536 > (size_t)(1 << 30) ? 1 << 30 : (int)(size + 65536);
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_SNDBUFFORCE,
		       &buf, sizeof(buf)))
		setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_SNDBUF,
			   &buf, sizeof(buf));
	msg = st_nl_msg_sized(nl, SYSTRACE_CMD_SET_USERS, 0, size);
	if (!msg) {
		users_free(u, n);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct nlattr *e = nla_nest_start(msg, SYSTRACE_A_USER);

		if (!e || nla_put_u32(msg, SYSTRACE_A_UID, u[i].uid) ||
		    nla_put_string(msg, SYSTRACE_A_USER_NAME, u[i].name) ||
		    (u[i].home &&
		     nla_put_string(msg, SYSTRACE_A_HOME, u[i].home))) {
			nlmsg_free(msg);
			users_free(u, n);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, e);
	}
	users_free(u, n);
	if (count)
		*count = n;
	return st_nl_call(nl, msg, NULL, NULL);
}

void st_users_sync_auto(void)
{
	struct st_nl nl;
	int ret;

	if (geteuid())
		return;
	/* No module: the command itself says so. */
	if (st_nl_open(&nl))
		return;
	ret = st_users_sync(&nl, NULL);
	/*
	 * EPERM: root without CAP_SYS_ADMIN in the initial user namespace,
	 * or a confined root; the table is not theirs to set, and the
	 * command may still be.
	 */
	if (ret && ret != -EPERM)
		fprintf(stderr, "systracectl: warning: the user table ($HOME, $USER) is not updated: %s\n",
			st_kerr(&nl, ret));
	st_nl_close(&nl);
}

static const char usage_text[] =
	"usage: systracectl sync-users [-v]\n"
	"Send the password database (uid, name, home) to the module: $HOME and\n"
	"$USER of a policy are those of the process's uid. Needs root.\n"
	"  -v  say how many users were sent\n";

int users_main(int argc, char *argv[])
{
	struct st_nl nl;
	size_t n = 0;
	int verbose = 0, ret, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return ST_EXIT_OK;
		}
		if (strcmp(argv[i], "-v"))
			return st_bad_usage(usage_text);
		verbose = 1;
	}
	ret = st_open_or_explain(&nl);
	if (ret)
		return ret;
	ret = st_users_sync(&nl, &n);
	if (ret) {
		fprintf(stderr, "systracectl: sync-users: %s\n",
			st_kerr(&nl, ret));
		st_nl_close(&nl);
		return ST_EXIT_FAIL;
	}
	st_nl_close(&nl);
	if (verbose)
		printf("%zu users\n", n);
	return ST_EXIT_OK;
}
