// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: what the hooks of hook_net.c, hook_path.c, hook_task.c,
 * hook_mm.c and hook_misc.c share to build their struct st_call.
 *
 * Keys follow hook_file.c: the call as systrace named it in the task's ABI
 * ("unlink"), then the system call actually made when it is another one of
 * the same call ("unlinkat"), for a policy that names that one, then the
 * alias where systrace had one (fswrite). A key whose rules do not decide
 * hands the call to the next (decide.c): the call's own rules first.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/linkage.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <asm/syscall.h>

#include "hook_call.h"

enum st_origin st_call_init(struct st_call *c, const struct st_callspec *spec,
			    long *nr)
{
	u8 ns = in_ia32_syscall() ? SYSTRACE_NS_IA32 : SYSTRACE_NS_X86_64;
	u16 call = ns == SYSTRACE_NS_IA32 ? spec->nr32 : spec->nr64;
	enum st_origin origin = ST_ORIGIN_OTHER;
	unsigned int i;

	c->nkeys = 0;
	c->keys[c->nkeys++] = SYSTRACE_CALL_KEY(ns, call);
	c->name = spec->name;

	/*
	 * A kernel thread has no system call; an io_uring worker's registers
	 * are those it was created with, not the request's.
	 */
	*nr = -1;
	if (current->flags & (PF_KTHREAD | PF_IO_WORKER)) {
		origin = ST_ORIGIN_NONE;
		goto alias;
	}
	*nr = syscall_get_nr(current, current_pt_regs());
	if (*nr < 0) {
		origin = ST_ORIGIN_NONE;
		goto alias;
	}
	for (i = 0; i < spec->ncovers; i++) {
		if (spec->covers[i].ns == ns && spec->covers[i].nr == *nr) {
			origin = ST_ORIGIN_OWN;
			break;
		}
	}
	if (origin == ST_ORIGIN_OWN && *nr != call && !spec->no_own_key)
		c->keys[c->nkeys++] = SYSTRACE_CALL_KEY(ns, *nr);
alias:
	if (spec->alias != SYSTRACE_ALIAS_NONE)
		c->keys[c->nkeys++] = SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS,
							spec->alias);
	return origin;
}

bool st_call_is(long nr, u16 nr64, u16 nr32)
{
	return nr >= 0 && nr == (in_ia32_syscall() ? nr32 : nr64);
}

char *st_call_path(const struct path *dir, const struct dentry *dentry,
		   char *buf, int size, u32 *len)
{
	/* The caller holds the parent's i_rwsem: the name is stable. */
	const struct qstr *name = &dentry->d_name;
	char *p = st_call_abspath(dir, buf, size);
	size_t n;

	if (IS_ERR(p))
		return p;
	/* The path is at the end of @buf; the name goes after it. */
	n = strlen(p);
	memmove(buf, p, n + 1);
	if (n + 1 + name->len + 1 > size)
		return ERR_PTR(-ENAMETOOLONG);
	if (n != 1 || buf[0] != '/')
		buf[n++] = '/';
	memcpy(buf + n, name->name, name->len);
	n += name->len;
	buf[n] = '\0';
	*len = n;
	return buf;
}

void st_call_arg(struct st_call *c, u8 arg, u8 idx, const char *str)
{
	if (WARN_ON_ONCE(c->nargs >= ST_CALL_MAX_ARGS))
		return;
	c->args[c->nargs++] = (struct st_prog_arg){
		.arg = arg, .idx = idx, .str = str, .len = strlen(str),
	};
}

bool st_call_has_key(const struct st_task *t, u32 key)
{
	const struct st_image *img;
	bool ret = false;
	u32 i;

	rcu_read_lock();
	for (i = 0; i < t->nlayers && !ret; i++) {
		const struct st_layer *l = &t->layers[i];

		img = rcu_dereference(l->slot->img);
		if (!img || l->index >= img->prog.npolicies)
			continue;
		/*
		 * A learning layer will have the alias's rules once it is
		 * enforced (the first decision is learned under the alias):
		 * it learns every decision the enforce run will make.
		 */
		ret = st_image_find_call(img, l->index, key) !=
		      SYSTRACE_PROG_NONE ||
		      (l->mode == SYSTRACE_MODE_LEARN &&
		       !(l->flags & ST_LAYER_FOREIGN) &&
		       SYSTRACE_CALL_NS(key) == SYSTRACE_NS_ALIAS &&
		       !st_image_noalias(img, l->index));
	}
	rcu_read_unlock();
	return ret;
}
