// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: the user table, from which $HOME and $USER come.
 *
 * systrace took $HOME and $USER from the password entry of the monitored
 * process's uid, never from its environment: a program that chose its own
 * HOME at exec would choose what "$HOME/..." rules permit. The kernel has
 * no password database, so root gives it the table (uid -> name, home;
 * SYSTRACE_CMD_SET_USERS, sent by systracectl from getpwent() at load and
 * when /etc/passwd changes). Nothing a confined task does changes it.
 *
 * The table is one allocation: entries sorted by uid (binary search), then
 * their strings. A new table replaces the old one whole under
 * st_users_mutex and RCU: a decision sees the old table or the new one.
 * Readers hold rcu_read_lock() for as long as they use the strings.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "limits.h"
#include "systrace.h"

/* No home: the entry's @home is this. */
#define ST_USER_NO_HOME	U32_MAX

/**
 * struct st_user - one entry of the table.
 * @uid: the uid, in the initial user namespace.
 * @name: offset of the NUL-terminated name in &st_users.strs.
 * @name_len: its length.
 * @home: offset of the home directory, or ST_USER_NO_HOME.
 * @home_len: its length.
 */
struct st_user {
	u32 uid;
	u32 name;
	u32 name_len;
	u32 home;
	u32 home_len;
};

/**
 * struct st_users - a whole table; immutable once published.
 * @n: number of entries.
 * @strs: the strings, after @ent[@n].
 * @ent: the entries, sorted by uid, no uid twice.
 */
struct st_users {
	u32 n;
	char *strs;
	struct st_user ent[];
};

static struct st_users __rcu *st_users_table;
/* Serialises writers; readers use RCU. */
static DEFINE_MUTEX(st_users_mutex);

struct st_users *st_users_alloc(u32 n, u32 bytes)
{
	struct st_users *u;

	if (n > SYSTRACE_MAX_USERS || bytes > SYSTRACE_MAX_USERS_BYTES)
		return NULL;
	u = kvzalloc(struct_size(u, ent, n) + bytes, GFP_KERNEL_ACCOUNT);
	if (!u)
		return NULL;
	u->strs = (char *)&u->ent[n];
	return u;
}

void st_users_free(struct st_users *u)
{
	kvfree(u);
}

static int st_user_cmp(const void *a, const void *b)
{
	u32 x = ((const struct st_user *)a)->uid;
	u32 y = ((const struct st_user *)b)->uid;

	return x < y ? -1 : x > y;
}

/*
 * Add a user to @u, not yet published; @off is where its strings go in
 * &st_users.strs, advanced. The caller sized @u for every entry and string
 * (st_users_alloc()) and validated them.
 */
void st_users_add(struct st_users *u, u32 *off, u32 uid, const char *name,
		  const char *home)
{
	struct st_user *e = &u->ent[u->n++];

	e->uid = uid;
	e->name = *off;
	e->name_len = strlen(name);
	memcpy(u->strs + *off, name, e->name_len + 1);
	*off += e->name_len + 1;
	e->home = ST_USER_NO_HOME;
	e->home_len = 0;
	if (home) {
		e->home = *off;
		e->home_len = strlen(home);
		memcpy(u->strs + *off, home, e->home_len + 1);
		*off += e->home_len + 1;
	}
}

int st_users_set(struct st_users *u)
{
	struct st_users *old;
	u32 i;

	sort(u->ent, u->n, sizeof(u->ent[0]), st_user_cmp, NULL);
	for (i = 1; i < u->n; i++) {
		if (u->ent[i].uid == u->ent[i - 1].uid) {
			/* getpwuid() would find one of them: which? Refuse. */
			st_users_free(u);
			return -EINVAL;
		}
	}
	mutex_lock(&st_users_mutex);
	old = rcu_replace_pointer(st_users_table, u,
				  lockdep_is_held(&st_users_mutex));
	mutex_unlock(&st_users_mutex);
	/* Rare (an administrator's command): wait, rather than call_rcu. */
	synchronize_rcu();
	st_users_free(old);
	return 0;
}

bool st_users_lookup(u32 uid, const char **name, u32 *name_len,
		     const char **home, u32 *home_len)
{
	struct st_users *u = rcu_dereference(st_users_table);
	u32 lo = 0, hi;

	if (!u)
		return false;
	hi = u->n;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct st_user *e = &u->ent[mid];

		if (e->uid == uid) {
			*name = u->strs + e->name;
			*name_len = e->name_len;
			*home = e->home == ST_USER_NO_HOME ? NULL :
				u->strs + e->home;
			*home_len = e->home_len;
			return true;
		}
		if (e->uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* After the hooks drained: no reader is left. */
void st_users_exit(void)
{
	st_users_free(rcu_dereference_protected(st_users_table, 1));
	RCU_INIT_POINTER(st_users_table, NULL);
}
