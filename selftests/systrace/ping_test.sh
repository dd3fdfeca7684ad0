#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# systrace selftests: the admin guide's worked example (Documentation/
# admin-guide.rst, "Privilege elevation"), on Debian's real ping
# (iputils-ping, copied into the VM image by scripts/deploy.mk), in TAP.
# Debian's postinst gives /usr/bin/ping cap_net_raw (or the set-uid bit);
# here it has neither (the set-uid bit is taken off below; the VM image is
# a cpio archive, which carries no file capabilities). As uid 1000, ping
# fails without a policy (no raw socket, and net.ipv4.ping_group_range is
# the kernel's "1 0": no ICMP datagram socket either) and works under the
# guide's policy, its raw socket created elevated (logged as such). The
# commands between "guide:" lines are the guide's, word for word.
T=6
n=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; sed 's/^/#   /' /tmp/ping.out; fi
}
echo "TAP version 13"
echo "1..$T"
if [ ! -x /usr/bin/ping ]; then
	for i in $(seq 1 $T); do echo "ok $i ping # SKIP Debian's ping not in the VM image"; done
	exit 0
fi
# The tests after this one (user_test) need uid 1000 free: put back
# /etc/passwd and /etc/group, and take the policy away, however it ends.
cp /etc/passwd /tmp/ping.passwd && cp /etc/group /tmp/ping.group
trap 'cp /tmp/ping.passwd /etc/passwd; cp /tmp/ping.group /etc/group;
	systracectl unload usr_bin_ping > /dev/null 2>&1;
	rm -f /etc/systrace/usr_bin_ping' EXIT
grep -q '^alice:' /etc/passwd || echo 'alice:x:1000:1000:alice:/tmp:/bin/sh' >> /etc/passwd
grep -q '^alice:' /etc/group || echo 'alice:x:1000:' >> /etc/group
ip link set lo up
mkdir -p /etc/systrace
export PATH=/usr/bin:$PATH

chmod u-s /usr/bin/ping
[ ! -u /usr/bin/ping ] && [ "$(id -u alice)" = 1000 ]
ok $? "ping has no set-uid bit; alice is uid 1000"
# guide: without the privilege
su alice -s /bin/sh -c '/usr/bin/ping -c1 127.0.0.1' > /tmp/ping.out 2>&1
[ $? -ne 0 ]
ok $? "without a policy, alice's ping fails"
sed 's/^/# without: /' /tmp/ping.out
# guide: learn, then the elevating rules first
systracectl run -A -o /tmp/ping.learned -- /usr/bin/ping -c1 127.0.0.1 > /tmp/ping.out 2>&1
ok $? "ping learned as root"
{
  echo 'Policy: /usr/bin/ping, Emulation: native'
  echo '    native-socket: sockdom eq "AF_INET" and socktype eq "SOCK_RAW" then permit log as root'
  echo '    native-socket: sockdom eq "AF_INET6" and socktype eq "SOCK_RAW" then permit as root'
  grep -v '^Policy:' /tmp/ping.learned
} > /etc/systrace/usr_bin_ping
policyc -c /etc/systrace/usr_bin_ping > /tmp/ping.out 2>&1 &&
	systracectl load -m enforce /etc/systrace/usr_bin_ping >> /tmp/ping.out 2>&1
ok $? "the policy compiles and loads"
dmesg -c > /dev/null
su alice -s /bin/sh -c '/usr/bin/ping -c1 127.0.0.1' > /tmp/ping.out 2>&1
ok $? "under the policy, alice's ping works"
sed 's/^/# under: /' /tmp/ping.out
dmesg | grep 'permit-elevated user: ' | grep -q 'call: socket(' ||
	{ dmesg | tail -20 > /tmp/ping.out; false; }
ok $? "its raw socket was created elevated, and logged so"
# guide: end
exit 0
