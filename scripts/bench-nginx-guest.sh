#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the VM (scripts/bench-nginx): nginx from Debian's package serving a
# static file, unconfined and confined by /etc/systrace/usr_sbin_nginx in
# enforce mode, driven by wrk from Debian; rounds alternate so that both
# see the same machine. Prints "rps MODE N" per round.
ROUNDS=${1:-3}
SECS=${2:-5}
N='daemon on; master_process on;'
grep -q '^www-data:' /etc/passwd || echo 'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin' >> /etc/passwd
grep -q '^www-data:' /etc/group || echo 'www-data:x:33:' >> /etc/group
mkdir -p /var/log/nginx /var/lib/nginx /var/www/html/docs /etc/nginx/sites-enabled \
	/etc/nginx/modules-enabled /etc/nginx/conf.d /run
chown 33 /var/log/nginx
ln -sf /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default
head -c 4096 /dev/urandom | base64 > /var/www/html/docs/a.txt
ip link set lo up
bench() { # MODE
	/usr/sbin/nginx -g "$N" || exit 1
	sleep 1
	wrk -t1 -c8 -d"${SECS}s" http://127.0.0.1:80/docs/a.txt > /tmp/wrk.out 2>&1
	/usr/sbin/nginx -g "$N" -s quit 2>/dev/null
	sleep 1
	r=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' /tmp/wrk.out)
	[ -n "$r" ] || { cat /tmp/wrk.out; exit 1; }
	echo "rps $1 $r"
}
i=0
while [ $i -lt "$ROUNDS" ]; do
	systracectl unload usr_sbin_nginx >/dev/null 2>&1
	bench unconfined
	systracectl load /etc/systrace/usr_sbin_nginx || exit 1
	bench confined
	i=$((i + 1))
done
systracectl list | grep '^usr_sbin_nginx:'
