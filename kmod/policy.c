// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: the loaded policies.
 *
 * A loaded image lives in a slot under its name. Replacing the image of a
 * slot is one rcu_assign_pointer(): a decision dereferences the slot's image
 * once and runs only that one, so it sees the old image or the new one,
 * never a mix. Tasks hold references on slots, not on images, so that a
 * replacement reaches every task confined by the slot at once.
 *
 * Exec binding goes through the path map: a hash table from "Policy: PATH"
 * to (slot, policy index) over all attached slots, rebuilt as a whole on
 * every change and published under RCU. Its keys point into the images'
 * bytes: the map and the images it points into are both freed only after a
 * grace period that follows their unpublication.
 *
 * A user's image (~/.systrace, loaded with an owner uid) binds only its
 * owner's tasks. Global images come first in every bucket, so a lookup
 * finds a global policy for a path before any user's: a user's policy can
 * never take a path away from a global one, whatever the load order.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xattr.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "limits.h"
#include "systrace.h"

/* Serialises every change of slots, images and the path map. */
static DEFINE_MUTEX(st_policy_mutex);
/* Attached slots; protected by st_policy_mutex. */
static LIST_HEAD(st_slots);
/* Images allocated and not yet freed, for the status counters. */
static atomic64_t st_live_images = ATOMIC64_INIT(0);

/**
 * struct st_pathent - one exec path of the path map.
 * @path: the path, in the bytes of the slot's image (not NUL-terminated).
 * @len: its length.
 * @hash: jhash of the path.
 * @slot: the slot (the map holds no reference: attached slots are kept
 *	alive by the name table, and a lookup takes its own reference under
 *	RCU with kref_get_unless_zero()).
 * @index: the policy in the slot's image.
 * @owner: the slot's owner (a copy: lookups compare it first).
 * @next: next entry of the bucket, or -1.
 */
struct st_pathent {
	const u8 *path;
	u32 len;
	u32 hash;
	struct st_slot *slot;
	u32 index;
	u32 owner;
	s32 next;
};

/**
 * struct st_pathmap - exec path -> policy, immutable once published.
 * @rcu: freed after a grace period.
 * @mask: number of buckets minus one (a power of two minus one).
 * @bucket: first entry of each bucket, or -1.
 * @nents: number of entries.
 * @nowned: how many of them belong to users' images (none: an exec need
 *	not work out whose images may bind it).
 * @ents: the entries.
 */
struct st_pathmap {
	struct rcu_head rcu;
	u32 mask;
	s32 *bucket;
	u32 nents;
	u32 nowned;
	struct st_pathent ents[];
};

static struct st_pathmap __rcu *st_pathmap;

static void st_image_free(struct st_image *img)
{
	if (!img)
		return;
	kvfree(img->permit);
	kvfree(img->named);
	kvfree(img->alias_call);
	kvfree(img->call_set);
	kvfree(img->call_denials);
	kvfree(img->data);
	kfree(img->cwd);
	if (img->elevates)
		atomic_dec(&st_elev_images);
	kfree(img);
	atomic64_dec(&st_live_images);
}

static void st_image_free_rcu(struct rcu_head *rcu)
{
	st_image_free(container_of(rcu, struct st_image, rcu));
}

static void st_slot_free_rcu(struct rcu_head *rcu)
{
	struct st_slot *slot = container_of(rcu, struct st_slot, rcu);

	/* The last reference is gone: nobody can reach the image any more. */
	st_image_free(rcu_dereference_protected(slot->img, 1));
	st_agent_put(slot->agent);
	free_percpu(slot->stats);
	kfree(slot);
}

static void st_slot_release(struct kref *ref)
{
	struct st_slot *slot = container_of(ref, struct st_slot, ref);

	call_rcu(&slot->rcu, st_slot_free_rcu);
}

void st_slot_get(struct st_slot *slot)
{
	kref_get(&slot->ref);
}

void st_slot_put(struct st_slot *slot)
{
	if (slot)
		kref_put(&slot->ref, st_slot_release);
}

static void st_pathmap_free_rcu(struct rcu_head *rcu)
{
	struct st_pathmap *map = container_of(rcu, struct st_pathmap, rcu);

	kvfree(map->bucket);
	kvfree(map);
}

static const u8 *st_policy_path(const struct st_prog *p, u32 i, u32 *len)
{
	u32 s = le32_to_cpu(p->policies[i].path);

	if (s == SYSTRACE_PROG_NONE)
		return NULL;
	*len = le32_to_cpu(p->strs[s].len);
	return p->bytes + le32_to_cpu(p->strs[s].off);
}

/* Append the exec paths of @slot's image to @map. */
static void st_pathmap_add(struct st_pathmap *map, struct st_slot *slot)
{
	struct st_image *img;
	const u8 *path;
	u32 i, len;

	img = rcu_dereference_protected(slot->img,
					lockdep_is_held(&st_policy_mutex));
	for (i = 0; i < img->prog.npolicies; i++) {
		struct st_pathent *e = &map->ents[map->nents];
		s32 *b, *pp;

		path = st_policy_path(&img->prog, i, &len);
		if (!path)
			continue;
		e->path = path;
		e->len = len;
		e->hash = jhash(path, len, 0);
		e->slot = slot;
		e->index = i;
		e->owner = slot->owner;
		e->next = -1;
		b = &map->bucket[e->hash & map->mask];
		/* Append, so that lookups find the first one. */
		for (pp = b; *pp >= 0; pp = &map->ents[*pp].next)
			;
		*pp = map->nents++;
		if (slot->owner != ST_OWNER_NONE)
			map->nowned++;
	}
}

/* Build and publish the path map of the attached slots. */
static int st_pathmap_rebuild(void)
{
	struct st_pathmap *map, *old;
	struct st_image *img;
	struct st_slot *slot;
	u32 n = 0, nb;

	lockdep_assert_held(&st_policy_mutex);

	list_for_each_entry(slot, &st_slots, list) {
		img = rcu_dereference_protected(slot->img,
						lockdep_is_held(&st_policy_mutex));
		n += img->prog.npolicies;
	}
	nb = roundup_pow_of_two(max(n, 1U));

	map = kvzalloc(struct_size(map, ents, n), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map->bucket = kvmalloc_array(nb, sizeof(*map->bucket), GFP_KERNEL);
	if (!map->bucket) {
		kvfree(map);
		return -ENOMEM;
	}
	memset(map->bucket, 0xff, nb * sizeof(*map->bucket));
	map->mask = nb - 1;

	/*
	 * Global images before users' ones; among each, earlier slots win a
	 * path that several images name: the oldest.
	 */
	list_for_each_entry(slot, &st_slots, list)
		if (slot->owner == ST_OWNER_NONE)
			st_pathmap_add(map, slot);
	list_for_each_entry(slot, &st_slots, list)
		if (slot->owner != ST_OWNER_NONE)
			st_pathmap_add(map, slot);

	old = rcu_replace_pointer(st_pathmap, map,
				  lockdep_is_held(&st_policy_mutex));
	if (old)
		call_rcu(&old->rcu, st_pathmap_free_rcu);
	return 0;
}

const struct st_layer *st_policy_bound_layer(const struct st_task *t)
{
	if (t && t->nlayers && (t->layers[0].flags & ST_LAYER_BOUND))
		return &t->layers[0];
	return NULL;
}

/*
 * Whose images may bind the exec @bprm of a task confined by @t (or NULL):
 * the real uid of the exec's credentials, or ST_OWNER_NONE for global
 * images only. A user's policy is the user's to write, so it must never
 * govern a program that runs with more than the user's own rights: a
 * set-id or file-capable program, or a task whose uids or gids differ (a
 * set-id program's child). Denying such a program its setuid() or
 * setgroups() would leave it privileged where it meant to drop (the
 * sendmail capabilities bug); systrace could not trace those either. And a
 * task a global policy confines keeps it (or takes another global one): a
 * user's policy never replaces the administrator's.
 *
 * Called before anything is locked: reading the file's xattr may sleep.
 */
static u32 st_exec_owner(const struct st_task *t,
			 const struct linux_binprm *bprm)
{
	const struct cred *cred = bprm->cred;
	struct dentry *dentry = bprm->file->f_path.dentry;
	struct inode *inode = file_inode(bprm->file);

	const struct st_layer *bound = st_policy_bound_layer(t);

	if (bound && bound->slot->owner == ST_OWNER_NONE)
		return ST_OWNER_NONE;
	if (!uid_eq(cred->uid, cred->euid) || !uid_eq(cred->uid, cred->suid) ||
	    !uid_eq(cred->uid, cred->fsuid) ||
	    !gid_eq(cred->gid, cred->egid) || !gid_eq(cred->gid, cred->sgid) ||
	    !gid_eq(cred->gid, cred->fsgid))
		return ST_OWNER_NONE;
	/* Either set-id bit, even where nosuid or not group-executable. */
	if (is_sxid(inode->i_mode))
		return ST_OWNER_NONE;
	if (__vfs_getxattr(dentry, inode, XATTR_NAME_CAPS, NULL, 0) > 0)
		return ST_OWNER_NONE;
	return from_kuid(&init_user_ns, cred->uid);
}

struct st_slot *st_policy_find_exec(const char *path, const struct st_task *t,
				    const struct linux_binprm *bprm,
				    u32 *index)
{
	const struct st_pathmap *map;
	struct st_slot *found = NULL;
	u32 len = strlen(path), hash = jhash(path, len, 0);
	u32 owner = ST_OWNER_NONE;
	bool owned;
	s32 i;

	/* A load may publish a new map meanwhile: either answer is right. */
	rcu_read_lock();
	map = rcu_dereference(st_pathmap);
	owned = map && map->nowned;
	rcu_read_unlock();
	if (owned)
		owner = st_exec_owner(t, bprm);

	rcu_read_lock();
	map = rcu_dereference(st_pathmap);
	if (!map)
		goto out;
	for (i = map->bucket[hash & map->mask]; i >= 0; i = map->ents[i].next) {
		const struct st_pathent *e = &map->ents[i];

		if (e->hash != hash || e->len != len || memcmp(e->path, path, len))
			continue;
		/* Another user's: not this task's to bind. */
		if (e->owner != ST_OWNER_NONE && e->owner != owner)
			continue;
		if (kref_get_unless_zero(&e->slot->ref)) {
			found = e->slot;
			*index = e->index;
		}
		break;
	}
out:
	rcu_read_unlock();
	return found;
}

const char *st_policy_shadowed_by(struct st_slot *slot, u32 index)
{
	const struct st_pathmap *map;
	const struct st_image *img;
	const u8 *path;
	u32 len, hash;
	s32 i;

	lockdep_assert_held(&st_policy_mutex);
	map = rcu_dereference_protected(st_pathmap,
					lockdep_is_held(&st_policy_mutex));
	img = rcu_dereference_protected(slot->img,
					lockdep_is_held(&st_policy_mutex));
	path = st_policy_path(&img->prog, index, &len);
	if (!map || !path)
		return NULL;
	hash = jhash(path, len, 0);
	/* The lookup an exec by the slot's owner (or by anyone) would do. */
	for (i = map->bucket[hash & map->mask]; i >= 0; i = map->ents[i].next) {
		const struct st_pathent *e = &map->ents[i];

		if (e->hash != hash || e->len != len || memcmp(e->path, path, len))
			continue;
		if (e->owner != ST_OWNER_NONE && e->owner != slot->owner)
			continue;
		if (e->slot == slot && e->index == index)
			return NULL;
		return e->slot->name;
	}
	return NULL;
}

static struct st_slot *st_slot_lookup(const char *name)
{
	struct st_slot *slot;

	lockdep_assert_held(&st_policy_mutex);
	list_for_each_entry(slot, &st_slots, list)
		if (!strcmp(slot->name, name))
			return slot;
	return NULL;
}

struct st_slot *st_policy_find_name(const char *name)
{
	struct st_slot *slot;

	mutex_lock(&st_policy_mutex);
	slot = st_slot_lookup(name);
	if (slot)
		st_slot_get(slot);
	mutex_unlock(&st_policy_mutex);
	return slot;
}

/*
 * The indexes of a verified image. &st_image.permit: a program whose first
 * instruction returns a permit rule without flags permits the call
 * whatever its arguments. &st_image.alias_call: the aliases' programs.
 * &st_image.call_set: the programs that are one lookup set.
 */
static int st_image_index(struct st_image *img)
{
	const struct st_prog *p = &img->prog;
	u32 i, c;

	img->permit = kvcalloc(p->npolicies * 2 * ST_PERMIT_WORDS,
			       sizeof(unsigned long), GFP_KERNEL);
	img->named = kvcalloc(p->npolicies * 2 * ST_PERMIT_WORDS,
			      sizeof(unsigned long), GFP_KERNEL);
	img->alias_call = kvmalloc_array(p->npolicies * __SYSTRACE_ALIAS_LAST,
					 sizeof(u32), GFP_KERNEL);
	img->call_set = kvmalloc_array(max(p->ncalls, 1U), sizeof(u32),
				       GFP_KERNEL);
	if (!img->permit || !img->named || !img->alias_call || !img->call_set)
		return -ENOMEM;
	for (c = 0; c < p->ncalls; c++)
		img->call_set[c] = st_prog_call_set(p, c);
	/*
	 * The kinds of call its rules elevate (the verifier allowed ``as``
	 * only where elevate.c confirms it): the syscall filter looks at the
	 * others as before, at no cost.
	 */
	for (c = 0; c < p->ncalls; c++) {
		u32 r = le32_to_cpu(p->calls[c].rule);
		u32 end = r + le32_to_cpu(p->calls[c].nrules);

		for (; r < end; r++)
			if (p->rules[r].flags & ST_ELEV_IDS)
				img->elevates |= BIT(st_elev_key_kind(le32_to_cpu(p->calls[c].key)));
	}
	if (img->elevates)
		atomic_inc(&st_elev_images);
	/* Without aliases (policyc -u), the alias keys find no program. */
	for (i = 0; i < p->npolicies; i++)
		for (c = 0; c < __SYSTRACE_ALIAS_LAST; c++)
			img->alias_call[i * __SYSTRACE_ALIAS_LAST + c] =
				st_image_noalias(img, i) ? SYSTRACE_PROG_NONE :
				st_prog_find_call(p, i, SYSTRACE_CALL_KEY(SYSTRACE_NS_ALIAS, c));
	for (i = 0; i < p->npolicies; i++) {
		u32 first = le32_to_cpu(p->policies[i].call);
		u32 end = first + le32_to_cpu(p->policies[i].ncalls);

		for (c = first; c < end; c++) {
			const struct systrace_prog_call *call = &p->calls[c];
			u32 key = le32_to_cpu(call->key);
			u32 ns = SYSTRACE_CALL_NS(key);
			u32 nr = SYSTRACE_CALL_NR(key);
			u32 rfirst = le32_to_cpu(call->rule);
			const struct systrace_insn *in;
			const struct systrace_prog_rule *r;
			u32 k;

			if (ns > SYSTRACE_NS_IA32 || nr >= ST_SYSCALL_NR_MAX)
				continue;
			__set_bit(nr, img->named + (i * 2 + ns) *
				      ST_PERMIT_WORDS);
			if (!le32_to_cpu(call->ninsns))
				continue;
			in = &p->insns[le32_to_cpu(call->insn)];
			k = le32_to_cpu(in->k);
			if (in->code != SYSTRACE_OP_RET || k < rfirst ||
			    k >= rfirst + le32_to_cpu(call->nrules))
				continue;
			r = &p->rules[k];
			if (r->action == SYSTRACE_ACT_PERMIT && !r->flags)
				__set_bit(nr, st_image_permit_map(img, i, ns));
		}
	}
	return 0;
}

/* Attached images of @owner. */
static u32 st_policy_owned(u32 owner)
{
	struct st_slot *slot;
	u32 n = 0;

	lockdep_assert_held(&st_policy_mutex);
	list_for_each_entry(slot, &st_slots, list)
		n += slot->owner == owner;
	return n;
}

/**
 * st_slot_log_init - the kernel log's rate limits of a new image.
 * @slot: the image's slot.
 *
 * Each bucket logs %ST_LOG_BURST lines per %ST_LOG_INTERVAL; the lines it
 * drops are counted and said in its next line (RATELIMIT_MSG_ON_RELEASE
 * keeps the ratelimit code from printing its own message, which would not
 * name the image). The events multicast is not limited (listeners pace
 * themselves).
 */
static void st_slot_log_init(struct st_slot *slot)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(slot->log_rs); i++) {
		ratelimit_state_init(&slot->log_rs[i], ST_LOG_INTERVAL,
				     ST_LOG_BURST);
		ratelimit_set_flags(&slot->log_rs[i], RATELIMIT_MSG_ON_RELEASE);
	}
}

/*
 * Verify the bytes of @img (to be attached with @o) and build what
 * decisions read of them: the macros and arguments its rules use, its
 * indexes, its counters. 0, or -errno with a message in @extack; nothing
 * is attached yet, and st_image_free() undoes it all.
 */
static int st_image_prepare(struct st_image *img,
			    const struct st_load_opts *o,
			    struct netlink_ext_ack *extack)
{
	const char *why = NULL;
	u32 i;
	int ret;

	ret = st_prog_verify(&img->prog, img->data, img->len, &why);
	if (ret) {
		/* The verifier's reasons are string literals. */
		extack->_msg = why ? why : "invalid bytecode";
		return ret;
	}
	if (!img->prog.npolicies) {
		NL_SET_ERR_MSG(extack, "image has no policy");
			return -EINVAL;
	}
	for (i = 0; i < img->prog.ntparts; i++)
		if (le32_to_cpu(img->prog.tparts[i].kind) == SYSTRACE_TPART_MACRO)
			img->macros |= BIT(le32_to_cpu(img->prog.tparts[i].val));
	for (i = 0; i < img->prog.ninsns; i++) {
		u8 arg = img->prog.insns[i].arg;

		if (img->prog.insns[i].code == SYSTRACE_OP_RET ||
		    img->prog.insns[i].code == SYSTRACE_OP_NOMATCH)
			continue;
		img->args |= arg < 64 ? BIT_ULL(arg) : ~0ULL;
	}
	if ((img->args & ST_ARGS_CRED) &&
	    !(img->args & BIT_ULL(SYSTRACE_ARG_CRED_MIXED))) {
		/*
		 * ", if user|group" compiled before "mixed ids" (uapi
		 * systrace_prog.h): it would compare the real id alone.
		 */
		NL_SET_ERR_MSG(extack,
			       "image tests the caller's ids without the mixed-ids test: recompile it with this policyc");
			return -EINVAL;
	}
	ret = st_image_index(img);
	if (ret)
		return ret;
	/*
	 * Privilege elevation is the administrator's: only a global image
	 * (loaded with CAP_SYS_ADMIN by a process outside any policy, which
	 * netlink.c checked) may name another identity.
	 */
	if (img->elevates && o->owner != ST_OWNER_NONE) {
		NL_SET_ERR_MSG(extack,
			       "a user's image may not elevate (as user:group): only a global image loaded by root outside any policy");
			return -EPERM;
	}
	img->call_denials = kvcalloc(max(img->prog.ncalls, 1U),
				     sizeof(*img->call_denials), GFP_KERNEL);
	if (!img->call_denials)
		return -ENOMEM;
	return 0;
}

int st_policy_attach(const char *name, const struct st_load_opts *o,
		     u8 *data, u32 len, struct netlink_ext_ack *extack)
{
	struct st_slot *slot, *new_slot = NULL;
	struct st_agent *agent = NULL;
	struct st_image *img, *old;
	int ret;

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img) {
		kvfree(data);
		return -ENOMEM;
	}
	atomic64_inc(&st_live_images);
	img->data = data;
	img->len = len;
	/* $CWD of the layers it binds: the loader's (we run in its send). */
	img->cwd = st_who_cwd_dup();

	/* Verify everything before anything is attached. */
	ret = st_image_prepare(img, o, extack);
	if (ret)
		goto err_img;

	if (o->agent) {
		agent = st_agent_new(o->net, o->portid, o->sk);
		if (!agent) {
			ret = -ENOMEM;
			goto err_img;
		}
	}

	mutex_lock(&st_policy_mutex);
	slot = st_slot_lookup(name);
	if (!slot && o->owner != ST_OWNER_NONE &&
	    st_policy_owned(o->owner) >= ST_USER_MAX_IMAGES) {
		NL_SET_ERR_MSG(extack, "the owner has as many images as a user may load");
		ret = -EDQUOT;
		goto err_unlock;
	}
	if (!slot) {
		new_slot = kzalloc(sizeof(*new_slot), GFP_KERNEL);
		if (new_slot)
			new_slot->stats = alloc_percpu(struct st_slot_stats);
		if (!new_slot || !new_slot->stats) {
			kfree(new_slot);
			ret = -ENOMEM;
			goto err_unlock;
		}
		strscpy(new_slot->name, name, sizeof(new_slot->name));
		new_slot->owner = o->owner;
		st_slot_log_init(new_slot);
		kref_init(&new_slot->ref);	/* the name table's */
		new_slot->attached = true;
		slot = new_slot;
	} else if (slot->owner != o->owner) {
		/* The netlink layer ties names to owners: cannot happen. */
		NL_SET_ERR_MSG(extack, "an image of that name has another owner");
		ret = -EINVAL;
		goto err_unlock;
	}
	old = rcu_replace_pointer(slot->img, img,
				  lockdep_is_held(&st_policy_mutex));
	WRITE_ONCE(slot->mode, o->mode);
	WRITE_ONCE(slot->timeout, o->timeout);
	/* The agent of a replaced image is the new loader's choice. */
	st_ask_set_agent(slot, agent);
	agent = NULL;
	if (new_slot)
		list_add_tail(&new_slot->list, &st_slots);

	ret = st_pathmap_rebuild();
	if (ret) {
		/* Put everything back as it was. */
		rcu_assign_pointer(slot->img, old);
		if (new_slot)
			list_del(&new_slot->list);
		mutex_unlock(&st_policy_mutex);
		synchronize_rcu();
		if (new_slot) {
			st_agent_put(new_slot->agent);
			free_percpu(new_slot->stats);
		}
		kfree(new_slot);
		goto err_img;
	}
	mutex_unlock(&st_policy_mutex);

	if (old)
		call_rcu(&old->rcu, st_image_free_rcu);
	pr_info("%s %s: %u policies, %u calls, %u rules, mode %u\n",
		old ? "replaced" : "loaded", name, img->prog.npolicies,
		img->prog.ncalls, img->prog.nrules, o->mode);
	return 0;

err_unlock:
	mutex_unlock(&st_policy_mutex);
err_img:
	st_agent_put(agent);
	st_image_free(img);
	return ret;
}

struct st_slot *st_policy_detach(const char *name,
				 struct netlink_ext_ack *extack)
{
	struct st_slot *slot;
	int ret;

	mutex_lock(&st_policy_mutex);
	slot = st_slot_lookup(name);
	if (!slot) {
		mutex_unlock(&st_policy_mutex);
		NL_SET_ERR_MSG(extack, "no image of that name is loaded");
		return ERR_PTR(-ENOENT);
	}
	list_del(&slot->list);
	ret = st_pathmap_rebuild();
	if (ret) {
		list_add(&slot->list, &st_slots);
		mutex_unlock(&st_policy_mutex);
		return ERR_PTR(ret);
	}
	slot->attached = false;
	mutex_unlock(&st_policy_mutex);
	return slot;
}

void st_policy_detached(struct st_slot *slot, const char *name, u32 users)
{
	pr_info("unloaded %s: %u processes stay confined by it\n", name,
		users);
	st_slot_put(slot);
}

void st_slot_stats_read(const struct st_slot *slot, struct st_slot_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct st_slot_stats *s = per_cpu_ptr(slot->stats, cpu);

		sum->decisions += READ_ONCE(s->decisions);
		sum->denials += READ_ONCE(s->denials);
		sum->unmatched += READ_ONCE(s->unmatched);
	}
}

u64 st_policy_live_images(void)
{
	return atomic64_read(&st_live_images);
}

/**
 * st_policy_for_each - call @fn on each attached slot, in load order.
 * @fn: called under st_policy_mutex; a non-zero return stops the walk.
 * @skip: number of slots to skip first (for dumps that resume).
 * @arg: passed to @fn.
 *
 * Return: the index after the last slot @fn accepted.
 */
u32 st_policy_for_each(int (*fn)(struct st_slot *slot, void *arg),
		       u32 skip, void *arg)
{
	struct st_slot *slot;
	u32 i = 0;

	mutex_lock(&st_policy_mutex);
	list_for_each_entry(slot, &st_slots, list) {
		if (i >= skip && fn(slot, arg))
			break;
		i++;
	}
	mutex_unlock(&st_policy_mutex);
	return i;
}

int __init st_policy_init(void)
{
	int ret;

	mutex_lock(&st_policy_mutex);
	ret = st_pathmap_rebuild();
	mutex_unlock(&st_policy_mutex);
	return ret;
}

void st_policy_exit(void)
{
	struct st_slot *slot, *tmp;
	struct st_pathmap *map;

	mutex_lock(&st_policy_mutex);
	list_for_each_entry_safe(slot, tmp, &st_slots, list) {
		list_del(&slot->list);
		slot->attached = false;
		st_slot_put(slot);
	}
	map = rcu_replace_pointer(st_pathmap, NULL,
				  lockdep_is_held(&st_policy_mutex));
	mutex_unlock(&st_policy_mutex);
	if (map)
		call_rcu(&map->rcu, st_pathmap_free_rcu);
	/* Every call_rcu() above must have run before the module text goes. */
	rcu_barrier();
	WARN_ON(atomic64_read(&st_live_images));
}
