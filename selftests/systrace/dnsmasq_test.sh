#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# systrace selftests: dnsmasq from Debian's package, confined by
# /etc/systrace/usr_sbin_dnsmasq (policies/) in enforce mode, in TAP.
# A local DNS server as Debian starts it (dnsmasq --test, then -x pidfile
# -u dnsmasq -7 /etc/dnsmasq.d --local-service): --address, --host-record
# and addn-hosts names answered (busybox nslookup), the privileges dropped
# to the dnsmasq user, a reload (SIGHUP) rereading the hosts file, stop,
# with no denial. Then the attacks, each denied by the policy and logged:
# --addn-hosts=/etc/shadow (made world-readable, so that only the policy
# stands in the way), --log-facility=/etc/evil.log, a --conf-script (the
# shell), and a query forwarded to an upstream --server not in the policy.
# The binary is copied into the VM image from Debian's dnsmasq-base package
# (scripts/deploy.mk).
OK_LOG=/tmp/dns.out
OK_TAG=''
. /selftests/daemons/lib.sh
# The A record of NAME from the server on 127.0.0.1, or nothing.
resolve() { # NAME
	nslookup -type=a "$1" 127.0.0.1 > /tmp/dns.out 2>&1
	sed -n '/^Name:/,$s/^Address: *//p' /tmp/dns.out
}
# UDP datagrams that reached a closed port (/proc/net/snmp).
noports() {
	awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) if ($i == "NoPorts") c = i; h = 1 }
		       else print $c }' /proc/net/snmp
}
PID=/run/dnsmasq/dnsmasq.pid
# What Debian's init script passes (dnsmasq.service runs it).
D="-x $PID -u dnsmasq -7 /etc/dnsmasq.d,.dpkg-dist,.dpkg-old,.dpkg-new --local-service"
# Its log in a file (the VM has no syslog), where the policy permits one.
LOG=/var/log/dnsmasq.log
IMAGE=usr_sbin_dnsmasq
T=20

echo "TAP version 13"
echo "1..$T"
if [ ! -x /usr/sbin/dnsmasq ]; then
	for i in $(seq 1 $T); do echo "ok $i dnsmasq # SKIP dnsmasq not in the VM image"; done
	exit 0
fi

# What Debian's postinst does: the user, the directories; a configuration.
grep -q '^dnsmasq:' /etc/passwd ||
	echo 'dnsmasq:x:101:65534:dnsmasq,,,:/var/lib/misc:/usr/sbin/nologin' >> /etc/passwd
mkdir -p /run/dnsmasq /var/lib/misc /etc/dnsmasq.d /var/log
chown 101 /run/dnsmasq
echo '10.0.0.7 files.lan' > /etc/hosts.lan
cat > /etc/dnsmasq.conf <<'EOF'
no-resolv
listen-address=127.0.0.1
bind-interfaces
address=/test.lan/10.1.2.3
host-record=h.lan,10.0.0.5
addn-hosts=/etc/hosts.lan
EOF
ip link set lo up
echo 'root:$y$j9T$notarealhash:20000:0:99999:7:::' > /etc/shadow
chmod 644 /etc/shadow

load_policy
dmesg -c >/dev/null
systracectl monitor -n $IMAGE > /tmp/dnsmasq-events 2>&1 &
mon=$!
sleep 1

# Normal use.
/usr/sbin/dnsmasq --test > /tmp/dns.out 2>&1
ok $? "dnsmasq --test (ExecStartPre)"
# shellcheck disable=SC2086
/usr/sbin/dnsmasq $D --log-facility=$LOG 2>/tmp/dnsmasq.err
ok $? "dnsmasq starts (ExecStart)"
answers() { [ "$(resolve "$1")" = "$2" ]; }
until_ok 60 answers h.lan 10.0.0.5
pid=$(cat $PID)
[ "$(awk '/^Uid:/ { print $2 }' /proc/"$pid"/status)" = 101 ]
ok $? "it runs as the dnsmasq user"
[ "$(resolve h.lan)" = 10.0.0.5 ]
ok $? "h.lan (--host-record): 10.0.0.5"
[ "$(resolve www.test.lan)" = 10.1.2.3 ]
ok $? "www.test.lan (--address): 10.1.2.3"
[ "$(resolve files.lan)" = 10.0.0.7 ]
ok $? "files.lan (addn-hosts): 10.0.0.7"
echo '10.0.0.8 more.lan' >> /etc/hosts.lan
kill -HUP "$pid" && until_ok 60 answers more.lan 10.0.0.8
ok $? "SIGHUP rereads addn-hosts: more.lan 10.0.0.8"
kill "$pid" && until_ok 60 gone "$pid"
ok $? "SIGTERM stops dnsmasq (ExecStop)"
systracectl list | grep "^$IMAGE: " | tee /tmp/dnsmasq-list | grep -q ' 0 denials, 0 unmatched'
ok $? "no denial, no unmatched call: $(cat /tmp/dnsmasq-list)"
! dmesg | grep "policy: \"$IMAGE\""
ok $? "nothing logged"

# Attacks through the configuration, each an option dnsmasq acts on.
# shellcheck disable=SC2086
/usr/sbin/dnsmasq $D --log-facility=$LOG --addn-hosts=/etc/shadow 2>/tmp/dnsmasq.err
until_ok 60 grep -q 'failed to load names from /etc/shadow' $LOG
grep -q 'failed to load names from /etc/shadow: Permission denied' $LOG
ok $? "--addn-hosts=/etc/shadow: not read"
dmesg | grep "systrace: deny user: [^,]*, prog: \"[^\"]*/dnsmasq\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: fsread([0-9]*), filename: \"/etc/shadow\", .*error: 13, line: " >> /tmp/l
ok $? "the read of /etc/shadow is denied and logged"
pid=$(cat $PID)
kill "$pid"
until_ok 60 gone "$pid"
# shellcheck disable=SC2086
! /usr/sbin/dnsmasq $D --log-facility=/etc/evil.log 2>/tmp/dnsmasq.err && [ ! -e /etc/evil.log ]
ok $? "--log-facility=/etc/evil.log: dnsmasq refuses to start, no file"
dmesg | grep "systrace: deny user: \(0\|root\), prog: \"[^\"]*/dnsmasq\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: fswrite([0-9]*), filename: \"/etc/evil.log\", .*error: 13, line: " >> /tmp/l
ok $? "the write of /etc/evil.log is denied and logged"
# shellcheck disable=SC2086
! /usr/sbin/dnsmasq $D '--conf-script=/bin/sh -c "echo address=/evil.lan/6.6.6.6"' 2>/tmp/dnsmasq.err
ok $? "--conf-script (a shell): dnsmasq refuses to start"
dmesg | grep "systrace: deny user: \(0\|root\), prog: \"[^\"]*/dnsmasq\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: execve([0-9]*), filename: \"/bin/busybox\", .*error: 13, line: " >> /tmp/l
ok $? "the exec of /bin/sh is denied and logged"
# shellcheck disable=SC2086
# The upstream's address is on lo with nothing listening on it: a query
# sent there would count as a datagram to a closed port.
# (Checked first: nslookup's own query there counts.)
ip addr add 192.0.2.53/32 dev lo
before=$(noports)
nslookup www.example.org 192.0.2.53 >/dev/null 2>&1
[ "$(noports)" -gt "$before" ]
ok $? "a query to 192.0.2.53:53 counts in NoPorts ($before, $(noports))"
/usr/sbin/dnsmasq $D --log-facility=$LOG --server=192.0.2.53 2>/tmp/dnsmasq.err
until_ok 60 answers h.lan 10.0.0.5
before=$(noports)
[ -z "$(resolve www.example.org)" ] && sleep 1 && [ "$(noports)" = "$before" ] &&
	grep -q 'using nameserver 192.0.2.53#53' $LOG
ok $? "--server=192.0.2.53: www.example.org not forwarded (NoPorts $before, $(noports))"
dmesg | grep "systrace: deny user: \(101\|dnsmasq\), prog: \"[^\"]*/dnsmasq\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: sendmsg([0-9]*), sockaddr: \"inet-\[192.0.2.53\]:53\", error: 13, line: " >> /tmp/l
ok $? "the query to 192.0.2.53 is denied and logged"
pid=$(cat $PID)
kill "$pid"
until_ok 60 gone "$pid"
ip addr del 192.0.2.53/32 dev lo
kill $mon 2>/dev/null
sed 's/^/# /' /tmp/l
unload_policy
[ $rc -eq 0 ] || { echo "# events:"; sed 's/^/# /' /tmp/dnsmasq-events | head -n 40; \
	echo "# dnsmasq:"; sed 's/^/# /' /tmp/dnsmasq.err | tail -n 20; \
	echo "# $LOG:"; sed 's/^/# /' $LOG | tail -n 30; }
exit $rc
