#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# systrace selftests: nginx from Debian's package, confined by
# /etc/systrace/usr_sbin_nginx (policies/) in enforce mode, in TAP.
# Debian's configuration and default site serve static files: start (after
# nginx -t), GET over IPv4 and IPv6, 404s, reload, log reopening (USR1) and
# quit, as systemd's nginx.service and logrotate drive it, with no denial.
# A second site (sites-enabled/app, server_name app.test) is a reverse proxy:
# location /app/ passes to a local backend on 127.0.0.1:8081 (busybox httpd,
# unconfined, with a CGI that echoes a POST); GETs and a POST through it get
# the backend's content, with no denial: the policy permits connecting to
# that upstream and nothing else.
# Then the attacks: a symlink to /etc/shadow in the document root (the file
# made world-readable, so that only the policy stands in the way) and a
# location proxying out, to another port of 127.0.0.1 and to the backend's
# port on another address; all denied by the policy and logged.
# The binary, its libraries and configuration are copied into the VM image
# from Debian's nginx and nginx-common packages (build/debs, scripts/deploy.mk).
OK_LOG=/tmp/wget.err
OK_TAG='wget: '
. /selftests/daemons/lib.sh
get() { # URL [WGET-OPTION...]: the body on stdout, wget's status
	u=$1
	shift
	wget -q -O - "$@" "$u" 2>/tmp/wget.err
}
APP='Host: app.test'

N='daemon on; master_process on;'
IMAGE=usr_sbin_nginx

echo "TAP version 13"
echo "1..23"
if [ ! -x /usr/sbin/nginx ] || [ ! -r /etc/nginx/nginx.conf ]; then
	for i in $(seq 1 23); do echo "ok $i nginx # SKIP nginx not in the VM image"; done
	exit 0
fi

# What Debian's postinst does: the user, directories, the default site.
grep -q '^www-data:' /etc/passwd || echo 'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin' >> /etc/passwd
grep -q '^www-data:' /etc/group || echo 'www-data:x:33:' >> /etc/group
mkdir -p /var/log/nginx /var/lib/nginx /var/www/html/docs /etc/nginx/sites-enabled \
	/etc/nginx/modules-enabled /etc/nginx/conf.d /run
chown 33 /var/log/nginx
ln -sf /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default
cp /usr/share/nginx/html/index.html /var/www/html/index.nginx-debian.html
echo 'hello from /var/www' > /var/www/html/docs/a.txt
ip link set lo up
echo 'root:$y$j9T$notarealhash:20000:0:99999:7:::' > /etc/shadow
chmod 644 /etc/shadow

# The reverse proxy: a backend on 127.0.0.1:8081 (not confined: not nginx),
# and the site that passes /app/ to it.
mkdir -p /tmp/backend/cgi-bin
echo 'hello from the backend' > /tmp/backend/index.html
echo 'b from the backend' > /tmp/backend/b.txt
cat > /tmp/backend/cgi-bin/echo <<'EOF'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "$REQUEST_METHOD"
head -c "$CONTENT_LENGTH"
EOF
chmod 755 /tmp/backend/cgi-bin/echo
busybox httpd -f -p 127.0.0.1:8081 -h /tmp/backend &
backend=$!
cat > /etc/nginx/sites-available/app <<'EOF'
server {
	listen 80;
	listen [::]:80;
	server_name app.test;
	location /app/ {
		proxy_pass http://127.0.0.1:8081/;
	}
}
EOF
ln -sf /etc/nginx/sites-available/app /etc/nginx/sites-enabled/app

load_policy
dmesg -c >/dev/null
systracectl monitor -n $IMAGE > /tmp/nginx-events 2>&1 &
mon=$!
sleep 1

# Normal use.
/usr/sbin/nginx -t -q -g "$N"
ok $? "nginx -t (ExecStartPre)"
/usr/sbin/nginx -g "$N"
ok $? "nginx starts (ExecStart)"
until_ok 60 get http://127.0.0.1/ >/dev/null
get http://127.0.0.1/ | grep -q 'Welcome to nginx'
ok $? "GET / over IPv4: Debian's default page"
[ "$(get http://127.0.0.1/docs/a.txt)" = 'hello from /var/www' ]
ok $? "GET /docs/a.txt"
get 'http://[::1]/docs/a.txt' | grep -q hello
ok $? "GET /docs/a.txt over IPv6"
get http://127.0.0.1/nope >/dev/null; grep -q '404' /tmp/wget.err
ok $? "GET /nope: 404"
[ "$(get http://127.0.0.1/app/ --header "$APP")" = 'hello from the backend' ]
ok $? "GET /app/ through the proxy: the backend's index"
[ "$(get http://127.0.0.1/app/b.txt --header "$APP")" = 'b from the backend' ]
ok $? "GET /app/b.txt through the proxy"
[ "$(get 'http://[::1]/app/b.txt' --header "$APP")" = 'b from the backend' ]
ok $? "GET /app/b.txt through the proxy over IPv6"
[ "$(get http://127.0.0.1/app/cgi-bin/echo --header "$APP" --post-data 'x=1&y=2')" = "$(printf 'POST\nx=1&y=2')" ]
ok $? "POST /app/cgi-bin/echo through the proxy: the backend echoes the body"
welcome() { get http://127.0.0.1/ | grep -q 'Welcome to nginx'; }
/usr/sbin/nginx -g "$N" -s reload 2>/tmp/nginx.err && until_ok 60 welcome
ok $? "nginx -s reload (ExecReload), then GET /"
kill -USR1 "$(cat /run/nginx.pid)" && until_ok 60 get http://127.0.0.1/docs/a.txt >/dev/null
ok $? "USR1 reopens the logs (logrotate), then GET"
grep -q 'GET /docs/a.txt' /var/log/nginx/access.log
ok $? "access.log written"
master=$(cat /run/nginx.pid)
/usr/sbin/nginx -g "$N" -s quit 2>/tmp/nginx.err && until_ok 60 gone "$master"
ok $? "nginx -s quit (ExecStop)"
systracectl list | grep "^$IMAGE: " | tee /tmp/nginx-list | grep -q ' 0 denials, 0 unmatched'
ok $? "no denial, no unmatched call: $(cat /tmp/nginx-list)"
! dmesg | grep "policy: \"$IMAGE\""
ok $? "nothing logged"

# Attacks.
ln -sf /etc/shadow /var/www/html/shadow
sed -i 's|^\tserver_name _;|&\n\tlocation /out/ { proxy_pass http://127.0.0.1:9/; }\n\tlocation /out2/ { proxy_pass http://192.0.2.1:8081/; }|' \
	/etc/nginx/sites-available/default
/usr/sbin/nginx -g "$N"
until_ok 60 welcome
out=$(get http://127.0.0.1/shadow)
! echo "$out" | grep -q notarealhash && grep -q 403 /tmp/wget.err
ok $? "GET /shadow (a symlink to /etc/shadow, mode 644): 403"
dmesg | grep "systrace: deny user: \(33\|www-data\), prog: \"[^\"]*/nginx\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: fsread([0-9]*), filename: \"/etc/shadow\", .*error: 13, line: " > /tmp/l
ok $? "the read of /etc/shadow is logged"
get http://127.0.0.1/out/ >/dev/null; grep -q 502 /tmp/wget.err
ok $? "GET /out/ (proxy to 127.0.0.1:9): 502"
dmesg | grep "systrace: deny user: \(33\|www-data\), prog: \"[^\"]*/nginx\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: connect([0-9]*), sockaddr: \"inet-\[127.0.0.1\]:9\", error: 13, line: " >> /tmp/l
ok $? "the connection out is denied and logged"
get http://127.0.0.1/out2/ >/dev/null; grep -q 502 /tmp/wget.err
ok $? "GET /out2/ (proxy to 192.0.2.1:8081, the upstream's port elsewhere): 502"
dmesg | grep "systrace: deny user: \(33\|www-data\), prog: \"[^\"]*/nginx\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: connect([0-9]*), sockaddr: \"inet-\[192.0.2.1\]:8081\", error: 13, line: " >> /tmp/l
ok $? "that connection is denied and logged"
master=$(cat /run/nginx.pid)
/usr/sbin/nginx -g "$N" -s quit 2>/tmp/nginx.err
until_ok 60 gone "$master"
kill $mon $backend 2>/dev/null
sed 's/^/# /' /tmp/l
rm -f /var/www/html/shadow /etc/nginx/sites-enabled/app
unload_policy
[ $rc -eq 0 ] || { echo "# events:"; sed 's/^/# /' /tmp/nginx-events | head -n 40; \
	echo "# error.log:"; sed 's/^/# /' /var/log/nginx/error.log | tail -n 20; }
exit $rc
