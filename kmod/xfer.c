// SPDX-License-Identifier: GPL-2.0
/*
 * systrace: chunked load transfers.
 *
 * A 100,000-rule image is megabytes; a netlink message is not. LOAD_BEGIN
 * reserves the whole image (bounded by SYSTRACE_MAX_PROG_LEN), LOAD_DATA
 * fills it strictly in order, LOAD_COMMIT hands it to the verifier and
 * attaches it. A transfer belongs to the socket that began it: only that
 * socket may continue it, and it is freed when the socket goes
 * (st_xfer_release() from the NETLINK_URELEASE notifier). Any error ends
 * the transfer: the tool starts again, nothing half-loaded survives.
 */

#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "limits.h"
#include "systrace.h"

/* Transfers in progress at once, module-wide. */
#define ST_MAX_XFERS	16

/**
 * struct st_xfer - one load in progress.
 * @list: entry in st_xfers; protected by st_xfer_mutex.
 * @net: the network namespace of the owning socket (not a reference: the
 *	socket's release, which frees the transfer, comes first).
 * @portid: the owning socket.
 * @id: the transfer id given to user space.
 * @opts: how to attach the image.
 * @size: the image size announced.
 * @filled: bytes received so far.
 * @data: the image buffer (kvmalloc, @size bytes).
 * @name: the image name.
 */
struct st_xfer {
	struct list_head list;
	struct net *net;
	u32 portid;
	u32 id;
	struct st_load_opts opts;
	u32 size;
	u32 filled;
	u8 *data;
	char name[SYSTRACE_NAME_MAX];
};

static DEFINE_MUTEX(st_xfer_mutex);
static LIST_HEAD(st_xfers);
static u32 st_xfer_next_id;
static u32 st_xfer_n;

static void st_xfer_free(struct st_xfer *x)
{
	lockdep_assert_held(&st_xfer_mutex);
	list_del(&x->list);
	st_xfer_n--;
	kvfree(x->data);
	kfree(x);
}

static struct st_xfer *st_xfer_find(struct net *net, u32 portid, u32 id)
{
	struct st_xfer *x;

	lockdep_assert_held(&st_xfer_mutex);
	list_for_each_entry(x, &st_xfers, list)
		if (x->id == id && x->portid == portid && net_eq(x->net, net))
			return x;
	return NULL;
}

/*
 * Transfers of images owned by @owner; with %ST_OWNER_NONE, of all users'
 * images.
 */
static u32 st_xfer_owned(u32 owner)
{
	struct st_xfer *x;
	u32 n = 0;

	lockdep_assert_held(&st_xfer_mutex);
	list_for_each_entry(x, &st_xfers, list)
		if (x->opts.owner != ST_OWNER_NONE &&
		    (owner == ST_OWNER_NONE || x->opts.owner == owner))
			n++;
	return n;
}

int st_xfer_begin(const char *name, const struct st_load_opts *o, u32 size,
		  u32 *id, struct netlink_ext_ack *extack)
{
	struct st_xfer *x;
	int ret = 0;

	x = kzalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return -ENOMEM;
	x->data = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!x->data) {
		kfree(x);
		return -ENOMEM;
	}
	x->net = o->net;
	x->portid = o->portid;
	x->opts = *o;
	x->size = size;
	strscpy(x->name, name, sizeof(x->name));

	mutex_lock(&st_xfer_mutex);
	if (st_xfer_n >= ST_MAX_XFERS) {
		NL_SET_ERR_MSG(extack, "too many loads in progress");
		ret = -EBUSY;
	} else if (o->owner != ST_OWNER_NONE &&
		   (st_xfer_owned(o->owner) >= ST_USER_MAX_XFERS ||
		    st_xfer_owned(ST_OWNER_NONE) >= ST_MAX_XFERS / 2)) {
		/* Users never take the places root's loads need. */
		NL_SET_ERR_MSG(extack, "too many loads of users' images in progress");
		ret = -EBUSY;
	} else {
		x->id = ++st_xfer_next_id;
		*id = x->id;
		list_add(&x->list, &st_xfers);
		st_xfer_n++;
	}
	mutex_unlock(&st_xfer_mutex);
	if (ret) {
		kvfree(x->data);
		kfree(x);
	}
	return ret;
}

int st_xfer_data(struct net *net, u32 portid, u32 id, u32 off,
		 const void *data, u32 len, struct netlink_ext_ack *extack)
{
	struct st_xfer *x;
	int ret = 0;

	mutex_lock(&st_xfer_mutex);
	x = st_xfer_find(net, portid, id);
	if (!x) {
		NL_SET_ERR_MSG(extack, "no such load transfer on this socket");
		ret = -ENOENT;
	} else if (off != x->filled) {
		NL_SET_ERR_MSG(extack, "load data out of order");
		ret = -EINVAL;
	} else if (len > x->size - x->filled) {
		NL_SET_ERR_MSG(extack, "load data past the announced size");
		ret = -EINVAL;
	} else {
		memcpy(x->data + off, data, len);
		x->filled += len;
	}
	if (ret && x)
		st_xfer_free(x);
	mutex_unlock(&st_xfer_mutex);
	return ret;
}

int st_xfer_commit(struct net *net, u32 portid, u32 id,
		   struct netlink_ext_ack *extack)
{
	char name[SYSTRACE_NAME_MAX];
	struct st_load_opts opts;
	struct st_xfer *x;
	u32 size;
	u8 *data;

	mutex_lock(&st_xfer_mutex);
	x = st_xfer_find(net, portid, id);
	if (!x) {
		mutex_unlock(&st_xfer_mutex);
		NL_SET_ERR_MSG(extack, "no such load transfer on this socket");
		return -ENOENT;
	}
	if (x->filled != x->size) {
		st_xfer_free(x);
		mutex_unlock(&st_xfer_mutex);
		NL_SET_ERR_MSG(extack, "load committed before all data arrived");
		return -EINVAL;
	}
	/* Take the buffer out of the transfer; attach consumes it. */
	data = x->data;
	x->data = NULL;
	size = x->size;
	opts = x->opts;
	strscpy(name, x->name, sizeof(name));
	st_xfer_free(x);
	mutex_unlock(&st_xfer_mutex);

	return st_policy_attach(name, &opts, data, size, extack);
}

void st_xfer_release(struct net *net, u32 portid)
{
	struct st_xfer *x, *tmp;

	mutex_lock(&st_xfer_mutex);
	list_for_each_entry_safe(x, tmp, &st_xfers, list)
		if (x->portid == portid && net_eq(x->net, net))
			st_xfer_free(x);
	mutex_unlock(&st_xfer_mutex);
}

u64 st_xfer_count(void)
{
	return READ_ONCE(st_xfer_n);
}

void st_xfer_exit(void)
{
	struct st_xfer *x, *tmp;

	mutex_lock(&st_xfer_mutex);
	list_for_each_entry_safe(x, tmp, &st_xfers, list)
		st_xfer_free(x);
	mutex_unlock(&st_xfer_mutex);
}
