/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSTRACE_NETLINK_H
#define _SYSTRACE_NETLINK_H

int st_genl_init(void);
void st_genl_uninit(void);

#endif /* _SYSTRACE_NETLINK_H */
